"""No traps for the clerk: typed content is not lost to Esc, a double click does one step, Tab leaves
multi-line fields, no score is chosen for her, the number to dial is shown, the dossier has the
actions of the day and hides the dangerous ones."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.store.models import AuditLog, Contact, Customer, Ticket
from crmdesk.core.tickets import callbacks
from crmdesk.core.tickets import service as tickets
from crmdesk.ui import form_dialog, widgets
from tests.helpers.qt import type_text


@pytest.fixture
def desk(db) -> SimpleNamespace:
    clerk = staff.add("王客服", "clerk")
    staff.set_current_operator(clerk.id)
    engineer = staff.add("周工", "engineer")
    cid = customers.save(CustomerInput(name="南京金陵机械有限公司", address="南京市江宁区秣陵街道 88 号", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851230001", is_primary=True),
        ContactInput(name="孙丽", title="采购", mobile="13900005678", phone="025-52101234")])).customer_id
    return SimpleNamespace(clerk=clerk, engineer=engineer, customer_id=cid)


class Answers(list):
    """The next answers to 'discard what you typed?' (default: keep editing) and who asked."""

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[QDialog] = []


@pytest.fixture
def asked(monkeypatch) -> Answers:
    answers = Answers()

    def ask(parent) -> bool:
        answers.questions.append(parent)
        return answers.pop(0) if answers else False

    monkeypatch.setattr(form_dialog, "ask_discard", ask)
    return answers


def _forms(desk: SimpleNamespace) -> dict[str, tuple[QDialog, object]]:
    """The forms with typed content, and how to type into each."""
    from crmdesk.ui.customers.dialog import CustomerDialog
    from crmdesk.ui.followups.followup_dialog import FollowUpDialog
    from crmdesk.ui.reports.dialogs import SurveyDialog
    from crmdesk.ui.tickets.callback_dialog import CallbackDialog
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    created = tickets.create(desk.customer_id, "机床主轴异响", operator=desk.clerk)
    tickets.dispatch(created.ticket_id, desk.engineer.id, operator=desk.clerk)
    tickets.resolve(created.ticket_id, "更换主轴轴承", operator=desk.engineer)
    ticket = TicketDialog(customer_id=desk.customer_id)
    customer = CustomerDialog(None)
    followup = FollowUpDialog(customer_id=desk.customer_id)
    survey = SurveyDialog()
    callback = CallbackDialog(callbacks.open_callback(created.ticket_id))
    return {"ticket": (ticket, lambda: type_text(ticket.ui.description_edit, "打印机卡纸")),
            "customer": (customer, lambda: type_text(customer.ui.name_edit, "苏州恒信精密制造有限公司")),
            "followup": (followup, lambda: followup.ui.purpose_combo.setCurrentText("报价跟进")),
            "survey": (survey, lambda: type_text(survey.comment_edit, "送货很快")),
            "callback": (callback, lambda: type_text(callback.comment_edit, "客户很满意"))}


def test_escape_with_typed_content_asks_before_discarding(qtbot, desk, sync_ops, asked) -> None:
    for name, (dialog, type_something) in _forms(desk).items():
        qtbot.addWidget(dialog)
        dialog.show()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes at once
        assert not dialog.isVisible() and not asked.questions, name
        dialog.show()
        type_something()
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible() and asked.questions == [dialog], name  # kept: "继续编辑"
        asked.append(True)
        cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
        cancel.click()  # 取消 asks too; this time the typing is thrown away
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected, name
        assert len(asked.questions) == 2, name
        asked.questions.clear()


def test_the_question_names_what_is_lost_in_chinese(qtbot, zh) -> None:
    box, discard = form_dialog.discard_question(None)
    qtbot.addWidget(box)
    assert box.windowTitle() == "放弃已输入的内容？" and "没有保存" in box.text()
    assert {b.text() for b in box.buttons()} == {"放弃", "继续编辑"} and discard.text() == "放弃"
    assert box.defaultButton().text() == "继续编辑" and box.escapeButton().text() == "继续编辑"


def _step_buttons(dialog) -> list:
    ui = dialog.ui
    return [ui.classify_button, ui.dispatch_button, ui.start_button, ui.resolve_button, ui.reopen_button,
            ui.callback_button, ui.archive_button]


def test_a_double_click_on_a_step_makes_one_step(qtbot, desk, sync_ops, asked) -> None:
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    created = tickets.create(desk.customer_id, "机床主轴异响", operator=desk.clerk, assignee_id=desk.engineer.id)
    dialog = TicketDialog(ticket_id=created.ticket_id)
    qtbot.addWidget(dialog)
    dialog.show()
    places = [button.geometry() for button in _step_buttons(dialog)]
    assert all(button.isVisible() for button in _step_buttons(dialog))
    spot = dialog.ui.classify_button.rect().center()
    where = dialog.ui.classify_button.mapTo(dialog, spot)
    QTest.mouseClick(dialog.ui.classify_button, Qt.MouseButton.LeftButton, pos=spot)
    under = dialog.childAt(where)  # the second click of a double click lands here
    assert under is dialog.ui.classify_button and not under.isEnabled()
    QTest.mouseClick(under, Qt.MouseButton.LeftButton, pos=spot)
    assert Ticket.get_by_id(created.ticket_id).stage == "classified"  # not dispatched as well
    assert [button.geometry() for button in _step_buttons(dialog)] == places  # nothing moved
    assert dialog.ui.dispatch_button.isEnabled() and dialog.ui.dispatch_button.text() == "Dispatch"
    # saved: nothing to cancel, the button says so, and Esc closes without a question
    assert dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Close"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not asked.questions


def test_tab_leaves_a_multi_line_field_and_ctrl_tab_types_a_tab(qtbot, desk, sync_ops) -> None:
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    dialog = TicketDialog(customer_id=desk.customer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    description = dialog.ui.description_edit
    description.setFocus()
    type_text(description, "打印机卡纸")
    QTest.keyClick(description, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert description.toPlainText() == "打印机卡纸\t"
    QTest.keyClick(description, Qt.Key.Key_Tab)
    assert description.toPlainText() == "打印机卡纸\t"
    assert QApplication.focusWidget() is not description


def test_the_survey_chooses_no_score_for_the_clerk(qtbot, desk, sync_ops) -> None:
    from crmdesk.ui.reports.dialogs import SurveyDialog

    dialog = SurveyDialog()
    qtbot.addWidget(dialog)
    assert all(spin.value() == 0 for spin in dialog.score_spins.values())
    type_text(dialog.search_edit, "金陵")
    assert dialog.customer_id == desk.customer_id
    emitted: list[dict] = []
    dialog.accepted_values.connect(emitted.append)
    dialog.ok_button.click()
    assert not emitted and not dialog.error_label.isHidden()  # the overall score must be chosen
    dialog.score_spins["overall"].setValue(4)
    dialog.ok_button.click()
    assert emitted[0]["scores"] == {"overall": 4}


def test_the_calls_show_the_number_to_dial_and_log_the_reveal(qtbot, desk, sync_ops) -> None:
    import datetime as dt

    from crmdesk.core.followups import service as followups
    from crmdesk.ui.followups import actions
    from crmdesk.ui.followups.log_call_dialog import LogCallDialog

    sun = Contact.get(Contact.name == "孙丽")
    saved = followups.create(followups.FollowUpInput(customer_id=desk.customer_id, contact_id=sun.id,
                                                     due_at=dt.datetime.now().replace(microsecond=0), method="phone",
                                                     purpose="报价跟进"))
    complete = actions.complete(None, saved.id)
    qtbot.addWidget(complete)
    assert complete.dial.current().name == "孙丽"  # the follow-up's contact, not the primary one
    assert "139 0000 5678" in complete.dial.number_label.text() and "025-52101234" in complete.dial.number_label.text()
    complete.dial.copy_button.click()
    assert QGuiApplication.clipboard().text() == "13900005678"
    log = LogCallDialog(desk.customer_id, "南京金陵机械有限公司")
    qtbot.addWidget(log)
    assert log.dial.current().name == "钱进" and log.dial.number() == "13851230001"
    log.dial.contact_combo.setCurrentIndex(1)  # the other contact: revealed (and logged) too
    reveals = [row.detail for row in AuditLog.select().where(AuditLog.action == "reveal").order_by(AuditLog.id)]
    assert len(reveals) == 3 and all(row.operator_id == desk.clerk.id for row in AuditLog.select())
    assert "孙丽" in reveals[0] and "报价跟进" in reveals[0] and "钱进" in reveals[1] and "孙丽" in reveals[2]
    type_text(log.summary_edit, "电话确认了报价")
    log.save()
    assert log.result() == QDialog.DialogCode.Accepted


def test_the_dossier_has_the_days_actions_and_keeps_the_dangerous_ones_apart(qtbot, desk, sync_ops,
                                                                              monkeypatch) -> None:
    from pypdf import PdfReader

    from crmdesk.ui.customers.dossier import DossierDialog
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    dossier = DossierDialog(desk.customer_id)
    qtbot.addWidget(dossier)
    dossier.show()
    visible = [b.text() for b in (dossier.new_ticket_button, dossier.log_call_top_button, dossier.print_button)]
    assert visible == ["New ticket…", "Log call…", "Print dossier"]
    close = dossier.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close is not None and close.isVisible()
    more = [a.text() for a in dossier.more_button.menu().actions() if a.text()]
    assert "Delete to recycle bin…" in more and "Erase personal data…" in more  # not a button of their own

    dossier.new_ticket_button.click()
    assert isinstance(dossier.last_dialog, TicketDialog) and dossier.last_dialog.customer_id == desk.customer_id
    dossier.last_dialog.done(0)

    monkeypatch.setattr(widgets, "confirm", lambda parent, title, text: False)
    dossier.delete_action.trigger()
    assert Customer.get_by_id(desk.customer_id).deleted_at is None  # asked, and refused

    dossier.print_visit_action.trigger()
    preview = dossier.last_dialog
    text = "".join(page.extract_text() for page in PdfReader(preview.path).pages)
    assert "秣陵街道" in text and "13851230001" in text  # the address and numbers for a site visit
    reveal = AuditLog.get(AuditLog.action == "reveal")
    assert reveal.operator_id == desk.clerk.id and "site visit" in reveal.detail
    preview.done(0)
    dossier.print_action.trigger()
    plain = "".join(page.extract_text() for page in PdfReader(dossier.last_dialog.path).pages)
    assert "秣陵街道" not in plain and "13851230001" not in plain
    dossier.last_dialog.done(0)
