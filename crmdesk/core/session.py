"""One way to open a database for a piece of work (docs/architecture.md, pattern 15; docs/spec.md §7).

The window (``crmdesk.app``), every command of the command line and the restore that
reopens a file call :func:`open_session`; nothing else binds the models to a database for
work. It decides, in this order:

1. *Where*: ``location`` is a path (``--db``) or ``None`` for the default database, or a
   ``postgresql://`` address of the shared company database (docs/spec.md §12), which
   ``core.server_session`` opens behind the same call; the steps below are those of a file.
2. *Reading or writing*: a writing session takes the writer lock (``core.store.lock``) first and
   keeps it until :meth:`Session.close`. A reading session takes no lock and binds the
   models ``mode=ro``: nothing that runs in it can change the file (the one exception, an
   audit-log row, goes through ``core.customers.privacy.audit_entry``).
3. *Recovery*: a rollback journal left by a killed writer is rolled back first
   (``core.store.db.recover_hot_journal``), never reported as "the file is read-only".
4. *Identity and schema*: a foreign or too-new file is refused untouched; a new file is
   created owner-only; an older schema is upgraded with a copy kept first — by a writer,
   or for a reader under the writer lock taken for just that step.
5. *Soundness*: a writer runs SQLite's quick check before its first write and refuses a
   damaged file with the repair advice (:class:`core.store.db.DamagedDatabaseError`). On a large
   file the check takes seconds (about 5–20 s for the 1 GB reference database), so it runs
   in a thread of its own, beside the work (the window starts it after its first paint:
   ``check_later``), and the first write waits for its verdict:
   every write at opening (a key created, clear values repaired, default rows) goes through
   :meth:`Session.verify`, the import calls it before its commit, and the window queues it
   on its writer thread before any other write. A file that opening itself would change —
   an older schema, or a restored backup in rollback-journal mode — is checked first.
6. *The key*: a writer makes the key active, creates it when the database has none (the
   recovery code is in :attr:`Session.unlock_result`; printing or showing it is the
   caller's part) and encrypts any personal value found in clear, logging that repair. A
   reader only looks the key up — a database whose key is not on this PC is refused with
   the "enter the recovery code" message — and never creates one.

One session is open per process at a time (:func:`current`), as the models are bound to
one database; closing it puts the plain cipher back and releases the lock.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from crmdesk.core.firm import settings
from crmdesk.core.firm.settings import DEFAULT_TIER_POLICY
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.store import db as dbmod
from crmdesk.core.store import paths
from crmdesk.core.store.errors import KnownError, NotACrmDatabaseError, classify_sqlite_error
from crmdesk.core.store.lock import DatabaseLock
from crmdesk.core.store.models import TierPolicy
from crmdesk.core.store.sqlite_files import remove_leftovers

if TYPE_CHECKING:
    from crmdesk.core.server_session import ServerSession

KEY_NOW, KEY_LATER = "now", "later"

_current: Session | ServerSession | None = None


def resolve(location: str | os.PathLike[str] | None) -> Path:
    """The database file of a location: a path, a ``file:`` URL, or ``None`` for the default."""
    text = "" if location is None else os.fspath(location)
    if "://" in text and not text.startswith("file:"):
        raise KnownError(_("{location}: CRMDesk opens a database file or a postgresql:// server address.",
                           location=text))
    if text.startswith("file:"):
        from urllib.parse import unquote, urlparse

        text = unquote(urlparse(text).path)
    return paths.resolve_db_path(text or None)


class _BackgroundCheck:
    """SQLite's quick check of a file on a read-only connection of its own, in a thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: BaseException | None = None
        self._conn: sqlite3.Connection | None = None
        self._cancelled = False
        self._guard = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="crmdesk-quick-check", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            self.error = exc
            return
        with self._guard:
            self._conn = conn
        try:
            if not self._cancelled:
                dbmod.refuse_if_damaged(self.path, conn)
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits for the verdict
            if not self._cancelled:
                self.error = exc
        finally:
            with self._guard:
                self._conn = None
            conn.close()

    def verdict(self) -> None:
        """Wait for the check; raise ``DamagedDatabaseError`` (or the error that stopped it)."""
        self.thread.join()
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        """Stop a check nobody waits for any more (the session closes before its first write)."""
        with self._guard:
            self._cancelled = True
            if self._conn is not None:
                self._conn.interrupt()
        self.thread.join()


