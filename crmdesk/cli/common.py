"""Helpers shared by the command modules: progress bar on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def progress_printer(label: str) -> Callable[[int, int], None]:
    """A one-line progress bar on stderr when it is a terminal."""
    tty = sys.stderr is not None and sys.stderr.isatty()  # the windowed .exe has no stderr
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if not tty or (now - last[0] < 0.2 and done < total):
            return
        last[0] = now
        width = 30
        filled = int(width * done / total) if total else width
        print(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        if done >= total:
            print(file=sys.stderr)

    return progress


@contextmanager
def opened_database(db: str | None, *, write: bool, must_exist: bool = False,
                    take_lock: bool = True) -> Iterator[object]:
    """Open (and unlock) the database for a command; with ``write`` hold the writer lock.

    A key created here (first use of a new database) is printed once on stderr: it is
    the recovery code that opens the encrypted data on another PC. ``take_lock=False``
    when the caller already holds the writer lock.
    """
    from crmdesk.core import db as dbmod
    from crmdesk.core import paths, secrets, settings
    from crmdesk.core.errors import KnownError
    from crmdesk.core.i18n import _, register
    from crmdesk.core.lock import DatabaseLock

    register({"There is no database at {path}.": "{path} 处没有数据库。"})
    db_path = paths.resolve_db_path(db)
    if must_exist and not db_path.exists():
        raise KnownError(_("There is no database at {path}.", path=str(db_path)))
    lock = DatabaseLock(db_path).acquire() if write and take_lock else None
    database = None
    try:
        database = dbmod.open_database(db_path, backups=paths.backups_dir())
        if write:
            settings.ensure_tier_policy()
        result = secrets.unlock()
        if result.created and result.recovery_code:
            print(f"recovery code of {db_path.name} (write it down, it is shown only once): {result.recovery_code}",
                  file=sys.stderr)
        yield database
    finally:
        if database is not None:
            database.close()
        secrets.activate(secrets.PlainCipher())
        if lock is not None:
            lock.release()
