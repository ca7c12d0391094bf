"""责任部门 of the complaint sheet and of ticket ledgers lands on the ticket's department (docs/spec.md §13)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.org import departments
from crmdesk.core.store.models import Customer, Ticket
from crmdesk.io.excel.export import export
from crmdesk.io.importing.service import commit, preview
from tests.helpers.org import make_firm

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编号", "客户编号", "投诉时间", "问题类型", "投诉等级", "责任部门"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_matching_name_becomes_the_department_and_the_text_is_kept(db, tmp_path: Path) -> None:
    firm = make_firm()
    Customer.create(code="C0001", name="华强", name_norm="华强", type="customer", importance="B")
    path = _ledger(tmp_path / "投诉.xlsx", [
        ["GD20240304-001", "C0001", "2024-03-04 09:30", "产品质量", "严重", " 产品部 "],
        ["GD20240304-002", "C0001", "2024-03-04 10:30", "服务态度", "一般", "售后部"],
        ["GD20240304-003", "C0001", "2024-03-04 11:30", "其他", "一般", ""],
    ])
    result = preview(path)
    assert "责任部门“售后部”不在部门列表中，按原文保留" in result.rows[1].reasons
    commit(result)
    first, second, third = Ticket.select().order_by(Ticket.number)
    assert (first.department_id, first.department) == (firm.departments["产品部"], "产品部")
    assert (second.department_id, second.department) == (None, "售后部")
    assert (third.department_id, third.department) == (None, "")
    # renamed since: the export writes the department's name now, so the file imports back onto it
    departments.rename(firm.departments["产品部"], "产品研发部")
    sheet = openpyxl.load_workbook(export("complaints", tmp_path / "导出.xlsx").path).worksheets[0]
    assert [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["产品研发部", "售后部", None]
