"""``crmdesk daily [--json]``: the daily jobs from a scheduled task; exit 0 done, 1 failed, 2 usage."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crmdesk.cli import main
from crmdesk.core.safety import backup
from crmdesk.core.store.lock import DatabaseLock

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["backup", "purge", "tiers", "cadence", "reminders", "feed"]


@pytest.fixture
def db_path(demo_db, tmp_path: Path) -> Path:
    demo_db.close()  # the command opens the database itself, as a scheduled task would
    return tmp_path / "demo.db"


def test_daily_runs_every_job_once_a_day_and_says_what_each_did(db_path: Path, capsys) -> None:
    assert main(["daily", "--db", str(db_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["date"] == dt.date.today().isoformat() and report["ok"] is True
    assert [job["name"] for job in report["jobs"]] == NAMES
    jobs = {job["name"]: job for job in report["jobs"]}
    assert jobs["backup"]["done"] and Path(jobs["backup"]["counts"]["path"]).is_file()
    assert jobs["tiers"]["done"] and jobs["cadence"]["done"] and jobs["cadence"]["counts"]["added"] > 0
    assert all(job["error"] is None for job in report["jobs"])

    assert main(["daily", "--db", str(db_path)]) == 0  # the second run the same day: nothing to do
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6 and all(line.endswith("今天无需处理") for line in lines), lines
    assert [b.kind for b in backup.list_backups()].count("daily") == 1


def test_daily_never_creates_a_database(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none.db"
    assert main(["daily", "--db", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err and not missing.exists()


def test_daily_refuses_while_the_app_holds_the_database(db_path: Path) -> None:
    env = dict(os.environ, CRMDESK_PASSPHRASE="test-passphrase")
    with DatabaseLock(db_path):
        result = subprocess.run([sys.executable, "-m", "crmdesk", "daily", "--db", str(db_path), "--json"], cwd=ROOT,
                                capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 1 and result.stdout == ""
    assert "正被另一个客户服务台使用" in result.stderr


def test_daily_wrong_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["daily", "--today"])
    assert info.value.code == 2 and "--today" in capsys.readouterr().err
