"""The conflict dialog (several writers, issue #19): another PC saved the record while a form was open.

The render for the eyes goes to ``CRMDESK_RENDER_DIR`` when set (1366×768 screen, offscreen).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from crmdesk.core.customers import interactions
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.equipment import service as equipment
from crmdesk.core.firm import staff
from crmdesk.core.followups import service as followups
from crmdesk.core.store.models import Customer, Staff, Ticket, TicketEvent
from crmdesk.core.tickets import service as tickets
from crmdesk.ui.customers.dialog import CustomerDialog
from crmdesk.ui.dialogs.conflict_dialog import ConflictDialog
from crmdesk.ui.equipment.dialog import EquipmentDialog
from crmdesk.ui.followups.followup_dialog import FollowUpDialog
from crmdesk.ui.tickets.tab import TicketsTab
from crmdesk.ui.tickets.ticket_dialog import TicketDialog


def _conflict_dialog(parent) -> ConflictDialog:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, ConflictDialog) and w.isVisible()]
    assert len(found) == 1, found
    assert found[0].parent() is parent
    return found[0]


def _render(widget, name: str) -> None:
    folder = os.environ.get("CRMDESK_RENDER_DIR")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def _customer() -> int:
    return customers.save(CustomerInput(name="南京金陵机械有限公司", type="customer", importance="B", industry="机械",
                                        contacts=[ContactInput(name="钱进", title="设备主管", mobile="13851230001",
                                                               is_primary=True)])).customer_id


def _open_customer_form(qtbot) -> tuple[Staff, int, CustomerDialog]:
    """李晓梅 (the other PC's clerk), the customer, and its form open on this PC for 王工."""
    li, wang = staff.add("李晓梅", "clerk"), staff.add("王工", "engineer")
    customer_id = _customer()
    staff.set_current_operator(wang.id)
    dialog = CustomerDialog(customer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return li, customer_id, dialog


def test_a_customer_saved_meanwhile_offers_reload_compare_and_overwrite(qtbot, db, sync_ops, zh) -> None:
    li, customer_id, dialog = _open_customer_form(qtbot)
    other = customers.load(customer_id)  # another PC saves first
    other.industry, other.region = "电子", "江苏南京"
    customers.save(other, customer_id=customer_id, operator=li)
    dialog.ui.notes_edit.setPlainText("客户要求周三上门")
    dialog.ui.region_edit.setText("江苏苏州")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    conflict = _conflict_dialog(dialog)
    heading = conflict.findChildren(type(conflict.hint_label))[0].text()
    assert heading.startswith("已被 李晓梅 于 ") and heading.endswith(" 修改")
    assert conflict.reload_button.text() == "重新载入（放弃我的）" and conflict.overwrite_button.isVisible()
    conflict.compare_button.click()
    assert conflict.table.isVisible()
    rows = {conflict.table.item(r, 0).text(): (conflict.table.item(r, 1).text(), conflict.table.item(r, 2).text())
            for r in range(conflict.table.rowCount())}
    assert rows == {"所属行业": ("机械", "电子"), "所在地区": ("江苏苏州", "江苏南京"),
                    "备注": ("客户要求周三上门", "—")}
    conflict.resize(1000, 420)
    _render(conflict, "conflict_compare.png")
    conflict.overwrite_button.click()  # 覆盖: mine over theirs, saved as the new version
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = Customer.get_by_id(customer_id)
    assert (stored.region, stored.notes, stored.industry) == ("江苏苏州", "客户要求周三上门", "机械")
    assert (stored.version, stored.updated_by) == (3, "王工")


def test_a_call_logged_meanwhile_is_no_conflict_for_the_customer_form(qtbot, db, sync_ops, zh) -> None:
    li, customer_id, dialog = _open_customer_form(qtbot)
    interactions.log(customer_id, summary="电话回访，设备运行正常", staff=li)  # another PC logs a call
    contacted = Customer.get_by_id(customer_id).last_contact_at
    dialog.ui.notes_edit.setPlainText("客户要求周三上门")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted  # saved at once: the form holds no last contact
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, ConflictDialog) and w.isVisible()]
    stored = Customer.get_by_id(customer_id)
    assert (stored.notes, stored.last_contact_at, stored.updated_by) == ("客户要求周三上门", contacted, "王工")


