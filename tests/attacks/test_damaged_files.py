"""Damaged, spoofed and read-only files, half-written ones and full disks (docs/spec.md §7).

Each ends with a message naming the file and the reason — exit status 1 for a command — and the
database byte-identical; never a traceback, never a write into a damaged file.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.attacks import tools


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database made by ``crmdesk demo`` (key created, data encrypted), once per module."""
    folder = tmp_path_factory.mktemp("encrypted")
    home, db = folder / "home", folder / "crm.db"
    made = tools.cli(home, "--db", str(db), "demo", "--customers", "150", "--seed", "2")
    assert made.returncode == 0, made.stderr
    return home, db


@pytest.fixture
def encrypted(template: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the template database with its key store."""
    import shutil

    home, db = tmp_path / "home", tmp_path / "crm.db"
    home.mkdir()
    shutil.copy(template[0] / "keyring.json", home / "keyring.json")
    shutil.copy(template[1], db)
    return home, db


def _corrupt(db: Path) -> None:
    """Overwrite a page in the middle of the file with garbage (what a failing disk leaves): the whole page,
    its b-tree header too, so the damage does not depend on which table's page lies in the middle (garbage
    only in a page's unused gap is invisible to SQLite's checks, and the schema moves that page)."""
    page = 4096
    pages = db.stat().st_size // page
    with db.open("r+b") as handle:
        handle.seek((pages // 2) * page)
        handle.write(os.urandom(page))


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]


# --------------------------------------------------------------------------- damaged


def test_a_damaged_database_is_never_written_into(encrypted, tmp_path: Path) -> None:
    home, db = encrypted
    _corrupt(db)
    before = tools.sha(db)
    ledger = tools.marker_ledger(tmp_path / "l.xlsx")
    result = tools.run(home, "--db", str(db), "import", str(ledger), "--json")
    assert result.returncode == 1 and result.stdout == ""
    _no_traceback(result)
    assert str(db) in result.stderr and "已损坏" in result.stderr and "从备份恢复" in result.stderr
    assert tools.sha(db) == before
    check = tools.run(home, "--db", str(db), "check")
    assert check.returncode == 1 and "FAIL  数据完整性" in check.stdout
    demo = tools.run(home, "--db", str(db), "restore", str(db))  # nor restored onto itself
    assert demo.returncode == 1 and tools.sha(db) == before


def test_the_window_opens_a_damaged_database_read_only_and_says_why(encrypted) -> None:
    home, db = encrypted
    _corrupt(db)
    before = tools.sha(db)
    result = tools.cli(home, "--db", str(db), "--no-err-windows", "--exit-after", "4", timeout=120)
    _no_traceback(result)
    assert "已损坏" in result.stderr and "不会向损坏的数据库写入数据" in result.stderr
    assert tools.sha(db) == before  # not the daily backup's record, not the key lookup, nothing


# --------------------------------------------------------------------------- half-written (hot journal)


def _leave_hot_journal(db: Path) -> None:
    """A writer in rollback-journal mode killed in the middle of a big transaction."""
    code = (f"import sqlite3, time\nc = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA journal_mode = DELETE'); c.execute('PRAGMA cache_size = 10')\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "for i in range(3000): c.execute(\"UPDATE customer SET notes = ? WHERE id = ?\", ('x' * 300, i % 150 + 1))\n"
            "c.execute(\"INSERT INTO staff (name, role, phone, active, created_at) VALUES ('半途', 'clerk', '', 1, '2026')\")\n"
            "print('ready', flush=True)\ntime.sleep(60)\n")
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert Path(f"{db}-journal").stat().st_size > 0


def test_a_hot_journal_is_rolled_back_never_called_read_only(encrypted, tmp_path: Path) -> None:
    home, db = encrypted
    _leave_hot_journal(db)
    report = tools.run(home, "--db", str(db), "report", "health", "--out", str(tmp_path / "h.pdf"))
    assert report.returncode == 0, report.stderr
    assert "只读" not in report.stderr and not Path(f"{db}-journal").exists()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM staff WHERE name = '半途'").fetchone()[0] == 0  # rolled back
    conn.close()
    for args in (["check"], ["backup"], ["import", str(tools.marker_ledger(tmp_path / "l.xlsx"))]):
        _leave_hot_journal(db)
        result = tools.run(home, "--db", str(db), *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)


# --------------------------------------------------------------------------- spoofed


def _spoof(path: Path, *, version: int, tables: bool) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {0x43524D44}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("CREATE TABLE notes (x)" if not tables else "CREATE TABLE customer (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("version, tables", [(0, False), (0, True), (6, False), (3, True)])
def test_restore_refuses_a_file_with_our_mark_but_not_our_tables(encrypted, tmp_path: Path, version: int,
                                                                 tables: bool) -> None:
    home, db = encrypted
    before = tools.sha(db)
    spoof = _spoof(tmp_path / "spoof.db", version=version, tables=tables)
    result = tools.run(home, "--db", str(db), "restore", str(spoof))
    assert result.returncode == 1
    _no_traceback(result)
    assert "spoof.db" in result.stderr and "没有相应的数据表" in result.stderr and "当前数据库未做任何改动" in result.stderr
    assert tools.sha(db) == before
    assert tools.run(home, "--db", str(db), "check").returncode == 0  # the next start works


# --------------------------------------------------------------------------- read-only


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only even for root (the immutable flag), or skip the test."""
    was = path.stat().st_mode
    os.chmod(path, 0o555 if path.is_dir() else 0o444)
    if os.geteuid() == 0:
        flagged = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
        if not flagged:
            os.chmod(path, was)
            pytest.skip("cannot make a file read-only for root on this file system")
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        os.chmod(path, was)


