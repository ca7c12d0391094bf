"""Typed errors of the core.

``KnownError`` is an expected problem with a message for the user (shown in a
dialog or printed by the command line, never as a traceback). Anything else that
escapes is a bug and reaches the crash handler. SQLite failures are classified by
their error code (``sqlite3.Error.sqlite_errorcode``), PostgreSQL failures by their SQLSTATE,
never by their text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from crmdesk.core.i18n import _


class KnownError(Exception):
    """An expected failure whose message can be shown to the user as it is."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SchemaTooNewError(KnownError):
    """The database was written by a newer CRMDesk."""


class NotACrmDatabaseError(KnownError):
    """The file is not a SQLite database, or not one of ours."""


class DatabaseInUseError(KnownError):
    """Another running CRMDesk holds the writer lock of this database."""


class DatabaseBusyError(KnownError):
    """SQLite reported SQLITE_BUSY / SQLITE_LOCKED."""


class DiskFullError(KnownError):
    """SQLite reported SQLITE_FULL."""


class ReadOnlyDatabaseError(KnownError):
    """SQLite reported SQLITE_READONLY or the file cannot be written."""


class CannotOpenDatabaseError(KnownError):
    """SQLite reported SQLITE_CANTOPEN."""


class OperationCancelled(KnownError):
    """A long operation was cancelled by the user; nothing was written."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled."))


class ValidationError(KnownError):
    """A value was refused; ``field`` names it and ``reason`` says why."""

    def __init__(self, field: str, reason: str, label: str | None = None) -> None:
        self.field = field
        self.reason = reason
        self.label = label or field
        super().__init__(_("{field}: {reason}", field=self.label, reason=reason))


class ConflictError(KnownError):
    """Another PC (or another window) saved the record after it was loaded: nothing was written.

    ``who`` and ``when`` name the last change (``core.store.versions``); ``version`` is the record's
    version now (saving again with it overwrites the other change); ``gone`` when it was deleted.
    """

    def __init__(self, message: str, *, who: str = "", when: object = None, version: int = 0,
                 gone: bool = False) -> None:
        super().__init__(message)
        self.who = who
        self.when = when
        self.version = version
        self.gone = gone


# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def _find_driver_error(exc: BaseException, wanted: Callable[[BaseException], bool]) -> BaseException | None:
    """peewee wraps the driver's errors; dig out the original (causes, contexts, arguments) to read its code."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if wanted(item):
            return item
        stack.extend([item.__cause__, item.__context__])
        stack.extend(arg for arg in getattr(item, "args", ()) if isinstance(arg, BaseException))
    return None


def _find_sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    found = _find_driver_error(
        exc, lambda item: isinstance(item, sqlite3.Error) and getattr(item, "sqlite_errorcode", None) is not None)
    return found if isinstance(found, sqlite3.Error) else None


def classify_sqlite_error(exc: BaseException, path: str = "") -> KnownError | None:
    """Map a SQLite failure to a friendly ``KnownError``, or ``None`` if it is a bug."""
    if isinstance(exc, KnownError):
        return exc
    original = _find_sqlite_error(exc)
    if original is None:
        return None
    code = original.sqlite_errorcode & 0xFF
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return DatabaseBusyError(_("The database is busy (locked by another program). Please try again in a moment."))
    if code == _SQLITE_FULL:
        return DiskFullError(_("The disk is full: the change was not saved. Free some space and try again."))
    if code == _SQLITE_READONLY:
        return ReadOnlyDatabaseError(
            _("The database file is read-only: CRMDesk cannot save changes. Check the file's permissions "
              "or copy it to a writable folder."))
    if code == _SQLITE_CANTOPEN:
        return CannotOpenDatabaseError(_("The database file cannot be opened: {detail}", detail=path or str(original)))
    if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
        return NotACrmDatabaseError(_("{path} is not a database file or it is damaged.", path=path or "?"))
    if code == _SQLITE_IOERR:
        return KnownError(_("Database error: {detail}", detail=str(original)))
    return None


class ConnectionLostError(KnownError):
    """The connection to the database server was lost or the server shut down."""


class PasswordRefused(CannotOpenDatabaseError):
    """The server wants a password this PC did not give (``needed``) or refused the one it gave."""

    def __init__(self, message: str, *, needed: bool) -> None:
        super().__init__(message)
        self.needed = needed


class RetryableError(KnownError):
    """The server refused a transaction that may simply be run again (serialization failure, deadlock)."""


def _find_sqlstate(exc: BaseException) -> tuple[str, BaseException] | None:
    """The SQLSTATE of a PostgreSQL failure (psycopg's ``Error.sqlstate``) inside peewee's wrapper."""
    found = _find_driver_error(exc, lambda item: type(item).__module__.startswith("psycopg"))
    return None if found is None else (str(getattr(found, "sqlstate", None) or ""), found)


def classify_server_error(exc: BaseException, location: str = "") -> KnownError | None:
    """Map a PostgreSQL failure to a friendly ``KnownError`` by its SQLSTATE, or ``None`` if it is a bug.

    A failure without a SQLSTATE (psycopg's ``OperationalError`` before any answer) is a
    connection that could not be made or was lost.
    """
    if isinstance(exc, KnownError):
        return exc
    found = _find_sqlstate(exc)
    if found is None:
        return None
    state, original = found
    detail = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    where = location or _("the database server")
    if state in ("40001", "40P01"):
        return RetryableError(_("Another PC changed the same records at the same moment; please try again."))
    if state in ("55P03", "57014"):
        return DatabaseBusyError(_("The database is busy (locked by another program). Please try again in a moment."))
    if state in ("28P01", "28000"):
        return PasswordRefused(_("{location} refused the user name or password ({detail}). Enter the password "
                                 "again, or ask the administrator for access.", location=where, detail=detail),
                               needed=False)
    if state == "3D000":
        return CannotOpenDatabaseError(_("{location}: the database does not exist on the server. Create it first "
                                         "(see the server guide), then run crmdesk server init.", location=where))
    if state == "53100":
        return DiskFullError(_("The server's disk is full: the change was not saved. Ask the administrator to free "
                               "space."))
    if state == "53300":
        return DatabaseBusyError(_("The server accepts no more connections (max_connections). Close CRMDesk on a PC "
                                   "that does not need it, or ask the administrator to raise the limit."))
    if state == "25006":
        return ReadOnlyDatabaseError(_("The database server accepts only reading now: CRMDesk cannot save changes."))
    if state == "42501":
        return KnownError(_("{location}: this user may not do that ({detail}).", location=where, detail=detail))
    pgconn = getattr(original, "pgconn", None)  # a refused connection: libpq says whether a password was involved
    if not state and getattr(pgconn, "needs_password", False):
        return PasswordRefused(_("{location} asks for a password.", location=where), needed=True)
    if not state and getattr(pgconn, "used_password", False):
        return PasswordRefused(_("{location} refused the password ({detail}). Enter it again, or ask the "
                                 "administrator for access.", location=where, detail=server_says(detail)),
                               needed=False)
    if state.startswith("08") or state in ("57P01", "57P02", "57P03") or (
            not state and type(original).__name__ == "OperationalError"):  # no answer: never connected, or cut
        return ConnectionLostError(_("Cannot reach the database server {location}: {detail}", location=where,
                                     detail=detail))
    return None


def server_says(detail: str) -> str:
    """The server's own words in a refused connection's message (after libpq's "connection … failed:")."""
    return detail.rsplit("failed:", 1)[-1].strip() or detail
