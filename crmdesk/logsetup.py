"""Logging to a rotating file in the logs folder (and to stderr for the command line).

The log never holds personal data: with ``-v`` peewee logs every statement it runs, and
its parameters are names, numbers and encrypted or clear personal values; the handlers
keep the SQL and drop the parameters (:class:`NoSqlParameters`). The log files, like the
database, are owner-only on POSIX.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


class NoSqlParameters(logging.Filter):
    """Keep peewee's statement text, drop its parameters (the values being written or looked up)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("peewee") and isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            count = len(params) if isinstance(params, (list, tuple, dict)) else int(params is not None)
            record.msg = f"{sql} -- {count} parameter(s), not logged"
            record.args = ()
        return True


class _PrivateRotatingFileHandler(logging.FileHandler):
    """A log of at most ``max_bytes`` per file, ``backup_count`` older files beside it (``.1`` the newest),
    every file created owner-only (0600 on POSIX).

    The rotation of ``logging.handlers.RotatingFileHandler``, written here: that module (and the
    ``pickle``, ``socket`` and ``queue`` it imports) cost ~3 ms of every start before the window's
    first paint (docs/spec.md §9), for its two methods this log uses.
    """

    def __init__(self, path: Path, *, max_bytes: int, backup_count: int) -> None:
        self.max_bytes, self.backup_count = max_bytes, backup_count
        super().__init__(path, mode="a", encoding="utf-8")

    def _open(self):  # type: ignore[no-untyped-def]  # logging's private hook, typed by typeshed as TextIOWrapper
        if os.name != "posix":
            return super()._open()
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._rotate()
        except Exception:  # noqa: BLE001 - as logging's own handlers: a log failure never stops the app
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        if not os.path.isfile(self.baseFilename):  # a device or pipe named as the log is never rotated
            return False
        written = self.stream.tell()
        return written > 0 and written + len(self.format(record).encode("utf-8")) + 1 >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # reopened by _full / emit
        for index in range(self.backup_count - 1, 0, -1):
            older = f"{self.baseFilename}.{index}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{index + 1}")
        if self.backup_count > 0:
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        else:
            open(self.baseFilename, "w").close()
        self.stream = self._open()


def setup_logging(log_path: Path, *, verbose: bool = False, to_stderr: bool = False) -> None:
    """Send log records to ``log_path`` (1 MB × 5 files)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_crmdesk", False):
            root.removeHandler(handler)
            handler.close()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = _PrivateRotatingFileHandler(log_path, max_bytes=1_000_000, backup_count=5)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(NoSqlParameters())
    handler._crmdesk = True  # type: ignore[attr-defined]  # noqa: SLF001 - our mark on the handler
    root.addHandler(handler)
    if to_stderr:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream.addFilter(NoSqlParameters())
        stream._crmdesk = True  # type: ignore[attr-defined]  # noqa: SLF001 - our mark on the handler
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def teardown_logging() -> None:
    """Close and remove the handlers :func:`setup_logging` added (tests, re-configuration)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_crmdesk", False):
            root.removeHandler(handler)
            handler.close()
