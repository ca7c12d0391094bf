"""``crmdesk backup | restore | check``: output, exit codes, the writer lock (docs/spec.md §8)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crmdesk.cli import main
from crmdesk.core.store import paths
from crmdesk.core.store.lock import DatabaseLock

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_file(tmp_path: Path, demo_db_template: Path) -> Path:
    """A copy of the session's demo database, encrypted as a writer leaves it, then closed."""
    from crmdesk.core.session import open_session

    path = tmp_path / "crm.db"
    shutil.copy(demo_db_template, path)
    open_session(path, write=True).close()  # creates the key and encrypts the generated personal data
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_prints_the_verified_file_and_exits_0(demo_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["backup", "--db", str(demo_file), "--to", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    made = list((tmp_path / "out").iterdir())
    assert len(made) == 1 and made[0].name.startswith("crm-") and made[0].name.endswith("-manual.db")
    assert str(made[0]) in out and "verified" in out and "customer 300" in out
    # without --to it goes to the backups folder, and the --db may come first
    assert main(["--db", str(demo_file), "backup"]) == 0
    assert next(p.name for p in paths.backups_dir().iterdir()).startswith("crm-")


def test_backup_of_a_missing_database_exits_1_with_a_message(tmp_path: Path, capsys) -> None:
    assert main(["backup", "--db", str(tmp_path / "none.db")]) == 1
    captured = capsys.readouterr()
    assert "none.db" in captured.err and "Traceback" not in captured.err


def test_check_prints_one_line_per_check(demo_file: Path, capsys) -> None:
    assert main(["--lang", "en", "check", "--db", str(demo_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["OK", "OK", "OK", "OK", "OK", "WARN", "OK"]
    assert lines[3].startswith("OK    Integrity: no problems found")
    assert lines[-1].startswith("OK    Encryption: personal data encrypted; the key on this computer matches")


def test_check_fails_with_exit_1_on_a_broken_reference(demo_file: Path, capsys) -> None:
    conn = sqlite3.connect(demo_file, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO customer_tag (customer_id, tag_id) VALUES (424242, 1)")
    conn.close()
    assert main(["check", "--db", str(demo_file)]) == 1
    out = capsys.readouterr().out
    assert "FAIL  关联完整性: customer_tag：1 行引用了不存在的 customer" in out


def test_check_without_a_database_on_a_fresh_install_is_not_a_failure(capsys) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("INFO  no database yet at ")
    assert not paths.default_db_path().exists()


def test_check_of_an_explicit_missing_database_fails(tmp_path: Path, capsys) -> None:
    assert main(["check", "--db", str(tmp_path / "typo.db")]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_restore_replaces_the_database_and_keeps_the_old_one(demo_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["backup", "--db", str(demo_file), "--to", str(tmp_path / "out")]) == 0
    made = next((tmp_path / "out").iterdir())
    conn = sqlite3.connect(demo_file, isolation_level=None)
    conn.execute("DELETE FROM survey")
    conn.close()
    capsys.readouterr()
    assert main(["restore", str(made), "--db", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert f"restored from {made}" in out and "previous database kept as" in out
    kept = [p for p in paths.backups_dir().iterdir() if p.name.startswith("before-restore-crm-")]
    assert len(kept) == 1 and str(kept[0]) in out
    conn = sqlite3.connect(demo_file)
    assert conn.execute("SELECT count(*) FROM survey").fetchone()[0] > 0
    conn.close()


def test_restore_of_a_bad_file_exits_1_and_changes_nothing(demo_file: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "客户台账.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a database")
    digest = sha(demo_file)
    assert main(["restore", str(bad), "--db", str(demo_file)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "不是 SQLite 数据库文件" in err and "当前数据库未做任何改动" in err
    assert sha(demo_file) == digest


def test_restore_is_refused_while_the_app_holds_the_database(demo_file: Path, tmp_path: Path, capsys) -> None:
    assert main(["backup", "--db", str(demo_file), "--to", str(tmp_path / "out")]) == 0
    made = next((tmp_path / "out").iterdir())
    digest = sha(demo_file)
    lock = DatabaseLock(demo_file).acquire()  # what the running app holds
    try:
        assert main(["restore", str(made), "--db", str(demo_file)]) == 1
    finally:
        lock.release()
    assert "正被另一个客户服务台使用" in capsys.readouterr().err
    assert sha(demo_file) == digest


def test_wrong_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["restore"])
    assert info.value.code == 2
    assert "FILE" in capsys.readouterr().err


def test_the_installed_command_exits_with_the_status(demo_file: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    ok = subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(demo_file), "check"], cwd=ROOT,
                        capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("\n") == 7
    bad = subprocess.run([sys.executable, "-m", "crmdesk", "restore", str(tmp_path / "missing.db"), "--db",
                          str(demo_file)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1 and "missing.db" in bad.stderr
