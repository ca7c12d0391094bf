"""A whole year at a glance: twelve small months with holidays and make-up working days marked.

Painted by hand (no widget per day): holidays red, make-up working days (调休上班) blue, other
weekends grey, today outlined. Hovering a day shows its name (春节, 国庆节调休上班). The widget only
shows what it is given (``set_year``); the dialogs decide which days those are.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from crmdesk.core.firm.holiday_notice import Day
from crmdesk.ui import theme

HOLIDAY = QColor(theme.HOLIDAY)
WORKDAY = QColor(theme.MAKEUP_WORKDAY)
WEEKEND = QColor(theme.WEEKEND)
HOLIDAY_FILL = QColor(theme.HOLIDAY_FILL)
WORKDAY_FILL = QColor(theme.MAKEUP_WORKDAY_FILL)
COLUMNS = 4


class YearView(QWidget):
    """Twelve months of one year in a 4 × 3 grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(640, 380)
        self.year = dt.date.today().year
        self.days: dict[dt.date, Day] = {}
        self.today = dt.date.today()
        self.weekday_letters = [self.tr("Mo"), self.tr("Tu"), self.tr("We"), self.tr("Th"), self.tr("Fr"),
                                self.tr("Sa"), self.tr("Su")]

    def sizeHint(self) -> QSize:
        return QSize(820, 470)

    def set_year(self, year: int, days: list[Day]) -> None:
        """Show ``year`` with these holidays and make-up days."""
        self.year = year
        self.days = {d.date: d for d in days if d.date.year == year}
        self.update()

    # -- geometry
    def _month_rect(self, month: int) -> QRect:
        width, height = self.width() // COLUMNS, self.height() // (12 // COLUMNS)
        index = month - 1
        return QRect((index % COLUMNS) * width, (index // COLUMNS) * height, width, height)

    def _cells(self, month: int) -> list[tuple[dt.date, QRect]]:
        area = self._month_rect(month).adjusted(6, 4, -6, -4)
        line = area.height() // 8
        cell_w = area.width() // 7
        top = area.top() + 2 * line
        out = []
        for row, week in enumerate(calendar.Calendar().monthdatescalendar(self.year, month)):
            for col, day in enumerate(week):
                if day.month == month:
                    out.append((day, QRect(area.left() + col * cell_w, top + row * line, cell_w, line)))
        return out

    def day_at(self, point: QPoint) -> dt.date | None:
        """The day under ``point`` (``None`` between the months)."""
        for month in range(1, 13):
            if self._month_rect(month).contains(point):
                for day, rect in self._cells(month):
                    if rect.contains(point):
                        return day
        return None

    # -- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        bold = QFont(self.font())
        bold.setBold(True)
        for month in range(1, 13):
            area = self._month_rect(month).adjusted(6, 4, -6, -4)
            line = area.height() // 8
            cell_w = area.width() // 7
            painter.setFont(bold)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRect(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignCenter,
                             self.tr("Month %1").replace("%1", str(month)))
            painter.setFont(self.font())
            for col, letter in enumerate(self.weekday_letters):
                painter.setPen(WEEKEND if col >= 5 else self.palette().text().color())
                painter.drawText(QRect(area.left() + col * cell_w, area.top() + line, cell_w, line),
                                 Qt.AlignmentFlag.AlignCenter, letter)
            for day, rect in self._cells(month):
                self._paint_day(painter, day, rect)
        painter.end()

    def _paint_day(self, painter: QPainter, day: dt.date, rect: QRect) -> None:
        marked = self.days.get(day)
        color = self.palette().text().color()
        if marked is not None and not marked.is_workday:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), HOLIDAY_FILL)
            color = HOLIDAY
        elif marked is not None:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), WORKDAY_FILL)
            color = WORKDAY
        elif day.weekday() >= 5:
            color = WEEKEND
        if day == self.today:
            painter.setPen(QPen(WORKDAY, 1))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.setPen(color)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        marked = self.days.get(day) if day else None
        if marked is not None:
            QToolTip.showText(event.globalPosition().toPoint(), f"{day:%Y-%m-%d} {marked.name}", self)
        else:
            QToolTip.hideText()
