"""``crmdesk template NAME OUT.xlsx`` and ``crmdesk export KIND OUT.xlsx [--mask]`` (docs/spec.md §8)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from crmdesk.cli import main

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture
def demo_file(tmp_path: Path, demo_db_template: Path) -> Path:
    """A private copy of the session's demo database (not opened)."""
    path = tmp_path / "cli-demo.db"
    shutil.copy(demo_db_template, path)
    return path


def test_template_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reg.xlsx"
    assert main(["template", "registration", str(out)]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["B1"].value == "客户名称*"
    assert str(out) in capsys.readouterr().out


def test_unknown_template_name_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["template", "orders", str(tmp_path / "x.xlsx")])
    assert info.value.code == 2
    assert "registration" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["export", "orders", str(tmp_path / "x.xlsx")])
    assert info.value.code == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_masked_export(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "customers.xlsx"
    assert main(["--db", str(demo_file), "export", "customers", str(out), "--mask"]) == 0
    ws = openpyxl.load_workbook(out).worksheets[0]
    count = sqlite3.connect(demo_file).execute(
        "SELECT count(*) FROM customer WHERE deleted_at IS NULL AND merged_into_id IS NULL").fetchone()[0]
    assert ws.max_row == count + 1
    assert not any(MOBILE.search(str(v)) for row in ws.iter_rows(values_only=True) for v in row)
    printed = capsys.readouterr().out
    assert str(out) in printed and str(count) in printed


def test_unmasked_export_is_audited(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "tickets.xlsx"
    assert main(["export", "tickets", str(out), "--db", str(demo_file)]) == 0
    rows = sqlite3.connect(demo_file).execute(
        "SELECT action, entity FROM audit_log WHERE action = 'export_unmasked'").fetchall()
    assert rows == [("export_unmasked", "tickets")]


def test_missing_database_is_refused_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing.db"
    assert main(["--db", str(missing), "export", "customers", str(tmp_path / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "不存在" in err
    assert not missing.exists() and not (tmp_path / "x.xlsx").exists()


def test_unwritable_output_exits_1(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no-such-folder" / "x.xlsx"
    assert main(["--db", str(demo_file), "export", "surveys", str(out)]) == 1
    assert str(out) in capsys.readouterr().err
    assert main(["template", "survey", str(out)]) == 1


def test_command_choices_match_the_io_layer() -> None:
    from crmdesk.cli.excel import EXPORT_KINDS, TEMPLATE_NAMES
    from crmdesk.io.excel.export import KINDS
    from crmdesk.io.excel.org_sheets import SHEETS
    from crmdesk.io.excel.templates import TEMPLATE_NAMES as IO_TEMPLATE_NAMES

    assert list(KINDS) + list(SHEETS) == EXPORT_KINDS
    assert TEMPLATE_NAMES == IO_TEMPLATE_NAMES
