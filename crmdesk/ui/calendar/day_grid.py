"""The calendar's grid of days: a month (6 weeks) or one week, painted by hand.

``QCalendarWidget`` cannot show several follow-ups per day nor drag them, so this widget paints
the cells itself: day number, counts (planned / overdue / done), the first follow-ups of the
day and "+N more"; today, the selected day and days off are shaded. A follow-up is dragged by
pressing on its line and releasing over another day; the drag is handled inside the widget
(no ``QDrag``), so it works the same under every platform plugin and in tests.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from crmdesk.core import overview
from crmdesk.ui import theme

PLANNED = QColor(theme.CALENDAR_PLANNED)
OVERDUE = QColor(theme.CALENDAR_OVERDUE)
DONE = QColor(theme.CALENDAR_DONE)
TODAY_FILL = QColor(theme.CALENDAR_TODAY_FILL)
DAY_OFF_FILL = QColor(theme.CALENDAR_DAY_OFF_FILL)
SELECTED = QColor(theme.CALENDAR_SELECTED)
DROP_FILL = QColor(theme.CALENDAR_DROP_FILL)
HEADER_HEIGHT = 24
LINE_HEIGHT = 17


class DayGrid(QWidget):
    """Weeks × 7 days; ``set_days`` chooses the range, ``set_data`` the counts and visible items."""

    day_selected = Signal(object)  # dt.date
    day_activated = Signal(object)  # dt.date, double-click on empty space: plan a follow-up that day
    item_activated = Signal(int)  # follow-up id, double-click on its line
    item_dropped = Signal(int, object)  # follow-up id, the day it was dropped on
    capacity_changed = Signal(int)  # lines per cell after a resize: the tab loads that many per day

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 360)
        self.setMouseTracking(True)
        self.first = dt.date.today()
        self.weeks = 6
        self.month: int | None = None
        self.today = dt.date.today()
        self.selected: dt.date | None = None
        self.counts: dict[dt.date, overview.DayCount] = {}
        self.items: dict[dt.date, list[overview.AgendaItem]] = {}
        self.workdays: dict[dt.date, bool] = {}
        self._press: tuple[QPoint, overview.AgendaItem | None] | None = None
        self._dragging: overview.AgendaItem | None = None
        self._drop_day: dt.date | None = None
        self._capacity = -1
        self.weekday_names = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
                              self.tr("Sat"), self.tr("Sun")]

    # -- data
    def set_days(self, first: dt.date, weeks: int, month: int | None = None) -> None:
        """Show ``weeks`` weeks from Monday ``first``; days outside ``month`` (if given) are dimmed."""
        self.first, self.weeks, self.month = first, weeks, month
        self.update()

    def days(self) -> list[dt.date]:
        """Every day shown, in order."""
        return [self.first + dt.timedelta(days=i) for i in range(self.weeks * 7)]

    def set_data(self, counts: dict[dt.date, overview.DayCount], items: dict[dt.date, list[overview.AgendaItem]],
                 workdays: dict[dt.date, bool], today: dt.date) -> None:
        """The numbers and follow-up lines of the days shown."""
        self.counts, self.items, self.workdays, self.today = counts, items, workdays, today
        self.update()

    def set_selected(self, day: dt.date | None) -> None:
        self.selected = day
        self.update()

    def lines_per_cell(self) -> int:
        """How many follow-up lines fit below a cell's header line."""
        return max(0, (self._cell_height() - LINE_HEIGHT - 6) // self._item_height())

    # -- geometry
    def _cell_width(self) -> float:
        return self.width() / 7

    def _cell_height(self) -> int:
        return max(LINE_HEIGHT * 2, (self.height() - HEADER_HEIGHT) // max(1, self.weeks))

    def cell_rect(self, day: dt.date) -> QRect:
        """Where ``day`` is painted (an empty rect when it is not shown)."""
        index = (day - self.first).days
        if not 0 <= index < self.weeks * 7:
            return QRect()
        row, col = divmod(index, 7)
        left = round(col * self._cell_width())
        right = round((col + 1) * self._cell_width())
        top = HEADER_HEIGHT + row * self._cell_height()
        return QRect(left, top, right - left, self._cell_height())

    def item_rect(self, day: dt.date, index: int) -> QRect:
        """Where the ``index``-th follow-up line of ``day`` is painted."""
        cell = self.cell_rect(day)
        height = self._item_height()
        return QRect(cell.left() + 3, cell.top() + LINE_HEIGHT + 4 + index * height, cell.width() - 6, height)

    def _item_height(self) -> int:
        return LINE_HEIGHT * 2 if self.weeks == 1 else LINE_HEIGHT

    def visible_items(self, day: dt.date) -> list[overview.AgendaItem]:
        """The follow-ups painted in ``day``'s cell (one line goes to "+N more" when not all fit)."""
        items = self.items.get(day, [])
        count = self.counts.get(day)
        total = max(count.total if count is not None else 0, len(items))
        lines = self.lines_per_cell()
        return items[:lines] if total <= lines else items[:max(0, lines - 1)]

    def day_at(self, pos: QPoint) -> dt.date | None:
        """The day under ``pos``."""
        if pos.y() < HEADER_HEIGHT or pos.x() < 0 or pos.x() >= self.width():
            return None
        row = (pos.y() - HEADER_HEIGHT) // self._cell_height()
        col = int(pos.x() // self._cell_width())
        if not 0 <= row < self.weeks:
            return None
        return self.first + dt.timedelta(days=row * 7 + min(col, 6))

    def item_at(self, pos: QPoint) -> overview.AgendaItem | None:
        """The follow-up whose line is under ``pos``."""
        day = self.day_at(pos)
        if day is None:
            return None
        for index, item in enumerate(self.visible_items(day)):
            if self.item_rect(day, index).contains(pos):
                return item
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        before = self._capacity
        super().resizeEvent(event)
        self._capacity = self.lines_per_cell()
        if self._capacity != before:
            self.capacity_changed.emit(self._capacity)

    # -- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        painter.setPen(self.palette().text().color())
        for col, name in enumerate(self.weekday_names):
            left = round(col * self._cell_width())
            painter.drawText(QRect(left, 0, round(self._cell_width()), HEADER_HEIGHT),
                             Qt.AlignmentFlag.AlignCenter, name)
        for day in self.days():
            self._paint_day(painter, day, small)
        painter.end()

    def _paint_day(self, painter: QPainter, day: dt.date, small: QFont) -> None:
        cell = self.cell_rect(day)
        workday = self.workdays.get(day, day.weekday() < 5)
        if day == self._drop_day:
            painter.fillRect(cell, DROP_FILL)
        elif day == self.today:
            painter.fillRect(cell, TODAY_FILL)
        elif not workday:
            painter.fillRect(cell, DAY_OFF_FILL)
        painter.setPen(QPen(QColor(theme.CALENDAR_GRID)))
        painter.drawRect(cell.adjusted(0, 0, -1, -1))
        if day == self.selected:
            painter.setPen(QPen(SELECTED, 2))
            painter.drawRect(cell.adjusted(1, 1, -2, -2))
        outside = self.month is not None and day.month != self.month
        text = self.palette().placeholderText().color() if outside else self.palette().text().color()
        header = QRect(cell.left() + 4, cell.top() + 2, cell.width() - 8, LINE_HEIGHT)
        bold = QFont(self.font())
        bold.setBold(day == self.today)
        painter.setFont(bold)
        painter.setPen(text)
        label = str(day.day)
        if day.weekday() >= 5 and workday:
            label += " " + self.tr("(work)")
        elif day.weekday() < 5 and not workday:
            label += " " + self.tr("(off)")
        painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        room = header.width() - painter.fontMetrics().horizontalAdvance(label) - 8
        painter.setFont(small)
        count = self.counts.get(day)
        if count is not None and count.total:
            self._paint_counts(painter, header, room, count)
        items = self.items.get(day, [])
        total = max(count.total if count is not None else 0, len(items))
        lines = self.lines_per_cell()
        shown = self.visible_items(day)
        for index, item in enumerate(shown):
            self._paint_item(painter, self.item_rect(day, index), item)
        if total > len(shown) and lines:
            painter.setPen(DONE)
            painter.drawText(self.item_rect(day, len(shown)), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.tr("+%1 more").replace("%1", str(total - len(shown))))
        painter.setFont(self.font())

    def _paint_counts(self, painter: QPainter, header: QRect, room: int, count: overview.DayCount) -> None:
        """Overdue / planned / done at the right of the day's header; only the numbers when narrow."""
        parts = [(OVERDUE, count.overdue, self.tr("%1 overdue")), (PLANNED, count.planned - count.overdue,
                 self.tr("%1 planned")), (DONE, count.done, self.tr("%1 done"))]
        parts = [(color, n, text) for color, n, text in parts if n]
        metrics = painter.fontMetrics()
        texts = [text.replace("%1", str(n)) for _c, n, text in parts]
        if sum(metrics.horizontalAdvance(t) + 6 for t in texts) > room:
            texts = [str(n) for _c, n, _t in parts]
        right = header.right()
        for (color, _n, _t), text in reversed(list(zip(parts, texts))):
            width = metrics.horizontalAdvance(text)
            painter.setPen(color)
            painter.drawText(QRect(right - width, header.top(), width, LINE_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            right -= width + 6

    def _paint_item(self, painter: QPainter, rect: QRect, item: overview.AgendaItem) -> None:
        """One follow-up: time, customer and purpose (two lines in the week view)."""
        status = item.detail.split("|")[1]
        color = OVERDUE if item.overdue else PLANNED if status == "planned" else DONE
        if item is self._dragging:
            painter.fillRect(rect, QColor(theme.CALENDAR_HOVER_FILL))
        painter.setPen(color)
        when = item.when.strftime("%H:%M") if item.when else ""
        metrics = painter.fontMetrics()
        if self.weeks == 1:
            top = QRect(rect.left(), rect.top(), rect.width(), LINE_HEIGHT)
            bottom = QRect(rect.left() + 10, rect.top() + LINE_HEIGHT - 2, rect.width() - 10, LINE_HEIGHT)
            painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(f"{when} {item.title}", Qt.TextElideMode.ElideRight, top.width()))
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(item.customer, Qt.TextElideMode.ElideRight, bottom.width()))
            return
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(f"{when} {item.customer}·{item.title}", Qt.TextElideMode.ElideRight,
                                            rect.width()))

    # -- mouse: select, activate, drag a follow-up to another day
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position().toPoint()
        self._press = (pos, self.item_at(pos))
        day = self.day_at(pos)
        if day is not None and day != self.selected:
            self.set_selected(day)
            self.day_selected.emit(day)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        start, item = self._press
        pos = event.position().toPoint()
        if self._dragging is None and item is not None and item.kind != "callback" and \
                item.detail.split("|")[1] == "planned" and \
                (pos - start).manhattanLength() >= QApplication.startDragDistance():
            self._dragging = item
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._dragging is not None:
            self._drop_day = self.day_at(pos)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        dragged, target = self._dragging, self.day_at(event.position().toPoint())
        self._press, self._dragging, self._drop_day = None, None, None
        self.unsetCursor()
        self.update()
        if dragged is not None and target is not None and dragged.when is not None and target != dragged.when.date():
            self.item_dropped.emit(dragged.id, target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        item = self.item_at(pos)
        if item is not None:
            self.item_activated.emit(item.id)
            return
        day = self.day_at(pos)
        if day is not None:
            self.day_activated.emit(day)
