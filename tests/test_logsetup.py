"""The log file's own rotation (``crmdesk.logsetup``): at most so many bytes a file, so many older
files kept, every one of them owner-only on POSIX."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from crmdesk.logsetup import _PrivateRotatingFileHandler


def _log_lines(handler: logging.Handler, count: int) -> None:
    logger = logging.getLogger("crmdesk.test-rotation")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        for number in range(count):
            logger.info("line %04d %s", number, "x" * 60)
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_the_log_rotates_by_size_and_keeps_so_many_older_files(tmp_path: Path) -> None:
    path = tmp_path / "crmdesk.log"
    handler = _PrivateRotatingFileHandler(path, max_bytes=1000, backup_count=3)
    handler.setFormatter(logging.Formatter("%(message)s"))
    _log_lines(handler, 100)  # ~7,000 bytes: seven files' worth
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["crmdesk.log", "crmdesk.log.1", "crmdesk.log.2", "crmdesk.log.3"]
    for name in files:
        assert 0 < (tmp_path / name).stat().st_size <= 1000
    # the newest lines in the log itself, the ones just before them in .1, nothing lost between
    last = (tmp_path / "crmdesk.log").read_text("utf-8").splitlines()
    previous = (tmp_path / "crmdesk.log.1").read_text("utf-8").splitlines()
    assert last[-1].startswith("line 0099")
    assert int(previous[-1].split()[1]) + 1 == int(last[0].split()[1])


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_every_log_file_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "crmdesk.log"
    handler = _PrivateRotatingFileHandler(path, max_bytes=500, backup_count=2)
    _log_lines(handler, 20)
    for name in ("crmdesk.log", "crmdesk.log.1", "crmdesk.log.2"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
