"""The import wizard and the import history (pytest-qt, operations run inline)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMainWindow, QMenu

from crmdesk.core.store.models import Customer, ImportBatch

HEADER = ["序号", "公司名称", "联系人", "手机", "所属行业", "备注"]
GOOD = [[1, "深圳市华强电子有限公司", "张伟", "13812345678", "电子", ""],
        [2, "广州市天河贸易有限公司", "李娜", "139 1234 5678", "贸易", "老客户"],
        [3, "东莞市长安五金厂", "王强", "+86 137-0000-1111", "制造", ""]]
BAD = [4, "", "赵六", "13812340000", "家具", "没有公司名称"]
WARN = [5, "佛山市顺德家具公司", "孙七", "1381234", "家具", "手机号不全"]  # imported without the mobile


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A customer ledger as offices keep them: a merged title row, synonyms, one row without a name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户台账"
    sheet.append(["某某公司客户台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for row in [*GOOD, BAD, WARN]:
        sheet.append(row)
    path = tmp_path / "客户台账.xlsx"
    book.save(path)
    return path


def _wizard(qtbot, ledger: Path):
    from crmdesk.ui.excel.import_wizard import ImportWizard

    wizard = ImportWizard(folder=ledger.parent)
    qtbot.addWidget(wizard)
    wizard.restart()
    wizard.file_page.set_path(ledger)
    return wizard


def test_wizard_reads_maps_previews_and_imports(qtbot, qtmodeltester, db, sync_ops, ledger: Path) -> None:
    from crmdesk.ui.excel.import_wizard import STATUS_COLORS

    wizard = _wizard(qtbot, ledger)
    page = wizard.file_page
    assert page.isComplete() and wizard.info.guessed_kind == "customers"
    assert wizard.info.header_row == 2 and not page.encoding_combo.isEnabled()
    assert page.guess_label.text()  # the headers look like customers

    wizard.next()  # sheet and header row
    assert wizard.currentPage() is wizard.sheet_page
    assert wizard.sheet_page.header_spin.value() == 2
    assert wizard.sheet_page.sheet_combo.currentText() == "客户台账"
    assert wizard.sheet_page.rows_table.item(1, 1).text() == "公司名称"
    assert wizard.sheet_page.rows_table.item(1, 1).font().bold()
    wizard.sheet_page.header_spin.setValue(1)  # the title row would be a poor header ...
    assert wizard.header_row == 1
    wizard.sheet_page.header_spin.setValue(2)  # ... back to the detected one
    assert wizard.sheet_page.isComplete()

    wizard.next()  # mapping, suggested from the synonyms
    mapping_page = wizard.mapping_page
    assert mapping_page.mapping() == {1: "name", 2: "contact", 3: "mobile", 4: "industry", 5: "notes"}
    assert mapping_page.isComplete()
    mapping_page.set_field(1, "")  # without a customer name the import cannot go on
    assert not mapping_page.isComplete() and "客户名称" in mapping_page.error_label.text()
    mapping_page.set_field(1, "name")
    mapping_page.save_preset("老台账")
    assert mapping_page.preset_combo.currentText() == "老台账"
    mapping_page.set_field(5, "")
    mapping_page.preset_combo.setCurrentIndex(mapping_page.preset_combo.findText("老台账"))
    mapping_page.preset_combo.activated.emit(mapping_page.preset_combo.currentIndex())
    assert mapping_page.mapping()[5] == "notes"  # the preset brought the column back

    wizard.next()  # preview
    preview_page = wizard.preview_page
    model = preview_page.model
    qtmodeltester.check(model)
    assert wizard.preview.counts == {"new": 4, "update": 0, "duplicate": 0, "error": 1}
    assert model.rowCount() == 5
    assert "Error 1" in preview_page.counts_label.text() and "Warnings 1" in preview_page.counts_label.text()
    statuses = [model.index(r, 1).data() for r in range(5)]
    assert statuses == ["New", "New", "New", "Error", "New ⚠"]
    error_index = model.index(3, 1)
    assert model.data(error_index, 8).color() == QColor(STATUS_COLORS["error"][1])  # BackgroundRole
    assert model.data(error_index, 9).color() == QColor(STATUS_COLORS["error"][0])  # ForegroundRole
    assert model.data(model.index(0, 1), 8).color() == QColor(STATUS_COLORS["new"][1])
    # the reasons are the third column, readable without scrolling or hovering
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Reasons"
    assert "客户名称" in model.index(3, 2).data() and "手机" in model.index(4, 2).data()
    assert model.index(4, 5).data() == "1381234"  # the set-aside value as it was in the file
    assert model.index(3, 0).data() == "6"  # the row number in the file
    preview_page.view.selectRow(4)  # … and whole, wrapped, in the pane below
    assert "手机号码应为以1开头的11位数字" in preview_page.details.toPlainText()
    assert preview_page.details.lineWrapMode() != preview_page.details.LineWrapMode.NoWrap
    preview_page.filter_combo.setCurrentIndex(preview_page.filter_combo.findData("error"))
    assert model.rowCount() == 1 and model.row_result(0).source_row == 6
    preview_page.filter_combo.setCurrentIndex(preview_page.filter_combo.findData("warning"))
    assert model.rowCount() == 1 and model.row_result(0).source_row == 7
    preview_page.filter_combo.setCurrentIndex(0)
    assert model.rowCount() == 5
    assert Customer.select().count() == 0  # nothing written by the preview
    assert preview_page.isComplete()

    with qtbot.waitSignal(wizard.imported, timeout=10000) as signal:
        wizard.next()  # Import
    result = signal.args[0]
    assert wizard.currentPage() is wizard.summary_page
    assert (result.rows, result.created, result.updated, result.duplicates, result.errors) == (5, 4, 0, 0, 1)
    assert {c.name for c in Customer.select()} == {row[1] for row in [*GOOD, WARN]}
    summary = wizard.summary_page
    assert summary.numbers["errors"].text() == "1" and summary.numbers["created"].text() == "4"
    assert summary.numbers["warnings"].text() == "1"
    assert summary.numbers["batch"].text() == str(result.batch)
    assert result.error_workbook == ledger.with_name("客户台账_错误行.xlsx") and result.error_workbook.exists()
    assert not summary.open_errors_button.isHidden()
    book = openpyxl.load_workbook(result.error_workbook)
    assert [c.value for c in book["错误数据"][2]][:4] == [4, None, "赵六", "13812340000"]
    assert [c.value for c in book["警告"][2]][:4] == [5, "佛山市顺德家具公司", "孙七", "1381234"]


def test_preview_failure_and_cancel_stay_on_the_page(qtbot, db, sync_ops, ledger: Path, tmp_path: Path,
                                                    monkeypatch) -> None:
    from crmdesk.core.store.errors import OperationCancelled
    from crmdesk.io.importing import service as importer

    def cancelled(*_args, **_kwargs):
        raise OperationCancelled()

    wizard = _wizard(qtbot, ledger)
    wizard.next()
    wizard.next()
    wizard.mapping_page.set_field(3, "")  # no mobile column: allowed for customers
    wizard.next()
    assert wizard.preview.counts["error"] == 1  # the row without a name
    monkeypatch.setattr(importer, "commit", cancelled)  # the user pressed Cancel in the progress dialog
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page and wizard.result is None
    assert wizard.preview_page.error_label.text() == "The import was cancelled; nothing was written."
    assert Customer.select().count() == 0
    monkeypatch.setattr(importer, "preview", cancelled)
    wizard.preview_page.recheck_button.click()
    assert wizard.preview is None and not wizard.preview_page.isComplete()
    bogus = tmp_path / "notes.xlsx"
    bogus.write_text("not a workbook")
    wizard.restart()
    wizard.file_page.set_path(bogus)
    assert not wizard.file_page.isComplete()
    assert "notes.xlsx" in wizard.file_page.error_label.text()


def test_history_lists_and_undoes_a_batch(qtbot, db, sync_ops, ledger: Path, monkeypatch) -> None:
    from crmdesk.io.importing import service as importer
    from crmdesk.ui import widgets
    from crmdesk.ui.excel.import_history import ImportHistoryDialog
    from crmdesk.ui.operations.runner import get_broadcaster

    outcome = importer.commit(importer.preview(ledger))
    assert Customer.select().count() == 4
    dialog = ImportHistoryDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == ledger.name and dialog.table.item(0, 5).text() == "4"
    assert not dialog.undo_button.isEnabled()
    dialog.select_batch(outcome.batch)
    assert dialog.undo_button.isEnabled()
    monkeypatch.setattr(widgets, "confirm", lambda *args: False)
    dialog.undo_button.click()
    assert Customer.select().count() == 4  # the user said no
    asked = []
    monkeypatch.setattr(widgets, "confirm", lambda parent, title, text: asked.append(text) or True)
    with qtbot.waitSignal(get_broadcaster().changed, timeout=5000) as signal:
        dialog.undo_button.click()
    assert signal.args[0].customers
    assert str(outcome.batch) in asked[0]
    assert Customer.select().count() == 0
    assert ImportBatch.get_by_id(outcome.batch).status == "undone"
    assert dialog.table.item(0, 9).text() != "Imported" and not dialog.undo_button.isEnabled()


def test_install_enables_import_and_adds_history(qtbot, db, sync_ops) -> None:
    from crmdesk.ui.excel import import_actions

    window = QMainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().addMenu("&File")
    window.import_action = file_menu.addAction("&Import from Excel…")
    window.export_action = file_menu.addAction("&Export to Excel…")
    window.import_action.setEnabled(False)
    history = import_actions.install(window)
    assert window.import_action.isEnabled()
    assert file_menu.actions() == [window.import_action, history, window.export_action]
    assert isinstance(file_menu, QMenu)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_menu_entries_open_the_wizard_and_the_history(qtbot, db, sync_ops) -> None:
    from crmdesk.ui.excel import import_actions
    from crmdesk.ui.excel.import_history import ImportHistoryDialog
    from crmdesk.ui.excel.import_wizard import ImportWizard

    window = QMainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().addMenu("&File")
    window.import_action = file_menu.addAction("&Import from Excel…")
    history = import_actions.install(window)
    window.import_action.trigger()
    history.trigger()
    assert len(window.findChildren(ImportWizard)) == 1
    assert len(window.findChildren(ImportHistoryDialog)) == 1
    for dialog in [*window.findChildren(ImportWizard), *window.findChildren(ImportHistoryDialog)]:
        dialog.close()


def test_another_crms_export_needs_no_hand_mapping(qtbot, db, sync_ops, tmp_path: Path) -> None:
    """Issue #20: a 悟空CRM export is named, mapped, its columns explained, its people offered as staff."""
    from crmdesk.core.store.models import Staff
    from crmdesk.ui.excel.import_preview import CREATE, LEAVE_OUT
    from tests.helpers import crm_exports as x

    boss = Staff.create(name="王老板")
    data = x.firms(10)
    wizard = _wizard(qtbot, x.wukong11_customer_export(tmp_path / "客户信息.xlsx", data))
    assert wizard.info.source_label == "悟空CRM 11 客户导出"
    assert "悟空CRM 11 客户导出" in wizard.file_page.guess_label.text()
    wizard.next()
    wizard.next()  # mapping: done from the headers, the layout named
    assert not wizard.mapping_page.source_label.isHidden() and wizard.mapping_page.isComplete()
    headers = wizard.headers()
    mapped = {headers[c]: k for c, k in wizard.mapping_page.mapping().items()}
    assert mapped["地区定位"] == "region" and mapped["网址"] == "memo" and "锁定状态" not in mapped
    wizard.next()  # preview
    page = wizard.preview_page
    assert "悟空CRM 11 客户导出" in page.source_label.text() and not page.source_label.isHidden()
    assert "还不是系统中的员工" in page.notices_label.text()
    columns = {page.columns_table.item(r, 0).text(): page.columns_table.item(r, 1).text()
               for r in range(page.columns_table.rowCount())}
    assert columns["锁定状态"] == "ignored: means nothing here" and columns["网址"] == "the notes (网址)"
    assert columns["客户级别"] == "重要等级"
    assert page.staff_table.rowCount() == 5 and page.tabs.tabText(2) == "New staff (5)"
    page.set_staff_choice("王建国", boss.id)
    page.set_staff_choice("李秀英", LEAVE_OUT)
    page.set_staff_choice("张伟", CREATE)
    assert wizard.staff_plan == {"王建国": boss.id, "李秀英": None}  # the others: new staff (the default)
    with qtbot.waitSignal(wizard.imported, timeout=10000) as signal:
        wizard.next()
    assert signal.args[0].created == 10
    assert {s.name for s in Staff.select()} == {"王老板", "张伟", "刘洋", "陈静"}
