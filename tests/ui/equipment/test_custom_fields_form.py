"""The machine form shows the owner's equipment fields (设置 → 自定义字段): a required one refused and
marked by its name, values saved with the machine and shown again when it is opened."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit

from crmdesk.core.customfields import admin
from crmdesk.core.equipment import service as equipment
from crmdesk.core.store.models import Equipment
from crmdesk.ui.equipment.dialog import EquipmentDialog
from crmdesk.ui.marks import is_marked
from tests.helpers.factories import make_customer
from tests.helpers.qt import type_text


def _save(dialog: EquipmentDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()


def test_the_machine_form_shows_refuses_and_saves_equipment_fields(qtbot, db, sync_ops) -> None:
    laser = admin.add("equipment", "激光器品牌", "choice", choices=["锐科", "IPG"], required=True)[0]
    hours = admin.add("equipment", "运行小时", "number")[0]
    cid = make_customer("杭州科美模具有限公司")
    dialog = EquipmentDialog(customer_id=cid, customer_label="C2026001 杭州科美模具有限公司")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.custom_group.isVisible()
    brand = dialog.custom_form.editors[laser.id]
    hours_edit = dialog.custom_form.editors[hours.id]
    assert isinstance(brand, QComboBox) and isinstance(hours_edit, QLineEdit)
    dialog.model_combo.setCurrentText("激光切割机 3015")
    type_text(dialog.serial_edit, "LC-7")
    type_text(hours_edit, "1,250")
    _save(dialog)
    assert is_marked(brand) and "激光器品牌" in dialog.error_label.text()
    assert Equipment.select().count() == 0
    brand.setCurrentIndex(brand.findData("IPG"))
    _save(dialog)
    machine = Equipment.get(Equipment.serial == "LC-7")
    assert equipment.load(machine.id).custom == {laser.id: "IPG", hours.id: "1250"}

    again = EquipmentDialog(equipment_id=machine.id)
    qtbot.addWidget(again)
    assert again.custom_form.values() == {laser.id: "IPG", hours.id: "1250"}
    assert not again.is_dirty()
    again.custom_form.editors[hours.id].setText("1300")
    assert again.is_dirty()
    _save(again)
    assert equipment.load(machine.id).custom[hours.id] == "1300"


def test_without_equipment_fields_the_group_is_hidden(qtbot, db, sync_ops) -> None:
    admin.add("ticket", "工单来源", "text")
    dialog = EquipmentDialog(customer_id=make_customer("宁波海天机械有限公司"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.custom_group.isVisible() and dialog.custom_form.is_empty


def test_the_owner_adds_a_machine_field_in_settings_and_the_form_shows_it(qtbot, zh, db, sync_ops) -> None:
    from crmdesk.core.customfields import fields
    from crmdesk.ui.customfields.dialog import CustomFieldsDialog, FieldDialog

    settings = CustomFieldsDialog()
    qtbot.addWidget(settings)
    tab = list(settings.tables).index("equipment")
    assert settings.tabs.tabText(tab) == "设备"
    settings.tabs.setCurrentIndex(tab)
    assert settings.entity == "equipment"
    dialog = FieldDialog(settings.entity, None, settings)
    qtbot.addWidget(dialog)
    type_text(dialog.label_edit, "放置楼层")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("text"))
    dialog.save()
    assert dialog.result() == 1, dialog.error_label.text()
    settings.load()
    assert settings.tables["equipment"].item(0, 0).text() == "放置楼层"
    assert [f.label for f in fields.fields("equipment")] == ["放置楼层"] and fields.fields("ticket") == []
    form = EquipmentDialog(customer_id=make_customer("苏州精工机械有限公司"))
    qtbot.addWidget(form)
    form.show()
    assert form.custom_group.isVisible() and form.custom_group.title() == "更多信息"
    assert list(form.custom_form.editors) == [fields.fields("equipment")[0].id]


def test_the_dossier_machine_list_shows_the_fields_with_sensitive_ones_masked(qtbot, db, sync_ops) -> None:
    from crmdesk.core.customfields import values
    from crmdesk.core.equipment.service import EquipmentInput
    from crmdesk.ui.equipment.page import EquipmentPage

    floor = admin.add("equipment", "放置楼层", "text")[0]
    code = admin.add("equipment", "开机密码", "text", sensitive=True)[0]
    cid = make_customer("苏州精工机械有限公司")
    equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial="CK-1",
                                  custom={floor.id: "三楼", code.id: "PW-1"}))
    page = EquipmentPage(cid, "")
    qtbot.addWidget(page)
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers[-2:] == ["放置楼层", "开机密码"]
    assert page.table.item(0, len(headers) - 2).text() == "三楼"
    assert page.table.item(0, len(headers) - 1).text() == values.MASK
