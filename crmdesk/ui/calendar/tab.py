"""跟进日历: a month calendar with per-day counts and the selected day's agenda."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLabel, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core import overview
from crmdesk.core.changes import Changes
from crmdesk.core.models import database_proxy
from crmdesk.ui import labels
from crmdesk.ui.widgets import DONE, OVERDUE, fill_table, make_readonly_table


class CalendarTab(QWidget):
    """Month view (days with follow-ups are marked) and the day's follow-ups."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(self.calendar.firstDayOfWeek().Monday)
        self.calendar.selectionChanged.connect(self._on_calendar_selection_changed)
        self.calendar.currentPageChanged.connect(self._on_calendar_page_changed)
        layout.addWidget(self.calendar, 2)
        right = QVBoxLayout()
        self.day_label = QLabel()
        right.addWidget(self.day_label)
        self.table = make_readonly_table(QTableWidget(self), [
            self.tr("Time"), self.tr("Customer"), self.tr("Purpose"), self.tr("Method"), self.tr("Status"),
            self.tr("Assignee")])
        right.addWidget(self.table)
        layout.addLayout(right, 3)
        self._marked: list[QDate] = []

    def _on_calendar_selection_changed(self) -> None:
        self._load_day()

    def _on_calendar_page_changed(self, _year: int, _month: int) -> None:
        self._mark_month()

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the month marks and the day agenda."""
        if changes is not None and not changes.touches("followups", "customers"):
            return
        self._mark_month()
        self._load_day()

    def _mark_month(self) -> None:
        for date in self._marked:
            self.calendar.setDateTextFormat(date, QTextCharFormat())
        self._marked.clear()
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        start = dt.date(year, month, 1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
        today = dt.date.today()
        for day, (planned, done) in overview.day_counts(database_proxy.obj, start, end).items():
            fmt = QTextCharFormat()
            fmt.setFontWeight(700)
            color = OVERDUE if planned and day < today else QColor("#1f6fb2") if planned else DONE
            fmt.setForeground(QBrush(color))
            fmt.setToolTip(self.tr("%1 planned, %2 done").replace("%1", str(planned)).replace("%2", str(done)))
            qdate = QDate(day.year, day.month, day.day)
            self.calendar.setDateTextFormat(qdate, fmt)
            self._marked.append(qdate)

    def _load_day(self) -> None:
        qdate = self.calendar.selectedDate()
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        start = dt.datetime.combine(day, dt.time())
        items = overview.followups_between(database_proxy.obj, start, start + dt.timedelta(days=1))
        self.day_label.setText(self.tr("Follow-ups on %1: %2").replace("%1", day.isoformat()).replace("%2", str(len(items))))
        rows, colors = [], []
        for item in items:
            method, status, staff = item.detail.split("|")
            rows.append([item.when.strftime("%H:%M") if item.when else "", item.customer, item.title,
                         labels.method(method), labels.followup_status(status), staff])
            colors.append(OVERDUE if item.overdue else DONE if status != "planned" else None)
        fill_table(self.table, rows, ids=[item.id for item in items], colors=colors)
