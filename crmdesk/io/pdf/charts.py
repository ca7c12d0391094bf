"""Charts of the PDF reports, drawn with reportlab.graphics (vector, text selectable).

Each function returns a ``Drawing`` flowable of a given width: a line chart of monthly
values (gaps where a month has no data), grouped vertical bars, and horizontal bars for
rates by name. Labels use the CJK font, so Chinese category names print and can be searched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from crmdesk.io.pdf.common import CHART_AXIS, CHART_GRID
from crmdesk.io.pdf.common import CHART_SERIES as SERIES_COLORS
from crmdesk.io.pdf.common import CHART_TARGET as TARGET_COLOR
from crmdesk.io.pdf.fonts import cjk_font

TITLE_SIZE = 10
LABEL_SIZE = 7.5


def _drawing(width: float, height: float, title: str) -> Any:
    from reportlab.graphics.shapes import Drawing, String

    drawing = Drawing(width, height)
    drawing.add(String(0, height - TITLE_SIZE - 2, title, fontName=cjk_font(), fontSize=TITLE_SIZE))
    return drawing


def _legend(drawing: Any, names: Sequence[str], x: float, y: float, colours: Sequence[str] = ()) -> None:
    """Coloured boxes with the series' names (``colours`` default to the series colours in order)."""
    from reportlab.graphics.shapes import Rect, String
    from reportlab.lib import colors

    for i, name in enumerate(names):
        colour = colours[i] if i < len(colours) else SERIES_COLORS[i % len(SERIES_COLORS)]
        drawing.add(Rect(x, y, 8, 8, fillColor=colors.HexColor(colour), strokeColor=None))
        drawing.add(String(x + 11, y + 1, name, fontName=cjk_font(), fontSize=LABEL_SIZE))
        x += 18 + len(name) * LABEL_SIZE


def _style_axes(chart: Any, value_format: Callable[[float], str]) -> None:
    from reportlab.lib import colors

    font = cjk_font()
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = value_format
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor(CHART_GRID)
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.strokeColor = colors.HexColor(CHART_AXIS)
    chart.categoryAxis.strokeColor = colors.HexColor(CHART_AXIS)


def _value_range(values: Sequence[float | None], floor: float | None, ceiling: float | None) -> tuple[float, float]:
    known = [float(v) for v in values if v is not None]  # a server's averages arrive as Decimal
    low = min(known) if known else 0.0
    high = max(known) if known else 1.0
    if floor is not None:
        low = min(low, floor)
    if ceiling is not None:
        high = max(high, ceiling)
    if high - low < 1e-9:
        high = low + 1
    pad = (high - low) * 0.1
    return (low - pad if floor is None else low), high + pad


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
               width: float, height: float = 150, *, value_format: Callable[[float], str] = lambda v: f"{v:g}",
               floor: float | None = None, ceiling: float | None = None,
               target: float | None = None) -> Any:
    """Monthly values as lines with markers; ``target`` draws a dashed line at that value."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Line
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    drawing = _drawing(width, height, title)
    chart = HorizontalLineChart()
    chart.x, chart.y = 36, 28
    chart.width, chart.height = width - 46, height - 62
    chart.data = [tuple(None if v is None else float(v) for v in values) for _name, values in series] \
        or [(None,) * len(labels)]
    chart.categoryAxis.categoryNames = list(labels)
    every = [v for _name, values in series for v in values] + ([target] if target is not None else [])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _value_range(every, floor, ceiling)
    _style_axes(chart, value_format)
    # A line needs two points: a series with one known month shows its marker only.
    chart.joinedLines = 0
    for i, row in enumerate(chart.data):
        color = colors.HexColor(SERIES_COLORS[i % len(SERIES_COLORS)])
        if sum(v is not None for v in row) >= 2:
            chart.lines[i].lineStyle = "joinedLine"
        chart.lines[i].strokeColor = color
        chart.lines[i].strokeWidth = 1.4
        chart.lines[i].symbol = makeMarker("FilledCircle", size=3, fillColor=color, strokeColor=color)
    drawing.add(chart)
    if target is not None:
        low, high = chart.valueAxis.valueMin, chart.valueAxis.valueMax
        y = chart.y + (target - low) / (high - low) * chart.height
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=colors.HexColor(TARGET_COLOR),
                         strokeDashArray=[3, 2], strokeWidth=0.8))
    names = [name for name, _values in series]
    _legend(drawing, names + (["目标"] if target is not None else []), chart.x, 4,
            [SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(names))] + [TARGET_COLOR])
    return drawing


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
              width: float, height: float = 150, *, value_format: Callable[[float], str] = lambda v: f"{v:g}",
              floor: float | None = 0, ceiling: float | None = None) -> Any:
    """Grouped vertical bars (one group per label, one bar per series), values printed above."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.lib import colors

    drawing = _drawing(width, height, title)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 28
    chart.width, chart.height = width - 46, height - 62
    chart.data = [tuple(values) for _name, values in series]  # None: no bar and no label (not "0.00")
    chart.categoryAxis.categoryNames = list(labels)
    every = [v for _name, values in series for v in values]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _value_range(every, floor, ceiling)
    _style_axes(chart, value_format)
    chart.barLabelFormat = lambda v: "" if v is None else value_format(v)
    chart.barLabels.fontName = cjk_font()
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.barLabels.nudge = 6
    chart.groupSpacing = 8
    for i in range(len(chart.data)):
        chart.bars[i].fillColor = colors.HexColor(SERIES_COLORS[i % len(SERIES_COLORS)])
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        _legend(drawing, [name for name, _values in series], chart.x, 4)
    return drawing


def side_by_side(left: Any, right: Any, width: float) -> Any:
    """Two drawings next to each other in one row."""
    from reportlab.platypus import Table, TableStyle

    table = Table([[left, right]], colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 6)]))
    return table


def hbar_chart(title: str, labels: Sequence[str], values: Sequence[float | None], width: float, *,
               value_format: Callable[[float], str] = lambda v: f"{v:g}", ceiling: float | None = None,
               row_height: float = 14) -> Any:
    """One horizontal bar per label (long names read on the left), values printed after the bars."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.lib import colors

    height = len(labels) * row_height + 40
    drawing = _drawing(width, height, title)
    chart = HorizontalBarChart()
    chart.x, chart.y = 90, 16
    chart.width, chart.height = width - 130, height - 40
    # reportlab draws the first category at the bottom: reverse so the list reads top-down
    chart.data = [tuple(0 if v is None else v for v in reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = _value_range(list(values), 0, ceiling)
    _style_axes(chart, value_format)
    chart.barLabelFormat = lambda v: "" if v is None else value_format(v)
    chart.barLabels.fontName = cjk_font()
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.bars[0].fillColor = colors.HexColor(SERIES_COLORS[0])
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing
