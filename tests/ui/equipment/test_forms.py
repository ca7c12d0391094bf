"""The machine form and the dossier's 设备 page: the cover worked out as typed, refused fields marked, a new
machine saved with its files, the service history, delete to the recycle bin; the reports' 设备 page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from crmdesk.core.attachments import store
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.models import WARRANTY_STATES, Equipment
from crmdesk.core.tickets import service as tickets
from crmdesk.ui.customers.dossier import DossierDialog
from crmdesk.ui.equipment.dialog import EquipmentDialog
from crmdesk.ui.marks import is_marked
from tests.helpers.factories import make_customer
from tests.helpers.qt import type_text


def _save(dialog: EquipmentDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()


def test_a_new_machine_with_months_of_warranty_and_a_photo(qtbot, db, sync_ops, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    dialog = EquipmentDialog(customer_id=cid, customer_label="C2026001 杭州科美模具有限公司")
    qtbot.addWidget(dialog)
    dialog.model_combo.setCurrentText("激光切割机 3015")
    install = dt.date.today() - dt.timedelta(days=30)
    dialog.install_edit.setText(install.isoformat())
    dialog.months_edit.setText("12")
    assert "在保" in dialog.state_label.text()  # worked out while typing, before saving
    _save(dialog)
    assert is_marked(dialog.serial_edit) and "序列号" in dialog.error_label.text()
    assert Equipment.select().count() == 0  # nothing half-saved
    type_text(dialog.serial_edit, "LC-0001")
    type_text(dialog.site_edit, "杭州市余杭区仓前街道 8 号")
    dialog.contract_end_edit.setText("2020-01-01")
    dialog.contract_start_edit.setText("2021-01-01")
    _save(dialog)
    assert is_marked(dialog.contract_end_edit)
    dialog.contract_start_edit.clear()
    dialog.contract_end_edit.clear()
    photo = tmp_path / "铭牌.jpg"
    from PIL import Image

    Image.new("RGB", (200, 200)).save(photo, "JPEG")
    dialog.files.add_paths([photo])
    _save(dialog)
    machine = Equipment.get(Equipment.serial == "LC-0001")
    assert machine.warranty_months == 12 and machine.site_address.startswith("enc1:")
    assert [f.name for f in store.listing(equipment_id=machine.id)] == ["铭牌.jpg"]


def test_the_dossier_page_lists_machines_with_their_history_and_deletes_to_the_bin(
        qtbot, db, sync_ops, monkeypatch: pytest.MonkeyPatch) -> None:
    cid = make_customer("杭州科美模具有限公司")
    eid = equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial="CK-9",
                                        warranty_end="2020-01-01")).equipment_id
    tickets.create(cid, "主轴异响", equipment_id=eid)
    dossier = DossierDialog(cid)
    qtbot.addWidget(dossier)
    page = dossier.equipment_page
    assert dossier.tabs.tabText(dossier.tabs.indexOf(page)) == "Equipment (1)"
    assert page.table.item(0, 1).text() == "CK-9" and page.table.item(0, 3).text().startswith("过保")
    assert page.history.rowCount() == 1 and page.history.item(0, 4).text() == WARRANTY_STATES["expired"]
    page.edit_button.click()
    assert isinstance(page.dialog, EquipmentDialog) and page.dialog.serial_edit.text() == "CK-9"
    assert page.dialog.history_table.rowCount() == 1
    page.dialog.reject()
    monkeypatch.setattr("crmdesk.ui.equipment.page.confirm", lambda *args: True)
    page.delete_button.click()
    assert page.table.rowCount() == 0
    assert [e.entity for e in recycle_bin.recycle_bin()] == ["equipment"]


def test_the_reports_equipment_page_opens_the_tickets_behind_a_number(qtbot, db, sync_ops) -> None:
    from crmdesk.core.reports import equipment as report
    from crmdesk.core.reports.kpi import Period
    from crmdesk.ui.reports.equipment_page import EquipmentReportPage

    cid = make_customer("杭州科美模具有限公司")
    eid = equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial="CK-9",
                                        warranty_end="2030-01-01")).equipment_id
    for day in (3, 20):
        tickets.create(cid, "主轴异响", equipment_id=eid, at=dt.datetime(2026, 10, day, 10))
    shown: list = []
    page = EquipmentReportPage(shown.append)
    qtbot.addWidget(page)
    page.load(Period.month(2026, 10))
    assert page.linked_button.text() == "2" and page.share_button.text() == "100.0 %"
    assert page.models_table.item(0, 0).text() == "数控车床 CK6150"
    assert page.repeats_table.item(0, 2).text() == "CK-9"
    page.repeats_table.itemDoubleClicked.emit(page.repeats_table.item(0, 0))
    assert shown and shown[-1].total == 2 and shown[-1].counted == 1
    assert page.cover_chart.series[0][1] == [0, 2, 0, 0]
    assert report.compute(Period.month(2026, 10)).repeat_rate == 0.5
