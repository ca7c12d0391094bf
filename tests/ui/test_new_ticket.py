"""A ticket registered from the registry: numbered, with its SLA dues, shown in the dossier."""

from __future__ import annotations

import re

import pytest

from crmdesk.core import customers, staff
from crmdesk.core.customers import ContactInput, CustomerInput
from crmdesk.core.models import Ticket
from crmdesk.ui.customers.dossier import DossierDialog
from crmdesk.ui.marks import is_marked
from crmdesk.ui.tickets.new_ticket_dialog import NewTicketDialog

pytestmark = pytest.mark.gui


def test_register_a_complaint_for_a_customer(qtbot, db, sync_ops) -> None:
    engineer = staff.add("周工", "engineer")
    cid = customers.save(CustomerInput(name="南京金陵机械有限公司", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851234567", is_primary=True)])).customer_id
    dialog = NewTicketDialog(cid)
    qtbot.addWidget(dialog)
    dialog.save()  # no description yet
    assert dialog.result() == 0 and is_marked(dialog.description_edit)
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("complaint"))
    assert not dialog.severity_combo.isHidden()
    dialog.severity_combo.setCurrentIndex(dialog.severity_combo.findData("serious"))
    dialog.priority_combo.setCurrentIndex(dialog.priority_combo.findData("important"))
    dialog.assignee_combo.setCurrentIndex(dialog.assignee_combo.findData(engineer.id))
    dialog.description_edit.setPlainText("机床主轴异响，第三次报修，客户很不满意")
    dialog.save()
    assert dialog.result() == 1 and dialog.created is not None
    ticket = Ticket.get_by_id(dialog.created.ticket_id)
    assert re.fullmatch(r"GD\d{8}-\d{3}", ticket.number)
    assert (ticket.category, ticket.severity, ticket.priority, ticket.assignee_id) == (
        "complaint", "serious", "important", engineer.id)
    assert ticket.contact.name == "钱进" and ticket.response_due and ticket.resolution_due
    dossier = DossierDialog(cid)
    qtbot.addWidget(dossier)
    assert dossier.tickets_table.item(0, 0).text() == ticket.number
