"""The callback form: a reached customer's survey moves the ticket to 回访; an unreachable one is
retried and, after the last try, closed as 未联系上."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import AuditLog, Customer, FollowUp, Interaction, Survey, Ticket
from crmdesk.core.tickets import callbacks
from crmdesk.core.tickets import service as tickets
from crmdesk.ui.marks import is_marked
from crmdesk.ui.tickets.callback_dialog import CallbackDialog
from crmdesk.ui.tickets.ticket_dialog import TicketDialog


@pytest.fixture
def resolved(db) -> SimpleNamespace:
    """A core-tier customer's ticket, resolved: its callback is planned."""
    clerk = staff.add("王客服", "clerk")
    staff.set_current_operator(clerk.id)
    engineer = staff.add("周工", "engineer")
    cid = customers.save(CustomerInput(name="南京金陵机械有限公司", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851234567", is_primary=True)])).customer_id
    Customer.update(tier="core").where(Customer.id == cid).execute()
    created = tickets.create(cid, "机床主轴异响", operator=clerk)
    tickets.dispatch(created.ticket_id, engineer.id, operator=clerk)
    tickets.resolve(created.ticket_id, "更换主轴轴承", operator=engineer)
    return SimpleNamespace(ticket_id=created.ticket_id, number=created.number, customer_id=cid,
                           followup_id=callbacks.open_callback(created.ticket_id))


def _save(dialog: CallbackDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_reached_records_the_tiers_questions_and_moves_the_ticket_to_callback(qtbot, resolved, sync_ops) -> None:
    dialog = CallbackDialog(resolved.followup_id)
    qtbot.addWidget(dialog)
    assert resolved.number in dialog.windowTitle()
    assert "更换主轴轴承" in dialog.info_label.text()
    # whoever calls sees the whole number to dial (and the reveal is logged for that purpose)
    assert dialog.dial.number_label.text() == "钱进　138 5123 4567" and dialog.dial.number() == "13851234567"
    reveal = AuditLog.get(AuditLog.action == "reveal")
    assert reveal.operator.name == "王客服" and resolved.number in reveal.detail and "钱进" in reveal.detail
    assert list(dialog.score_groups) == ["quality", "response", "overall"]  # what the core tier asks
    assert "1" in dialog.try_label.text() and "3" in dialog.try_label.text()
    dialog.set_score("quality", 4)
    dialog.set_score("response", 3)
    _save(dialog)  # the overall score is missing
    assert is_marked(dialog.score_rows["overall"]) and dialog.result() == 0
    assert dialog.error_label.text() == "总体满意度：联系上客户时必须填写"
    assert Ticket.get_by_id(resolved.ticket_id).stage == "resolved" and Survey.select().count() == 0
    dialog.set_score("overall", 5)
    dialog.comment_edit.setPlainText("工程师很专业")
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("questionnaire"))
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    survey = Survey.get(Survey.ticket == resolved.ticket_id)
    assert (survey.quality, survey.response, survey.communication, survey.overall, survey.comment, survey.method) == (
        4, 3, None, 5, "工程师很专业", "questionnaire")
    ticket = Ticket.get_by_id(resolved.ticket_id)
    assert (ticket.stage, ticket.satisfaction) == ("callback", 5)
    assert FollowUp.get_by_id(resolved.followup_id).status == "done"
    assert Interaction.get(Interaction.ticket == resolved.ticket_id).feedback == "工程师很专业"


def test_unreached_three_times_closes_the_callback_as_unreachable(qtbot, resolved, sync_ops) -> None:
    for attempt in (1, 2, 3):
        dialog = CallbackDialog(resolved.followup_id)
        qtbot.addWidget(dialog)
        dialog.unreached_radio.setChecked(True)
        assert not dialog.scores_group.isEnabled()
        text = dialog.try_label.text()
        assert f"{attempt}" in text and "3" in text
        assert ("last try" in text) == (attempt == 3)
        if attempt < 3:  # the next try is planned on a working day, shown before saving
            next_try = callbacks.retry_due(dt.datetime.now().replace(microsecond=0))
            assert f"{next_try:%Y-%m-%d %H:%M}" in text
        dialog.comment_edit.setPlainText("无人接听")
        _save(dialog)
        assert dialog.result() == QDialog.DialogCode.Accepted
        followup = FollowUp.get_by_id(resolved.followup_id)
        assert followup.attempts == attempt
    assert (followup.status, followup.skip_reason) == ("skipped", "未联系上")
    assert Ticket.get_by_id(resolved.ticket_id).stage == "resolved" and Survey.select().count() == 0
    with pytest.raises(KnownError, match="已关闭"):
        CallbackDialog(resolved.followup_id)  # nothing left to record

    form = TicketDialog(ticket_id=resolved.ticket_id)  # the ticket can now be archived
    qtbot.addWidget(form)
    assert "unreachable" in form.ui.callback_status_label.text() and "3" in form.ui.callback_status_label.text()
    assert not form.ui.callback_button.isEnabled() and form.ui.archive_button.isEnabled()
    form.ui.archive_button.click()
    assert Ticket.get_by_id(resolved.ticket_id).stage == "archived"


def test_an_ordinary_customer_is_asked_the_overall_score_only(qtbot, resolved, sync_ops) -> None:
    Customer.update(tier="ordinary").where(Customer.id == resolved.customer_id).execute()
    dialog = CallbackDialog(resolved.followup_id)
    qtbot.addWidget(dialog)
    assert list(dialog.score_groups) == ["overall"]
    dialog.set_score("overall", 2)
    _save(dialog)
    assert Ticket.get_by_id(resolved.ticket_id).satisfaction == 2


def test_a_double_click_on_save_counts_one_try(qtbot, resolved) -> None:
    """The save runs on the writer thread; the dialog waits, so a second click adds no second try."""
    from crmdesk.ui.operations import runner as operations

    held: list[operations.Op] = []

    class HoldingRunner(operations.SyncRunner):
        def submit(self, op: operations.Op) -> None:
            held.append(op)

    operations.set_runner(HoldingRunner())
    try:
        dialog = CallbackDialog(resolved.followup_id)
        qtbot.addWidget(dialog)
        held.clear()  # the reveal of the number shown, logged on opening
        dialog.unreached_radio.setChecked(True)
        _save(dialog)
        _save(dialog)  # disabled: ignored
        assert len(held) == 1 and not dialog.isEnabled()
        operations.SyncRunner().submit(held.pop())
    finally:
        operations.set_runner(None)
    assert FollowUp.get_by_id(resolved.followup_id).attempts == 1
