"""Complaints imported as complaints (issue #14, items 1 and 2; docs/spec.md §3, §5, §6).

1. The app's own 客户投诉处理工单 template imports — guessed or with ``--kind tickets`` — as
   complaint tickets with every column kept, and exports back as typed.
2. Complaint rows of a plain ticket ledger (a 投诉等级, the category 投诉, a complaint type
   as 问题类型) are complaints and count in 投诉数 and 投诉处理及时率.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from crmdesk.cli import main
from crmdesk.core.reports import kpi
from crmdesk.core.store.models import Customer, Staff, Ticket
from crmdesk.io.excel.export import export
from crmdesk.io.excel.templates import TEMPLATES, write_template
from crmdesk.io.importing.service import commit, preview

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

COMPLAINTS = [
    {"number": "GD20240304-001", "code": "C0001", "created_at": dt.datetime(2024, 3, 4, 9, 30),
     "complaint_type": "产品质量", "demand": "要求更换新机", "mood": "愤怒", "severity": "严重",
     "department": "售后部", "solution": "48小时内上门更换", "resolution_due": dt.datetime(2024, 3, 6, 18, 0),
     "result": "已更换，客户认可", "callback_at": dt.datetime(2024, 3, 7, 10, 0)},
    {"number": "GD20240305-001", "code": "C0001", "created_at": dt.datetime(2024, 3, 5, 14, 0),
     "complaint_type": "安装师傅迟到", "demand": "赔礼道歉", "mood": "不满", "severity": "一般",
     "department": "工程部", "solution": "电话致歉", "resolution_due": dt.datetime(2024, 3, 6, 14, 0),
     "result": "", "callback_at": None},  # a type the user typed (the list only suggests), no result yet
    {"number": "GD20240306-002", "code": "C0002", "created_at": dt.datetime(2024, 3, 6, 8, 15),
     "complaint_type": "其他", "demand": "退款", "mood": "", "severity": "重大", "department": "",
     "solution": "", "resolution_due": dt.datetime(2024, 3, 7, 8, 15), "result": "", "callback_at": None},
]


def _customers() -> None:
    for code, name in (("C0001", "深圳市华强电子有限公司"), ("C0002", "东莞鑫源精密制造有限公司")):
        Customer.create(code=code, name=name, name_norm=name, type="customer", importance="B")


def _filled_complaint_template(path: Path) -> Path:
    write_template("complaint", path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    keys = TEMPLATES["complaint"].keys
    for r, values in enumerate(COMPLAINTS, start=2):
        for c, key in enumerate(keys, start=1):
            if values.get(key) not in (None, ""):
                sheet.cell(r, c).value = values[key]
    book.save(path)
    return path


def _exported(path: Path) -> list[dict]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[1]] == TEMPLATES["complaint"].headers
    keys = TEMPLATES["complaint"].keys
    return [dict(zip(keys, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("kind", [None, "tickets"])
def test_the_complaint_template_round_trips(db, tmp_path: Path, kind: str | None) -> None:
    _customers()
    filled = _filled_complaint_template(tmp_path / "投诉.xlsx")
    result = preview(filled, kind)
    assert result.kind == "tickets"
    assert [r.status for r in result.rows] == ["new"] * 3 and not result.warning_rows
    outcome = commit(result)
    assert (outcome.created, outcome.errors) == (3, 0)

    first, second, third = Ticket.select().order_by(Ticket.created_at)
    assert {t.category for t in (first, second, third)} == {"complaint"}
    assert (first.severity, second.severity, third.severity) == ("serious", "minor", "critical")
    # no 分级类型 in a complaint sheet: the priority follows the severity
    assert (first.priority, second.priority, third.priority) == ("important", "normal", "urgent")
    assert (first.created_at, first.complaint_type, first.demand, first.mood, first.department) == (
        dt.datetime(2024, 3, 4, 9, 30), "产品质量", "要求更换新机", "愤怒", "售后部")
    assert (first.solution, first.resolution_due, first.complaint_result, first.callback_at) == (
        "48小时内上门更换", dt.datetime(2024, 3, 6, 18), "已更换，客户认可", dt.datetime(2024, 3, 7, 10))
    assert first.stage == "callback" and second.stage == "received"
    assert (second.complaint_type, third.complaint_type) == ("安装师傅迟到", "其他")
    assert first.description == "" and first.notes == ""  # nothing landed in the wrong field

    exported = _exported(export("complaints", tmp_path / "导出.xlsx").path)
    expected = [{k: (None if v == "" else v) for k, v in row.items()} for row in COMPLAINTS]
    assert exported == expected
    # and importing the export again creates nothing
    assert commit(preview(tmp_path / "导出.xlsx", kind)).created == 0


def test_the_cli_imports_the_complaint_template_with_and_without_the_kind(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "crm.db"
    book = openpyxl.Workbook()
    book.active.append(["客户编号", "客户名称"])
    book.active.append(["C0001", "深圳市华强电子有限公司"])
    book.active.append(["C0002", "东莞鑫源精密制造有限公司"])
    book.save(tmp_path / "客户.xlsx")
    assert main(["import", str(tmp_path / "客户.xlsx"), "--db", str(db), "--json"]) == 0
    capsys.readouterr()
    filled = _filled_complaint_template(tmp_path / "投诉.xlsx")
    assert main(["import", str(filled), "--db", str(db), "--json", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 3
    assert main(["import", str(filled), "--db", str(db), "--json", "--kind", "tickets"]) == 0
    assert json.loads(capsys.readouterr().out) == {"rows": 3, "created": 3, "updated": 0, "duplicates": 0,
                                                   "errors": 0, "batch": 2}
    assert main(["export", "complaints", str(tmp_path / "out.xlsx"), "--db", str(db)]) == 0
    assert len(_exported(tmp_path / "out.xlsx")) == 3


LEDGER = ["工单编号", "客户名称", "问题类型", "问题描述", "分级类型", "投诉等级", "受理时间", "预计解决时间", "实际解决时间",
          "处理人"]


def test_complaint_rows_of_a_ticket_ledger_count_as_complaints(db, tmp_path: Path) -> None:
    """Hand-computed: the default SLA gives a complaint of severity 一般 one working day of
    7.5 h (09:00–12:00, 13:30–18:00); March 2024 has no holiday in the week of the 4th or the 11th.

    001 故障报修                         → fault
    002 产品质量, no 投诉等级, no due     → complaint 产品质量, due Mon 10:00 + 7.5 h = Tue 03-05 10:00,
                                           resolved 03-05 16:00: late
    003 服务失误, 严重, due 03-08 18:00   → complaint, resolved 03-07 11:00: on time
    004 投诉, 一般, due 03-11 18:00       → complaint without a type, resolved 03-12 09:30: late
    005 使用咨询                         → usage
    006 质量问题, open, no due           → complaint, due Wed 03-13 09:00 + 7.5 h = 03-13 18:00:
                                           still open on 04-01, so breached
    投诉数 = 4; 投诉处理及时率 = on time 1 / (3 resolved with a due + 1 breached open) = 25 %.
    """
    Staff.create(name="刘工")
    Customer.create(code="C0001", name="深圳市华强电子有限公司", name_norm="深圳市华强电子", type="customer",
                    importance="B")
    rows = [
        ["GD20240304-001", "深圳市华强电子有限公司", "故障报修", "主轴异响", "一般", "", "2024-03-04 09:00", "", "2024-03-05 10:00", "刘工"],
        ["GD20240304-002", "深圳市华强电子有限公司", "产品质量", "外壳开裂", "重要", "", "2024-03-04 10:00", "", "2024-03-05 16:00", "刘工"],
        ["GD20240306-001", "深圳市华强电子有限公司", "服务失误", "漏发配件", "重要", "严重", "2024-03-06 09:00", "2024-03-08 18:00", "2024-03-07 11:00", ""],
        ["GD20240311-001", "深圳市华强电子有限公司", "投诉", "态度差", "一般", "一般", "2024-03-11 09:00", "2024-03-11 18:00", "2024-03-12 09:30", ""],
        ["GD20240312-001", "深圳市华强电子有限公司", "使用咨询", "怎么导出", "一般", "", "2024-03-12 09:00", "", "2024-03-12 10:00", ""],
        ["GD20240313-001", "深圳市华强电子有限公司", "质量问题", "异味", "一般", "", "2024-03-13 09:00", "", "", ""],
    ]
    book = openpyxl.Workbook()
    book.active.append(LEDGER)
    for line in rows:
        book.active.append(line)
    book.save(tmp_path / "工单台账.xlsx")
    result = preview(tmp_path / "工单台账.xlsx")
    assert result.kind == "tickets" and [r.status for r in result.rows] == ["new"] * 6
    commit(result)
    tickets = {t.number: t for t in Ticket.select()}
    assert [(n, tickets[n].category, tickets[n].complaint_type) for n in sorted(tickets)] == [
        ("GD20240304-001", "fault", ""), ("GD20240304-002", "complaint", "产品质量"),
        ("GD20240306-001", "complaint", "服务失误"), ("GD20240311-001", "complaint", ""),
        ("GD20240312-001", "usage", ""), ("GD20240313-001", "complaint", "质量问题")]
    assert tickets["GD20240304-002"].resolution_due == dt.datetime(2024, 3, 5, 10)
    assert tickets["GD20240313-001"].resolution_due == dt.datetime(2024, 3, 13, 18)
    assert tickets["GD20240306-001"].resolution_due == dt.datetime(2024, 3, 8, 18)  # the ledger's own due is kept
    assert tickets["GD20240304-001"].resolution_due is None  # only complaints get the SLA's due

    march = kpi.values(kpi.Period.month(2024, 3), as_of=dt.datetime(2024, 4, 1, 12)).values
    assert march["complaints"] == 4
    assert march["complaint_on_time"] == pytest.approx(0.25)
