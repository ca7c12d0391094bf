"""The shared database's advisory locks (issue #19, DESIGN §8): one import at a time, one PC running the
daily jobs, and no stale lock when the PC holding one dies."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crmdesk.cli import main
from crmdesk.core import session
from crmdesk.core.safety import backup, secrets
from crmdesk.core.store import models, server, server_locks
from crmdesk.io.importing import undo
from tests.helpers import postgres

ROOT = Path(__file__).resolve().parents[3]

HOLDER = """
import sys, time
from crmdesk.core import session
from crmdesk.core.store import server_locks
opened = session.open_session(sys.argv[1], write=True, key=session.KEY_LATER)
assert server_locks.try_lock(opened.database, int(sys.argv[2]))
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def url():
    """A prepared shared database whose key is on this PC (as after ``crmdesk server init``)."""
    clone = postgres.clone()
    database = server.connect(server.ServerTarget.parse(clone))
    previous = models.database_proxy.obj
    models.database_proxy.initialize(database)
    try:
        secrets.unlock()
    finally:
        secrets.activate(secrets.PlainCipher())
        models.database_proxy.initialize(previous)
        database.close()
    yield clone
    postgres.drop(clone)


def _holder(url: str, key: int) -> subprocess.Popen[str]:
    """Another PC: a process holding ``key`` on its session's connection."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url, str(key)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def test_a_killed_holder_leaves_no_stale_lock(url) -> None:
    other_pc = _holder(url, server_locks.IMPORT_LOCK)
    try:
        with session.open_session(url, write=True, key=session.KEY_LATER):
            with pytest.raises(server_locks.LockBusy) as busy, server_locks.exclusive(server_locks.IMPORT_LOCK):
                pass
            assert "导入" in busy.value.message and server.application_name().split()[1] in busy.value.message
            with pytest.raises(server_locks.LockBusy):  # undo of an import waits for the import too
                undo.undo_batch(1)
            other_pc.send_signal(signal.SIGKILL)
            other_pc.wait()
            killed = time.monotonic()
            while True:  # the server ends the dead PC's session when its socket closes
                try:
                    with server_locks.exclusive(server_locks.IMPORT_LOCK):
                        break
                except server_locks.LockBusy:
                    assert time.monotonic() - killed < 10, "the dead PC's lock was never released"
                    time.sleep(0.05)
    finally:
        _stop(other_pc)


def test_the_daily_jobs_run_on_one_pc_a_day(url, capsys) -> None:
    assert main(["daily", "--db", url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    jobs = {job["name"]: job for job in report["jobs"]}
    assert report["ok"] is True and jobs["backup"]["done"], report
    snapshot = Path(jobs["backup"]["counts"]["path"])
    assert snapshot.is_file() and backup.describe(snapshot).restorable
    assert snapshot.name.startswith(f"{server.ServerTarget.parse(url).dbname}-server-")  # apart from a file's backups

    other_pc = _holder(url, server_locks.DAILY_JOBS_LOCK)  # another PC is running them right now
    try:
        assert main(["daily", "--db", url, "--json"]) == 0
        skipped = json.loads(capsys.readouterr().out)
        assert skipped["jobs"] == [] and "每日任务" in skipped["skipped"]
    finally:
        _stop(other_pc)
    assert main(["daily", "--db", url, "--json"]) == 0  # the day is done: nothing again, no second snapshot
    again = json.loads(capsys.readouterr().out)
    assert again["ok"] and not {job["name"]: job for job in again["jobs"]}["backup"]["done"]
    assert [b.kind for b in backup.list_backups()].count("daily") == 1
    assert dt.date.today().isoformat() == again["date"]


def test_on_a_file_the_locks_are_the_writer_lock_alone(tmp_path) -> None:
    with session.open_session(tmp_path / "one.db", write=True), server_locks.exclusive(server_locks.IMPORT_LOCK):
        assert server_locks.bound_server() is None  # nothing to take: the file's writer lock holds
