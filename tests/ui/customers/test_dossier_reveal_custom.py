"""The dossier's "Show full numbers" reveals the sensitive custom fields too (the customer's own, its
contacts' columns and its machines' columns), through the one logged reveal of the built-in numbers."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.customfields import admin, values
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.store.models import AuditLog
from crmdesk.ui.customers.dossier import DossierDialog


def _texts(dossier: DossierDialog) -> list[str]:
    return [label.text() for label in dossier.findChildren(QLabel)]


def test_show_full_numbers_reveals_sensitive_custom_fields_and_logs_it_once(qtbot, db, sync_ops) -> None:
    id_card = admin.add("customer", "法人身份证号", "text", sensitive=True)[0]
    home = admin.add("contact", "家庭电话", "text", sensitive=True)[0]
    floor = admin.add("equipment", "放置楼层", "text")[0]
    code = admin.add("equipment", "开机密码", "text", sensitive=True)[0]
    cid = customers.save(CustomerInput(name="青岛海风电器有限公司", custom={id_card.id: "370202198001011234"}, contacts=[
        ContactInput(name="孙悦", title="经理", mobile="13312345678", is_primary=True,
                     custom={home.id: "0532-88889999"})])).customer_id
    equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial="CK-1",
                                  custom={floor.id: "三楼", code.id: "PW-2026"}))
    dossier = DossierDialog(cid)
    qtbot.addWidget(dossier)
    page = dossier.equipment_page.table
    last = page.columnCount() - 1
    contact_last = dossier.contacts_table.columnCount() - 1
    assert page.item(0, last - 1).text() == "三楼"
    assert page.item(0, last).text() == values.MASK
    assert dossier.contacts_table.item(0, contact_last).text() != "0532-88889999"
    assert not any("370202198001011234" in text for text in _texts(dossier))
    assert AuditLog.select().where(AuditLog.action == "reveal").count() == 0

    dossier.reveal_button.click()
    page = dossier.equipment_page.table
    assert page.item(0, last).text() == "PW-2026"
    assert dossier.contacts_table.item(0, contact_last).text() == "0532-88889999"
    assert any("370202198001011234" in text for text in _texts(dossier))
    assert AuditLog.select().where(AuditLog.action == "reveal").count() == 1
    dossier.load()  # a later reload (a change elsewhere) keeps them shown without a second log
    assert dossier.equipment_page.table.item(0, last).text() == "PW-2026"
    assert AuditLog.select().where(AuditLog.action == "reveal").count() == 1


def test_a_new_dossier_masks_them_again(qtbot, db, sync_ops) -> None:
    code = admin.add("equipment", "开机密码", "text", sensitive=True)[0]
    cid = customers.save(CustomerInput(name="厦门鹭岛茶业有限公司", contacts=[
        ContactInput(name="林芳", title="老板", mobile="15912345678", is_primary=True)])).customer_id
    equipment.save(EquipmentInput(customer_id=cid, model="包装机", serial="BZ-9", custom={code.id: "SECRET-9"}))
    first = DossierDialog(cid)
    qtbot.addWidget(first)
    first.reveal_button.click()
    second = DossierDialog(cid)
    qtbot.addWidget(second)
    table = second.equipment_page.table
    assert table.item(0, table.columnCount() - 1).text() == values.MASK