class Session:
    """A database opened for one piece of work; see the module documentation. (A plain class: a
    dataclass costs ~0.5 ms to define, before the window's first paint.)"""

    def __init__(self, path: Path, writing: bool, database: dbmod.CrmDatabase, lock: DatabaseLock | None = None,
                 owns_lock: bool = False, backups: Path | None = None, verified: bool = False, *,
                 created: bool = False) -> None:
        self.path = path
        self.writing = writing
        self.database = database
        self.lock = lock
        self.owns_lock = owns_lock
        self.backups = backups
        self.verified = verified
        self.unlock_result: secrets.UnlockResult | None = None
        self.created = created  # the file did not exist before this session
        self._check: _BackgroundCheck | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"Session({str(self.path)!r}, writing={self.writing})"

    @property
    def location(self) -> str:
        """The database as the user named it (for messages)."""
        return str(self.path)

    # -- the steps a writer may run later (the window runs them on its writer thread)

    def check_in_background(self) -> None:
        """Start the quick check beside the work (:meth:`verify` waits for it)."""
        if self.writing and not self.verified and self._check is None:
            self._check = _BackgroundCheck(self.path)

    def verify(self) -> None:
        """The quick check's verdict, before the first write (once per session); raises
        ``DamagedDatabaseError``. Waits for the background check when one runs."""
        if self.verified or not self.writing:
            return
        if self._check is not None:
            check, self._check = self._check, None
            check.verdict()
        else:
            dbmod.refuse_if_damaged(self.path, self.database.connection())
        self.verified = True

    def finish_opening(self, *, new_passphrase: str | None = None) -> secrets.UnlockResult:
        """The default rows a writer needs and the key (created if missing), each write after :meth:`verify`.

        An ordinary opening writes nothing (key, rows and values are all in place), so it
        does not wait for the quick check.
        """
        try:
            if self.writing and _needs_default_rows():
                self.verify()
                settings.ensure_tier_policy()
            return self.unlock(new_passphrase=new_passphrase)
        except Exception as exc:
            if self.writing and isinstance(classify_sqlite_error(exc), NotACrmDatabaseError):
                self.verify()  # a damaged page met while looking: the quick check's verdict says it best
            raise

    def unlock(self, *, new_passphrase: str | None = None, secret: str | None = None) -> secrets.UnlockResult:
        """Make the key active: a writer creates it if missing and repairs clear values (after the quick
        check's verdict); a reader only looks."""
        result = secrets.unlock(create=self.writing, repair=self.writing, new_passphrase=new_passphrase,
                                secret=secret, before_write=self.verify)
        self.unlock_result = result
        return result

    def read_only_after_damage(self) -> None:
        """After a failed quick check: bind the models read-only, so nothing can be written.

        The writer lock stays held (a restore needs it); :meth:`reopen` after a restore makes
        the session writable again.
        """
        self.database = dbmod.bind(self.path, read_only=True)

    def reopen(self) -> None:
        """Bind the file again after it was replaced (a restore); the writer lock stays held.

        The new file is checked, upgraded if older, and its key is looked up again by the
        caller (:meth:`unlock`, or the key dialogs), since a backup may carry another key.
        """
        self.database.close()
        secrets.activate(secrets.PendingCipher())
        self.verified = False
        dbmod.prepare(self.path, backups=self.backups, verify=True)
        self.database = dbmod.bind(self.path, read_only=not self.writing)
        self.verify()
        secrets.activate(secrets.PendingCipher())  # until the caller has unlocked the new file
        if self.writing:
            settings.ensure_tier_policy()

    def discard_if_created(self) -> None:
        """Remove the file this session created (nothing was written to it but its schema and key).

        A command that fails before its first real write (an import of a file that cannot be
        read) leaves no new database behind. The writer lock is held, so nobody else used it.
        """
        if not (self.created and self.writing) or self._closed:
            return
        self.database.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.close()  # the lock last: nobody may open the file while it is being removed

    def close(self) -> None:
        """Close the connection of this thread, forget the key, release the writer lock."""
        global _current
        if self._closed:
            return
        self._closed = True
        if self._check is not None:
            self._check.cancel()
            self._check = None
        try:
            self.database.close()
        finally:
            secrets.activate(secrets.PlainCipher())
            if self.lock is not None and self.owns_lock:
                self.lock.release()
            if _current is self:
                _current = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _needs_default_rows() -> bool:
    """Whether the tier policy rows a writer relies on are missing (a new or a generated file)."""
    return TierPolicy.select().count() < len(DEFAULT_TIER_POLICY)


def current() -> Session | ServerSession | None:
    """The session open in this process, if any."""
    return _current


