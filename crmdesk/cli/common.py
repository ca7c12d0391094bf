"""Helpers shared by the command modules: progress bar on stderr, the command's database session."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crmdesk.core.safety.secrets import UnlockResult
from crmdesk.core.server_session import ServerSession
from crmdesk.core.session import KEY_NOW, Session, open_session
from crmdesk.core.store import server
from crmdesk.core.store.errors import KnownError, NotACrmDatabaseError, classify_server_error, classify_sqlite_error
from crmdesk.core.store.lock import DatabaseLock


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
                    lock: DatabaseLock | None = None, key: str = KEY_NOW) -> Iterator[Session | ServerSession]:
    """The command's session (``core.session.open_session``): the one way a command opens a database.

    A writer holds the writer lock, has passed the quick check and has the key active — created
    here on first use, and then its recovery code is printed once on stderr (it opens the
    encrypted data on another PC). A reader never creates a key and cannot write. ``lock``: a
    writer lock the caller already holds. ``key``: ``KEY_LATER`` for work that never reads a
    personal value (a snapshot of the server copies them as they are stored).
    """
    session = open_session(db, write=write, must_exist=must_exist, lock=lock, key=key)
    try:
        print_recovery_code(session.location, session.unlock_result)
        yield session
    except Exception as exc:
        known = None if isinstance(exc, KnownError) else (
            classify_sqlite_error(exc, session.location) or classify_server_error(exc, session.location))
        if isinstance(known, NotACrmDatabaseError) and session.writing:
            session.verify()  # a damaged page met while reading: the quick check's verdict says it best
        if known is not None:
            raise known from exc  # a database error we know, naming this database
        raise
    finally:
        session.close()


def print_recovery_code(location: str | Path, result: UnlockResult | None) -> None:
    """Print the recovery code of a key just created, once, on stderr."""
    if result is not None and result.created and result.recovery_code:
        name = Path(location).name if isinstance(location, Path) or "://" not in location else location
        print(f"recovery code of {name} (write it down, it is shown only once): "
              f"{result.recovery_code}", file=sys.stderr)


def remember_server_password(location: str | None) -> None:
    """After a command worked on the server ``location`` with ``CRMDESK_DB_PASSWORD``, keep that password in
    this PC's key store, so the PC need not be told it again (never in a file or the database)."""
    secret = os.environ.get(server.PASSWORD_ENV)
    if secret and location and server.is_server(location):
        server.remember_password(server.ServerTarget.parse(location), secret)
