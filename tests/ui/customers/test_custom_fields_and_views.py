"""Tried as a new user (issue #17): the owner adds 经销商 (choice) and 验收日期 (date) to customers and
sees them in the form, the registry, a filter, the template and an export; a saved view 我的战略客户
opens the registry as saved (also as the user's default); the board keeps its views too."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from crmdesk.core import saved_views
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.customfields import fields
from crmdesk.core.customfields.filters import CustomFilter
from crmdesk.core.firm import staff
from crmdesk.core.store.models import ChangeLog, Customer
from crmdesk.io.excel.export import export
from crmdesk.io.excel.templates import write_template
from crmdesk.ui.customers.dialog import CustomerDialog
from crmdesk.ui.customers.tab import CustomersTab
from crmdesk.ui.customfields.dialog import CustomFieldsDialog, FieldDialog
from crmdesk.ui.customfields.filter_dialog import CustomFilterDialog
from crmdesk.ui.marks import is_marked
from tests.helpers.qt import type_text


def _add_field(qtbot, settings: CustomFieldsDialog, label: str, kind: str, choices: str = "") -> None:
    dialog = FieldDialog(settings.entity, None, settings)
    qtbot.addWidget(dialog)
    type_text(dialog.label_edit, label)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.choices_edit.setPlainText(choices)
    dialog.save()
    assert dialog.result() == 1, dialog.error_label.text()
    settings.load()


def _customer(name: str, kind: str, mobile: str) -> int:
    return customers.save(CustomerInput(name=name, type=kind, contacts=[
        ContactInput(name="张伟", title="经理", mobile=mobile, is_primary=True)])).customer_id


def test_the_owner_adds_two_fields_and_uses_them_everywhere(qtbot, zh, db, sync_ops, tmp_path) -> None:
    owner = staff.add("王强", "owner")
    staff.set_current_operator(owner.id)
    settings = CustomFieldsDialog()
    qtbot.addWidget(settings)
    _add_field(qtbot, settings, "经销商", "choice", "华东一部\n华南二部\n西北三部")
    _add_field(qtbot, settings, "验收日期", "date")
    assert settings.tables["customer"].item(0, 0).text() == "经销商"
    assert settings.tables["customer"].item(1, 1).text() == "日期"
    dealer, accepted = fields.fields("customer")
    other = _customer("东莞市宏达机械有限公司", "strategic", "13900001111")

    # the form: a generated page; a wrong date is refused naming the field, nothing saved
    dialog = CustomerDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.ui.tabs.tabText(dialog.ui.tabs.count() - 1) == "更多信息"
    type_text(dialog.ui.name_edit, "苏州恒信精密制造有限公司")
    dialog.ui.type_combo.setCurrentIndex(dialog.ui.type_combo.findData("strategic"))
    dialog.contacts = [ContactInput(name="陈明", title="总经理", mobile="13912348866", is_primary=True)]
    combo = dialog.custom_form.editors[dealer.id]
    combo.setCurrentIndex(combo.findData("华东一部"))
    type_text(dialog.custom_form.editors[accepted.id], "2024-13-01")
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    assert is_marked(dialog.custom_form.editors[accepted.id])
    assert dialog.ui.error_label.text().startswith("验收日期：")
    assert not Customer.select().where(Customer.name == "苏州恒信精密制造有限公司").exists()
    dialog.custom_form.editors[accepted.id].clear()
    type_text(dialog.custom_form.editors[accepted.id], "2024/5/1")
    with qtbot.waitSignal(dialog.saved):
        dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    mine = Customer.get(Customer.name == "苏州恒信精密制造有限公司").id
    assert customers.load(mine).custom == {dealer.id: "华东一部", accepted.id: "2024-05-01"}
    assert ChangeLog.get(ChangeLog.field == "经销商").operator_name == "王强"

    # the registry: columns, the filter dialog, sorting by the field
    tab = CustomersTab()
    qtbot.addWidget(tab)
    tab.refresh()
    assert tab.model.keys[-2:] == [dealer.key, accepted.key]
    row = tab.model.row_of(mine)
    assert tab.model.data(tab.model.index(row, tab.model.keys.index(dealer.key))) == "华东一部"
    assert tab.model.headerData(tab.model.keys.index(accepted.key), Qt.Orientation.Horizontal) == "验收日期"
    filter_dialog = CustomFilterDialog(tab.model.custom, tab)
    qtbot.addWidget(filter_dialog)
    filter_dialog.field_combo.setCurrentIndex(0)
    filter_dialog.value_combo.setCurrentIndex(filter_dialog.value_combo.findData("华东一部"))
    filter_dialog._on_buttons_accepted()
    tab.add_custom_filter(filter_dialog.result_filter)
    assert tab.model.rowCount() == 1 and tab.model.customer_id(0) == mine
    assert "经销商：华东一部" in tab.custom_label.text()
    tab.custom_label.linkActivated.emit("0")  # the ✕ of the condition
    assert tab.model.rowCount() == 2
    tab.view.sortByColumn(tab.model.keys.index(accepted.key), Qt.SortOrder.AscendingOrder)
    assert [tab.model.customer_id(r) for r in range(2)] == [other, mine]  # no date first

    # a saved view, set as the default: a new registry opens with it
    tab.type_combo.setCurrentIndex(tab.type_combo.findData("strategic"))
    tab.add_custom_filter(CustomFilter(dealer.id, "is", "华东一部"))
    tab.view.horizontalHeader().setSectionHidden(tab.model.keys.index("industry"), True)
    tab.view_picker.save_new("我的战略客户")
    assert tab.view_picker.current.name == "我的战略客户"
    tab.view_picker.toggle_default()
    again = CustomersTab()
    qtbot.addWidget(again)
    again.refresh()
    assert again.view_picker.current is not None and again.view_picker.current.name == "我的战略客户"
    assert again.type_combo.currentData() == "strategic" and again.custom_filters == [
        CustomFilter(dealer.id, "is", "华东一部")]
    assert again.model.rowCount() == 1 and again.model.customer_id(0) == mine
    assert again.view.horizontalHeader().isSectionHidden(again.model.keys.index("industry"))
    assert again.model.query.sort_key == accepted.key

    # the list as shown exported, and the template, both with the fields
    selection = again.list_selection()
    assert "视图“我的战略客户”" in selection.description
    rows = list(openpyxl.load_workbook(export("customers", tmp_path / "view.xlsx", only=selection.only,
                                              mask=True).path).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) == 2 and rows[1][header.index("经销商")] == "华东一部"
    template = openpyxl.load_workbook(write_template("registration", tmp_path / "t.xlsx")).worksheets[0]
    assert [c.value for c in template[1]][-2:] == ["经销商", "验收日期"]


def test_renaming_deleting_and_the_board_views(qtbot, zh, db, sync_ops, monkeypatch) -> None:
    from crmdesk.ui import widgets
    from crmdesk.ui.tickets.tab import TicketsTab

    clerk = staff.add("李晓梅", "clerk")
    staff.set_current_operator(clerk.id)
    board = TicketsTab()
    qtbot.addWidget(board)
    board.refresh()
    board.priority_combo.setCurrentIndex(board.priority_combo.findData("urgent"))
    board.list_button.setChecked(True)
    board.list_view.sort_by("customer", True)
    board.view_picker.save_new("紧急工单")
    board.view_picker.rename_current("紧急工单（列表）")
    board.view_picker.toggle_default()
    fresh = TicketsTab()
    qtbot.addWidget(fresh)
    fresh.refresh()
    assert fresh.view_picker.current.name == "紧急工单（列表）"
    assert fresh.priority_combo.currentData() == "urgent" and fresh.stack.currentWidget() is fresh.list_view
    assert fresh.list_view.sort_state() == ("customer", True)
    monkeypatch.setattr(widgets, "confirm", lambda *_args: True)
    fresh.view_picker.delete_current()
    assert saved_views.views("tickets") == [] and fresh.view_picker.current is None


def test_the_board_filters_by_a_ticket_field_and_keeps_it_in_a_view(qtbot, zh, db, sync_ops) -> None:
    """A clerk narrows the board to the machines of one model (a choice field of tickets): the board,
    the list as exported and a saved view all carry the condition; the ✕ takes it away."""
    from crmdesk.core.customfields import admin
    from crmdesk.core.tickets import service as tickets
    from crmdesk.ui.tickets.tab import TicketsTab

    clerk = staff.add("李晓梅", "clerk")
    staff.set_current_operator(clerk.id)
    model = admin.add("ticket", "设备型号", "choice", choices=["KM-300", "KM-500"])[0]
    cid = _customer("东莞市宏达机械有限公司", "customer", "13900001111")
    km300 = tickets.create(cid, "主轴异响", custom={model.id: "KM-300"}).ticket_id
    tickets.create(cid, "开机报警", custom={model.id: "KM-500"})
    tickets.create(cid, "打印模糊")
    board = TicketsTab()
    qtbot.addWidget(board)
    board.refresh()
    assert board.custom_bar.button.isVisibleTo(board) and board.custom_bar.fields == [model]
    assert len(board.list_view.table_model.cards) == 3
    board.custom_bar.add(CustomFilter(model.id, "is", "KM-300"))
    assert [c.id for c in board.list_view.table_model.cards] == [km300]
    assert "设备型号：KM-300" in board.custom_bar.label.text() and "设备型号：KM-300" in board.list_selection().description
    board.view_picker.save_new("KM-300 工单")
    board.custom_bar.label.linkActivated.emit("0")  # the ✕ of the condition
    assert len(board.list_view.table_model.cards) == 3 and board.custom_bar.filters == []
    board.view_picker.choose(saved_views.get("tickets", "KM-300 工单"))
    assert board.custom_bar.filters == [CustomFilter(model.id, "is", "KM-300")]
    assert [c.id for c in board.list_view.table_model.cards] == [km300]


def test_the_models_with_custom_columns_pass_the_model_tester(qtbot, qtmodeltester, db, sync_ops) -> None:
    import datetime as dt

    from crmdesk.core.customfields import admin
    from crmdesk.core.tickets import service as tickets
    from crmdesk.ui.customers.table_model import RegistryModel
    from crmdesk.ui.tickets.list_view import TicketTableModel

    dealer = admin.add("customer", "经销商", "choice", choices=["华东一部"])[0]
    secret = admin.add("customer", "法人身份证号", "text", sensitive=True)[0]
    model_field = admin.add("ticket", "设备型号", "text")[0]
    cid = customers.save(CustomerInput(name="甲公司", type="customer", custom={dealer.id: "华东一部",
                                                                            secret.id: "110101199001011234"},
                                       contacts=[ContactInput(name="张伟", title="经理", mobile="13812345678",
                                                              is_primary=True)])).customer_id
    model = RegistryModel()
    model.load_columns()
    model.refresh()
    qtmodeltester.check(model)
    assert model.data(model.index(0, model.keys.index(secret.key))) == "****"  # masked in the list
    refused = []
    model.sort_refused.connect(refused.append)
    model.sort(model.keys.index(secret.key))
    assert refused == ["法人身份证号"] and model.query.sort_key == "code"
    tickets.create(cid, "开机报警", custom={model_field.id: "KM-300"})
    from crmdesk.core.tickets import board

    cards = board.columns(board.BoardFilter(), dt.datetime.now()).cards
    table = TicketTableModel()
    table.set_custom([model_field])
    table.set_cards([c for stage in cards.values() for c in stage], dt.datetime.now(), 27_000)
    qtmodeltester.check(table)
    assert table.data(table.index(0, table.keys.index(model_field.key))) == "KM-300"
