"""Logging to a rotating file in the logs folder (and to stderr for the command line)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(log_path: Path, *, verbose: bool = False, to_stderr: bool = False) -> None:
    """Send log records to ``log_path`` (1 MB × 5 files)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_crmdesk", False):
            root.removeHandler(handler)
            handler.close()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(log_path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._crmdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if to_stderr:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        stream._crmdesk = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def teardown_logging() -> None:
    """Close and remove the handlers :func:`setup_logging` added (tests, re-configuration)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_crmdesk", False):
            root.removeHandler(handler)
            handler.close()
