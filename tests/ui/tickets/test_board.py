"""The ticket board tab on the demo data: columns and counts, filters, drag and drop, the live clock,
the list view, the context menu.

The demo database is generated for Friday 2026-11-20 (its "now" is 08:00); the tab's clock is
fixed at 10:30 that day unless a test moves it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from crmdesk.core.firm import staff
from crmdesk.core.store.models import FollowUp, Staff, Ticket, TicketEvent, database_proxy
from crmdesk.core.tickets import board as ticket_board
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets.records import OPEN_STAGES, STAGES
from crmdesk.ui.marks import is_marked
from crmdesk.ui.tickets import card_delegate, transition_dialogs
from crmdesk.ui.tickets.tab import TicketsTab
from tests.helpers.board import drop_card

NOW = dt.datetime(2026, 11, 20, 10, 30)


class Clock:
    """The tab's clock, moved by the test."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def tab(qtbot, demo_db, sync_ops, clock):
    staff.set_current_operator(Staff.get(Staff.name == "李晓梅").id)
    widget = TicketsTab(clock=clock)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.refresh(None)
    return widget


def _db_ids(**where: object) -> set[int]:
    query = Ticket.select(Ticket.id).where(Ticket.deleted_at.is_null())
    for field, value in where.items():
        query = query.where(getattr(Ticket, field) == value)
    return {t.id for t in query}


def _shown(tab: TicketsTab, stage: str) -> set[int]:
    return {card.id for card in tab.board.cards(stage)}


def _first(stage: str) -> Ticket:
    return Ticket.select().where((Ticket.stage == stage) & Ticket.deleted_at.is_null()).order_by(Ticket.id).first()


def test_the_board_shows_the_tickets_of_each_stage_with_counts(tab, qtmodeltester) -> None:
    for stage in (*OPEN_STAGES, "resolved"):
        assert _shown(tab, stage) == _db_ids(stage=stage), stage
        assert tab.board.columns[stage].count_text == str(len(_db_ids(stage=stage)))
    callback = tab.board.columns["callback"]
    assert callback.count == len(_db_ids(stage="callback")) > 0
    assert _shown(tab, "callback") <= _db_ids(stage="callback")
    # open columns by urgency: the next due first
    dues = [card.due for card in tab.board.cards("in_progress")]
    assert dues == sorted(dues)
    # 归档 starts folded: counted, not loaded
    archived = tab.board.columns["archived"]
    assert archived.collapsed and tab.board.cards("archived") == []
    assert archived.count == len(_db_ids(stage="archived"))
    assert str(archived.count) in archived.strip.text.replace(",", "")
    archived.strip.clicked.emit()
    assert not archived.collapsed and archived.view.isVisibleTo(tab)
    assert len(tab.board.cards("archived")) == min(200, archived.count)
    assert archived.footer_label.text()  # "showing the newest 200 of …"
    archived.collapse_button.click()
    assert archived.collapsed and tab.board.cards("archived") == []
    assert tab.summary_label.text().startswith(str(sum(len(_db_ids(stage=s)) for s in OPEN_STAGES)))
    qtmodeltester.check(tab.board.columns["in_progress"].model)
    qtmodeltester.check(tab.list_view.table_model)


def test_filters_narrow_the_board(tab) -> None:
    engineer = Staff.get(Staff.name == "张伟")
    tab.assignee_combo.setCurrentIndex(tab.assignee_combo.findData(engineer.id))
    assert _shown(tab, "in_progress") == _db_ids(stage="in_progress", assignee=engineer.id)
    assert {card.assignee for stage in STAGES for card in tab.board.cards(stage)} == {"张伟"}
    tab.assignee_combo.setCurrentIndex(0)
    tab.priority_combo.setCurrentIndex(tab.priority_combo.findData("important"))
    assert _shown(tab, "dispatched") == _db_ids(stage="dispatched", priority="important")
    assert {card.priority for stage in STAGES for card in tab.board.cards(stage)} == {"important"}
    tab.priority_combo.setCurrentIndex(0)
    tab.category_combo.setCurrentIndex(tab.category_combo.findData("usage"))
    assert _shown(tab, "in_progress") == _db_ids(stage="in_progress", category="usage")
    tab.category_combo.setCurrentIndex(0)
    # overdue: exactly the red cards of the unfiltered board
    red = {c.id for stage in STAGES for c in tab.board.cards(stage) if c.state == "red" and stage in OPEN_STAGES}
    assert red
    tab.overdue_check.setChecked(True)
    assert {c.id for stage in OPEN_STAGES for c in tab.board.cards(stage)} == red
    tab.overdue_check.setChecked(False)
    # mine: the current user's tickets
    assert tab.mine_check.isEnabled()
    operator = Staff.get(Staff.name == "李晓梅")
    Ticket.update(assignee=operator.id).where(Ticket.number == "GD20261119-006").execute()
    tab.mine_check.setChecked(True)
    assert not tab.assignee_combo.isEnabled()
    assert [c.number for stage in OPEN_STAGES for c in tab.board.cards(stage)] == ["GD20261119-006"]
    tab.mine_check.setChecked(False)
    # search: part of a customer's name or of a number, after a short pause in typing
    tab.search_edit.setText("航成光电")
    tab.load()
    assert {c.customer for stage in STAGES for c in tab.board.cards(stage)} == {"东莞市航成光电有限公司"}
    tab.search_edit.setText("1119-00")
    tab.load()
    assert {c.number[:-1] for stage in OPEN_STAGES for c in tab.board.cards(stage)} == {"GD20261119-00"}
    assert tab.list_view.table_model.rowCount() == tab.board.card_count()


def test_dragging_a_card_from_dispatched_to_in_progress_records_it_in_the_history(qtbot, tab) -> None:
    ticket = Ticket.get(Ticket.number == "GD20261119-004")
    assert ticket.stage == "dispatched" and ticket.id in _shown(tab, "dispatched")
    drop_card(qtbot, tab, ticket.id, "in_progress")
    qtbot.waitUntil(lambda: Ticket.get_by_id(ticket.id).stage == "in_progress")
    last = TicketEvent.select().where(TicketEvent.ticket == ticket.id).order_by(TicketEvent.id.desc()).first()
    assert (last.kind, last.from_stage, last.to_stage, last.operator_name) == (
        "transition", "dispatched", "in_progress", "李晓梅")
    assert [line.to_stage for line in tickets.history(ticket.id)][-1] == "in_progress"
    assert ticket.id in _shown(tab, "in_progress") and ticket.id not in _shown(tab, "dispatched")
    assert tab.board.current_ticket_id() == ticket.id  # the moved card stays selected
    assert not tab.notice.isVisibleTo(tab)


def test_a_drop_on_dispatched_asks_for_the_assignee(qtbot, tab) -> None:
    ticket = _first("received")
    events = TicketEvent.select().where(TicketEvent.ticket == ticket.id).count()
    drop_card(qtbot, tab, ticket.id, "dispatched")
    dialog = tab.pending_dialog
    assert isinstance(dialog, transition_dialogs.AssigneeDialog) and dialog.isVisible()
    assert Ticket.get_by_id(ticket.id).stage == "received"  # nothing moves before the answer
    engineer = Staff.get(Staff.name == "吴俊杰")
    dialog.assignee_combo.setCurrentIndex(dialog.assignee_combo.findData(engineer.id))
    dialog.note_edit.setText("请今天联系客户")
    dialog.submit()
    moved = Ticket.get_by_id(ticket.id)
    assert (moved.stage, moved.assignee_id) == ("dispatched", engineer.id)
    assert moved.first_response_at is not None
    # the transition, and the routing line of a ticket registered before the demo firm's routing table
    lines = TicketEvent.select().where(TicketEvent.ticket == ticket.id)
    assert (lines.count(), lines.where(TicketEvent.kind == "route").count()) == (events + 2, 1)
    assert ticket.id in _shown(tab, "dispatched")
    card = next(c for c in tab.board.cards("dispatched") if c.id == ticket.id)
    assert (card.assignee, card.due_kind) == ("吴俊杰", "resolution")


def test_a_drop_on_resolved_asks_for_the_solution_and_keeps_the_form_open_when_refused(qtbot, tab) -> None:
    ticket = _first("in_progress")
    Ticket.update(category="complaint", severity="serious").where(Ticket.id == ticket.id).execute()
    drop_card(qtbot, tab, ticket.id, "resolved")
    dialog = tab.pending_dialog
    assert isinstance(dialog, transition_dialogs.ResolveDialog) and dialog.complaint
    dialog.solution_edit.setPlainText("")
    dialog.submit()
    assert dialog.isVisible() and is_marked(dialog.solution_edit) and "解决方案" in dialog.error_label.text()
    dialog.solution_edit.setPlainText("更换主轴轴承并重新校准")
    dialog.submit()
    assert dialog.isVisible() and is_marked(dialog.root_cause_edit)  # a complaint needs its root cause
    dialog.root_cause_edit.setPlainText("轴承批次质量问题")
    dialog.one_time_check.setChecked(False)
    dialog.submit()
    resolved = Ticket.get_by_id(ticket.id)
    assert (resolved.stage, resolved.solution, resolved.root_cause, resolved.one_time_resolved) == (
        "resolved", "更换主轴轴承并重新校准", "轴承批次质量问题", False)
    assert FollowUp.select().where((FollowUp.ticket == ticket.id) & (FollowUp.kind == "callback")).count() == 1
    assert ticket.id in _shown(tab, "resolved")


def test_a_disallowed_drop_changes_nothing_and_names_both_stages(qtbot, tab) -> None:
    ticket = _first("in_progress")
    events = TicketEvent.select().where(TicketEvent.ticket == ticket.id).count()
    drop_card(qtbot, tab, ticket.id, "received")
    assert Ticket.get_by_id(ticket.id).stage == "in_progress"
    assert TicketEvent.select().where(TicketEvent.ticket == ticket.id).count() == events
    assert tab.notice.isVisibleTo(tab)
    assert tab.notice_label.text() == f"工单 {ticket.number} 处于“处理”阶段，不能转到“接收”。"
    assert tab.pending_dialog is None
    assert ticket.id in _shown(tab, "in_progress")
    # a drop on its own column is no move at all
    tab.notice.hide()
    drop_card(qtbot, tab, ticket.id, "in_progress")
    assert not tab.notice.isVisibleTo(tab) and Ticket.get_by_id(ticket.id).stage == "in_progress"


def test_a_card_dropped_on_the_folded_archive_is_archived(qtbot, tab) -> None:
    ticket = next(c for c in tab.board.cards("callback"))
    strip = tab.board.columns["archived"].strip
    mime = tab.board.columns["callback"].model.mimeData([tab.board.columns["callback"].model.index(0)])
    spot = QPoint(10, 40)
    enter = QDragEnterEvent(spot, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(strip, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(strip, QDropEvent(QPointF(spot), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                                             Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: Ticket.get_by_id(ticket.id).stage == "archived")
    assert ticket.id not in _shown(tab, "callback")
    assert tab.board.columns["archived"].count == len(_db_ids(stage="archived"))


def test_a_drag_lights_the_columns_the_card_may_go_to(tab) -> None:
    view = tab.board.columns["dispatched"].view
    view.drag_started.emit("dispatched")
    hints = {stage: column.drop_hint for stage, column in tab.board.columns.items()}
    assert hints == {"received": "refused", "classified": "refused", "dispatched": "", "in_progress": "allowed",
                     "resolved": "allowed", "callback": "refused", "archived": "refused"}
    view.drag_ended.emit()
    assert {column.drop_hint for column in tab.board.columns.values()} == {""}


def test_cards_turn_amber_then_red_as_the_clock_ticks_without_a_query(tab, clock) -> None:
    # GD20261119-004: no response yet, due Fri 20 Nov 15:28 (8 working hours, amber under 2 h)
    number = "GD20261119-004"

    def card() -> ticket_board.Card:
        return next(c for stage in OPEN_STAGES for c in tab.board.cards(stage) if c.number == number)

    assert (card().state, card().due_kind) == ("ok", "response")
    assert card_delegate.time_text(card(), clock.now, 27_000) == "3 h 28 min left"
    statements: list[str] = []
    database_proxy.connection().set_trace_callback(statements.append)
    try:
        clock.now = dt.datetime(2026, 11, 20, 14, 0)
        tab.tick()
        assert (card().state, card_delegate.time_text(card(), clock.now, 27_000)) == ("amber", "1 h 28 min left")
        clock.now = dt.datetime(2026, 11, 23, 17, 40)  # Monday: the due passed on Friday at 15:28
        tab.tick()
    finally:
        database_proxy.connection().set_trace_callback(None)
    assert statements == []
    assert card().state == "red"
    assert card_delegate.time_text(card(), clock.now, 27_000) == "3 d 2 h overdue"
    row = tab.list_view.table_model.row_of(card().id)
    assert tab.list_view.table_model.index(row, 6).data() == "3 d 2 h overdue"
    tab.board.grab()  # every state paints
    assert tab.timer.interval() == 30_000


def test_time_texts() -> None:
    base = ticket_board.Card(1, "GD20261120-001", 1, "客户", "fault", "normal", "", "", "in_progress",
                             dt.datetime(2026, 11, 20, 18, 0), "resolution", 2 * 27_000 + 3 * 3600, 37 * 3600 + 1800,
                             False, "ok", False, "")
    now = dt.datetime(2026, 11, 18, 9, 0)
    assert card_delegate.time_text(base, now, 27_000) == "2 working days 3 h left"
    assert card_delegate.time_text(base._replace(calendar=True, seconds_left=90_000), now, 27_000) == "1 d 1 h left"
    assert card_delegate.time_text(base._replace(seconds_left=20 * 60), now, 27_000) == "20 min left"
    assert card_delegate.time_text(base._replace(seconds_left=30), now, 27_000) == "under a minute left"
    late = base._replace(state="red", seconds_left=-60)
    assert card_delegate.time_text(late, dt.datetime(2026, 11, 20, 19, 5), 27_000) == "1 h 5 min overdue"
    finished = base._replace(stage="resolved", stopped_at=dt.datetime(2026, 11, 19, 10, 0))
    assert card_delegate.time_text(finished, now, 27_000) == "Resolved in time"
    resolved_late = finished._replace(state="red", stopped_at=dt.datetime(2026, 11, 21, 20, 0))
    assert card_delegate.time_text(resolved_late, now, 27_000) == "Resolved 1 d 2 h late"
    assert card_delegate.time_text(base._replace(due=None, seconds_left=None, state=""), now, 27_000) == "No due time"


def test_the_list_view_shows_the_same_cards_and_sorts_them(tab) -> None:
    ticket = Ticket.get(Ticket.number == "GD20261119-006")
    assert tab.board.select(ticket.id)
    tab.list_button.click()
    assert tab.stack.currentWidget() is tab.list_view
    model = tab.list_view.table_model
    assert model.rowCount() == tab.board.card_count()
    assert {c.id for c in model.cards} == {c.id for stage in STAGES for c in tab.board.cards(stage)}
    assert tab.current_ticket_id() == ticket.id  # the selection comes along
    tab.list_view.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # time left: the breached first
    states = [model.card(row).state for row in range(model.rowCount())]
    assert states == sorted(states, key=lambda s: {"red": 0, "amber": 1, "ok": 2, "": 3}[s])
    tab.list_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    numbers = [model.card(row).number for row in range(model.rowCount())]
    assert numbers == sorted(numbers, reverse=True)
    tab.cards_button.click()
    assert tab.stack.currentWidget() is tab.board and tab.current_ticket_id() == ticket.id


def test_the_context_menu_moves_pauses_and_resumes(tab) -> None:
    dispatched = Ticket.get(Ticket.number == "GD20261119-003")
    texts = [action.text() for action in tab.menu_for(dispatched.id).actions() if not action.isSeparator()]
    # the Qt texts in English (no translator), the stage labels in the core's language (zh_CN in tests)
    assert texts == ["Open", "Re-dispatch…", "Move to “处理”", "Move to “反馈”…", "Pause…"]
    ticket = Ticket.get(Ticket.number == "GD20261119-006")  # in progress, responded: on its resolution clock
    menu = tab.menu_for(ticket.id)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Open", "Re-dispatch…", "Move to “反馈”…", "Pause…"]
    next(a for a in menu.actions() if a.text() == "Pause…").trigger()
    dialog = tab.pending_dialog
    assert isinstance(dialog, transition_dialogs.PauseDialog)
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("parts"))
    dialog.note_edit.setText("等待伺服电机到货")
    dialog.submit()
    paused = Ticket.get_by_id(ticket.id)
    assert (paused.paused, paused.pause_reason) == (True, "parts")
    card = next(c for c in tab.board.cards("in_progress") if c.id == ticket.id)
    assert (card.paused, card.pause_reason, card.stopped_at) == (True, "parts", paused.paused_at)
    assert "Paused: 等待备件" in card_delegate.tooltip(card)
    menu = tab.menu_for(ticket.id)
    next(a for a in menu.actions() if a.text() == "Resume").trigger()
    assert not Ticket.get_by_id(ticket.id).paused
    assert [line.kind for line in tickets.history(ticket.id)][-2:] == ["pause", "resume"]
    # a resolved ticket offers the reopen and the callback, an archived one nothing but opening
    resolved = _first("resolved")
    from crmdesk.core.store.models import FollowUp
    from crmdesk.core.tickets import callbacks

    assert callbacks.open_callback(resolved.id) is not None
    texts = [a.text() for a in tab.menu_for(resolved.id).actions() if not a.isSeparator()]
    assert texts == ["Open", "Reopen…", "Record the callback…", "Move to “归档”"]
    # closed as 未联系上: nothing left to record
    FollowUp.update(status="skipped").where(FollowUp.ticket == resolved.id).execute()
    texts = [a.text() for a in tab.menu_for(resolved.id).actions() if not a.isSeparator()]
    assert texts == ["Open", "Reopen…", "Move to “归档”"]
    archived = _first("archived")
    assert [a.text() for a in tab.menu_for(archived.id).actions() if not a.isSeparator()] == ["Open"]


def test_reopening_from_the_menu_asks_why_and_counts_it(tab) -> None:
    ticket = _first("resolved")
    tab.request_move(ticket.id, "in_progress")
    dialog = tab.pending_dialog
    assert isinstance(dialog, transition_dialogs.ReopenDialog)
    dialog.note_edit.setText("客户反馈问题复现")
    dialog.submit()
    reopened = Ticket.get_by_id(ticket.id)
    assert (reopened.stage, reopened.reopen_count) == ("in_progress", ticket.reopen_count + 1)
    assert tickets.history(ticket.id)[-1].note.startswith("客户反馈问题复现")


def test_a_card_dropped_on_callback_done_opens_the_callback(qtbot, tab) -> None:
    pytest.importorskip("crmdesk.ui.tickets.callback_dialog")
    ticket = _first("resolved")
    drop_card(qtbot, tab, ticket.id, "callback")
    assert type(tab.pending_dialog).__name__ == "CallbackDialog"
    assert Ticket.get_by_id(ticket.id).stage == "resolved"


def test_double_click_opens_the_ticket(tab) -> None:
    pytest.importorskip("crmdesk.ui.tickets.ticket_dialog")
    ticket = Ticket.get(Ticket.number == "GD20261119-006")
    column = tab.board.columns["in_progress"]
    column.view.activated.emit(column.model.index(column.model.row_of(ticket.id)))
    assert type(tab.pending_dialog).__name__ == "TicketDialog"
    assert tab.pending_dialog.ticket_id == ticket.id
    column.view.activated.emit(QModelIndex())  # nothing under the cursor: nothing opens


def test_classifying_a_complaint_asks_for_its_severity(qtbot, db, sync_ops) -> None:
    """The quick 分级 dialog never makes a complaint 一般 on its own."""
    from crmdesk.core.tickets import service as tickets
    from crmdesk.ui.tickets.transition_dialogs import ClassifyDialog
    from tests.helpers.factories import make_customer

    cid = make_customer("华强电子")
    ticket = tickets.brief(tickets.create(cid, "售后人员态度差", category="complaint").ticket_id)
    dialog = ClassifyDialog(ticket)
    qtbot.addWidget(dialog)
    assert dialog.severity_combo.currentData() == ""  # 请选择, not 一般
    dialog.severity_combo.setCurrentIndex(dialog.severity_combo.findData("serious"))
    dialog.submit()
    assert Ticket.get_by_id(ticket.id).severity == "serious"


def _reddish_columns(image, top: int, bottom: int) -> set[int]:
    """The x of pixels painted in the urgent colour (the stripe, the chip's text) between two rows."""
    found = set()
    for y in range(top, bottom):
        for x in range(image.width()):
            color = image.pixelColor(x, y)
            if color.red() > 170 and color.green() < 120 and color.blue() < 120:
                found.add(x)
    return found


def test_a_narrow_card_keeps_its_priority_and_shows_the_problem(qtbot, tab) -> None:
    """Beside a column's scroll bar a card is too narrow for the number and the chip on one line: the
    chip moves to the customer's line instead of vanishing; the problem is one line under the customer."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    ticket = Ticket.select().where((Ticket.stage == "in_progress") & (Ticket.category != "complaint")).first()
    Ticket.update(priority="urgent", description="数控车床开机报警E05\n急停灯常亮").where(
        Ticket.id == ticket.id).execute()
    tab.load()
    card = next(c for c in tab.board.cards("in_progress") if c.id == ticket.id)
    assert card.summary == "数控车床开机报警E05 急停灯常亮"
    assert card.summary in card_delegate.tooltip(card)
    delegate = tab.board.delegate
    for width in (150, 260):  # narrow (the chip on the second line) and wide (beside the number)
        image = QImage(width, card_delegate.CARD_HEIGHT, QImage.Format.Format_RGB32)
        image.fill(0xFFFFFF)
        painter = QPainter(image)
        option = QStyleOptionViewItem()
        option.rect = image.rect()
        option.font = tab.font()
        column = tab.board.columns["in_progress"]
        delegate.paint(painter, option, column.model.index(column.model.row_of(ticket.id)))
        painter.end()
        chip = {x for x in _reddish_columns(image, 0, card_delegate.CARD_HEIGHT) if x > width // 2}
        assert chip, f"no priority chip on a card {width} px wide"


def test_the_folded_archive_shows_its_whole_label(qtbot, tab) -> None:
    strip = tab.board.columns["archived"].strip
    tab.show()
    assert not tab.board.archive_open and strip.isVisible() and strip.text.split()[-1].isdigit()
    image = strip.grab().toImage()
    background = image.pixelColor(1, image.height() - 2)
    painted = [x for x in range(image.width()) for y in range(min(image.height(), strip.minimumSizeHint().height()))
               if image.pixelColor(x, y) != background]
    assert painted and min(painted) > 0 and max(painted) < image.width() - 1  # nothing cut at either side
    assert strip.height() >= strip.minimumSizeHint().height()


def test_the_tab_loads_once_after_its_own_move_and_reloads_for_anyone_elses(qtbot, tab, monkeypatch) -> None:
    """As in the window, the broadcast reaches the tab: its own moves (and the answers of the move
    dialogs it opened) carry it as the initiator, so the board is loaded once, by the move."""
    from crmdesk.ui.operations import tickets as tickets_ops
    from crmdesk.ui.operations.runner import get_broadcaster

    get_broadcaster().changed.connect(tab.refresh)
    loads: list[int] = []
    load = tab.load
    monkeypatch.setattr(tab, "load", lambda: (loads.append(1), load())[1])
    ticket = Ticket.get(Ticket.number == "GD20261119-004")
    drop_card(qtbot, tab, ticket.id, "in_progress")
    assert Ticket.get_by_id(ticket.id).stage == "in_progress"
    assert len(loads) == 1 and tab.board.current_ticket_id() == ticket.id
    waiting = _first("received")
    tab.request_move(waiting.id, "dispatched")
    dialog = tab.pending_dialog
    dialog.assignee_combo.setCurrentIndex(dialog.assignee_combo.findData(Staff.get(Staff.name == "吴俊杰").id))
    dialog.submit()
    assert Ticket.get_by_id(waiting.id).stage == "dispatched"
    assert len(loads) == 2 and tab.board.current_ticket_id() == waiting.id and tab.move_dialog is None
    other = _first("dispatched")
    tickets_ops.move_ticket(None, other.id, "in_progress").run()  # someone else's change: the tab reloads
    assert len(loads) == 3 and other.id in _shown(tab, "in_progress")
