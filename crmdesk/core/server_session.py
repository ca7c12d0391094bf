"""A session on the shared company database (PostgreSQL), opened by ``core.session.open_session``.

The same promises as a file session, kept the server's way:

- *Where*: a ``postgresql://user@server/dbname`` location (``core.store.server.ServerTarget``);
  the password from the environment or this PC's key store, never from a file.
- *Locking*: the session holds the server's maintenance lock *shared* while it is open (many
  PCs read and write at once; ``server init`` and migrations need it *exclusive* and wait for
  nobody: they refuse with "维护中"). The lock dies with the connection, so a crashed PC leaves none.
- *Identity and schema*: another program's database and a newer schema are refused untouched; an
  empty database is refused with the advice to run ``crmdesk server init`` (only that command
  builds the schema and creates the key, so two PCs cannot race to create two keys).
- *Reading*: a reading session's transactions are read-only on the server.
- *The key*: encryption stays on the PCs; the server holds only the wrapped key record. A PC
  opens the data with the key from its key store, or once with the recovery code.
- The change log and the recycle bin are written by the same services as on a file.

Backups, restore, checks and the daily jobs of the server are the command line's
(``core.server_snapshot``, ``core.server_transfer``, ``core.server_check``, ``core.store.server_locks``);
what still asks for a file's path (the window's backup and restore) raises a :class:`KnownError`,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crmdesk.core.firm import settings, workstation
from crmdesk.core.firm.settings import DEFAULT_TIER_POLICY
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.store import models, server
from crmdesk.core.store.errors import KnownError, NotACrmDatabaseError

KEY_LATER = "later"


class ServerFeatureMissing(KnownError):
    """A piece of work only a database file supports so far."""


@dataclass
class ServerSession:
    """The shared database opened for one piece of work (the interface of ``core.session.Session``)."""

    target: server.ServerTarget
    writing: bool
    database: server.ServerDatabase
    lock: server.MaintenanceLock | None = None
    verified: bool = True  # the server checks its own pages; there is no quick check to wait for
    unlock_result: secrets.UnlockResult | None = None
    created: bool = False
    on_close: Callable[[ServerSession], None] | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def location(self) -> str:
        """The database as the user named it (without a password)."""
        return str(self.target)

    @property
    def path(self) -> Path:
        """Database files only: backups, restores and checks of the server come with stage 6 of issue #19."""
        raise ServerFeatureMissing(_("{location} is a database on a server: this works only with a database file "
                                     "for now (backups, restore and checks of a server database come later).",
                                     location=self.location))

    def check_in_background(self) -> None:
        """Nothing to check on a server (its own checksums are the administrator's tool)."""

    def verify(self) -> None:
        """Nothing to wait for: see :meth:`check_in_background`."""

    def finish_opening(self, *, new_passphrase: str | None = None) -> secrets.UnlockResult:
        """Make the key active (a server never gets a new key here: ``crmdesk server init`` creates it)."""
        del new_passphrase  # a new key is the init command's: two PCs must not race to create two
        return self.unlock()

    def unlock(self, *, new_passphrase: str | None = None, secret: str | None = None) -> secrets.UnlockResult:
        """The key from this PC's key store, or from ``secret`` (the recovery code) once."""
        del new_passphrase
        if secrets.load_record() is None:
            raise KnownError(_("{location} has no encryption key yet: prepare it with crmdesk server init {location}.",
                               location=self.location))
        result = secrets.unlock(create=False, repair=self.writing, secret=secret)
        self.unlock_result = result
        return result

    def read_only_after_damage(self) -> None:
        """Not on a server (no quick check refuses it)."""

    def reopen(self) -> None:
        raise ServerFeatureMissing(_("{location}: restoring a server database comes later; use a database file.",
                                     location=self.location))

    def discard_if_created(self) -> None:
        """A session never creates a server database (``server init`` does)."""

    def close(self) -> None:
        """Close this thread's connection, forget the key, release the maintenance lock."""
        if self._closed:
            return
        self._closed = True
        try:
            self.database.close()
        finally:
            secrets.activate(secrets.PlainCipher())
            if self.lock is not None:
                self.lock.release()
            if self.on_close is not None:
                self.on_close(self)

    def __enter__(self) -> ServerSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_server_session(target: server.ServerTarget, *, write: bool, key: str,
                        on_close: Callable[[ServerSession], None] | None = None) -> ServerSession:
    """Open ``target`` for work; see the module documentation. ``on_close``: called when the session closes."""
    server.identify(workstation.operator_for(str(target)))  # application_name: this PC and who works at it
    database = server.connect(target, read_only=not write)
    try:
        if server.needs_migration(database):  # an older schema: brought up to date alone, before work starts
            server.upgrade(target)
        lock = server.MaintenanceLock(target).acquire()
    except BaseException:
        database.close()
        raise
    try:
        version = server.check_compatible(database)
        if version == 0:
            raise NotACrmDatabaseError(_("{location} is empty: prepare it first with crmdesk server init {location}.",
                                         location=str(target)))
        models.database_proxy.initialize(database)
        session = ServerSession(target, write, database, lock, on_close=on_close)
        if write and _needs_default_rows():
            settings.ensure_tier_policy()
        if key == KEY_LATER:
            secrets.activate(secrets.PendingCipher())
        else:
            session.finish_opening()
        return session
    except BaseException:
        secrets.activate(secrets.PlainCipher())
        database.close()
        lock.release()
        raise


def _needs_default_rows() -> bool:
    return models.TierPolicy.select().count() < len(DEFAULT_TIER_POLICY)
