"""``crmdesk report monthly|dossier|health`` (docs/spec.md §8): the PDFs, exit codes and messages."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from crmdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_file(tmp_path: Path, demo_db_template: Path) -> Path:
    """A private copy of the session's demo database (not opened)."""
    path = tmp_path / "cli-demo.db"
    shutil.copy(demo_db_template, path)
    return path


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_monthly(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "2026-10.pdf"
    assert main(["--db", str(demo_file), "report", "monthly", "--month", "2026-10", "--out", str(out)]) == 0
    text = _text(out)
    assert "月度服务报告" in text and "2026年10月" in text and "一、关键指标" in text
    printed = capsys.readouterr().out
    assert str(out) in printed and "月度服务报告 2026年10月" in printed


def test_dossier_by_code_with_db_after_the_command(demo_file: Path, tmp_path: Path) -> None:
    code, name = sqlite3.connect(demo_file).execute(
        "SELECT code, name FROM customer WHERE deleted_at IS NULL AND merged_into_id IS NULL LIMIT 1").fetchone()
    out = tmp_path / "dossier.pdf"
    assert main(["report", "dossier", code, "--out", str(out), "--db", str(demo_file)]) == 0
    text = _text(out)
    assert code in text and name in text.replace("\n", "")


def test_health(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "health.pdf"
    assert main(["--db", str(demo_file), "report", "health", "--out", str(out)]) == 0
    assert "现状诊断报告" in _text(out)


@pytest.mark.parametrize(("argv", "reason"), [
    (["report", "dossier", "C1999999"], "C1999999"),
])
def test_what_cannot_be_produced_exits_1(argv: list[str], reason: str, demo_file: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert main(["--db", str(demo_file), *argv, "--out", str(out)]) == 1
    assert reason in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(("month", "reason"), [("2026-13", "2026-13"), ("十月", "年-月")])
def test_a_malformed_month_is_wrong_usage(month: str, reason: str, demo_file: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(SystemExit) as info:
        main(["--db", str(demo_file), "report", "monthly", "--month", month, "--out", str(out)])
    assert info.value.code == 2
    assert reason in capsys.readouterr().err
    assert not out.exists()


def test_unwritable_path_and_missing_database_exit_1(demo_file: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no-such-folder" / "h.pdf"
    assert main(["--db", str(demo_file), "report", "health", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(out) in err and "no-such-folder 不存在" in err
    missing = tmp_path / "nothing.db"
    assert main(["--db", str(missing), "report", "health", "--out", str(tmp_path / "h.pdf")]) == 1
    assert str(missing) in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize("argv", [["report"], ["report", "monthly", "--out", "x.pdf"], ["report", "health"],
                                  ["report", "weekly", "--out", "x.pdf"], ["report", "dossier", "--out", "x.pdf"]])
def test_wrong_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert capsys.readouterr().out == ""


def test_the_installed_command(demo_file: Path, tmp_path: Path) -> None:
    """The real entry point: a passphrase instead of an OS key store, exit status and output file."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRMDESK_HOME=str(tmp_path / "home"),
               CRMDESK_PASSPHRASE="report-cli-passphrase")
    out = tmp_path / "m.pdf"
    result = subprocess.run([sys.executable, "-m", "crmdesk", "report", "monthly", "--month", "2026-09", "--out",
                             str(out), "--db", str(demo_file)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert out.is_file() and "2026年9月" in _text(out)
    result = subprocess.run([sys.executable, "-m", "crmdesk", "report", "monthly", "--month", "2026-9x", "--out",
                             str(out), "--db", str(demo_file)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env=env)
    assert result.returncode == 2 and "2026-9x" in result.stderr  # wrong usage (docs/spec.md §8)
