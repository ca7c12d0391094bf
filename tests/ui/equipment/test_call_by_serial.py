"""The issue's scenario, as a new user would try it: a clerk takes a call for a machine by its serial
number, sees 过保, attaches a photo, registers the ticket; the board card shows the model; the engineer
prints a 服务工单 with model, serial number and warranty."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from crmdesk.core.attachments import store as attachments
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.firm import staff
from crmdesk.core.store.models import Ticket
from crmdesk.core.tickets import board
from crmdesk.ui.tickets.ticket_dialog import TicketDialog
from tests.helpers.qt import type_text

SERIAL = "LC3015-22071"


@pytest.fixture
def desk(db, tmp_path: Path) -> SimpleNamespace:
    clerk = staff.add("王客服", "clerk")
    staff.set_current_operator(clerk.id)
    cid = customers.save(CustomerInput(name="南京金陵机械有限公司", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851230001", is_primary=True)])).customer_id
    machine = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial=SERIAL,
                                            install_date="2023-07-01", warranty_months="24")).equipment_id
    equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial="CK-1",
                                  warranty_end=dt.date.today() + dt.timedelta(days=200)))
    from PIL import Image

    photo = tmp_path / "故障照片.jpg"
    Image.new("RGB", (1200, 900), (180, 40, 40)).save(photo, "JPEG")
    return SimpleNamespace(clerk=clerk, customer=cid, machine=machine, photo=photo)


def _drop(widget, paths: list[Path]) -> None:
    """Files dropped from the file manager: the enter event the widget must accept, then the drop (handed to
    the handlers as Qt's drag manager would; offscreen, no drag is in progress to deliver them)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    widget.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def test_a_call_by_serial_number_sees_out_of_warranty_attaches_a_photo_and_prints_the_sheet(
        qtbot, desk, sync_ops, tmp_path: Path) -> None:
    dialog = TicketDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.customer_search_edit, SERIAL.lower())  # read off the nameplate, in any case
    results = dialog.ui.customer_results_list
    qtbot.waitUntil(lambda: results.count() >= 1 and results.isVisible())
    assert "南京金陵机械有限公司" in results.item(0).text() and "过保" in results.item(0).text()
    qtbot.keyClick(dialog.ui.customer_search_edit, Qt.Key.Key_Return)  # one match: taken at once
    assert dialog.customer_id == desk.customer
    assert dialog.ui.equipment_combo.currentData() == desk.machine  # the serial number chose the machine too
    assert dialog.ui.equipment_combo.count() == 3  # (no machine) and the caller's two machines
    shown = dialog.ui.warranty_label.text()
    assert dialog.ui.warranty_label.isVisibleTo(dialog) and "过保" in shown and "保修期至 2025-06-30" in shown
    type_text(dialog.ui.description_edit, "开机报警E05，客户发来照片")
    _drop(dialog, [desk.photo])  # dropped on the form: waits until the ticket exists
    assert dialog.files.pending_paths() == [desk.photo]
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()

    ticket = Ticket.get(Ticket.customer == desk.customer)
    assert ticket.equipment_id == desk.machine
    files = attachments.listing(ticket_id=ticket.id)
    assert [f.name for f in files] == ["故障照片.jpg"] and files[0].has_thumbnail

    again = TicketDialog(ticket_id=ticket.id)
    qtbot.addWidget(again)
    assert again.files.list.count() == 1 and again.ui.record_tabs.tabText(1) == "Attachments (1)"
    assert again.ui.equipment_combo.currentData() == desk.machine
    card = next(c for cards in board.board().values() for c in cards if c.id == ticket.id)
    assert card.model == "激光切割机 3015"

    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet
    from tests.helpers.attacks.tools import readable_bytes

    sheet = write_ticket_sheet(ticket.id, tmp_path / "sheet.pdf")
    text = readable_bytes(sheet).decode("utf-8", "ignore")
    assert "激光切割机 3015" in text and SERIAL in text and "过保（保修期至 2025-06-30）" in text


def test_changing_the_machine_of_a_ticket_is_saved_and_logged(qtbot, desk, sync_ops) -> None:
    from crmdesk.core.tickets import service as tickets

    created = tickets.create(desk.customer, "主轴异响", equipment_id=desk.machine)
    dialog = TicketDialog(ticket_id=created.ticket_id)
    qtbot.addWidget(dialog)
    dialog.ui.equipment_combo.setCurrentIndex(0)  # (no machine)
    assert not dialog.ui.warranty_label.isVisibleTo(dialog)
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    assert Ticket.get_by_id(created.ticket_id).equipment_id is None
    assert any("设备" in line.note for line in tickets.history(created.ticket_id))
