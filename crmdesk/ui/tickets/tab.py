"""工单看板: the ticket board tab — filters, the board of cards or the list, moves between stages.

The tab reads the board on the GUI thread (``core.tickets.board.columns``: one statement for the
cards, a cheap one for the counts) and runs every change as a named operation
(``crmdesk.ui.operations.tickets``). A move asks for what the target stage needs
(``transition_dialogs``), is refused up front with the core's own message when the rules do not
allow it, and reloads the board and selects the card when done. The broadcast of that change
carries the tab (or the move dialog it opened) as its initiator, so ``refresh`` leaves it to the
move instead of loading the board twice. A timer recounts the cards' time left every 30 seconds
without a query while the tab is visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import filters as custom_filters
from crmdesk.core.firm import staff
from crmdesk.core.org import departments, workload
from crmdesk.core.saved_views import View
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ConflictError, KnownError
from crmdesk.core.store.models import PRIORITIES, TICKET_CATEGORIES, Staff
from crmdesk.core.tickets import board as ticket_board
from crmdesk.core.tickets import callbacks
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets.records import OPEN_STAGES, REDISPATCHABLE, REOPENABLE
from crmdesk.ui import labels, theme, widgets
from crmdesk.ui.customfields.filter_bar import CustomFilterBar
from crmdesk.ui.excel.export_dialog import ListSelection
from crmdesk.ui.operations import tickets as tickets_ops
from crmdesk.ui.operations.runner import Op, get_broadcaster
from crmdesk.ui.saved_views import ViewPicker
from crmdesk.ui.tickets import transition_dialogs
from crmdesk.ui.tickets.board import BoardView, droppable
from crmdesk.ui.tickets.list_view import TicketListView
from crmdesk.ui.tickets.ticket_dialog import TicketDialog

FINISHED_LIMIT = 200  # cards of each finished column (resolved, callback, archived); open columns show all
TICK_MS = 30_000
UNASSIGNED = ticket_board.UNASSIGNED  # the assignee combo's "nobody yet", as saved views keep it


class TicketsTab(QWidget):
    """Toolbar (new ticket, filters, search, cards/list), a notice line, and the board or the list."""

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        super().__init__(parent)
        self.clock = clock
        self.loaded: ticket_board.Columns | None = None
        self.pending_dialog: QWidget | None = None  # the last transition or ticket dialog opened
        self.move_dialog: QWidget | None = None  # the open dialog of a move (its change is this tab's own)
        self.operator: Staff | None = None  # the current user ("mine")
        self._people_loaded = False
        self._default_applied = False
        self._since = clock()
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.custom_bar.label)
        layout.addWidget(self._build_notice())
        self.board = BoardView()
        self.list_view = TicketListView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.board)
        self.stack.addWidget(self.list_view)
        layout.addWidget(self.stack, 1)
        for view in (self.board, self.list_view):
            view.card_activated.connect(self.open_ticket)
            view.menu_requested.connect(self._on_view_menu_requested)
        self.board.move_requested.connect(self.request_move)
        self.board.archive_toggled.connect(self._on_board_archive_toggled)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.load)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search_edit.setFocus)

    # -- building
    def _build_toolbar(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New ticket…"))
        self.new_button.clicked.connect(self.new_ticket)
        top.addWidget(self.new_button)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search ticket number or customer"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.search_edit.textChanged.connect(self._search_timer_start)
        self.search_edit.returnPressed.connect(self.load)
        top.addWidget(self.search_edit, 2)
        self.view_picker = ViewPicker("tickets", self.view_state)
        self.view_picker.view_chosen.connect(self.apply_view)
        top.addWidget(self.view_picker)
        self.assignee_combo = QComboBox()
        self.assignee_combo.setMinimumContentsLength(6)
        self.priority_combo = widgets.choice_combo(self.tr("All priorities"), [(labels.priority(k), k) for k in PRIORITIES])
        self.category_combo = widgets.choice_combo(self.tr("All categories"),
                                          [(labels.category(k), k) for k in TICKET_CATEGORIES])
        self.overdue_check = QCheckBox(self.tr("Overdue"))
        self.overdue_check.setToolTip(self.tr("Only tickets past a due time (the red cards)"))
        self.mine_check = QCheckBox(self.tr("Mine"))
        self.department_check = QCheckBox(self.tr("My department"))  # 部门工单, for a department's head
        # conditions on the tickets' custom fields (设置 → 自定义字段), listed under the toolbar
        self.custom_bar = CustomFilterBar(self)
        self.custom_bar.changed.connect(self.load)
        for widget in (self.assignee_combo, self.priority_combo, self.category_combo, self.overdue_check,
                       self.mine_check, self.department_check, self.custom_bar.button):
            top.addWidget(widget)
        for combo in (self.assignee_combo, self.priority_combo, self.category_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.overdue_check.toggled.connect(self._on_filter_changed)
        self.mine_check.toggled.connect(self._on_mine_check_toggled)
        self.department_check.toggled.connect(self._on_filter_changed)
        top.addStretch(1)
        self.summary_label = QLabel()
        top.addWidget(self.summary_label)
        self.cards_button = QToolButton()
        self.cards_button.setText(self.tr("Cards"))
        self.list_button = QToolButton()
        self.list_button.setText(self.tr("List"))
        self.view_group = QButtonGroup(self)
        for button in (self.cards_button, self.list_button):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.view_group.addButton(button)
            top.addWidget(button)
        self.cards_button.setChecked(True)
        self.view_group.buttonToggled.connect(self._on_view_group_toggled)
        return top

    def _build_notice(self) -> QFrame:
        self.notice = QFrame()
        self.notice.setStyleSheet(f"QFrame {{ background: {theme.ERROR_FILL}; border: 1px solid {theme.ALERT_BORDER}; "
                                  f"border-radius: 4px; }} QLabel, QToolButton {{ border: none; background: transparent; "
                                  f"color: {theme.ALERT_TEXT}; }}")
        row = QHBoxLayout(self.notice)
        row.setContentsMargins(8, 3, 4, 3)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(self.tr("Close"))
        close.clicked.connect(self.notice.hide)
        row.addWidget(self.notice_label, 1)
        row.addWidget(close)
        self.notice.hide()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(20_000)
        self._notice_timer.timeout.connect(self.notice.hide)
        return self.notice

    def _reload_people(self) -> None:
        """Assignee choices and the "mine" switch follow the staff list and the current user."""
        current = self.assignee_combo.currentData()
        self.assignee_combo.blockSignals(True)
        self.assignee_combo.clear()
        self.assignee_combo.addItem(self.tr("All assignees"), None)
        self.assignee_combo.addItem(self.tr("Unassigned"), UNASSIGNED)
        # each person with their open work and what is due soon (core.org.workload)
        for text, member_id in workload.picker_items(staff.active_staff(), self.clock()):
            self.assignee_combo.addItem(text, member_id)
        self.assignee_combo.setCurrentIndex(max(0, self.assignee_combo.findData(current)))
        self.assignee_combo.blockSignals(False)
        self.operator = staff.current_operator()
        department = self.operator.department_id if self.operator is not None else None
        self.department_check.setEnabled(department is not None)
        self.department_check.setToolTip(self.tr("Tickets %1 is responsible for").replace(
            "%1", departments.department(department).name) if department is not None
            else self.tr("The current user belongs to no department"))
        if department is None and self.department_check.isChecked():
            self.department_check.setChecked(False)
        self._people_loaded = True
        self.mine_check.setEnabled(self.operator is not None)
        self.mine_check.setToolTip(self.tr("Tickets assigned to %1").replace("%1", self.operator.name)
                                   if self.operator else self.tr("Choose the current user in the status bar first"))
        if self.operator is None and self.mine_check.isChecked():
            self.mine_check.setChecked(False)

    # -- loading
    def build_filter(self) -> ticket_board.BoardFilter:
        """What the toolbar asks the board to show."""
        text = self.search_edit.text().strip()
        assignee = self.assignee_combo.currentData()
        if self.mine_check.isChecked() and self.operator is not None:
            assignee = self.operator.id
        return ticket_board.BoardFilter(
            include_archived=self.board.archive_open,
            assignee_id=assignee if assignee not in (None, UNASSIGNED) else None,
            unassigned=assignee == UNASSIGNED,
            department_id=self.operator.department_id if self.department_check.isChecked() and self.operator else None,
            priority=self.priority_combo.currentData(), category=self.category_combo.currentData(),
            text=text if len(text) >= 2 else "",  # one character matches half the customers
            overdue=self.overdue_check.isChecked(), custom=tuple(self.custom_bar.filters),
            limit_per_stage=FINISHED_LIMIT, all_open=True)

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload after a change that concerns the board (or on first show). A move this tab made
        reloads the board itself when it is done (and selects the moved card)."""
        if changes is not None and not changes.touches("tickets", "customers", "staff", "settings"):
            return
        if changes is not None and changes.initiator is self.view_picker:
            return  # a view saved, renamed or deleted: the picker lists its views anew itself
        if changes is not None and changes.initiator is not None and (
                changes.initiator is self or changes.initiator is self.move_dialog):
            return
        # the tickets' changes too: the picker shows each person's open work
        if changes is None or changes.touches("staff", "settings", "tickets") or not self._people_loaded:
            self._reload_people()
            ticket_fields = customfields.fields("ticket")
            self.list_view.set_custom(ticket_fields)
            self.custom_bar.set_fields(ticket_fields)
            self.view_picker.reload()
        if not self._default_applied:
            self._default_applied = True
            default = self.view_picker.default_view()
            if default is not None:  # the current user's own board (常用视图 set as default)
                self.view_picker.choose(default)
                return
        self.load()

    def load(self) -> None:
        """Read the board under the current filters and show it in both views."""
        self._search_timer.stop()
        now = self.clock()
        loaded = ticket_board.columns(self.build_filter(), now, also_count=("archived",))
        self.loaded, self._since = loaded, now
        self.board.set_columns(loaded)
        current = self.list_view.current_ticket_id()
        self.list_view.table_model.set_cards([c for cards in loaded.cards.values() for c in cards], now,
                                             loaded.cal.day_seconds)
        if current:
            self.list_view.select(current)
        self._show_summary()

    def tick(self) -> None:
        """The clock moved on: recount the time left of every card (no query) and repaint."""
        if self.loaded is None:
            return
        now = self.clock()
        if abs((now - self._since).total_seconds()) < 5:  # just loaded (shown right after a refresh)
            return
        self.board.retime(now)
        recounted = {card.id: card for stage in self.loaded.cards for card in self.board.cards(stage)}
        self.list_view.table_model.take_times(recounted, now)
        self._since = now
        self._show_summary()

    def _show_summary(self) -> None:
        open_cards = [c for stage in OPEN_STAGES for c in self.board.cards(stage)]
        red = sum(c.state == "red" for c in open_cards)
        amber = sum(c.state == "amber" for c in open_cards)
        self.summary_label.setText(
            self.tr("%1 open · <span style='color:%4'>%2 overdue</span> · <span style='color:%5'>%3 due soon</span>")
            .replace("%1", str(len(open_cards))).replace("%2", str(red)).replace("%3", str(amber))
            .replace("%4", theme.OVERDUE_STRONG).replace("%5", theme.DUE_SOON_STRONG))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.tick()  # hidden, the clock did not tick
        self.timer.start()

    def hideEvent(self, event) -> None:
        self.timer.stop()
        super().hideEvent(event)

    # -- filters and views
    def _search_timer_start(self, _text: str) -> None:
        self._search_timer.start()

    def _on_filter_changed(self, *_args) -> None:
        self.load()

    def _on_mine_check_toggled(self, checked: bool) -> None:
        self.assignee_combo.setEnabled(not checked)
        self.load()

    def show_assignee(self, staff_id: int) -> None:
        """Show one person's tickets (the other people filters off)."""
        if not self._people_loaded:
            self._reload_people()
        for check in (self.mine_check, self.department_check):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.assignee_combo.setEnabled(True)
        self.assignee_combo.blockSignals(True)
        self.assignee_combo.setCurrentIndex(max(0, self.assignee_combo.findData(staff_id)))
        self.assignee_combo.blockSignals(False)
        self.load()

    def _on_board_archive_toggled(self, _open: bool) -> None:
        self.load()

    def _on_view_group_toggled(self, button, checked: bool) -> None:
        if not checked:
            return
        showing_list = button is self.list_button
        current = (self.board if showing_list else self.list_view).current_ticket_id()
        self.stack.setCurrentWidget(self.list_view if showing_list else self.board)
        if current:
            (self.list_view if showing_list else self.board).select(current)

    def list_selection(self):
        """The tickets shown, for File → Export: the list view's order (the board's, column by column)."""
        ids = [card.id for card in self.list_view.table_model.cards]
        parts = [self.search_edit.text().strip()] if self.search_edit.text().strip() else []
        for combo in (self.assignee_combo, self.priority_combo, self.category_combo):
            if combo.currentIndex() > 0:
                parts.append(combo.currentText())
        for check in (self.overdue_check, self.mine_check, self.department_check):
            if check.isChecked():
                parts.append(check.text())
        parts += self.custom_bar.descriptions()
        view = self.view_picker.current
        if view is not None:
            parts.insert(0, self.tr("View “%1”").replace("%1", view.name))
        return ListSelection(frozenset({"tickets"}), ids, len(ids), "  ·  ".join(parts))

    # -- saved views (常用视图)
    def view_state(self) -> dict:
        """The board as shown, as a saved view keeps it: search, filters, cards or list, the list's sort
        and columns."""
        sort = self.list_view.sort_state()
        return {"text": self.search_edit.text().strip(), "assignee": self.assignee_combo.currentData(),
                "mine": self.mine_check.isChecked(), "priority": self.priority_combo.currentData(),
                "category": self.category_combo.currentData(), "overdue": self.overdue_check.isChecked(),
                "mode": "list" if self.stack.currentWidget() is self.list_view else "cards",
                "sort": list(sort) if sort else None, "columns": self.list_view.visible_columns(),
                "custom": [flt.to_state() for flt in self.custom_bar.filters]}

    def apply_view(self, view: View) -> None:
        """Show the board as ``view`` saved it."""
        state = view.state
        controls = (self.search_edit, self.assignee_combo, self.priority_combo, self.category_combo,
                    self.overdue_check, self.mine_check)
        for control in controls:
            control.blockSignals(True)
        try:
            self.search_edit.setText(str(state.get("text") or ""))
            for combo, key in ((self.assignee_combo, "assignee"), (self.priority_combo, "priority"),
                               (self.category_combo, "category")):
                combo.setCurrentIndex(max(0, combo.findData(state.get(key))))
            self.overdue_check.setChecked(bool(state.get("overdue")))
            self.mine_check.setChecked(bool(state.get("mine")) and self.operator is not None)
            self.assignee_combo.setEnabled(not self.mine_check.isChecked())
        finally:
            for control in controls:
                control.blockSignals(False)
        kept, dropped = custom_filters.from_states(state.get("custom"), self.custom_bar.fields)
        self.custom_bar.set_filters(kept)
        if dropped:
            get_broadcaster().message.emit(self.tr("View “%1”: these conditions use fields removed since and were "
                                                   "left out: %2").replace("%1", view.name)
                                           .replace("%2", "；".join(dropped)))
        columns = state.get("columns")
        if isinstance(columns, list) and columns:
            self.list_view.show_columns([str(key) for key in columns])
        sort = state.get("sort")
        if isinstance(sort, list) and len(sort) == 2:
            self.list_view.sort_by(str(sort[0]), bool(sort[1]))
        (self.list_button if state.get("mode") == "list" else self.cards_button).setChecked(True)
        self.load()

    def current_ticket_id(self) -> int:
        """The ticket selected in the view shown (0: none)."""
        return self.stack.currentWidget().current_ticket_id()

    # -- notices
    def show_notice(self, text: str) -> None:
        """Say why something was refused, above the board (and in the status bar)."""
        self.notice_label.setText(text)
        self.notice.show()
        self._notice_timer.start()
        get_broadcaster().message.emit(text)

    # -- moves
    def request_move(self, ticket_id: int, target: str) -> None:
        """Move a ticket to ``target`` (a drop, or the context menu): refuse, ask, or just do it."""
        ticket = tickets.brief(ticket_id)
        if ticket is None:  # deleted meanwhile: the board was out of date
            self.load()
            return
        seen = self.board.shown_stage(ticket_id) if self.stack.currentWidget() is self.board else None
        if seen is not None and seen != ticket.stage:  # another PC moved it since the board was drawn
            self.show_notice(tickets.moved_meanwhile(tickets.load(ticket_id)).message)
            self.load()
            return
        if target == ticket.stage:
            return
        if target not in tickets.allowed_targets(ticket.stage):
            self.show_notice(tickets.refusal(ticket, target).message)
            return
        self.notice.hide()
        dialog = transition_dialogs.dialog_for(ticket, target, self)
        if dialog is not None:
            self._open_dialog(dialog, ticket_id)
            return
        self._run(tickets_ops.move_ticket(self, ticket_id, target, seen_stage=ticket.stage), ticket_id)

    def pause_ticket(self, ticket_id: int) -> None:
        """Ask what the ticket waits for, then pause its resolution clock."""
        ticket = tickets.brief(ticket_id)
        if ticket is not None:
            self._open_dialog(transition_dialogs.PauseDialog(ticket, self), ticket_id)

    def resume_ticket(self, ticket_id: int) -> None:
        """End the pause: the resolution due moves on by the paused working time."""
        self._run(tickets_ops.resume_ticket(self, ticket_id), ticket_id)

    def _open_dialog(self, dialog: QWidget, ticket_id: int) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_change(ticket_id))
        dialog.finished.connect(lambda _result: self._forget_move_dialog(dialog))
        self.pending_dialog = self.move_dialog = dialog
        dialog.open()

    def _forget_move_dialog(self, dialog: QWidget) -> None:
        if self.move_dialog is dialog:
            self.move_dialog = None

    def _run(self, op: Op, ticket_id: int) -> None:
        op.success(lambda _result: self._after_change(ticket_id)).failure(self._on_change_failed).run()

    def _after_change(self, ticket_id: int) -> None:
        self.load()
        self.stack.currentWidget().select(ticket_id)

    def _on_change_failed(self, error: KnownError) -> None:
        self.show_notice(error.message)
        if isinstance(error, ConflictError):  # moved or changed by another PC: show the board as it is now
            self.load()

    # -- opening and menus
    def open_ticket(self, ticket_id: int) -> None:
        """The ticket form (history, solution, knowledge base)."""
        self._show_ticket_dialog(TicketDialog(self, ticket_id=ticket_id))

    def new_ticket(self) -> None:
        """The ticket form for a new ticket (the customer is chosen in it)."""
        self._show_ticket_dialog(TicketDialog(self))

    def _show_ticket_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pending_dialog = dialog
        dialog.open()

    def menu_for(self, ticket_id: int) -> QMenu | None:
        """The context menu of a card: open, the stages it may move to, pause or resume."""
        ticket = tickets.brief(ticket_id)
        if ticket is None:
            return None
        menu = QMenu(self)
        opener = menu.addAction(self.tr("Open"), lambda: self.open_ticket(ticket_id))
        bold = QFont(opener.font())
        bold.setBold(True)
        opener.setFont(bold)
        menu.addSeparator()
        for target in tickets.allowed_targets(ticket.stage):
            if target == "dispatched" and ticket.stage in REDISPATCHABLE:
                text = self.tr("Re-dispatch…")
            elif target == "in_progress" and ticket.stage in REOPENABLE:
                text = self.tr("Reopen…")
            elif target == "callback":
                if callbacks.open_callback(ticket_id) is None:
                    continue  # closed as 未联系上 (or not created): nothing left to record
                text = self.tr("Record the callback…")
            elif droppable(ticket.stage, target):
                text = self.tr("Move to “%1”").replace("%1", labels.stage(target))
                text += "…" if target in ("classified", "dispatched", "resolved") else ""
            else:
                continue
            menu.addAction(text, lambda t=target: self.request_move(ticket_id, t))
        if ticket.stage in OPEN_STAGES:
            menu.addSeparator()
            if ticket.paused:
                menu.addAction(self.tr("Resume"), lambda: self.resume_ticket(ticket_id))
            else:
                menu.addAction(self.tr("Pause…"), lambda: self.pause_ticket(ticket_id))
        return menu

    def _on_view_menu_requested(self, ticket_id: int, pos: QPoint) -> None:
        menu = self.menu_for(ticket_id)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(pos)