def test_reload_shows_the_record_as_saved_and_keep_editing_keeps_mine(qtbot, db, sync_ops, zh) -> None:
    li = staff.add("李晓梅", "clerk")
    customer_id = _customer()
    dialog = CustomerDialog(customer_id)
    qtbot.addWidget(dialog)
    other = customers.load(customer_id)
    other.region = "江苏南京"
    customers.save(other, customer_id=customer_id, operator=li)
    dialog.ui.region_edit.setText("江苏苏州")
    dialog.save()
    _conflict_dialog(dialog).reject()  # Esc: keep editing, nothing lost
    assert dialog.ui.region_edit.text() == "江苏苏州" and "李晓梅" in dialog.ui.error_label.text()
    dialog.save()
    _conflict_dialog(dialog).reload_button.click()
    assert dialog.ui.region_edit.text() == "江苏南京" and dialog.loaded_version == 2
    dialog.ui.region_edit.setText("江苏无锡")
    dialog.save()  # now at the stored version: saved
    assert dialog.result() == QDialog.DialogCode.Accepted and Customer.get_by_id(customer_id).region == "江苏无锡"


def test_equipment_and_follow_up_forms_show_the_conflict_too(qtbot, db, sync_ops, zh) -> None:
    li = staff.add("李晓梅", "clerk")
    customer_id = _customer()
    machine = equipment.save(equipment.EquipmentInput(customer_id=customer_id, model="激光切割机 3015",
                                                      serial="SN-001")).equipment_id
    form = EquipmentDialog(equipment_id=machine)
    qtbot.addWidget(form)
    other = equipment.load(machine)
    other.contract_level = "金牌"
    equipment.save(other, equipment_id=machine, operator=li)
    form.notes_edit.setPlainText("换了激光器")
    form.save()
    conflict = _conflict_dialog(form)
    conflict.compare_button.click()
    assert {conflict.table.item(r, 0).text() for r in range(conflict.table.rowCount())} == {"服务级别", "备注"}
    conflict.reload_button.click()
    assert form.contract_level_combo.currentText() == "金牌" and form.notes_edit.toPlainText() == ""

    due = dt.datetime.combine(dt.date.today() + dt.timedelta(days=7), dt.time(10))
    planned = followups.create(followups.FollowUpInput(customer_id, due, purpose="回访")).id
    dialog = FollowUpDialog(followup_id=planned)
    qtbot.addWidget(dialog)
    followups.update(planned, followups.FollowUpInput(customer_id, due, purpose="上门保养", assignee_id=li.id),
                     operator=li)
    dialog.ui.purpose_combo.setCurrentText("电话回访")
    dialog.save()
    conflict = _conflict_dialog(dialog)
    conflict.compare_button.click()
    rows = {conflict.table.item(r, 0).text(): (conflict.table.item(r, 1).text(), conflict.table.item(r, 2).text())
            for r in range(conflict.table.rowCount())}
    assert rows == {"目的": ("电话回访", "上门保养"), "处理人": ("—", "李晓梅"), "联系人": ("钱进（设备主管）", "—")}
    _render(conflict, "conflict_followup.png")
    conflict.overwrite_button.click()
    assert followups.load(planned).purpose == "电话回访"


def test_a_ticket_form_and_the_board_after_another_pc_moved_the_ticket(qtbot, db, sync_ops, zh) -> None:
    li, wang = staff.add("李晓梅", "clerk"), staff.add("王工", "engineer")
    staff.set_current_operator(li.id)
    customer_id = _customer()
    created = tickets.create(customer_id, "切割头报警 E21")
    tickets.dispatch(created.ticket_id, wang.id)
    tab = TicketsTab()
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.refresh(None)
    form = TicketDialog(ticket_id=created.ticket_id)
    qtbot.addWidget(form)
    assert tab.board.shown_stage(created.ticket_id) == "dispatched"
    tickets.move(created.ticket_id, "in_progress", operator=wang)  # the engineer starts it on his PC
    tab.request_move(created.ticket_id, "in_progress")  # the clerk's board still shows 分派
    assert tab.notice_label.text().startswith(f"工单 {created.number} 已被 王工 于 ")
    assert tab.board.shown_stage(created.ticket_id) == "in_progress"  # refreshed
    _render(tab, "board_moved_meanwhile.png")
    assert TicketEvent.select().where((TicketEvent.ticket == created.ticket_id)
                                      & (TicketEvent.to_stage == "in_progress")).count() == 1
    form.ui.description_edit.setPlainText("切割头报警 E21，客户已断电")
    form.save()
    conflict = _conflict_dialog(form)
    assert "王工" in conflict.findChildren(type(conflict.hint_label))[0].text()
    conflict.compare_button.click()
    rows = {conflict.table.item(r, 0).text(): (conflict.table.item(r, 1).text(), conflict.table.item(r, 2).text())
            for r in range(conflict.table.rowCount())}
    assert rows == {"问题描述": ("切割头报警 E21，客户已断电", "切割头报警 E21")}, rows  # the move changed no other field
    _render(conflict, "conflict_ticket.png")
    conflict.overwrite_button.click()
    ticket = Ticket.get_by_id(created.ticket_id)
    assert (ticket.description, ticket.stage, ticket.updated_by) == ("切割头报警 E21，客户已断电", "in_progress", "李晓梅")
