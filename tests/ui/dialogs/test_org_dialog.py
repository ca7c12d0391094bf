"""设置 → 部门与分派, tried as an owner would: departments with people, the routing table, the RACI matrix and
the service policy exported from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmdesk.core.org import departments, raci, rules
from crmdesk.core.store.models import Staff
from crmdesk.ui.dialogs import raci_editor, routing_editor
from crmdesk.ui.dialogs.org_dialog import OrgDialog
from tests.helpers.org import make_firm, seed_rules
from tests.helpers.pdf import pdf_text


@pytest.fixture
def firm(db):
    firm = make_firm()
    seed_rules(firm)
    return firm


@pytest.fixture
def dialog(qtbot, firm, sync_ops) -> OrgDialog:
    widget = OrgDialog()
    qtbot.addWidget(widget)
    return widget


def _row_of(table, text: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == text)


def test_departments_with_heads_members_and_roles(zh, dialog, firm, monkeypatch) -> None:
    page = dialog.departments_page
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert names == ["客服部", "技术部", "产品部", "销售部"]
    page.table.selectRow(_row_of(page.table, "产品部"))
    assert page.head_combo.currentText() == "郑丽"
    assert [page.head_combo.itemText(i) for i in range(page.head_combo.count())] == ["（无）", "吴刚", "周敏", "郑丽"]
    # 吴刚 becomes the default person of 产品部
    page.default_combo.setCurrentIndex(page.default_combo.findText("吴刚"))
    page.default_combo.activated.emit(page.default_combo.currentIndex())
    assert departments.department(firm.departments["产品部"]).default_person == "吴刚"
    assert page.table.item(_row_of(page.table, "产品部"), 2).text() == "吴刚"
    # 孙涛 moves from 技术部 to 产品部 as 客户经理, from the people table
    row = _row_of(page.people_table, "孙涛")
    dept, role = page.people_table.cellWidget(row, 1), page.people_table.cellWidget(row, 2)
    dept.setCurrentIndex(dept.findText("产品部"))
    role.setCurrentIndex(role.findText("客户经理"))
    role.activated.emit(role.currentIndex())
    moved = Staff.get_by_id(firm.people["孙涛"])
    assert moved.department_id == firm.departments["产品部"] and moved.role == "account_manager"
    # a new department, added and then switched off (kept, not deleted)
    from crmdesk.ui.dialogs import org_dialog

    monkeypatch.setattr(org_dialog.QInputDialog, "getText", lambda *a, **k: ("质检部", True))
    page.add_button.click()
    assert departments.by_name("质检部") is not None
    assert page.current().name == "质检部"
    page.toggle_button.click()
    assert not departments.by_name("质检部").active
    assert page.table.item(_row_of(page.table, "质检部"), 3).text() == "已停用"
    assert page.table.item(_row_of(page.table, "产品部"), 4).text() == "吴刚、周敏、孙涛、郑丽"
    # the routing page offers only the departments in use
    combo = dialog.routing_page.table.cellWidget(0, routing_editor.DEPARTMENT)
    assert "质检部" not in [combo.itemText(i) for i in range(combo.count())]


def test_the_routing_table_edited_saved_and_refused_by_line(zh, dialog, firm, monkeypatch) -> None:
    editor = dialog.routing_page
    assert editor.table.rowCount() == 5
    first = editor.rows()[0]
    assert (first.category, first.complaint_type, first.department, first.pick, first.role) == (
        "complaint", "产品质量", "产品部", "least_open", "engineer")
    assert editor.rows()[1].resolution_amount == 3 and editor.rows()[1].resolution_unit == "working_days"
    # a new rule: 战略 customers' faults to 技术部's default person, answered within 2 h; moved to the top
    r = editor.add_rule(rules.RuleRow(None))
    w = lambda c: editor.table.cellWidget(r, c)  # noqa: E731
    w(routing_editor.CATEGORY).setCurrentIndex(w(routing_editor.CATEGORY).findData("fault"))
    w(routing_editor.TIER).setCurrentIndex(w(routing_editor.TIER).findData("strategic"))
    w(routing_editor.DEPARTMENT).setCurrentIndex(w(routing_editor.DEPARTMENT).findText("技术部"))
    w(routing_editor.PICK).setCurrentIndex(w(routing_editor.PICK).findData("default"))
    w(routing_editor.RESPONSE).setValue(2)
    editor.table.selectRow(r)
    for _ in range(5):
        editor.up_button.click()
    editor.save_button.click()
    stored = rules.rules()
    assert len(stored) == 6
    assert (stored[0].category, stored[0].tier, stored[0].department, stored[0].pick, stored[0].response_hours) == (
        "fault", "strategic", "技术部", "default", 2)
    assert stored[1].complaint_type == "产品质量"
    assert stored[2].note == "需求可行性反馈"  # what the table does not show is not lost either
    # a line without a department is refused by its number, and nothing is written
    shown: list[str] = []
    monkeypatch.setattr(routing_editor, "show_known_error", lambda error, parent=None: shown.append(error.message))
    r = editor.add_rule(rules.RuleRow(None))
    editor.table.cellWidget(r, routing_editor.DEPARTMENT).setCurrentIndex(-1)
    editor.save_button.click()
    assert shown and "第 7 条规则" in shown[0] and "责任部门" in shown[0]
    assert len(rules.rules()) == 6


def test_the_matrix_edited_and_the_policy_exported_with_it(zh, dialog, firm, monkeypatch, tmp_path: Path) -> None:
    editor = dialog.raci_page
    names = [editor.table.horizontalHeaderItem(c).text() for c in range(editor.table.columnCount())]
    assert names == ["客服部", "技术部", "产品部", "销售部", "老板 / 主管"]
    assert editor.table.item(0, 0).text() == "R/A"  # 客服部 receives (suggested from its clerks)
    # the owner makes 产品部 consulted when a ticket is classified
    product = names.index("产品部")
    editor.table.item(1, product).setText("c")
    editor.save_button.click()
    assert raci.matrix().cell("classified", str(firm.departments["产品部"])) == "C"
    assert editor.table.item(1, product).text() == "C"
    out = tmp_path / "规范.pdf"
    monkeypatch.setattr(raci_editor, "policy_file_name", lambda parent: str(out))
    editor.export_button.click()
    assert out.is_file() and editor.policy_preview is not None
    text = "".join(pdf_text(out).split())
    assert "《售后服务流程规范》" in text and "《客户资料管理制度》" in text and "投诉·产品质量" in text
    # bad letters are refused and the stored matrix stays
    shown: list[str] = []
    monkeypatch.setattr(raci_editor, "show_known_error", lambda error, parent=None: shown.append(error.message))
    editor.table.item(1, product).setText("X")
    editor.save_button.click()
    assert shown and "R、A、C、I" in shown[0]
    assert raci.matrix().cell("classified", str(firm.departments["产品部"])) == "C"


def test_the_sheets_go_out_to_excel_and_come_back(zh, dialog, firm, monkeypatch, tmp_path: Path) -> None:
    import openpyxl

    from crmdesk.ui.dialogs import org_sheets_bar

    staff_file, rules_file = tmp_path / "员工.xlsx", tmp_path / "规则.xlsx"
    files = {"staff": staff_file, "routing": rules_file}
    monkeypatch.setattr(org_sheets_bar, "sheet_file_name", lambda parent, kind, saving: str(files[kind]))
    dialog.departments_page.sheet_bar.export_button.click()
    dialog.routing_page.sheet_bar.export_button.click()
    book = openpyxl.load_workbook(staff_file)
    header = [c.value for c in book.worksheets[0][1]]
    row = [""] * len(header)
    row[0], row[1], row[2] = "何静", "产品部", "工程师"
    book.worksheets[0].append(row)
    book.save(staff_file)
    dialog.departments_page.sheet_bar.import_button.click()
    page = dialog.departments_page
    assert Staff.get(Staff.name == "何静").department_id == firm.departments["产品部"]
    assert "何静" in page.people_table.item(_row_of(page.people_table, "何静"), 0).text()  # the page shows it
    book = openpyxl.load_workbook(rules_file)
    sheet = book.worksheets[0]
    sheet.delete_rows(2)  # the 产品质量 rule goes
    book.save(rules_file)
    dialog.routing_page.sheet_bar.import_button.click()
    assert [r.complaint_type for r in rules.rules()][:1] == [""] and len(rules.rules()) == 4
    assert dialog.routing_page.table.rowCount() == 4
    # a sheet naming a department nobody has is refused, naming the file and the row, and nothing changes
    shown: list[str] = []
    monkeypatch.setattr(org_sheets_bar, "show_known_error", lambda error, parent=None: shown.append(error.message))
    sheet = book.worksheets[0]
    sheet.cell(2, [c.value for c in sheet[1]].index(next(v for v in [c.value for c in sheet[1]]
                                                          if v and "责任部门" in v)) + 1, "后勤部")
    book.save(rules_file)
    dialog.routing_page.sheet_bar.import_button.click()
    assert shown and "规则.xlsx" in shown[0] and "后勤部" in shown[0]
    assert len(rules.rules()) == 4
