"""Settings of this PC, not of the database: who works at it, for each database file it opens.

The database is the firm's (it may be restored on another PC, or shared later); who sits at this
keyboard is the PC's. So the current user (当前用户, the operator every change records) lives in a
small JSON file in this PC's data folder, ``this-pc.json``, keyed by the database's path. The
desktop app writes it when the clerk answers 我是… or changes the user in the status bar; the
command line reads it when no ``--operator`` is given. A damaged or unreadable file counts as
empty (the app then asks again); it is replaced whole on every write, never half-written.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from crmdesk.core.store import atomic, paths

log = logging.getLogger(__name__)

FILE_NAME = "this-pc.json"


def file_path() -> Path:
    """Where this PC's settings live (in the data folder, beside the UI state)."""
    return paths.data_dir() / FILE_NAME


def _key(db_path: str | os.PathLike[str]) -> str:
    return os.path.normcase(str(Path(db_path).expanduser().resolve()))


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