def test_a_read_only_database_reads_and_refuses_the_unmasked_export_by_name(encrypted, tmp_path: Path) -> None:
    home, db = encrypted
    before = tools.sha(db)
    with read_only(db):
        report = tools.run(home, "--db", str(db), "report", "health", "--out", str(tmp_path / "h.pdf"))
        assert report.returncode == 0, report.stderr
        masked = tools.run(home, "--db", str(db), "export", "customers", str(tmp_path / "m.xlsx"), "--mask")
        assert masked.returncode == 0, masked.stderr  # no audit row needed
        plain = tools.run(home, "--db", str(db), "export", "customers", str(tmp_path / "p.xlsx"))
        assert plain.returncode == 1
        _no_traceback(plain)
        assert str(db) in plain.stderr and "审计日志" in plain.stderr and "没有导出任何内容" in plain.stderr
        assert not (tmp_path / "p.xlsx").exists()
        ledger = tools.marker_ledger(tmp_path / "l.xlsx")
        written = tools.run(home, "--db", str(db), "import", str(ledger))
        assert written.returncode == 1 and "只读" in written.stderr
        _no_traceback(written)
    assert tools.sha(db) == before


def test_a_read_only_folder_is_named_with_its_lock_file(encrypted, tmp_path: Path) -> None:
    home, db = encrypted
    folder = tmp_path / "cd-rom"
    folder.mkdir()
    copy = folder / "crm.db"
    copy.write_bytes(db.read_bytes())
    with read_only(folder):
        result = tools.run(home, "--db", str(copy), "import", str(tools.marker_ledger(tmp_path / "l.xlsx")))
        assert result.returncode == 1
        _no_traceback(result)
        assert "crm.db.lock" in result.stderr and "无法创建其锁文件" in result.stderr
    assert copy.read_bytes() == db.read_bytes()


# --------------------------------------------------------------------------- full disks


def _error_ledger(path: Path, rows: int) -> Path:
    return tools.ledger(path, [[f"坏号码公司{i:05d}", "成交客户", "B", f"人{i}", "经理", "12345", "", "", "", "", "",
                                "零售"] for i in range(rows)])


def test_an_error_workbook_that_cannot_be_written_refuses_the_import_by_name(encrypted, tmp_path: Path) -> None:
    """A disk that fills up while the workbook of rejected rows is written (a file-size limit makes
    the write fail the way a full disk does): nothing is imported, the message names that file."""
    home, db = encrypted
    before = tools.sha(db)
    ledger = _error_ledger(tmp_path / "bad.xlsx", 4000)
    out = tmp_path / "rejected.xlsx"
    result = tools.cli(home, "--db", str(db), "import", str(ledger), "--errors", str(out), "--json",
                       file_size=96 * 1024)
    assert result.returncode == 1, result.stdout + result.stderr
    _no_traceback(result)
    assert str(out) in result.stderr and "无法写入被拒绝行的工作簿" in result.stderr and "未导入任何内容" in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".rejected*"))
    assert tools.sha(db) == before


def test_no_space_left_is_the_same_message(encrypted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, db = encrypted
    from crmdesk.io.importing import service as importer

    def full(*_args: object, **_kwargs: object) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(importer, "write_error_workbook", full)
    before = tools.sha(db)
    ledger = _error_ledger(tmp_path / "bad.xlsx", 3)
    result = tools.run(home, "--db", str(db), "import", str(ledger), "--errors", str(tmp_path / "e.xlsx"))
    assert result.returncode == 1
    assert "e.xlsx" in result.stderr and os.strerror(errno.ENOSPC) in result.stderr and "未导入任何内容" in result.stderr
    assert tools.sha(db) == before
