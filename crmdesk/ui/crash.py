"""Errors in layers (docs/architecture.md, pattern 9).

- ``KnownError`` (expected: disk full, locked, bad input) → a plain message box.
- Anything else → the excepthook writes the traceback to the log first, then shows
  a dialog with copyable details and the log file's location. Data already
  committed is safe: every write is its own transaction.
- ``--no-err-windows`` turns both into log lines (tests, smoke runs).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from crmdesk.core import session
from crmdesk.core.store.errors import KnownError, classify_server_error, classify_sqlite_error

log = logging.getLogger("crmdesk.crash")

_show_windows = True
_log_path: Path | None = None


def configure(*, show_windows: bool, log_path: Path | None) -> None:
    """Set whether errors open dialogs and which log file they name."""
    global _show_windows, _log_path
    _show_windows = show_windows
    _log_path = log_path


def shows_windows() -> bool:
    """Whether problems open dialogs (False with ``--no-err-windows``: tests and smoke runs)."""
    return _show_windows


def show_known_error(error: KnownError, parent: QWidget | None = None) -> None:
    """A plain message for an expected problem (or a log line with --no-err-windows)."""
    log.warning("%s", error.message)
    if _show_windows and QApplication.instance() is not None:
        from PySide6.QtWidgets import QMessageBox  # start-up: its class and enums when a message is shown

        QMessageBox.warning(parent, QApplication.translate("crash", "CRMDesk"), error.message)


def handle_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The excepthook: known errors as messages, bugs logged then shown."""
    if isinstance(exc, KnownError):
        show_known_error(exc)
        return
    known = (classify_sqlite_error(exc, _database_path()) or classify_server_error(exc, _database_path())
             if isinstance(exc, Exception) else None)
    if known is not None:  # read-only (a damaged file opened read-only), full disk, busy, server gone: a message
        log.warning("%s", known.message, exc_info=(exc_type, exc, tb))
        show_known_error(known)
        return
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("unhandled exception\n%s", details)
    for handler in logging.getLogger().handlers:
        handler.flush()
    if _show_windows and QApplication.instance() is not None:
        from crmdesk.ui.crash_dialog import CrashDialog  # start-up: loads when a bug is shown

        CrashDialog(details, _log_path).exec()


def _database_path() -> str:
    """The open database's file (or server address), to name it in a database error's message."""
    opened = session.current()
    if opened is None:
        return ""
    return str(opened.path) if isinstance(opened, session.Session) else opened.location


def handle_error_object(error: BaseException) -> None:
    """Slot for errors delivered by background operations."""
    handle_exception(type(error), error, error.__traceback__)


def install() -> None:
    """Make :func:`handle_exception` the process excepthook."""
    sys.excepthook = handle_exception
