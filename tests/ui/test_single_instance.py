"""A second start on the same database brings the running window forward (it may be in the tray)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crmdesk.ui.single_instance import ActivationServer, ask_running_instance, server_name

ROOT = Path(__file__).resolve().parents[2]


def test_names_differ_per_database(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a.db") != server_name(tmp_path / "b.db")
    assert server_name(tmp_path / "a.db") == server_name(tmp_path / "." / "a.db")


def test_the_running_instance_is_asked_to_show_itself(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()  # the server lives and dies with its window, as in the app
    qtbot.addWidget(window)
    db = tmp_path / "crm.db"
    assert not ask_running_instance(db, timeout_ms=200)  # nobody listens yet
    server = ActivationServer(db, window)
    assert server.listening
    with qtbot.waitSignal(server.activate, timeout=3000):
        assert ask_running_instance(db)
    assert not ask_running_instance(tmp_path / "other.db", timeout_ms=200)
    server.close()
    again = ActivationServer(db, window)  # the name is free again (and a stale socket would be removed)
    assert again.listening
    again.close()


@pytest.mark.slow
def test_a_second_start_exits_quietly_while_the_first_runs(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRMDESK_PASSPHRASE="single-instance",
               CRMDESK_HOME=str(tmp_path / "home"))
    db = tmp_path / "d.db"
    made = subprocess.run([sys.executable, "-m", "crmdesk", "demo", "--db", str(db), "--customers", "10"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    first = subprocess.Popen([sys.executable, "-m", "crmdesk", "--db", str(db), "--no-err-windows", "--exit-after", "20"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not ask_running_instance(db, timeout_ms=200):
            time.sleep(0.2)  # until the first one listens
        second = subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db), "--no-err-windows",
                                 "--exit-after", "5"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "ready" not in second.stdout  # it opened no window of its own
        assert "正被另一个客户服务台使用" not in second.stderr
    finally:
        first.terminate()
        first.communicate(timeout=30)
