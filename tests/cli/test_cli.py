"""The command line contract: --version, demo, exit codes, refusing a busy or newer database."""

from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crmdesk import __version__
from crmdesk.cli import main
from crmdesk.core.store import db as dbmod

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, timeout: float = 120, passphrase: str | None = "test-passphrase"
            ) -> subprocess.CompletedProcess[str]:
    # No OS key store on a headless test machine: the passphrase route of docs/spec.md §7.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("CRMDESK_PASSPHRASE", None)
    if passphrase is not None:
        env["CRMDESK_PASSPHRASE"] = passphrase
    return subprocess.run([sys.executable, "-m", "crmdesk", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"crmdesk {__version__}"


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["demo"])  # --customers missing
    assert info.value.code == 2
    assert "--customers" in capsys.readouterr().err
    assert gc.isenabled()  # paused while the modules load (start-up), never left paused


def test_a_command_runs_with_the_garbage_collector_on(tmp_path: Path, monkeypatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr("crmdesk.cli.staff.use_operator_name", lambda name: seen.append(gc.isenabled()))
    main(["demo", "--db", str(tmp_path / "d.db"), "--customers", "5"])
    assert seen == [True] and gc.isenabled()


def test_demo_fills_the_database_given_after_the_command(tmp_path: Path, capsys) -> None:
    path = tmp_path / "d.db"
    assert main(["demo", "--db", str(path), "--customers", "50", "--seed", "3"]) == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 50
    assert conn.execute("SELECT count(*) FROM ticket").fetchone()[0] > 50
    assert str(path) in capsys.readouterr().out
    # A second fill is refused with a message, not a traceback.
    assert main(["--db", str(path), "demo", "--customers", "5"]) == 1


def test_app_opens_a_demo_database_and_quits(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    made = run_cli("demo", "--db", str(path), "--customers", "30")
    assert made.returncode == 0, made.stderr
    assert "recovery code" in made.stderr  # shown once, when the key is created
    result = run_cli("--db", str(path), "--no-err-windows", "--exit-after", "0.2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready ")


def test_app_that_cannot_get_the_key_shows_why_and_exits_1(tmp_path: Path) -> None:
    """The key is looked up after the first paint; failing that still ends the app with status 1."""
    path = tmp_path / "d.db"
    assert run_cli("demo", "--db", str(path), "--customers", "10").returncode == 0
    # (a generous timer: a wrong passphrase costs two scrypt tries of ~1 s each on a busy machine)
    result = run_cli("--db", str(path), "--no-err-windows", "--exit-after", "30", passphrase=None)
    assert result.returncode == 1
    assert "CRMDESK_PASSPHRASE" in result.stderr  # no key store here: the message names the way out
    assert "ready" not in result.stdout  # it ended before the --exit-after timer
    wrong = run_cli("--db", str(path), "--no-err-windows", "--exit-after", "30", passphrase="not-the-passphrase")
    assert wrong.returncode == 1 and "ready" not in wrong.stdout


def test_second_instance_on_the_same_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from crmdesk.core.store.lock import DatabaseLock;"
         f"DatabaseLock(__import__('pathlib').Path({str(path)!r})).acquire(); print('held', flush=True);"
         "time.sleep(60)"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("--db", str(path), "--no-err-windows", "--exit-after", "0.2")
        assert result.returncode == 1
        assert f"{holder.pid}" in result.stderr
        assert "正被另一个客户服务台使用" in result.stderr
        result = run_cli("--db", str(path), "demo", "--customers", "5")
        assert result.returncode == 1
        assert f"{holder.pid}" in result.stderr
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_newer_schema_database_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    dbmod.prepare(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    time.sleep(0.01)
    result = run_cli("--db", str(path), "--no-err-windows", "--exit-after", "0.2")
    assert result.returncode == 1
    assert "更新版本" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime
