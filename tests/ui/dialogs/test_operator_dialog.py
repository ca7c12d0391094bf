"""Who is working: 我是… on start, remembered for this PC (not in the database), changed in the status bar,
and the board's 我的 follows it at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.core.firm import staff, workstation
from crmdesk.core.store.models import Setting, Staff
from crmdesk.ui import crash
from crmdesk.ui.dialogs import staff_dialog
from crmdesk.ui.dialogs.operator_dialog import OperatorDialog
from crmdesk.ui.main_window import MainWindow


@pytest.fixture
def windows_shown():
    """As a real start: dialogs may be shown (the autouse fixture turns them into log lines)."""
    crash.configure(show_windows=True, log_path=None)
    yield


def _window(qtbot, tmp_path) -> MainWindow:
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(window)
    window.refresh_all()
    return window


def _answer(monkeypatch, name: str | None) -> list[OperatorDialog]:
    """Make OperatorDialog.exec pick ``name`` and press OK (None: press 退出)."""
    shown = []

    def fake_exec(dialog: OperatorDialog) -> int:
        shown.append(dialog)
        if name is None:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        else:
            dialog.choose(name)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(OperatorDialog, "exec", fake_exec)
    return shown


def test_start_asks_who_is_working_and_remembers_it_for_this_pc(qtbot, zh, demo_db, sync_ops, tmp_path,
                                                                 monkeypatch, windows_shown) -> None:
    window = _window(qtbot, tmp_path)
    assert staff.current_operator() is None
    assert window.operator_combo.currentText() == "（请选择）"
    shown = _answer(monkeypatch, "李晓梅")
    assert window.ask_operator_if_needed()
    assert len(shown) == 1 and shown[0].windowTitle() == "我是…"
    me = Staff.get(Staff.name == "李晓梅")
    assert staff.current_operator() == me
    assert workstation.operator_for(tmp_path / "demo.db") == me.id
    assert Setting.get_or_none(Setting.key == "current_operator_id") is None  # the PC's, not the database's
    assert window.operator_combo.currentText() == "李晓梅"
    assert window.operator_combo.findData(None) < 0  # no （请选择） once somebody is chosen

    staff._session.update(db=None, id=None)  # a new start of the app on this PC
    again = _window(qtbot, tmp_path)
    assert again.ask_operator_if_needed() and len(shown) == 1  # not asked again
    assert staff.current_operator() == me


def test_quitting_instead_of_choosing_records_nobody(qtbot, zh, demo_db, sync_ops, tmp_path, monkeypatch,
                                                     windows_shown) -> None:
    window = _window(qtbot, tmp_path)
    shown = _answer(monkeypatch, None)
    assert not window.ask_operator_if_needed()
    assert shown[0].buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "退出客户服务台"
    assert staff.current_operator() is None


def test_an_empty_database_lets_the_first_clerk_add_herself(qtbot, zh, db, sync_ops, monkeypatch) -> None:
    dialog = OperatorDialog(db.database, at_start=True)
    qtbot.addWidget(dialog)
    assert dialog.staff_list.count() == 0 and not dialog.empty_label.isHidden()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    def fake_staff_exec(self) -> int:
        self.ui.name_edit.setText("周敏")
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()
        return self.result()

    monkeypatch.setattr(staff_dialog.StaffDialog, "exec", fake_staff_exec)
    dialog.add_button.click()
    assert dialog.staff_list.currentItem().text() == "周敏（客服）"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert staff.current_operator().name == "周敏"


def test_the_status_bar_changes_the_user_and_the_board_mine_follows(qtbot, zh, demo_db, sync_ops, tmp_path) -> None:
    from crmdesk.core.store.models import Ticket

    window = _window(qtbot, tmp_path)
    window.tabs.setCurrentIndex(2)  # the board is built before anybody is chosen
    board = window.tickets_tab
    assert not board.mine_check.isEnabled()
    engineer = (Staff.select().join(Ticket, on=(Ticket.assignee == Staff.id))
                .where(Ticket.stage == "in_progress").first())
    combo = window.operator_combo
    combo.setCurrentIndex(combo.findData(engineer.id))
    combo.activated.emit(combo.currentIndex())
    assert staff.current_operator() == engineer
    assert board.mine_check.isEnabled()
    board.mine_check.setChecked(True)
    shown = [card for stage in board.loaded.cards for card in board.board.cards(stage)]
    assert shown and {card.assignee for card in shown} == {engineer.name}
    assert window.operator_combo.findData(None) < 0


def test_a_clerks_whole_ticket_from_the_call_to_the_callback_names_her_on_every_step(qtbot, db, sync_ops,
                                                                                     monkeypatch) -> None:
    from PySide6.QtTest import QTest

    from crmdesk.core.customers import service as customers
    from crmdesk.core.customers.service import ContactInput, CustomerInput
    from crmdesk.core.store.models import AuditLog, Ticket, TicketEvent
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    clerk, engineer = staff.add("王客服", "clerk"), staff.add("周工", "engineer")
    customer_id = customers.save(CustomerInput(name="南京金陵机械有限公司", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851230001", is_primary=True)])).customer_id
    chooser = OperatorDialog(db.database, at_start=True)  # 我是… on start
    qtbot.addWidget(chooser)
    chooser.choose("王客服")
    chooser.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert staff.current_operator() == clerk

    call = TicketDialog()  # the phone rings: Ctrl+T, the last 4 digits, Enter
    qtbot.addWidget(call)
    call.show()
    qtbot.keyClicks(call.ui.customer_search_edit, "0001")
    qtbot.waitUntil(lambda: call.ui.customer_results_list.count() == 1)
    QTest.keyClick(call.ui.customer_search_edit, Qt.Key.Key_Return)
    assert call.customer_id == customer_id
    call.ui.description_edit.setPlainText("机床主轴异响")
    call.ui.button_box.button(QDialogButtonBox.StandardButton.Save).click()
    ticket_id = call.created.ticket_id

    form = TicketDialog(ticket_id=ticket_id)
    qtbot.addWidget(form)
    form.ui.classify_button.click()
    form.ui.assignee_combo.setCurrentIndex(form.ui.assignee_combo.findData(engineer.id))
    form.ui.dispatch_button.click()
    form.ui.start_button.click()
    form.ui.solution_edit.setPlainText("更换主轴轴承，试机正常")
    form.ui.resolve_button.click()
    form.ui.callback_button.click()
    callback = form.callback_dialog
    callback.set_score("overall", 5)
    callback.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    form.ui.archive_button.click()
    assert Ticket.get_by_id(ticket_id).stage == "archived"

    events = list(TicketEvent.select().where(TicketEvent.ticket == ticket_id))
    kinds = {e.kind for e in events}
    assert {"transition"} <= kinds and len(events) >= 6
    assert {(e.operator_id, e.operator_name) for e in events} == {(clerk.id, "王客服")}
    reveal = AuditLog.get(AuditLog.action == "reveal")  # the number shown for the callback
    assert reveal.operator_id == clerk.id and Ticket.get_by_id(ticket_id).number in reveal.detail