def _forget(session: ServerSession) -> None:
    global _current
    if _current is session:
        _current = None


def open_session(location: str | os.PathLike[str] | None = None, *, write: bool, must_exist: bool = False,
                 key: str = KEY_NOW, lock: DatabaseLock | None = None,
                 backups: Path | None = None, check_later: bool = False) -> Session | ServerSession:
    """Open the database at ``location`` for reading or writing; see the module documentation.

    A ``postgresql://`` location opens the shared company database (``core.server_session``):
    the same promises, kept by the server's locks instead of a lock file.

    ``key``: ``"now"`` runs the quick check and unlocks at once (the command line);
    ``"later"`` leaves both to :meth:`Session.finish_opening` and makes the pending cipher
    active meanwhile, so personal fields can be neither read nor written until then (the
    window). ``lock``: a writer lock the caller already holds (kept when the session closes).
    ``check_later``: a writer's quick check does not start at opening but when the caller calls
    :meth:`Session.check_in_background` (the window: after its first paint, so the check's seconds of
    reading do not share the machine with it); :meth:`Session.verify` runs it in any case.
    A reader needs an existing database (``must_exist`` is implied).
    """
    global _current
    if location is not None and paths.is_server(os.fspath(location)):
        from crmdesk.core.server_session import open_server_session  # start-up: a file's window needs none of it
        from crmdesk.core.store import server  # start-up: as above

        shared = open_server_session(server.ServerTarget.parse(os.fspath(location)), write=write, key=key,
                                     on_close=_forget)
        _current = shared
        return shared
    path = resolve(location)
    backups = backups if backups is not None else paths.backups_dir()
    if (must_exist or not write) and not path.is_file():
        raise KnownError(_("The database {path} does not exist.", path=str(path)))
    if not write and path.stat().st_size == 0:
        raise KnownError(_("{path} is empty: it holds no CRMDesk data yet.", path=str(path)))
    owns = lock is None and write
    if owns:
        lock = DatabaseLock(path).acquire()
    existed = path.is_file()
    try:
        session = _open(path, write=write, key=key, lock=lock, owns=owns, backups=backups, check_later=check_later)
    except BaseException as exc:
        secrets.activate(secrets.PlainCipher())
        if write and not existed:  # a database this failed opening created (no key could be stored …)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        if owns and lock is not None:
            lock.release()
        known = classify_sqlite_error(exc, str(path)) if isinstance(exc, Exception) else None
        if known is not None and known is not exc:  # read-only file, full disk, …: a message, not a traceback
            raise known from exc
        raise
    _current = session
    return session


def _load_data_steps() -> None:
    """The domains that register the migrations' Python steps (core.store.db): loaded by the first
    migration that needs one, in any process that imported this module; opening a current file
    loads none of them (start-up)."""
    from crmdesk.core.customers import search  # noqa: F401  # start-up: registers migration 2's data step


dbmod.load_data_steps_with(_load_data_steps)


def _open(path: Path, *, write: bool, key: str, lock: DatabaseLock | None, owns: bool,
          backups: Path, check_later: bool) -> Session:
    existed = path.is_file() and path.stat().st_size > 0
    if write:  # temporary files of restores and demo builds killed earlier (we hold the lock)
        remove_leftovers(path.parent, prefix=f".{path.name}.")
    dbmod.recover_hot_journal(path)
    info = dbmod.check_compatible(path)
    if write:
        # Opening writes nothing to a current file in WAL mode, so its quick check may wait for
        # the first write (the window runs it after its first paint). An older schema or a file
        # in rollback-journal mode (a restored backup) is written to at once: checked first.
        verified = False
        current = existed and not dbmod.needs_migration(info) and dbmod.in_wal_mode(path)
        if existed and not current:
            dbmod.verify_file(path)
            verified = True
        if not current:  # a current file in WAL mode: nothing to create, migrate or switch (~2 ms saved)
            dbmod.prepare(path, backups=backups)
    else:
        if dbmod.needs_migration(info):
            with DatabaseLock(path):  # upgrading the schema is a writer's step, even for a reader
                dbmod.prepare(path, backups=backups, verify=True)
        verified = False
    database = dbmod.bind(path, read_only=not write)
    session = Session(path, write, database, lock, owns, backups, verified or not existed, created=not existed)
    if not check_later:
        session.check_in_background()
    try:
        if write and not existed:
            settings.ensure_tier_policy()
        if key == KEY_LATER:
            secrets.activate(secrets.PendingCipher())
        else:
            session.finish_opening()
    except BaseException:
        database.close()
        raise
    return session
