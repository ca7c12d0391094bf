"""Every file location of the application, in one place.

Defaults follow the platform (platformdirs): on Windows the data folder is
``%LOCALAPPDATA%\\CRMDesk``, on Linux ``~/.local/share/CRMDesk``. Two overrides:
``CRMDESK_HOME`` (tests, smoke runs and the portable build set it) puts all data
below one folder, and ``--db PATH`` chooses the database file. Logs and backups
live beside the default data, not beside a ``--db`` file chosen by hand, except
in portable mode where everything stays in the home folder.

Portable mode (a copy of the bundle on a USB stick): a file ``portable.txt`` beside
the executable makes the bundle's runtime hook call :func:`enable_portable_mode`,
which points ``CRMDESK_HOME`` at ``data`` beside the executable (or at the folder
named on the file's first line, relative to the executable). An explicit
``CRMDESK_HOME`` still wins, so smoke runs of a portable copy stay in their temp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from crmdesk import APP_NAME

HOME_ENV = "CRMDESK_HOME"
SERVER_SCHEMES = ("postgresql://", "postgres://")  # a location that names a server, not a file (core.store.server)
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "data"


def data_dir() -> Path:
    """The folder for the database, settings, logs and backups."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _subdir(name: str) -> Path:
    path = data_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The database opened when no ``--db`` is given."""
    return data_dir() / "crmdesk.db"


def demo_db_path() -> Path:
    """The database ``crmdesk --demo`` creates on first use and opens."""
    return data_dir() / "demo.db"


def logs_dir() -> Path:
    """Where ``crmdesk.log`` and crash reports go."""
    return _subdir("logs")


def log_file() -> Path:
    """The application log (rotated)."""
    return logs_dir() / "crmdesk.log"


def backups_dir() -> Path:
    """Where automatic and manual backups are kept."""
    return _subdir("backups")


def settings_file() -> Path:
    """Window state and per-machine preferences (never secrets)."""
    return data_dir() / "ui-state.ini"


def resolve_db_path(db: str | os.PathLike[str] | None) -> Path:
    """The absolute database path for a ``--db`` value (``None`` = the default)."""
    if db is None or str(db) == "":
        return default_db_path()
    return Path(db).expanduser().resolve()


def portable_home(executable: str | os.PathLike[str]) -> Path | None:
    """The data folder of a portable copy whose executable is ``executable``, or ``None``.

    A copy is portable when ``portable.txt`` lies beside the executable. The file may be
    empty (data goes to ``data`` beside the executable) or name the data folder on its
    first line that is not blank or a ``#`` comment, relative to the executable's folder
    (``..\\CRMDesk-data`` keeps the data apart from the program files of the stick).
    """
    folder = Path(executable).resolve().parent
    marker = folder / PORTABLE_MARKER
    if not marker.is_file():
        return None
    try:
        lines = marker.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []  # an unreadable marker still means "portable", with the default folder
    named = next((line.strip() for line in lines if line.strip() and not line.strip().startswith("#")), "")
    return (folder / (named or PORTABLE_DATA)).resolve()


def enable_portable_mode(executable: str | os.PathLike[str]) -> Path | None:
    """Point the data folder beside ``executable`` when it is a portable copy.

    Called once at start by the bundle's runtime hook (installer/hooks/), before any
    path is asked for. Returns the folder now in use, or ``None`` when the copy is not
    portable or ``CRMDESK_HOME`` was already set by the caller.
    """
    home = portable_home(executable)
    if home is None or os.environ.get(HOME_ENV):
        return None
    os.environ[HOME_ENV] = str(home)
    return home


def is_server(location: str) -> bool:
    """Whether a location names a server (``postgresql://…``) rather than a file; here, not in
    ``core.store.server``, so that opening a file does not load the server's module (start-up)."""
    return location.lower().startswith(SERVER_SCHEMES)
