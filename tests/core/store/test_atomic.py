"""The one atomic writer: complete or absent, the caller's permissions, one message naming the file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from crmdesk.core.store import atomic
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.sqlite_files import remove_leftovers


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_callers_permissions_from_the_first_byte(tmp_path: Path) -> None:
    private, shared = tmp_path / "export.xlsx", tmp_path / "report.pdf"
    atomic.write_bytes(private, b"personal")
    with atomic.atomic_write(shared, mode=atomic.SHARED) as temp:
        assert _mode(temp) == 0o644 and temp.parent == tmp_path and temp.name.startswith(".report.pdf.")
        temp.write_bytes(b"report")
    assert (_mode(private), _mode(shared)) == (0o600, 0o644)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.xlsx", "report.pdf"]


def test_a_failure_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    with pytest.raises(ZeroDivisionError), atomic.atomic_write(target) as temp:
        temp.write_bytes(b"half")
        raise ZeroDivisionError
    with atomic.atomic_file(target) as pending:  # never committed: removed
        pending.temp.write_bytes(b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_failures_are_one_message_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(KnownError) as info:
        atomic.write_bytes(tmp_path / "no-such" / "x.xlsx", b"x")
    assert "x.xlsx" in info.value.message and "no-such 不存在" in info.value.message

    target = tmp_path / "open.xlsx"

    def refuse(_source: object, _target: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)  # Windows: the file is open in Excel
    with pytest.raises(KnownError) as info:
        atomic.write_bytes(target, b"x")
    assert str(target) in info.value.message and "Excel 或 WPS" in info.value.message

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(KnownError) as info:
        atomic.write_bytes(target, b"x")
    assert info.value.message == f"无法写入 {target}：磁盘已满。请清理磁盘空间后重试。"
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary file left either


def test_durable_writes_are_flushed_and_leftovers_of_killed_writers_are_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flushed: list[Path] = []
    monkeypatch.setattr(atomic, "fsync", flushed.append)
    copy = atomic.write_bytes(tmp_path / "b.db", b"SQLite", durable=True)
    assert flushed and flushed[0].name.startswith(".b.db.") and copy.read_bytes() == b"SQLite"
    # a writer killed mid-way leaves its temporary file under its process id: a later run removes it
    pending = atomic.AtomicFile(tmp_path / "c.db")
    dead = pending.temp.with_name(pending.temp.name.replace(f".{os.getpid()}.", ".999999999."))
    pending.temp.rename(dead)
    alive = atomic.AtomicFile(tmp_path / "d.db")
    assert remove_leftovers(tmp_path) == [dead] and alive.temp.exists()
    alive.discard()
