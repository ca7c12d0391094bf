"""The ticket form, driven like a clerk: find the caller by phone tail, register, work the stages,
get suggestions while typing, see the history, record the callback and archive."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.store.models import FollowUp, Survey, Ticket, TicketCounter, TicketEvent
from crmdesk.core.tickets import callbacks, knowledge
from crmdesk.core.tickets import service as tickets
from crmdesk.ui.customers.dossier import DossierDialog
from crmdesk.ui.customers.tab import CustomersTab
from crmdesk.ui.marks import is_marked
from crmdesk.ui.tickets.callback_dialog import CallbackDialog
from crmdesk.ui.tickets.ticket_dialog import TicketDialog
from tests.helpers.qt import type_text


@pytest.fixture
def desk(db) -> SimpleNamespace:
    """Two customers whose contacts share the mobile tail 5678, a clerk (the current user) and an engineer."""
    clerk = staff.add("王客服", "clerk")
    staff.set_current_operator(clerk.id)
    jinling = customers.save(CustomerInput(name="南京金陵机械有限公司", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851230001", is_primary=True),
        ContactInput(name="孙丽", title="采购", mobile="13900005678")])).customer_id
    hongfeng = customers.save(CustomerInput(name="深圳鸿丰百货有限公司", contacts=[
        ContactInput(name="赵莉", title="店长", mobile="17800005678", is_primary=True)])).customer_id
    return SimpleNamespace(clerk=clerk, engineer=staff.add("周工", "engineer"), jinling=jinling, hongfeng=hongfeng)


def _click_item(list_widget: QListWidget, row: int) -> None:
    rect = list_widget.visualItemRect(list_widget.item(row))
    QTest.mouseClick(list_widget.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     rect.center() + QPoint(0, 0))


def _choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def _save(dialog: TicketDialog) -> None:
    dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()


def _open_ticket(desk: SimpleNamespace, qtbot, **kwargs) -> TicketDialog:
    kwargs.setdefault("description", "机床主轴异响")
    created = tickets.create(desk.jinling, operator=desk.clerk, **kwargs)
    dialog = TicketDialog(ticket_id=created.ticket_id)
    qtbot.addWidget(dialog)
    return dialog


def test_register_a_ticket_for_a_caller_found_by_the_phone_tail(qtbot, desk, sync_ops) -> None:
    dialog = TicketDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.customer_search_edit, "5678")
    results = dialog.ui.customer_results_list
    qtbot.waitUntil(lambda: results.count() == 2 and results.isVisible())  # after the debounce
    texts = [results.item(i).text() for i in range(2)]
    assert any("孙丽 139****5678" in t and "南京金陵机械有限公司" in t for t in texts)
    _click_item(results, next(i for i, t in enumerate(texts) if "孙丽" in t))
    assert dialog.customer_id == desk.jinling and not results.isVisible()
    assert dialog.ui.contact_combo.currentText().startswith("孙丽")  # the person whose number it was
    assert "南京金陵机械有限公司" in dialog.ui.customer_value_label.text()

    _choose(dialog.ui.channel_combo, "wechat")
    _choose(dialog.ui.category_combo, "complaint")
    _choose(dialog.ui.severity_combo, "serious")
    _choose(dialog.ui.priority_combo, "important")
    _choose(dialog.ui.assignee_combo, desk.engineer.id)
    type_text(dialog.ui.description_edit, "机床主轴异响，第三次报修，客户很不满意")
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.created is not None
    ticket = Ticket.get_by_id(dialog.created.ticket_id)
    assert re.fullmatch(r"GD\d{8}-\d{3}", ticket.number)
    assert (ticket.customer_id, ticket.contact.name, ticket.channel, ticket.category, ticket.severity,
            ticket.priority, ticket.assignee_id, ticket.stage) == (
        desk.jinling, "孙丽", "wechat", "complaint", "serious", "important", desk.engineer.id, "received")
    assert ticket.response_due and ticket.resolution_due
    assert tickets.history(ticket.id)[0].operator == "王客服"


def test_a_full_mobile_picks_the_only_caller_with_enter(qtbot, desk, sync_ops) -> None:
    dialog = TicketDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.customer_search_edit.setText("178 0000 5678")
    QTest.keyClick(dialog.ui.customer_search_edit, Qt.Key.Key_Return)
    assert dialog.customer_id == desk.hongfeng
    assert dialog.ui.contact_combo.currentText().startswith("赵莉")
    # Enter chose the caller; it did not press Save
    assert dialog.isVisible() and Ticket.select().count() == 0 and not dialog.ui.error_label.isVisible()


def test_the_registry_opens_the_form_for_its_customer(qtbot, desk, sync_ops) -> None:
    tab = CustomersTab()
    qtbot.addWidget(tab)
    tab._new_ticket(desk.hongfeng)
    dialog = tab.findChild(TicketDialog)
    assert dialog is not None and dialog.customer_id == desk.hongfeng
    assert not dialog.ui.customer_search_edit.isHidden()  # another caller can still be chosen
    type_text(dialog.ui.description_edit, "收银机无法开机")
    _save(dialog)
    dossier = DossierDialog(desk.hongfeng)
    qtbot.addWidget(dossier)
    assert dossier.tickets_table.item(0, 0).text() == dialog.created.number


def test_refusals_name_the_field_and_write_nothing(qtbot, desk, sync_ops) -> None:
    dialog = TicketDialog()
    qtbot.addWidget(dialog)
    _save(dialog)  # no caller yet
    assert is_marked(dialog.ui.customer_search_edit) and "Customer" in dialog.ui.error_label.text()
    dialog.set_customer(desk.jinling)
    _save(dialog)  # no description
    assert not is_marked(dialog.ui.customer_search_edit)
    assert is_marked(dialog.ui.description_edit)
    assert dialog.ui.error_label.text() == "问题描述：必填，不能为空"
    type_text(dialog.ui.description_edit, "液压站漏油")
    dialog.ui.dispatch_button.click()  # register and dispatch, but nobody is chosen
    assert is_marked(dialog.ui.assignee_combo)
    assert dialog.ui.error_label.text() == "处理人：分派工单时必须指定处理人"
    # one transaction: the ticket that dispatch needed was not registered either, no number was used
    assert Ticket.select().count() == 0 and TicketCounter.select().count() == 0
    assert dialog.ticket_id is None and dialog.result() == 0


def test_complaint_fields_are_enabled_for_complaints_only(qtbot, desk) -> None:
    dialog = TicketDialog(customer_id=desk.jinling)
    qtbot.addWidget(dialog)
    complaint_fields = (dialog.ui.severity_combo, dialog.ui.root_cause_edit, dialog.ui.complaint_result_edit)
    assert not any(w.isEnabled() for w in complaint_fields)
    _choose(dialog.ui.category_combo, "complaint")
    assert all(w.isEnabled() for w in complaint_fields)
    _choose(dialog.ui.category_combo, "usage")
    assert not any(w.isEnabled() for w in complaint_fields)


def test_suggestions_appear_while_typing_and_a_click_copies_the_solution(qtbot, desk, sync_ops) -> None:
    knowledge.create_article("开机报警E05", "设备开机即报警E05，无法运行", "检查急停回路与安全门开关，复位后重新上电",
                             keywords="E05 报警 急停", category="fault")
    knowledge.create_article("触摸屏黑屏", "HMI触摸屏无显示", "检查24V电源与背光", category="fault")
    dialog = TicketDialog(customer_id=desk.jinling)
    qtbot.addWidget(dialog)
    suggestions = dialog.ui.suggestions_list
    type_text(dialog.ui.description_edit, "激光切割机开机报警e05")
    assert suggestions.count() == 0  # not on every keystroke: after a short pause
    qtbot.waitUntil(lambda: suggestions.count() == 1)
    assert "开机报警E05" in suggestions.item(0).text()
    dialog.show()
    _click_item(suggestions, 0)
    assert dialog.ui.solution_edit.toPlainText() == "检查急停回路与安全门开关，复位后重新上电"


def test_editing_a_ticket_logs_the_change_and_the_history_shows_every_event(qtbot, desk, sync_ops) -> None:
    dialog = _open_ticket(desk, qtbot, assignee_id=desk.engineer.id)
    assert dialog.ui.number_label.text() == Ticket.get().number
    assert dialog.ui.customer_search_edit.isHidden()  # the caller of a registered ticket is fixed
    _choose(dialog.ui.priority_combo, "urgent")
    dialog.ui.dispatch_button.click()
    assert Ticket.get().stage == "dispatched" and dialog.ui.start_button.isEnabled()
    dialog.ui.start_button.click()
    _choose(dialog.ui.pause_reason_combo, "parts")
    dialog.ui.note_edit.setText("主轴轴承缺货")
    dialog.ui.pause_button.click()
    assert Ticket.get().paused and dialog.ui.resume_button.isEnabled() and not dialog.ui.pause_button.isEnabled()
    assert "⏸" in dialog.ui.paused_label.text()
    dialog.ui.resume_button.click()
    lines = tickets.history(Ticket.get().id)
    table = dialog.ui.history_table
    assert table.rowCount() == len(lines) == 6  # received, priority change, dispatched, started, paused, resumed
    newest_first = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert [row[1] for row in newest_first] == ["王客服"] * 6
    assert newest_first[1][3] == "挂起：等待备件；主轴轴承缺货"
    assert newest_first[-2][3] == "分级：一般 → 紧急"
    assert Ticket.get().priority == "urgent" and Ticket.get().stage == "in_progress"
    assert not dialog.ui.note_edit.text()  # the note went into the history


def test_resolve_callback_and_archive(qtbot, desk, sync_ops) -> None:
    dialog = _open_ticket(desk, qtbot, assignee_id=desk.engineer.id)
    dialog.ui.dispatch_button.click()
    dialog.ui.resolve_button.click()  # without a solution
    assert is_marked(dialog.ui.solution_edit) and Ticket.get().stage == "dispatched"
    dialog.ui.solution_edit.setPlainText("更换主轴轴承，试机正常")
    dialog.ui.resolve_button.click()
    ticket = Ticket.get()
    assert (ticket.stage, ticket.solution, ticket.one_time_resolved) == ("resolved", "更换主轴轴承，试机正常", True)
    assert dialog.ui.callback_button.isEnabled() and not dialog.ui.archive_button.isEnabled()
    assert "1" in dialog.ui.callback_status_label.text() and "3" in dialog.ui.callback_status_label.text()

    dialog.ui.callback_button.click()
    callback = dialog.callback_dialog
    assert isinstance(callback, CallbackDialog) and callback.isVisible()
    callback.set_score("overall", 5)
    callback.comment_edit.setPlainText("很满意")
    callback.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert Ticket.get().stage == "callback" and Survey.get().overall == 5
    assert dialog.ui.archive_button.isEnabled() and not dialog.ui.callback_button.isEnabled()
    dialog.ui.archive_button.click()
    assert Ticket.get().stage == "archived" and Ticket.get().archived_at is not None
    assert not dialog.ui.description_edit.isEnabled() and not dialog.ui.solution_edit.isEnabled()
    assert not dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert [b.isEnabled() for b in (dialog.ui.reopen_button, dialog.ui.archive_button, dialog.ui.resolve_button)] == [
        False, False, False]


def test_a_solved_ticket_becomes_an_article_in_one_click(qtbot, desk, sync_ops) -> None:
    dialog = _open_ticket(desk, qtbot, description="数控车床开机报警E05\n急停灯常亮")
    assert not dialog.ui.knowledge_button.isEnabled()  # only solved tickets
    dialog.ui.solution_edit.setPlainText("检查急停回路，复位后恢复")
    _choose(dialog.ui.assignee_combo, desk.engineer.id)
    dialog.ui.resolve_button.click()
    dialog.ui.knowledge_button.click()
    [article] = knowledge.list_articles()
    assert (article.title, article.solution, article.source_ticket_id) == (
        "数控车床开机报警E05", "检查急停回路，复位后恢复", dialog.ticket_id)
    assert "E05" in article.keywords
    dialog.ui.knowledge_button.click()  # twice: refused, with the reason
    assert "已收入知识库" in dialog.ui.error_label.text() and len(knowledge.list_articles()) == 1


def test_print_builds_the_sheet_and_previews_it(qtbot, desk, sync_ops) -> None:
    pytest.importorskip("pypdfium2")
    dialog = _open_ticket(desk, qtbot)
    dialog.ui.print_button.click()
    preview = dialog.preview
    assert preview is not None and preview.isVisible()
    assert Ticket.get().number in preview.windowTitle()
    assert preview.path.name == f"{Ticket.get().number}.pdf"
    folder = preview.path.parent
    preview.close()
    assert not folder.exists()  # the temporary sheet goes with the preview


def test_an_unreached_callback_from_the_form_counts_the_try(qtbot, desk, sync_ops) -> None:
    dialog = _open_ticket(desk, qtbot, assignee_id=desk.engineer.id)
    dialog.ui.solution_edit.setPlainText("远程指导复位")
    dialog.ui.resolve_button.click()
    dialog.ui.callback_button.click()
    callback = dialog.callback_dialog
    callback.unreached_radio.setChecked(True)
    callback.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    followup = FollowUp.get(FollowUp.ticket == dialog.ticket_id)
    assert (followup.status, followup.attempts) == ("planned", 1)
    assert "2" in dialog.ui.callback_status_label.text()  # try 2 of 3 is next
    assert TicketEvent.select().where(TicketEvent.kind == "callback").count() == 1
    assert callbacks.open_callback(dialog.ticket_id) == followup.id
