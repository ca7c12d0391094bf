"""Logging to a rotating file in the logs folder (and to stderr for the command line).

The log never holds personal data: with ``-v`` peewee logs every statement it runs, and
its parameters are names, numbers and encrypted or clear personal values; the handlers
keep the SQL and drop the parameters (:class:`NoSqlParameters`). The log files, like the
database, are owner-only on POSIX.
"""

from __future__ import annotations

import logging
import logging.handlers
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


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created owner-only (0600 on POSIX), the rotated ones too."""

    def _open(self):  # type: ignore[no-untyped-def]  # logging's private hook, typed by typeshed as TextIOWrapper
        if os.name != "posix":
            return super()._open()
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def setup_logging(log_path: Path, *, verbose: bool = False, to_stderr: bool = False) -> None:
    """Send log records to ``log_path`` (1 MB × 5 files)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_crmdesk", False):
            root.removeHandler(handler)
            handler.close()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = _PrivateRotatingFileHandler(log_path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
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
