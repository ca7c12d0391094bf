"""The registry tab, the customer dialog, the dossier and the registry tools, driven like a user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.core.customers import merge
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.store.models import AuditLog, ChangeLog, Contact, Customer, RecycleBinEntry
from crmdesk.ui import widgets
from crmdesk.ui.customers import dialog as dialog_module
from crmdesk.ui.customers.contact_dialog import ContactDialog
from crmdesk.ui.customers.dialog import CustomerDialog
from crmdesk.ui.customers.dossier import DossierDialog
from crmdesk.ui.customers.tab import CustomersTab
from crmdesk.ui.customers.table_model import RegistryModel
from crmdesk.ui.customers.tools import DuplicatesDialog, RecycleBinDialog
from crmdesk.ui.marks import is_marked
from tests.helpers.qt import type_text


def _typed_contacts(monkeypatch, contacts: list[dict[str, str]]) -> None:
    """Make each ContactDialog.exec type the next contact and press OK, as a user would."""
    queue = list(contacts)

    def fake_exec(self: ContactDialog) -> int:
        values = queue.pop(0)
        for name, text in values.items():
            getattr(self.ui, name).setText(text)
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
        return self.result()

    monkeypatch.setattr(ContactDialog, "exec", fake_exec)


def test_create_a_customer_with_two_contacts_and_find_it_by_mobile_tail(qtbot, db, sync_ops, monkeypatch) -> None:
    tab = CustomersTab()
    qtbot.addWidget(tab)
    tab.refresh()
    dialog = CustomerDialog(None, tab)  # owned by the tab, as in the app
    type_text(dialog.ui.name_edit, "苏州恒信精密制造有限公司")
    dialog.ui.type_combo.setCurrentIndex(dialog.ui.type_combo.findData("customer"))
    dialog.ui.importance_combo.setCurrentIndex(dialog.ui.importance_combo.findData("A"))
    type_text(dialog.ui.tags_edit, "高价值，功能定制")
    _typed_contacts(monkeypatch, [
        {"name_edit": "陈明", "title_edit": "总经理", "mobile_edit": "+86 139-1234-8866"},
        {"name_edit": "周丽", "title_edit": "采购", "mobile_edit": "１５０ ００００ ２２３３", "email_edit": "zhou@hx.cn"},
    ])
    dialog.ui.add_contact_button.click()
    dialog.ui.add_contact_button.click()
    assert dialog.ui.contacts_table.rowCount() == 2
    with qtbot.waitSignal(dialog.saved):
        dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    customer = Customer.get(Customer.name == "苏州恒信精密制造有限公司")
    assert sorted(c.mobile for c in customers.load(customer.id).contacts) == ["13912348866", "15000002233"]
    assert customers.tags_of(customer.id) == ["功能定制", "高价值"]

    qtbot.keyClicks(tab.search_edit, "8866")
    tab.apply_query()
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, 1)) == "苏州恒信精密制造有限公司"
    assert tab.model.data(tab.model.index(0, 7)) == "139****8866"
    tab.search_edit.setText("2233")
    tab.apply_query()
    assert tab.model.customer_id(0) == customer.id


def test_an_invalid_mobile_is_refused_with_its_reason(qtbot, db, sync_ops) -> None:
    contact = ContactDialog()
    qtbot.addWidget(contact)
    contact.ui.name_edit.setText("陈明")
    contact.ui.title_edit.setText("总经理")
    contact.ui.mobile_edit.setText("1391234886")  # 10 digits
    contact.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert contact.result() != QDialog.DialogCode.Accepted
    assert is_marked(contact.ui.mobile_edit)
    assert "11位" in contact.ui.mobile_edit.toolTip()
    assert "11位" in contact.ui.error_label.text()

    # The customer dialog refuses it too (e.g. a contact loaded from elsewhere) and saves nothing.
    dialog = CustomerDialog(None)
    qtbot.addWidget(dialog)
    dialog.ui.name_edit.setText("某公司")
    dialog.contacts = [ContactInput(name="陈明", title="总经理", mobile="1391234886", is_primary=True)]
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert is_marked(dialog.ui.contacts_table)
    assert "联系人手机" in dialog.ui.error_label.text()
    assert dialog.ui.tabs.currentIndex() == 1
    assert Customer.select().count() == 0


def test_a_contact_imported_without_a_title_takes_a_mobile_and_is_marked(qtbot, db, sync_ops) -> None:
    """#14 defect 8: adding a mobile to an imported contact without 职务 is not refused; a new
    contact still needs its 职务; the customer dialog marks the gap in the contacts table."""
    imported = ContactInput(name="李四", title="", mobile="", id=41)
    contact = ContactDialog(imported)
    qtbot.addWidget(contact)
    assert contact.ui.title_edit.placeholderText()  # says why it is empty
    contact.ui.mobile_edit.setText("13900002222")
    contact.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert contact.result() == QDialog.DialogCode.Accepted
    assert contact.value().mobile == "13900002222" and contact.value().title == ""

    typed = ContactDialog(ContactInput())
    qtbot.addWidget(typed)
    typed.ui.name_edit.setText("王五")
    typed.ui.mobile_edit.setText("13700001111")
    typed.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert typed.result() != QDialog.DialogCode.Accepted and is_marked(typed.ui.title_edit)

    dialog = CustomerDialog(None)
    qtbot.addWidget(dialog)
    dialog.contacts = [ContactInput(name="张三", title="", mobile="13812345678", is_primary=True, id=40), imported]
    dialog._show_contacts()
    assert dialog.ui.contacts_table.item(0, 1).text().startswith("⚠") and dialog.ui.contacts_table.item(0, 1).toolTip()
    assert dialog.ui.contacts_table.item(1, 2).text() == ""  # not the primary: a mobile is not required


def test_editing_in_the_dialog_writes_the_change_log(qtbot, db, sync_ops) -> None:
    clerk = staff.add("张伟")
    staff.set_current_operator(clerk.id)
    cid = customers.save(CustomerInput(name="宁波港联物流有限公司", type="customer", importance="B", contacts=[
        ContactInput(name="吴刚", title="经理", mobile="13700001234", is_primary=True)])).customer_id
    dialog = CustomerDialog(cid)
    qtbot.addWidget(dialog)
    dialog.ui.importance_combo.setCurrentIndex(dialog.ui.importance_combo.findData("A"))
    dialog.ui.region_edit.setText("浙江宁波")
    dialog.ui.reason_edit.setText("年度复核")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    rows = {r.field: r for r in ChangeLog.select().where(ChangeLog.reason == "年度复核")}
    assert rows["重要等级"].old_value == "B" and rows["重要等级"].new_value == "A"
    assert rows["所在地区"].new_value == "浙江宁波"
    assert rows["重要等级"].operator_name == "张伟"
    dossier = DossierDialog(cid)
    qtbot.addWidget(dossier)
    texts = [dossier.changes_table.item(r, 1).text() for r in range(dossier.changes_table.rowCount())]
    assert "重要等级" in texts and "所在地区" in texts


def test_the_change_log_names_types_and_tiers_in_chinese(qtbot, db, sync_ops) -> None:
    """Not ``prospect → customer``: the dossier shows 潜在客户 → 成交客户, also for rows written before."""
    cid = customers.save(CustomerInput(name="宁波港联物流有限公司", type="prospect", importance="B", contacts=[
        ContactInput(name="吴刚", title="经理", mobile="13700001234", is_primary=True)])).customer_id
    ChangeLog.create(customer=cid, entity="customer", entity_id=cid, field="客户层级", old_value="ordinary",
                     new_value="core", reason="旧版本写入")
    dialog = CustomerDialog(cid)
    qtbot.addWidget(dialog)
    dialog.ui.type_combo.setCurrentIndex(dialog.ui.type_combo.findData("customer"))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    dossier = DossierDialog(cid)
    qtbot.addWidget(dossier)
    table = dossier.changes_table
    rows = {table.item(r, 1).text(): (table.item(r, 2).text(), table.item(r, 3).text())
            for r in range(table.rowCount())}
    assert rows["客户类型"] == ("潜在客户", "成交客户")
    assert rows["客户层级"] == ("普通", "核心")


def test_duplicate_warning_while_typing(qtbot, db, sync_ops) -> None:
    existing = customers.save(CustomerInput(name="深圳市华强电子有限公司", contacts=[
        ContactInput(name="王建国", title="经理", mobile="13812345678", is_primary=True)]))
    dialog = CustomerDialog(None)
    qtbot.addWidget(dialog)
    type_text(dialog.ui.name_edit, "深圳市华强（电子）股份有限公司")
    qtbot.waitUntil(lambda: not dialog.ui.duplicate_label.isHidden(), timeout=2000)
    assert existing.code in dialog.ui.duplicate_label.text()
    with qtbot.waitSignal(dialog.open_customer_requested) as blocker:
        dialog.ui.duplicate_label.linkActivated.emit(str(existing.customer_id))
    assert blocker.args == [existing.customer_id]


def test_merge_two_duplicates_and_undo(qtbot, db, sync_ops, monkeypatch) -> None:
    a = customers.save(CustomerInput(name="广州天河贸易有限公司", industry="零售", contacts=[
        ContactInput(name="黄一", title="经理", mobile="13500000001", is_primary=True)])).customer_id
    b = customers.save(CustomerInput(name="广州天河贸易股份有限公司", region="广东广州", contacts=[
        ContactInput(name="黄二", title="会计", mobile="13500000002", is_primary=True)])).customer_id
    monkeypatch.setattr(widgets, "confirm", lambda *args: True)
    dialog = DuplicatesDialog()
    qtbot.addWidget(dialog)
    group = dialog.tree.topLevelItem(0)
    assert group.childCount() == 2
    kept_id = group.child(0).data(0, Qt.ItemDataRole.UserRole)
    assert group.child(0).checkState(2) == Qt.CheckState.Checked
    dialog.tree.setCurrentItem(group.child(1))  # the second is merged into the ticked first
    del group  # the dialog rebuilds its tree after the merge
    dialog.merge_button.click()
    assert kept_id == a
    assert Contact.select().where(Contact.customer == kept_id).count() == 2
    assert Customer.get_by_id(b).merged_into_id == a
    assert Customer.get_by_id(a).region == "广东广州"  # empty field filled
    assert dialog.merges_table.rowCount() == 1
    dialog.merges_table.selectRow(0)
    dialog.undo_button.click()
    assert Contact.select().where(Contact.customer == a).count() == 1
    assert Contact.select().where(Contact.customer == b).count() == 1
    assert Customer.get_by_id(b).merged_into_id is None
    assert Customer.get_by_id(a).region == ""
    assert merge.merges()[0].undone_at is not None


def test_archive_and_restore_from_the_dossier(qtbot, db, sync_ops) -> None:
    cid = customers.save(CustomerInput(name="成都蓉城餐饮管理有限公司", contacts=[
        ContactInput(name="刘洋", title="店长", mobile="13600000003", is_primary=True)])).customer_id
    tab = CustomersTab()
    qtbot.addWidget(tab)
    tab.refresh()
    from crmdesk.ui.operations.runner import get_broadcaster
    get_broadcaster().changed.connect(tab.refresh)
    dossier = DossierDialog(cid)
    qtbot.addWidget(dossier)
    dossier.archive_action.trigger()
    assert Customer.get_by_id(cid).status == "archived"
    assert tab.model.rowCount() == 0
    tab.archived_check.setChecked(True)
    assert tab.model.rowCount() == 1
    dossier.archive_action.trigger()
    assert Customer.get_by_id(cid).status == "active"
    get_broadcaster().changed.disconnect(tab.refresh)


def test_delete_and_restore_from_the_recycle_bin(qtbot, db, sync_ops, monkeypatch) -> None:
    cid = customers.save(CustomerInput(name="武汉光谷软件有限公司", contacts=[
        ContactInput(name="郑强", title="CTO", mobile="18600000004", is_primary=True)])).customer_id
    monkeypatch.setattr(widgets, "confirm", lambda *args: True)
    tab = CustomersTab()
    qtbot.addWidget(tab)
    tab.refresh()
    tab.view.selectRow(0)
    tab._delete_selected()
    tab.refresh()
    assert tab.model.rowCount() == 0
    bin_dialog = RecycleBinDialog()
    qtbot.addWidget(bin_dialog)
    assert bin_dialog.table.rowCount() == 1
    assert "武汉光谷软件" in bin_dialog.table.item(0, 0).text()
    bin_dialog.table.selectRow(0)
    bin_dialog.restore_button.click()
    assert RecycleBinEntry.select().count() == 0
    tab.refresh()
    assert tab.model.customer_id(0) == cid


def test_revealing_numbers_is_logged(qtbot, db, sync_ops) -> None:
    cid = customers.save(CustomerInput(name="青岛海风电器有限公司", contacts=[
        ContactInput(name="孙悦", title="经理", mobile="13312345678", is_primary=True)])).customer_id
    dossier = DossierDialog(cid)
    qtbot.addWidget(dossier)
    assert dossier.contacts_table.item(0, 2).text() == "133****5678"
    dossier.reveal_button.click()
    assert dossier.contacts_table.item(0, 2).text() == "13312345678"
    assert AuditLog.select().where(AuditLog.action == "reveal").count() == 1


def test_revealing_a_number_in_the_list_is_logged(qtbot, db, sync_ops) -> None:
    cid = customers.save(CustomerInput(name="厦门鹭岛茶业有限公司", contacts=[
        ContactInput(name="林芳", title="老板", mobile="15912345678", is_primary=True)])).customer_id
    tab = CustomersTab()
    qtbot.addWidget(tab)
    tab.refresh()
    assert tab.model.data(tab.model.index(0, 7)) == "159****5678"
    tab.reveal_number(cid)
    assert tab.model.data(tab.model.index(0, 7)) == "15912345678"
    entry = AuditLog.get(AuditLog.action == "reveal")
    assert entry.entity_id == cid and "列表" in entry.detail


def test_registry_model_passes_the_model_tester(qtbot, qtmodeltester, db, sync_ops) -> None:
    for i in range(30):
        customers.save(CustomerInput(name=f"测试公司{i:02d}", contacts=[
            ContactInput(name=f"联系人{i}", title="经理", mobile=f"1380000{i:04d}", is_primary=True)]))
    model = RegistryModel()
    model.refresh()
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 1)) == "测试公司29"
    assert model.rowCount() == 30


def test_dialog_module_keeps_its_helpers(db) -> None:
    assert dialog_module.SIZES[0] == "1-20人"


def test_the_name_takes_the_width_and_columns_keep_their_widths(qtbot, zh, demo_db, sync_ops) -> None:
    """At 1366 px the name column gets what is left (not 风险, which holds one ⚠); a search or a
    refresh does not move a column edge."""
    from crmdesk.core.customers import registry

    tab = CustomersTab()
    qtbot.addWidget(tab)
    tab.resize(1340, 600)
    tab.show()
    tab.refresh()
    header = tab.view.horizontalHeader()
    widths = [header.sectionSize(i) for i in range(header.count())]
    name, risk = registry.COLUMN_KEYS.index("name"), registry.COLUMN_KEYS.index("at_risk")
    assert widths[name] == max(widths) and widths[name] > 400
    assert widths[risk] < 80
    tab.search_edit.setText("科技")
    tab.apply_query()
    assert 0 < tab.model.rowCount() < 100
    assert [header.sectionSize(i) for i in range(header.count())] == widths
    tab.refresh(None)
    assert [header.sectionSize(i) for i in range(header.count())] == widths
    tab.resize(1900, 600)  # a wider screen widens the name only
    grown = [header.sectionSize(i) for i in range(header.count())]
    assert grown[name] > widths[name] and grown[:name] + grown[name + 1:] == widths[:name] + widths[name + 1:]
