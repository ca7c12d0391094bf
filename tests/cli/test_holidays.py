"""``crmdesk holidays import FILE`` / ``crmdesk holidays status`` (an addition to docs/spec.md §8)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from crmdesk.cli import main
from tests.helpers.holidays import ICS, NOTICE_2027


@pytest.fixture
def demo_file(tmp_path: Path, demo_db_template: Path) -> Path:
    path = tmp_path / "cli-demo.db"
    shutil.copy(demo_db_template, path)
    return path


def _days(path: Path, year: int) -> list[tuple[str, int, str]]:
    return sqlite3.connect(path).execute("SELECT date, is_workday, name FROM calendar_day WHERE date LIKE ? "
                                         "ORDER BY date", [f"{year}-%"]).fetchall()


def test_import_a_notice_text_file(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notice = tmp_path / "2027放假通知.txt"
    notice.write_bytes(NOTICE_2027.encode("gb18030"))  # as Windows Notepad saves Chinese text
    assert main(["--db", str(demo_file), "holidays", "import", str(notice), "--dry-run"]) == 0
    assert "未保存" in capsys.readouterr().out and _days(demo_file, 2027) == []
    assert main(["--db", str(demo_file), "holidays", "import", str(notice), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["stored"] and report["years"][0]["year"] == 2027
    assert (report["years"][0]["holidays"], report["years"][0]["workdays"]) == (12, 1)
    days = _days(demo_file, 2027)
    assert days[0] == ("2027-01-01", 0, "元旦") and days[-1] == ("2027-02-20", 1, "春节调休上班")
    assert main(["--db", str(demo_file), "holidays", "status"]) == 0
    assert "2027  已录入（放假通知" in capsys.readouterr().out


def test_a_notice_with_the_wrong_year_is_not_stored_without_force(demo_file: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    assert main(["--db", str(demo_file), "holidays", "import", str(notice), "--year", "2028"]) == 1
    err = capsys.readouterr().err
    assert "2028 年的这一天是" in err and "--force" in err and _days(demo_file, 2028) == []
    assert main(["--db", str(demo_file), "holidays", "import", str(notice), "--year", "2028", "--force"]) == 0
    assert len(_days(demo_file, 2028)) == 13


def test_import_an_ics_holiday_calendar(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ics = tmp_path / "china-holidays.ics"
    ics.write_text(ICS, encoding="utf-8")
    assert main(["--db", str(demo_file), "holidays", "import", str(ics)]) == 0
    assert "2027年：放假 10 天，调休上班 1 天" in capsys.readouterr().out
    days = _days(demo_file, 2027)
    assert days[0] == ("2027-01-01", 0, "元旦")
    assert [d for d in days if d[1] == 1] == [("2027-02-20", 1, "春节调休上班")]
    assert [d[0] for d in days if d[2] == "春节"] == [f"2027-02-{n:02d}" for n in range(5, 14)]


def test_unreadable_files_exit_1_with_the_reason(demo_file: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("这不是日历", encoding="utf-8")
    assert main(["--db", str(demo_file), "holidays", "import", str(bad)]) == 1
    assert "bad.ics" in capsys.readouterr().err
    text = tmp_path / "memo.txt"
    text.write_text("春节放假七天", encoding="utf-8")
    assert main(["--db", str(demo_file), "holidays", "import", str(text)]) == 1
    assert "没有找到" in capsys.readouterr().err
    assert main(["--db", str(demo_file), "holidays", "import", str(tmp_path / "none.txt")]) == 1
    assert "none.txt" in capsys.readouterr().err
