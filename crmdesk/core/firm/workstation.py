"""Settings of this PC, not of the database: where its database is, who works at it, its second backup folder.

The database is the firm's (it may be restored on another PC, or shared by several PCs on a
server); who sits at this keyboard is the PC's. So a small JSON file in this PC's data folder,
``this-pc.json``, keeps:

- ``database``: the 数据库位置 of the settings — 本机文件 (a path) or 公司服务器 (a
  ``postgresql://user@server:port/dbname`` address; the password is in the OS key store, never
  here) — opened by the window when it starts without ``--db``;
- ``operators``: the current user (当前用户, the operator every change records) per database. The
  desktop app writes it when the clerk answers 我是… or changes the user in the status bar; the
  command line reads it when no ``--operator`` is given;
- ``backup_folders``: the second backup folder (a USB stick, a share of this PC) per database. It
  used to be a setting in the database; the first read for a database takes the old value from
  there once (:func:`backup_folder`).

Databases are keyed by their resolved path, or by their server address. A damaged or unreadable
file counts as empty (the app then asks again); it is replaced whole on every write, never half-written.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crmdesk.core.store import atomic, paths
from crmdesk.core.store.errors import KnownError

log = logging.getLogger(__name__)

FILE_NAME = "this-pc.json"


def file_path() -> Path:
    """Where this PC's settings live (in the data folder, beside the UI state)."""
    return paths.data_dir() / FILE_NAME


SERVER_SCHEMES = ("postgresql://", "postgres://")


def _key(db_path: str | os.PathLike[str]) -> str:
    text = str(db_path)
    if text.lower().startswith(SERVER_SCHEMES):  # a server: its address, spelled one way (no cwd involved)
        from crmdesk.core.store import server  # start-up: the server module only for a server address

        try:
            return str(server.ServerTarget.parse(text))
        except KnownError:  # a malformed address is still a key (nothing opens it anyway)
            return text
    return os.path.normcase(str(Path(text).expanduser().resolve()))


def load() -> dict[str, Any]:
    """Everything stored for this PC ({} when there is nothing readable)."""
    try:
        data = json.loads(file_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("ignoring unreadable %s: %s", file_path(), error)
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any]) -> None:
    atomic.write_bytes(file_path(), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def operator_for(db_path: str | os.PathLike[str]) -> int | None:
    """The staff id chosen as current user on this PC for the database ``db_path``, if any."""
    value = load().get("operators", {}).get(_key(db_path))
    return value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), int) else None


def remember_operator(db_path: str | os.PathLike[str], staff_id: int | None, name: str = "") -> None:
    """Remember (or forget, with ``None``) who works on ``db_path`` at this PC."""
    data = load()
    operators = data.setdefault("operators", {})
    if not isinstance(operators, dict):
        operators = data["operators"] = {}
    if staff_id is None:
        operators.pop(_key(db_path), None)
    else:
        operators[_key(db_path)] = {"id": staff_id, "name": name}
    _save(data)


# -- the database this PC opens (数据库位置)
FILE, SERVER = "file", "server"


def database_choice() -> dict[str, str]:
    """``{"kind": "file"|"server", "file": path, "server": address}`` as last saved (empty texts when never)."""
    value = load().get("database")
    value = value if isinstance(value, dict) else {}
    kind = str(value.get("kind")) if value.get("kind") in (FILE, SERVER) else FILE
    return {"kind": kind, "file": str(value.get("file") or ""), "server": str(value.get("server") or "")}


def chosen_database() -> str | None:
    """What the window opens without ``--db``: the chosen file or server, or ``None`` (the default file)."""
    choice = database_choice()
    return choice[choice["kind"]] or None


def remember_database(kind: str, *, file: str = "", server: str = "") -> None:
    """Keep the 数据库位置 choice (both halves, so switching back finds the other one filled in)."""
    if kind not in (FILE, SERVER):
        raise ValueError(kind)
    data = load()
    data["database"] = {"kind": kind, "file": file, "server": server}
    _save(data)


# -- the second backup folder of this PC
OLD_SECOND_FOLDER = "backup_second_folder"  # the database setting it was before it became this PC's


def backup_folder(db_path: str | os.PathLike[str], *, shared: Callable[[], Any] | None = None) -> str:
    """This PC's second backup folder for ``db_path`` ('' for none).

    Before it lived here it was the database's setting ``backup_second_folder``: when this PC has no
    entry for the database yet, ``shared()`` reads that old value once and it is kept here from then on.
    """
    data = load()
    folders = data.get("backup_folders")
    folders = folders if isinstance(folders, dict) else {}
    key = _key(db_path)
    if key in folders or shared is None:
        return str(folders.get(key) or "")
    try:
        found = str(shared() or "").strip()
    except Exception:  # an unreadable old value: nothing to take over
        log.warning("could not read the old second backup folder of %s", db_path, exc_info=True)
        return ""
    remember_backup_folder(db_path, found)
    return found


def remember_backup_folder(db_path: str | os.PathLike[str], folder: str) -> None:
    """Keep this PC's second backup folder for ``db_path`` ('' for none)."""
    data = load()
    folders = data.get("backup_folders")
    if not isinstance(folders, dict):
        folders = data["backup_folders"] = {}
    folders[_key(db_path)] = folder.strip()
    _save(data)
