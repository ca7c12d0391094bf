"""Routing in the ticket form, tried as the issue's owner would: a new 产品质量 complaint is proposed for the
least-loaded 产品部 engineer, the clerk sees each person's open work, can override, and the rule that decided
is in the ticket's history."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from crmdesk.core.firm import staff
from crmdesk.core.store.models import Ticket, TicketEvent
from crmdesk.core.tickets import service as tickets
from crmdesk.ui.tickets.ticket_dialog import TicketDialog
from tests.helpers.factories import make_customer
from tests.helpers.org import make_firm, seed_rules


@pytest.fixture
def firm(db):
    firm = make_firm()
    seed_rules(firm)
    staff.set_current_operator(firm.people["陈静"])
    firm.customer = make_customer("华强电子")
    # 周敏 already has two open tickets, 吴刚 none: 吴刚 is the least loaded 产品部 engineer
    for _ in range(2):
        tickets.create(firm.customer, "旧问题", category="fault", assignee_id=firm.people["周敏"])
    return firm


def _new_complaint(qtbot, firm, complaint_type: str = "产品质量") -> TicketDialog:
    dialog = TicketDialog(customer_id=firm.customer)
    qtbot.addWidget(dialog)
    dialog.ui.category_combo.setCurrentIndex(dialog.ui.category_combo.findData("complaint"))
    dialog.complaint_type_combo.setCurrentText(complaint_type)
    dialog.ui.description_edit.setPlainText("新买的设备外壳开裂")
    return dialog


def _save(dialog: TicketDialog) -> Ticket:
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.created is not None, dialog.ui.error_label.text()
    return Ticket.get_by_id(dialog.created.ticket_id)


def test_a_quality_complaint_goes_to_the_least_loaded_product_engineer(zh, qtbot, firm, sync_ops) -> None:
    dialog = _new_complaint(qtbot, firm)
    combo = dialog.ui.assignee_combo
    texts = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert texts[firm.people["周敏"]] == "周敏　在办 2" and texts[firm.people["吴刚"]] == "吴刚　在办 0"
    assert combo.currentData() == firm.people["吴刚"]
    shown = dialog.routing_label.text()
    assert "第 1 条" in shown and "产品部" in shown and "吴刚" in shown and "在办最少" in shown
    ticket = _save(dialog)
    assert ticket.assignee_id == firm.people["吴刚"] and ticket.department == "产品部"
    assert ticket.department_id == firm.departments["产品部"] and ticket.complaint_type == "产品质量"
    route = TicketEvent.get((TicketEvent.ticket == ticket.id) & (TicketEvent.kind == "route"))
    assert "第 1 条" in route.note and "吴刚" in route.note
    # the history the clerk sees when the ticket is opened again names the rule
    again = TicketDialog(ticket_id=ticket.id)
    qtbot.addWidget(again)
    history = [again.ui.history_table.item(r, c).text() for r in range(again.ui.history_table.rowCount())
               for c in range(again.ui.history_table.columnCount()) if again.ui.history_table.item(r, c)]
    assert any("分派规则第 1 条" in text for text in history)
    assert again.routing_label.text() == "责任部门：产品部"
    assert again.complaint_type_combo.currentText() == "产品质量"


def test_the_clerk_overrides_the_proposal_or_dispatches_later(zh, qtbot, firm, sync_ops) -> None:
    dialog = _new_complaint(qtbot, firm)
    combo = dialog.ui.assignee_combo
    combo.setCurrentIndex(combo.findData(firm.people["周敏"]))
    combo.activated.emit(combo.currentIndex())
    dialog.complaint_type_combo.setCurrentText("服务态度")  # the proposal changes, the hand-picked person stays
    assert "客服部" in dialog.routing_label.text() and combo.currentData() == firm.people["周敏"]
    ticket = _save(dialog)
    assert ticket.assignee_id == firm.people["周敏"] and ticket.department == "客服部"
    later = _new_complaint(qtbot, firm)
    later.ui.assignee_combo.setCurrentIndex(0)
    later.ui.assignee_combo.activated.emit(0)
    ticket = _save(later)
    assert ticket.assignee_id is None and ticket.proposed_assignee_id == firm.people["吴刚"]


def test_a_serious_complaint_is_proposed_for_the_head(zh, qtbot, firm, sync_ops) -> None:
    dialog = _new_complaint(qtbot, firm)
    dialog.ui.severity_combo.setCurrentIndex(dialog.ui.severity_combo.findData("serious"))
    assert dialog.ui.assignee_combo.currentData() == firm.people["郑丽"]
    assert "主管" in dialog.routing_label.text() and "张总" in dialog.routing_label.text()
