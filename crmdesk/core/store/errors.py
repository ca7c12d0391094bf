"""Typed errors of the core.

``KnownError`` is an expected problem with a message for the user (shown in a
dialog or printed by the command line, never as a traceback). Anything else that
escapes is a bug and reaches the crash handler. SQLite failures are classified by
their error code (``sqlite3.Error.sqlite_errorcode``), never by their text.
"""

from __future__ import annotations

import sqlite3

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


# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


def _find_sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """peewee wraps sqlite3 errors; dig out the original to read its code."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, sqlite3.Error) and getattr(item, "sqlite_errorcode", None) is not None:
            return item
        stack.extend([item.__cause__, item.__context__])
        stack.extend(arg for arg in getattr(item, "args", ()) if isinstance(arg, BaseException))
    return None


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
