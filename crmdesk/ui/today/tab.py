"""今日待办: what needs doing today, opened on start (docs/spec.md §4).

Groups: 重大 complaints, tickets near or past their due time, due and overdue follow-ups and
callbacks, birthdays and festivals, at-risk customers. Every line has its action one click
away in its last columns: a follow-up is completed or moved, a ticket opened, a festival's
greeting list shown, an at-risk customer called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import today
from crmdesk.core.firm import lunar, staff
from crmdesk.core.store.changes import Changes
from crmdesk.ui import labels, theme
from crmdesk.ui.operations import overview as overview_ops
from crmdesk.ui.today.notices import NoticeBar
from crmdesk.ui.widgets import OVERDUE, WARNING, open_dialog

if TYPE_CHECKING:
    from crmdesk.core import overview

FIRST_ROWS = 80  # lines made for the window's first paint (defer_rest; more than a screen shows), the rest right after
ACTION_COLUMN = 4
LINK = QColor(theme.LINK)
GREETING_KINDS = ("birthday", "holiday")
# Qt.ItemDataRole.UserRole and .ForegroundRole, as numbers: Qt's namespace of enums (~15 ms) is built
# after the first paint (as QBrush(colour) would build it: its overloads take Qt's enums)
ID_ROLE = 0x0100
FOREGROUND_ROLE = 9
DEMAND_EVERY = dt.timedelta(minutes=5)


def _actions():
    """The follow-ups' actions (their dialogs and operations): loaded when a line's button is first used."""
    from crmdesk.ui.followups import actions  # start-up: not needed for the first paint

    return actions


def _month_day_time(moment: dt.datetime) -> str:
    """``moment.strftime("%m-%d %H:%M")`` without ``strftime``: it imports ``time`` on every call,
    and under PySide6's import hook that costs ~30 µs a line (~600 lines are filled at start-up)."""
    return f"{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"


