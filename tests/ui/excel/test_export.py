"""The export dialog and the template menu (pytest-qt, operations run inline)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QMainWindow

from crmdesk.core.store.models import AuditLog, Customer

# The offscreen platform says so when a window (here the result message) is shown.
shows_windows = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_dialog_defaults(qtbot, demo_db, out: Path) -> None:
    from crmdesk.ui.excel.export_dialog import ExportDialog

    dialog = ExportDialog(folder=out)
    qtbot.addWidget(dialog)
    assert dialog.kind() == "customers"
    assert dialog.mask_check.isChecked()
    assert dialog.path() == out / f"客户信息登记表-{dt.date.today():%Y%m%d}.xlsx"
    assert dialog.layout_label.text() == "客户信息登记表"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("tickets"))
    assert dialog.path() == out / f"服务工单表-{dt.date.today():%Y%m%d}.xlsx"  # follows the kind ...
    dialog.set_path(out / "mine")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("surveys"))
    assert dialog.path() == out / "mine.xlsx"  # ... until the user names the file
    assert not dialog.mask_check.isEnabled()  # surveys hold no personal data
    dialog.set_path("名单")
    assert dialog.path() == out / "名单.xlsx"  # a bare name goes to the suggested folder


@shows_windows
def test_dialog_exports_with_progress(qtbot, demo_db, sync_ops, out: Path) -> None:
    from crmdesk.ui.excel.export_dialog import ExportDialog

    dialog = ExportDialog(folder=out)
    qtbot.addWidget(dialog)
    target = out / "客户.xlsx"
    dialog.set_path(target)
    before = AuditLog.select().count()
    with qtbot.waitSignal(dialog.exported, timeout=10000) as signal:
        dialog.ok_button.click()
    result = signal.args[0]
    assert target.exists() and result.path == target.absolute()
    assert result.rows == Customer.select().count()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert f"{result.rows:,}" in dialog.result_box.text()
    dialog.result_box.close()
    assert AuditLog.select().count() == before  # masked by default: nothing to audit
    ws = openpyxl.load_workbook(target).worksheets[0]
    assert ws.max_row == result.rows + 1


def test_dialog_shows_a_known_error_and_stays_open(qtbot, demo_db, sync_ops, out: Path) -> None:
    from crmdesk.ui.excel.export_dialog import ExportDialog

    dialog = ExportDialog(folder=out)
    qtbot.addWidget(dialog)
    dialog.set_path(out / "missing" / "x.xlsx")
    dialog.ok_button.click()
    assert not dialog.error_label.isHidden() and "x.xlsx" in dialog.error_label.text()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.ok_button.isEnabled()
    dialog.set_path("")
    dialog.ok_button.click()
    assert dialog.error_label.text()


def test_cancelled_export_leaves_the_dialog_open(qtbot, demo_db, sync_ops, out: Path, monkeypatch) -> None:
    from crmdesk.io.excel import export as export_module
    from crmdesk.ui.excel.export_dialog import ExportDialog

    real_export = export_module.export
    monkeypatch.setattr(export_module, "export", lambda *a, **k: real_export(*a, **{**k, "cancelled": lambda: True}))
    dialog = ExportDialog(folder=out)
    qtbot.addWidget(dialog)
    dialog.ok_button.click()
    assert list(out.iterdir()) == []
    assert dialog.ok_button.isEnabled() and not dialog.error_label.isHidden()


def test_template_menu_and_save(qtbot, sync_ops, out: Path) -> None:
    from crmdesk.io.excel.templates import TEMPLATES
    from crmdesk.ui.excel.actions import save_template, template_menu

    window = QMainWindow()
    qtbot.addWidget(window)
    menu = template_menu(window)
    assert [a.text() for a in menu.actions()] == [t.title + "…" for t in TEMPLATES.values()]
    assert [a.data() for a in menu.actions()] == list(TEMPLATES)
    written = save_template(window, "complaint", out / "投诉")
    assert written == out / "投诉.xlsx" and written.exists()
    assert openpyxl.load_workbook(written).worksheets[0]["A1"].value == "工单编号"


def test_the_menu_bars_template_menu_is_filled_when_first_opened(qtbot) -> None:
    # the window's File menu is built before its first paint: the templates' module loads on opening
    from crmdesk.io.excel.templates import TEMPLATES
    from crmdesk.ui.excel.actions import template_menu

    window = QMainWindow()
    qtbot.addWidget(window)
    menu = template_menu(window, filled=False)
    assert menu.isEmpty()
    menu.aboutToShow.emit()
    menu.aboutToShow.emit()  # opened again: the same seven entries
    assert [a.data() for a in menu.actions()] == list(TEMPLATES)


def test_dialog_kinds_match_the_io_layer() -> None:
    from crmdesk.io.excel.export import KINDS, SOURCES
    from crmdesk.ui.excel.export_dialog import KIND_TEMPLATES, PERSONAL_KINDS

    assert KIND_TEMPLATES == KINDS
    assert {kind for kind, source in SOURCES.items() if source.personal} == PERSONAL_KINDS


@shows_windows
def test_install_wires_the_file_menu(qtbot, demo_db, sync_ops, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from crmdesk.ui.excel import actions
    from crmdesk.ui.excel.export_dialog import ExportDialog
    from crmdesk.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "demo.db", QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    actions.install(window)
    assert window.export_action.isEnabled()
    items = window.menuBar().actions()[0].menu().actions()
    templates = items[items.index(window.export_action) + 1].menu()
    assert templates is not None
    templates.aboutToShow.emit()  # filled when first opened (built before the window's first paint)
    assert len(templates.actions()) == 8
    window.export_action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


@shows_windows
def test_export_of_the_customer_list_as_filtered(qtbot, demo_db, sync_ops, tmp_path: Path) -> None:
    """From the 客户档案 tab, File → Export offers the list as filtered and writes only its rows."""
    from PySide6.QtCore import QSettings

    from crmdesk.core.customers import registry
    from crmdesk.ui.excel import actions
    from crmdesk.ui.excel.export_dialog import ExportDialog
    from crmdesk.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "demo.db", QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    actions.install(window)
    window.tabs.setCurrentIndex(1)
    tab = window._pages["customers"].ensure()
    tab.tier_combo.setCurrentIndex(tab.tier_combo.findData("core"))
    tab.view.sortByColumn(1, tab.view.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    listed = tab.model.rowCount()
    assert 0 < listed < Customer.select().count()
    expected = [Customer.get_by_id(i).code for i in registry.customer_ids(tab.model.query)]

    dialog = actions.open_export_dialog(window)
    assert dialog.listed_radio.isVisible() and dialog.listed_radio.isChecked()
    assert f"{listed}" in dialog.listed_radio.text()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("tickets"))
    assert not dialog.listed_radio.isVisible()  # the customer filter does not select tickets
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("customers"))
    target = tmp_path / "核心客户.xlsx"
    dialog.set_path(target)
    with qtbot.waitSignal(dialog.exported, timeout=10000) as signal:
        dialog.ok_button.click()
    assert signal.args[0].rows == listed
    codes = [row[0] for row in openpyxl.load_workbook(target).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert codes == expected

    second = ExportDialog(window, selection=dialog.selection, folder=tmp_path)
    qtbot.addWidget(second)
    second.all_radio.setChecked(True)
    assert not second.exports_selection()


@shows_windows
def test_export_of_the_ticket_board_as_filtered(qtbot, demo_db, sync_ops, tmp_path: Path) -> None:
    """From the 工单看板 tab, the export offers the tickets the board shows, in the list view's order."""
    from PySide6.QtCore import QSettings

    from crmdesk.core.store.models import Ticket
    from crmdesk.ui.excel import actions
    from crmdesk.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "demo.db", QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    actions.install(window)
    window.tabs.setCurrentIndex(2)
    tab = window._pages["tickets"].ensure()
    tab.priority_combo.setCurrentIndex(tab.priority_combo.findData("urgent"))
    tab.load()
    shown = [card.id for card in tab.list_view.table_model.cards]
    assert shown and all(Ticket.get_by_id(i).priority == "urgent" for i in shown)
    assert len(shown) < Ticket.select().count()

    dialog = actions.open_export_dialog(window)
    assert dialog.kind() == "tickets" and dialog.listed_radio.isVisible() and dialog.exports_selection()
    dialog.mask_check.setChecked(True)
    target = tmp_path / "紧急工单.xlsx"
    dialog.set_path(target)
    with qtbot.waitSignal(dialog.exported, timeout=10000) as signal:
        dialog.ok_button.click()
    assert signal.args[0].rows == len(shown)
    numbers = [row[0] for row in openpyxl.load_workbook(target).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert numbers == [Ticket.get_by_id(i).number for i in shown]
