"""Who does what from the command line: staff and routing sheets in and out, the written policy as PDF."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from crmdesk.cli import main
from tests.helpers.pdf import pdf_text


def _staff_sheet(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名*", "部门", "角色", "电话", "部门主管", "默认处理人", "在职"])
    for row in (["陈静", "客服部", "客服", "", "是", "", ""], ["刘洋", "客服部", "客服", "", "", "是", ""],
                ["周敏", "产品部", "工程师", "", "", "", ""], ["吴刚", "产品部", "工程师", "", "是", "", ""]):
        sheet.append(row)
    book.save(path)
    return path


def test_staff_routing_and_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "firm.db")
    staff = _staff_sheet(tmp_path / "员工.xlsx")
    assert main(["--db", db, "import", str(staff), "--kind", "staff", "--dry-run", "--json"]) == 1  # no database yet
    capsys.readouterr()
    assert main(["--db", db, "import", str(staff), "--kind", "staff", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(out) == {"rows": 4, "created": 4, "updated": 0, "duplicates": 0, "errors": 0, "batch": None}
    assert main(["--db", db, "import", str(staff), "--kind", "staff", "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out

    rules = tmp_path / "规则.xlsx"
    assert main(["--db", db, "export", "routing", str(rules)]) == 0
    book = openpyxl.load_workbook(rules)
    book.worksheets[0].append(["", "投诉", "产品质量", "", "", "产品部", "在办最少", "工程师", "", "", "", "", "是"])
    book.worksheets[0].append(["", "需求建议", "", "", "", "产品部", "在办最少", "", "", 3, "工作日", "", "是"])
    book.save(rules)
    assert main(["--db", db, "import", str(rules), "--kind", "routing", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["created"] == 2
    assert main(["--db", db, "export", "staff", str(tmp_path / "back.xlsx")]) == 0
    assert "4 行" in capsys.readouterr().out

    pdf = tmp_path / "规范.pdf"
    assert main(["--db", db, "report", "policy", "--out", str(pdf)]) == 0
    assert str(pdf) in capsys.readouterr().out
    text = "".join(pdf_text(pdf).split())
    assert "《售后服务流程规范》" in text and "投诉·产品质量" in text and "3个工作日内解决" in text

    bad = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "角色"])
    book.active.append(["甲", "保安"])
    book.save(bad)
    assert main(["--db", db, "import", str(bad), "--kind", "staff"]) == 1
    assert "角色“保安”不是可选值" in capsys.readouterr().err