class TodayTab(QWidget):
    """The day's to-do list in groups, each line with its buttons."""

    person_requested = Signal(int)  # "their tickets" on a workload line: the board shows that person's

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.mine_check = QCheckBox(self.tr("Only my follow-ups"))
        self.mine_check.setToolTip(self.tr("Follow-ups assigned to the current user (chosen in the status bar)"))
        self.reload_button = QPushButton(self.tr("Reload"))
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.mine_check)
        top.addWidget(self.reload_button)
        layout.addLayout(top)
        # what the owner must not miss: a year without holiday data
        self.calendar_notice = NoticeBar(self.tr("Enter the holiday arrangement…"))
        self.calendar_notice.activated.connect(self._on_calendar_notice_activated)
        layout.addWidget(self.calendar_notice)
        # ... and a tier policy that needs more follow-ups than the team can make
        self.capacity_notice = NoticeBar(self.tr("Follow-up capacity…"))
        self.capacity_notice.activated.connect(self._on_capacity_notice_activated)
        layout.addWidget(self.capacity_notice)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(6)
        self.tree.setHeaderLabels([self.tr("Due"), self.tr("Customer"), self.tr("What"), self.tr("Details"),
                                   self.tr("Actions"), ""])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        layout.addWidget(self.tree)
        self.mine_check.toggled.connect(self._on_mine_check_toggled)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)
        self.items: list[overview.AgendaItem] = []
        self.rows: dict[tuple[str, int], QTreeWidgetItem] = {}
        self.last_dialog = None
        self.last_menu = None
        self._festivals: dict[int, lunar.Festival] = {}
        self._link_font = QFont(self.tree.font())
        self._link_font.setUnderline(True)
        self.clock: Callable[[], dt.datetime] = dt.datetime.now  # what "now" is (tests set a day)
        self._demand_at: dt.datetime | None = None
        # start-up (docs/spec.md §9): the data read on a thread while the window's modules loaded (the
        # app sets it; the first full refresh takes it), and the first paint makes only the lines a
        # screen can show (defer_rest; the window calls fill_rest after its first paint)
        self.prefetched: today.Prefetch | None = None
        self.defer_rest = False
        self._rest: list[tuple[QTreeWidgetItem, list | Callable[[], list], Callable]] = []  # a callable: lines unread
        self._budget = 0  # lines the first paint may still make (refresh sets it)

    # -- loading
    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the list (on start and when follow-ups, tickets, customers or interactions change)."""
        if changes is not None and not changes.touches("followups", "tickets", "customers", "interactions",
                                                       "settings", "staff"):
            return
        now = self.clock()
        operator = staff.current_operator() if self.mine_check.isChecked() else None
        assignee_id = operator.id if operator else None
        pending, self.prefetched = self.prefetched, None
        data = pending.result() if pending is not None and assignee_id is None else None
        with_tickets = True
        if data is None:  # the first paint: the tickets' and at-risk customers' counts; their lines if its screen shows them
            with_tickets = not self.defer_rest
            data = today.read(now, assignee_id=assignee_id, risky=0 if self.defer_rest else today.RISKY,
                              tickets=with_tickets)
        now = data.now
        self.calendar_notice.set_text(data.calendar_notice)
        # the demand is one scan of the customers (~0.2 s on 100,000): again when the policy, the
        # capacities or the staff changed, and for customers' changes at most every few minutes;
        # on the reader thread, so the list below is painted without waiting for it (start-up)
        stale = self._demand_at is None or now - self._demand_at > DEMAND_EVERY
        if changes is None or changes.touches("settings", "staff") or (changes.touches("customers") and stale):
            day = now.date()
            overview_ops.capacity_warning(self, day).success(self.capacity_notice.set_text).run()
            self._demand_at = now
        self.items, risky, festivals = data.items, data.risky, data.festivals
        due_today, overdue = data.due_today, data.overdue
        self.tree.setUpdatesEnabled(False)
        self._rest.clear()  # lines of the last refresh not made yet: their groups are cleared below
        self._budget = FIRST_ROWS
        self.tree.clear()
        self.rows.clear()
        self._festivals.clear()
        complaints = [i for i in self.items if i.kind == "complaint"]
        tickets = [i for i in self.items if i.kind == "ticket"]
        greetings = [i for i in self.items if i.kind == "followup" and i.followup_kind in GREETING_KINDS]
        plans = [i for i in self.items if i.kind in ("followup", "callback") and i not in greetings]
        # the clerk's own work first; the long ticket list below it (the board has the rest)
        self._group(self.tr("Critical complaints (%1)").replace("%1", str(len(complaints))), complaints, OVERDUE)
        title = self.tr("Follow-ups and callbacks (%1 due today, %2 overdue)").replace("%1", str(due_today)) \
            .replace("%2", str(overdue))
        self._group(title, plans)
        greet = self._group(self.tr("Birthdays and festivals (%1)").replace("%1", str(len(greetings) + len(festivals))),
                            greetings)
        self._lines(greet, festivals, self._festival_row)
        group = self._group(self.tr("Tickets near or past their due time (%1)").replace("%1", str(data.tickets_total)),
                            [])
        self._later(group, tickets if with_tickets or not data.tickets_total else None, lambda: today.ticket_lines(now),
                    lambda parent, item: self._agenda_row(parent, item, None))
        self._workload_group(data.people)
        risk = self._group(self.tr("At-risk customers (%1)").replace("%1", str(data.risky_total)), [])
        self._later(risk, risky if risky or not data.risky_total else None, today.at_risk_lines, self._risk_row)
        self.tree.expandAll()
        for column, width in enumerate((120, 280, 250, 280, 90)):
            self.tree.setColumnWidth(column, width)
        self.tree.setUpdatesEnabled(True)
        critical = len(complaints)
        # the whole day's numbers, not the lines shown: the follow-up list stops at its limit (the oldest
        # overdue first) and the at-risk list at its first lines, while their group titles count all
        to_do = len(complaints) + data.tickets_total + due_today + overdue + data.risky_total
        late = sum(1 for i in complaints if i.overdue) + data.tickets_late + overdue
        self.summary_label.setText(self.tr("%n item(s) to do today", "", to_do) + "  ·  "
                                   + self.tr("%n overdue", "", late) + "  ·  "
                                   + self.tr("%n critical complaint(s)", "", critical))

    def _group(self, title: str, items: list[overview.AgendaItem], color=None) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.tree, [title])
        font = QFont(self.tree.font())
        font.setBold(True)
        group.setFont(0, font)
        group.setFirstColumnSpanned(True)
        self._lines(group, items, lambda parent, item: self._agenda_row(parent, item, color))
        return group

    def _lines(self, group: QTreeWidgetItem, entries: list, make: Callable) -> None:
        """``make(group, entry)`` for each entry; for the window's first paint only the first
        FIRST_ROWS lines of the list, group after group (more than a screen shows), the others
        queued for :meth:`fill_rest`."""
        first = entries[:max(self._budget, 0)] if self.defer_rest else entries
        self._budget -= len(first)
        for entry in first:
            make(group, entry)
        if len(first) < len(entries):
            self._rest.append((group, entries[len(first):], make))

    def _later(self, group: QTreeWidgetItem, entries: list | None, read: Callable[[], list], make: Callable) -> None:
        """A group's lines: ``entries`` when they were read with the rest, else (None: only their count
        was) read now if the first screen reaches them, or read and made right after the first paint."""
        if entries is not None:
            self._lines(group, entries, make)
        elif self._budget > 0:
            self._lines(group, read(), make)
        else:
            self._rest.append((group, read, make))

    def fill_rest(self) -> None:
        """Make the lines the first paint left out (the window calls it right after that paint)."""
        self.defer_rest = False
        rest, self._rest = self._rest, []
        if not rest:
            return
        self.tree.setUpdatesEnabled(False)
        for group, entries, make in rest:
            for entry in entries() if callable(entries) else entries:
                make(group, entry)
        self.tree.setUpdatesEnabled(True)

    def _agenda_row(self, group: QTreeWidgetItem, item: overview.AgendaItem, color) -> None:
        parts = item.detail.split("|")
        if item.kind in ("ticket", "complaint"):
            detail = f"{labels.priority(parts[0])} · {labels.stage(parts[1])}"
        else:
            detail = " · ".join(p for p in (labels.method(parts[0]), labels.followup_kind(item.followup_kind),
                                            parts[2]) if p)
        when = _month_day_time(item.when) if item.when else ""
        if item.kind == "followup":
            links = [self.tr("Done…"), self.tr("Reschedule ▾")]
        else:
            links = [self.tr("Open ticket")]
        row = self._row(group, (item.kind, item.id, item.customer_id), [when, item.customer, item.title, detail], links)
        tint = color or (OVERDUE if item.overdue else WARNING if item.kind == "ticket" else None)
        if tint is not None:
            for column in range(4):
                row.setData(column, FOREGROUND_ROLE, tint)

    def _workload_group(self, people: list) -> None:
        """Who is free: everyone's open tickets, due soon and overdue, by department (core.org.workload);
        a line opens the board on that person's tickets."""
        busy = sum(1 for p in people if p.load.open)
        group = self._group(self.tr("Workload (%1 of %2 people with open tickets)").replace("%1", str(busy))
                            .replace("%2", str(len(people))), [])
        for person in people:
            load = person.load
            row = self._row(group, ("person", person.staff_id, 0),
                            [person.department or self.tr("(no department)"), person.name, load.text(), ""],
                            [self.tr("Their tickets")])
            if load.overdue:
                row.setData(2, FOREGROUND_ROLE, OVERDUE)
            elif load.due_soon:
                row.setData(2, FOREGROUND_ROLE, WARNING)

    def _festival_row(self, group: QTreeWidgetItem, coming: lunar.ComingFestival) -> None:
        f = coming.festival
        index = len(self._festivals)  # not the date: 中秋 can fall on 国庆 (1 October 2031)
        self._festivals[index] = f
        self._row(group, ("festival", index, 0),
                  [f"{f.date.month:02d}-{f.date.day:02d}", self.tr("Every tier"), f.name, f.wish],
                  [self.tr("Greeting list…")])

    def _risk_row(self, group: QTreeWidgetItem, line: overview.RiskLine) -> None:
        last = line.last_contact.isoformat()[:10] if line.last_contact else self.tr("never")
        row = self._row(group, ("at_risk", line.customer_id, line.customer_id),
                        ["", f"{line.code} {line.name}", self.tr("Last contact: %1").replace("%1", last),
                         line.reasons.replace("\n", "；")], [self.tr("Log call…"), self.tr("Dossier")])
        row.setToolTip(3, line.reasons)

    def _row(self, group: QTreeWidgetItem, key: tuple[str, int, int], texts: list[str],
             links: list[str]) -> QTreeWidgetItem:
        """A line with its actions as link-like cells (a click runs them; no widget per line, so
        hundreds of lines load at once)."""
        row = QTreeWidgetItem(group, texts + links)
        row.setData(0, ID_ROLE, key)
        for column in range(ACTION_COLUMN, ACTION_COLUMN + len(links)):
            row.setData(column, FOREGROUND_ROLE, LINK)
            row.setFont(column, self._link_font)
        self.rows[key[:2]] = row
        return row

    def actions_of(self, kind: str, item_id: int) -> list[str]:
        """The action texts of a line, in column order."""
        row = self.rows[(kind, item_id)]
        return [row.text(c) for c in range(ACTION_COLUMN, self.tree.columnCount()) if row.text(c)]

    def activate(self, kind: str, item_id: int, column: int) -> None:
        """Run the action in ``column`` of a line (what a click on it does)."""
        row = self.rows[(kind, item_id)]
        _kind, _id, customer_id = row.data(0, ID_ROLE)
        second = column == ACTION_COLUMN + 1
        if kind == "followup":
            if second:
                menu = _actions().reschedule_menu(self, item_id)
                rect = self.tree.visualItemRect(row)
                menu.popup(self.tree.viewport().mapToGlobal(rect.bottomLeft()))
                self.last_menu = menu
            else:
                self.complete(item_id)
        elif kind == "callback":
            self._open_callback(item_id)
        elif kind in ("ticket", "complaint"):
            self.open_ticket(item_id)
        elif kind == "festival":
            self.show_greetings(self._festivals[item_id])
        elif kind == "at_risk":
            self.open_dossier(customer_id) if second else self.log_call(customer_id)
        elif kind == "person":
            self.person_requested.emit(item_id)

    def _on_tree_item_clicked(self, row: QTreeWidgetItem, column: int) -> None:
        key = row.data(0, ID_ROLE)
        if key and column >= ACTION_COLUMN and row.text(column):
            self.activate(key[0], key[1], column)

    # -- actions
    def complete(self, followup_id: int) -> None:
        """Complete a follow-up: the dialog writes the interaction."""
        self.last_dialog = _actions().complete(self, followup_id)

    def open_ticket(self, ticket_id: int) -> None:
        self.last_dialog = _actions().open_ticket(self, ticket_id)

    def _open_callback(self, followup_id: int) -> None:
        from crmdesk.core.followups import service as followups  # start-up: on a click, after the first paint

        ticket_id = followups.load(followup_id).ticket_id
        if ticket_id is not None:
            self.open_ticket(ticket_id)

    def log_call(self, customer_id: int) -> None:
        self.last_dialog = _actions().log_call(self, customer_id)

    def open_dossier(self, customer_id: int) -> None:
        from crmdesk.ui.customers import dossier  # start-up: the dossier opens on a click, after the first paint

        self.last_dialog = dossier.open_dossier(self, customer_id)

    def show_greetings(self, festival: lunar.Festival) -> None:
        from PySide6.QtCore import Qt

        from crmdesk.ui.today.greetings import GreetingListDialog  # start-up: opens on a click, after the first paint

        dialog = GreetingListDialog(festival, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.last_dialog = dialog

    def _on_tree_item_double_clicked(self, row: QTreeWidgetItem, column: int) -> None:
        data = row.data(0, ID_ROLE)
        if not data or column >= ACTION_COLUMN:  # the action cells already ran on the first click
            return
        kind, item_id, customer_id = data
        if column == 1 and customer_id:
            self.open_dossier(customer_id)
        elif kind == "followup":
            self.last_dialog = _actions().edit(self, item_id)
        elif kind in ("ticket", "complaint"):
            self.open_ticket(item_id)
        elif kind == "callback":
            self._open_callback(item_id)
        elif kind == "at_risk":
            self.open_dossier(customer_id)

    def _on_calendar_notice_activated(self) -> None:
        # start-up: the Today tab is built at start; the working calendar costs ~20 ms
        from crmdesk.ui.workcal.calendar_dialog import WorkCalendarDialog

        self.last_dialog = open_dialog(self, WorkCalendarDialog)

    def _on_capacity_notice_activated(self) -> None:
        # start-up: opens on a click, after the first paint
        from crmdesk.ui.planning.capacity_dialog import CapacityDialog

        self.last_dialog = open_dialog(self, CapacityDialog)

    def _on_mine_check_toggled(self, _checked: bool) -> None:
        self.refresh(None)

    def _on_reload_button_clicked(self) -> None:
        self.refresh(None)
