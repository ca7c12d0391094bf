"""Every file location of the application, in one place.

Defaults follow the platform (platformdirs): on Windows the data folder is
``%LOCALAPPDATA%\\CRMDesk``, on Linux ``~/.local/share/CRMDesk``. Two overrides:
``CRMDESK_HOME`` (tests, smoke runs and the portable build set it) puts all data
below one folder, and ``--db PATH`` chooses the database file. Logs and backups
live beside the default data, not beside a ``--db`` file chosen by hand, except
in portable mode where everything stays in the home folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from crmdesk import APP_NAME

HOME_ENV = "CRMDESK_HOME"


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
