"""The staff-and-departments sheet and the routing table in Excel: exported, edited, imported back."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.org import departments, rules
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import Department, Staff
from crmdesk.io.excel.org_sheets import (
    ROUTING_SHEET,
    STAFF_SHEET,
    import_people,
    import_routing,
    write_people,
    write_routing,
)
from tests.helpers.org import make_firm, seed_rules

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _sheet(path: Path, header: list[str], rows: list[list[object]], title: str = "") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_old_staff_list_builds_the_departments(db, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "人员名单.xlsx", ["员工姓名", "所属部门", "岗位", "联系电话", "部门负责人"], [
        ["陈静", "客服部", "客服主管", "0571-1", "是"],
        ["刘洋", "客服部", "客服专员", "", ""],
        ["王磊", "技术部", "售后工程师", "", "是"],
        ["钱芳", "销售部", "客户经理", "", ""],
        ["张总", "", "总经理", "", ""],
    ], title="杭州科美 人员名单")
    outcome = import_people(path)
    assert (outcome.rows, outcome.created, outcome.updated) == (5, 5, 0)
    found = {d.name: d for d in departments.departments()}
    assert set(found) == {"客服部", "技术部", "销售部"}
    assert found["客服部"].head == "陈静" and found["技术部"].head == "王磊"
    roles = {s.name: s.role for s in Staff.select()}
    # 客服主管 is a clerk role word before it is a head word: the head is the 部门负责人 column
    assert roles == {"陈静": "clerk", "刘洋": "clerk", "王磊": "engineer", "钱芳": "account_manager", "张总": "owner"}
    assert Staff.get(Staff.name == "陈静").phone == "0571-1"


def test_the_export_round_trips_and_edits_apply(db, tmp_path: Path) -> None:
    firm = make_firm()
    path = write_people(tmp_path / "员工.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == STAFF_SHEET.headers
    rows = {row[0]: list(row) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["王磊"][1:] == ["技术部", "工程师", None, "是", "否", "是"]
    assert rows["张总"][1] is None
    assert import_people(path).created == 0  # nothing new in the firm's own export
    for r, row in enumerate(sheet.iter_rows(min_row=2), start=2):  # 孙涛 moves to 产品部 and leads it
        if row[0].value == "孙涛":
            sheet.cell(r, 2).value = "产品部"
            sheet.cell(r, 5).value = "是"
        if row[0].value == "郑丽":
            sheet.cell(r, 5).value = "否"
    sheet.append(["新人", "培训部", "工程师", "", "否", "否", "是"])
    book.save(path)
    outcome = import_people(path)
    assert (outcome.created, outcome.updated) == (1, 11)
    assert Department.get_by_id(firm.departments["产品部"]).head_id == firm.people["孙涛"]
    assert departments.by_name("培训部") is not None


def test_a_bad_row_is_named_and_nothing_is_written(db, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "x.xlsx", ["姓名", "部门", "角色", "部门主管"], [
        ["甲", "客服部", "客服", "是"], ["乙", "客服部", "客服", "是"]])
    with pytest.raises(KnownError, match=re.escape("x.xlsx：第 3 行 · 部门主管：客服部已由 甲 担任（第 2 行）")):
        import_people(path)
    assert Staff.select().count() == 0 and Department.select().count() == 0
    bad_role = _sheet(tmp_path / "y.xlsx", ["姓名", "角色"], [["甲", "保安"]])
    with pytest.raises(KnownError, match=re.escape("y.xlsx 第 2 行：角色“保安”不是可选值")):
        import_people(bad_role)
    with pytest.raises(KnownError, match="没有“姓名”列"):
        import_people(_sheet(tmp_path / "z.xlsx", ["部门", "角色"], [["客服部", "客服"]]))


def test_the_routing_table_exports_and_imports_back(db, tmp_path: Path) -> None:
    firm = make_firm()
    seed_rules(firm)
    before = rules.rules()
    path = write_routing(tmp_path / "规则.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ROUTING_SHEET.headers
    second = [c.value for c in sheet[3]]
    assert second[1:] == ["需求建议", None, None, "不限", "产品部", "在办最少", "工程师", None, 3, "工作日",
                          "需求可行性反馈", "是"]
    outcome = import_routing(path)
    assert (outcome.rows, outcome.created, outcome.updated) == (5, 0, 5)
    assert rules.rules() == before
    # the owner writes the fallback rule over rule 1 (rule 1 goes) and switches off the fault rule
    sheet.move_range("A6:M6", rows=-4)
    sheet.cell(5, 13).value = "否"
    book.save(path)
    import_routing(path, dry_run=True)
    assert rules.rules() == before  # a dry run writes nothing
    import_routing(path)
    after = rules.rules()
    assert [r.department for r in after] == ["客服部", "产品部", "客服部", "技术部"]
    assert after[0].id == before[4].id and before[0].id not in {r.id for r in after}
    assert after[3].active is False


def test_a_bad_rule_is_named(db, tmp_path: Path) -> None:
    make_firm()
    path = _sheet(tmp_path / "r.xlsx", ROUTING_SHEET.names, [["", "投诉", "", "", "", "维修部", "", "", "", "", "", "", ""]])
    with pytest.raises(KnownError, match=re.escape("r.xlsx：第 1 条规则 · 责任部门：没有名为“维修部”的部门")):
        import_routing(path)
    path = _sheet(tmp_path / "s.xlsx", ROUTING_SHEET.names, [["", "报修", "", "", "", "技术部", "", "", "", "", "", "", ""]])
    with pytest.raises(KnownError, match=re.escape("s.xlsx 第 2 行：工单类型“报修”不是可选值")):
        import_routing(path)
