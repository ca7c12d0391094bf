"""Small charts of the reports tab, painted with QPainter (QtCharts is not part of PySide6-Essentials).

``LineChart`` draws monthly series with markers and an optional dashed target line;
``BarChart`` draws grouped vertical bars with their values. Both keep the data they were
given (``series``), so tests can check what is shown without reading pixels. A click on a
marker or a bar emits ``point_activated(series, index)``: the reports tab opens the items
behind that number.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from crmdesk.ui import theme

COLORS = tuple(QColor(c) for c in theme.CHART_SERIES)
TARGET = QColor(theme.CHART_TARGET)
GRID = QColor(theme.CHART_GRID)
Series = tuple[str, Sequence[float | None]]


def nice_range(values: Sequence[float | None], floor: float | None = None,
               ceiling: float | None = None) -> tuple[float, float, float]:
    """(low, high, step) of a value axis with 4–6 round ticks covering ``values``."""
    known = [v for v in values if v is not None]
    low = min(known + ([floor] if floor is not None else [])) if known or floor is not None else 0.0
    high = max(known + ([ceiling] if ceiling is not None else [])) if known or ceiling is not None else 1.0
    if floor is None and known:
        low -= (high - low) * 0.1
    if high - low < 1e-9:
        high = low + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


class _Chart(QWidget):
    """Title, legend, value axis with grid: what both chart kinds share."""

    default_floor: float | None = None  # bars start at zero; lines may zoom in on their values
    point_activated = Signal(int, int)  # series, label index: a marker or a bar was clicked

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hits: list[tuple[QRectF, int, int]] = []  # where each point was painted, for clicks
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = title
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.value_format: Callable[[float], str] = lambda v: f"{v:g}"
        self.floor: float | None = None
        self.ceiling: float | None = None
        self.setMinimumSize(260, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def set_data(self, labels: Sequence[str], series: Sequence[Series], *,
                 value_format: Callable[[float], str] | None = None, floor: float | None = None,
                 ceiling: float | None = None) -> None:
        """Show ``series`` (name, one value per label; ``None`` = no data) and repaint."""
        self.labels = list(labels)
        self.series = [(name, list(values)) for name, values in series]
        self.value_format = value_format or self.value_format
        self.floor = floor if floor is not None else self.default_floor
        self.ceiling = ceiling
        self.update()

    def _plot_area(self) -> QRectF:
        metrics = self.fontMetrics()
        top = metrics.height() * 2 + 6
        bottom = metrics.height() * 2 + 10
        return QRectF(48, top, max(self.width() - 60, 10), max(self.height() - top - bottom, 10))

    def _extra_values(self) -> list[float]:
        return []

    def _axis(self, painter: QPainter, area: QRectF) -> tuple[float, float]:
        values = [v for _name, vs in self.series for v in vs] + self._extra_values()
        low, high, step = nice_range(values, self.floor, self.ceiling)
        painter.setPen(QPen(GRID, 1))
        tick = low
        while tick <= high + step / 2:
            y = self._y(tick, low, high, area)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, y - 8, area.left() - 4, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.value_format(tick))
            painter.setPen(QPen(GRID, 1))
            tick += step
        return low, high

    @staticmethod
    def _y(value: float, low: float, high: float, area: QRectF) -> float:
        return area.bottom() - (value - low) / (high - low) * area.height()

    def _frame(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().text().color())
        bold = painter.font()
        bold.setBold(True)
        painter.save()
        painter.setFont(bold)
        painter.drawText(QRectF(6, 2, self.width() - 12, self.fontMetrics().height() + 4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.restore()

    def _legend(self, painter: QPainter, names: Sequence[tuple[str, QColor]]) -> None:
        x = 48.0
        y = self.height() - self.fontMetrics().height() - 2
        for name, color in names:
            painter.fillRect(QRectF(x, y + 3, 10, 10), color)
            painter.setPen(self.palette().text().color())
            width = self.fontMetrics().horizontalAdvance(name)
            painter.drawText(QRectF(x + 14, y, width + 4, self.fontMetrics().height() + 2),
                             Qt.AlignmentFlag.AlignVCenter, name)
            x += width + 30

    def point_at(self, position: QPointF) -> tuple[int, int] | None:
        """(series, index) of the marker or bar under ``position`` (the nearest within a few pixels)."""
        near = [(abs(rect.center().x() - position.x()) + abs(rect.center().y() - position.y()), s, i)
                for rect, s, i in self.hits if rect.adjusted(-5, -5, 5, 5).contains(position)]
        return min(near)[1:] if near else None

    def centre_of(self, series: int, index: int) -> QPointF | None:
        """Where the point ``(series, index)`` was painted (``None`` if it has no value)."""
        return next((rect.center() for rect, s, i in self.hits if (s, i) == (series, index)), None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        found = self.point_at(event.position())
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            self.point_activated.emit(*found)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self.hits = []
        self._frame(painter)
        area = self._plot_area()
        low, high = self._axis(painter, area)
        count = max(len(self.labels), 1)
        centres = [area.left() + (i + 0.5) * area.width() / count for i in range(count)]
        self._paint_data(painter, area, low, high, centres)
        self._category_labels(painter, area, centres)
        painter.end()

    def _paint_data(self, painter: QPainter, area: QRectF, low: float, high: float, centres: list[float]) -> None:
        raise NotImplementedError

    def _category_labels(self, painter: QPainter, area: QRectF, centres: Sequence[float]) -> None:
        painter.setPen(self.palette().text().color())
        slot = area.width() / max(len(centres), 1)
        for label, x in zip(self.labels, centres):
            painter.drawText(QRectF(x - slot / 2, area.bottom() + 2, slot, self.fontMetrics().height() + 2),
                             Qt.AlignmentFlag.AlignCenter, label)


class LineChart(_Chart):
    """Monthly values as lines with markers; ``target`` draws a dashed line."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.target: float | None = None

    def set_target(self, target: float | None) -> None:
        """The dashed target line (``None``: none)."""
        self.target = target
        self.update()

    def _extra_values(self) -> list[float]:
        return [self.target] if self.target is not None else []

    def _paint_data(self, painter: QPainter, area: QRectF, low: float, high: float, xs: list[float]) -> None:
        for i, (_name, values) in enumerate(self.series):
            color = COLORS[i % len(COLORS)]
            painter.setPen(QPen(color, 2))
            path = QPainterPath()
            started = False
            for x, value in zip(xs, values):
                if value is None:
                    continue
                point = QPointF(x, self._y(value, low, high, area))
                if started:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                started = True
            painter.drawPath(path)
            painter.setBrush(color)
            for index, (x, value) in enumerate(zip(xs, values)):
                if value is not None:
                    point = QPointF(x, self._y(value, low, high, area))
                    painter.drawEllipse(point, 2.5, 2.5)
                    self.hits.append((QRectF(point.x() - 3, point.y() - 3, 6, 6), i, index))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        legend = [(name, COLORS[i % len(COLORS)]) for i, (name, _v) in enumerate(self.series)]
        if self.target is not None:
            y = self._y(self.target, low, high, area)
            painter.setPen(QPen(TARGET, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            legend.append((self.tr("Target"), TARGET))
        self._legend(painter, legend)


class BarChart(_Chart):
    """Grouped vertical bars with their values written above."""

    default_floor = 0

    def _paint_data(self, painter: QPainter, area: QRectF, low: float, high: float, centres: list[float]) -> None:
        slot = area.width() / max(len(self.labels), 1)
        bar_width = slot * 0.7 / max(len(self.series), 1)
        for s, (_name, values) in enumerate(self.series):
            color = COLORS[s % len(COLORS)]
            for index, (centre, value) in enumerate(zip(centres, values)):
                if value is None:
                    continue
                x = centre - slot * 0.35 + s * bar_width
                top = self._y(value, low, high, area)
                base = self._y(max(low, 0), low, high, area)
                bar = QRectF(x, top, bar_width - 2, base - top)
                painter.fillRect(bar, color)
                self.hits.append((bar if bar.height() >= 6 else bar.adjusted(0, -6, 0, 0), s, index))
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(x - 10, top - self.fontMetrics().height() - 1, bar_width + 18,
                                        self.fontMetrics().height()), Qt.AlignmentFlag.AlignCenter,
                                 self.value_format(value))
        if len(self.series) > 1:
            self._legend(painter, [(name, COLORS[i % len(COLORS)]) for i, (name, _v) in enumerate(self.series)])
