"""Crash safety with real processes (SPEC §7): kill -9 during an import, a backup and a restore.

Each is repeated 20 times at random moments; afterwards the database passes `crmdesk check`
and an import batch is either wholly there or wholly absent.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 20
pytestmark = pytest.mark.slow


def _env(home: Path) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", CRMDESK_HOME=str(home),
                CRMDESK_PASSPHRASE="kill-test-passphrase")


def _cli(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crmdesk", *args], cwd=ROOT, env=_env(home), capture_output=True,
                          text=True, timeout=timeout)


def _ledger(path: Path, rows: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "客户类型", "重要等级", "联系人", "联系人职务", "联系人手机", "所属行业"])
    for i in range(rows):
        sheet.append([f"测试贸易{i:05d}有限公司", "成交客户", "B", f"联系人{i}", "经理", f"139{i:08d}", "零售"])
    book.save(path)
    return path


def _kill_at_random(home: Path, args: list[str], rng: random.Random, max_delay: float) -> None:
    process = subprocess.Popen([sys.executable, "-m", "crmdesk", *args], cwd=ROOT, env=_env(home),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.05, max_delay))
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()


def _check_ok(home: Path, db: Path) -> None:
    result = _cli(home, "check", "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr


def _batches_whole(db: Path, rows: int) -> int:
    conn = sqlite3.connect(db)
    try:
        for batch_id, status, recorded in conn.execute("SELECT id, status, created FROM import_batch"):
            created = conn.execute("SELECT count(*) FROM customer WHERE batch_id = ?", [batch_id]).fetchone()[0]
            # a batch that exists holds exactly what it recorded (the first creates every row,
            # later ones find them all as duplicates)
            assert created == recorded and created in (0, rows) and status == "committed", (batch_id, created)
        orphans = conn.execute("SELECT count(*) FROM customer WHERE batch_id IS NOT NULL AND batch_id NOT IN "
                               "(SELECT id FROM import_batch)").fetchone()[0]
        assert orphans == 0
        return conn.execute("SELECT count(*) FROM import_batch").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def setup(tmp_path: Path):
    home = tmp_path / "home"
    db = tmp_path / "kill.db"
    made = _cli(home, "demo", "--db", str(db), "--customers", "200", "--seed", "5")
    assert made.returncode == 0, made.stderr
    return home, db


def test_kill_during_import_leaves_the_batch_whole_or_absent(setup, tmp_path: Path) -> None:
    home, db = setup
    rng = random.Random(11)
    rows = 1500
    finished = 0
    for i in range(REPEATS):
        ledger = _ledger(tmp_path / f"ledger{i}.xlsx", rows) if i == 0 else tmp_path / "ledger0.xlsx"
        # the same names each time: a finished earlier batch turns later rows into duplicates
        _kill_at_random(home, ["--db", str(db), "import", str(ledger), "--json"], rng, 1.6)
        _check_ok(home, db)
        finished = _batches_whole(db, rows)
    print(f"import killed {REPEATS} times: {finished} batches finished before the kill, the rest left nothing")


def test_kill_during_backup_never_leaves_a_half_backup(setup) -> None:
    home, db = setup
    rng = random.Random(12)
    backups = home / "backups"
    for _ in range(REPEATS):
        _kill_at_random(home, ["--db", str(db), "backup"], rng, 1.5)
        _check_ok(home, db)
        for copy in backups.glob("kill-*.db"):  # every file under a backup name is complete and verified
            conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()


def test_kill_during_restore_leaves_a_sound_database(setup) -> None:
    home, db = setup
    made = _cli(home, "backup", "--db", str(db))
    assert made.returncode == 0, made.stderr
    backup = next((home / "backups").glob("kill-*.db"))
    rng = random.Random(13)
    for _ in range(REPEATS):
        _kill_at_random(home, ["--db", str(db), "restore", str(backup)], rng, 1.5)
        _check_ok(home, db)
