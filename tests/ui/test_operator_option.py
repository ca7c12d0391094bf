"""``crmdesk --operator NAME`` without a command (docs/spec.md §8's global option): the window starts as
that person — remembered for this PC as 我是… would — and an unknown name is a message naming it, exit 2,
no window. Each start is a real process on a small demo file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crmdesk", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow
def test_the_window_starts_as_the_operator_named_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRMDESK_PASSPHRASE="operator-option", CRMDESK_HOME=str(home))
    db = tmp_path / "d.db"
    made = _run(env, "demo", "--db", str(db), "--customers", "10")
    assert made.returncode == 0, made.stderr

    started = _run(env, "--db", str(db), "--operator", "李晓梅", "--no-err-windows", "--exit-after", "0")
    assert started.returncode == 0, started.stderr
    assert "ready" in started.stdout  # the window was shown (no 我是… dialog waited for an answer)
    remembered = "".join(p.read_text(encoding="utf-8") for p in home.rglob("this-pc.json"))
    assert "李晓梅" in remembered  # this PC's current user for the file, as 我是… would keep it

    unknown = _run(env, "--db", str(db), "--operator", "不存在的人", "--no-err-windows", "--exit-after", "0")
    assert unknown.returncode == 2
    assert "不存在的人" in unknown.stderr and "Traceback" not in unknown.stderr
    assert "ready" not in unknown.stdout
