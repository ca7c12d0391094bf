"""The service flow chart of 《售后服务流程规范》, drawn with reportlab.graphics (vector, text selectable).

Seven boxes in a row, one per stage (docs/spec.md §3), joined by arrows; under each box the
departments responsible for it (the R of the responsibility matrix). Below the row, the three
turns the main line does not show: a 严重/重大 complaint leaves 分级 for the department head and
the owner, a ticket waiting on the customer or on parts pauses at 处理, and a problem that comes
back after 反馈 or 回访 reopens at 处理.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crmdesk.io.pdf.common import ACCENT, FLOW_BOX, FLOW_ESCALATION, SMALL_TEXT
from crmdesk.io.pdf.fonts import cjk_font

BOX_HEIGHT = 40
GAP = 12  # between two boxes: the arrow
TEXT = 8.5
SMALL = 7


def _arrow(drawing: Any, x1: float, y1: float, x2: float, y2: float, colour: Any, *, dashed: bool = False) -> None:
    """A line from (x1, y1) to (x2, y2) with a head at its end (horizontal or vertical lines only)."""
    from reportlab.graphics.shapes import Line, Polygon

    line = Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=0.9)
    if dashed:
        line.strokeDashArray = [3, 2]
    drawing.add(line)
    size = 4
    if x1 == x2:  # vertical
        sign = 1 if y2 > y1 else -1
        points = [x2, y2, x2 - size, y2 - sign * size * 1.5, x2 + size, y2 - sign * size * 1.5]
    else:
        sign = 1 if x2 > x1 else -1
        points = [x2, y2, x2 - sign * size * 1.5, y2 - size, x2 - sign * size * 1.5, y2 + size]
    drawing.add(Polygon(points, fillColor=colour, strokeColor=colour, strokeWidth=0.5))


def _centred_lines(drawing: Any, x: float, top: float, lines: Sequence[str], size: float, colour: Any) -> None:
    from reportlab.graphics.shapes import String

    for i, text in enumerate(lines):
        drawing.add(String(x, top - (i + 1) * (size + 2), text, fontName=cjk_font(), fontSize=size,
                           fillColor=colour, textAnchor="middle"))


def _wrap(text: str, per_line: int) -> list[str]:
    """Department names under a box, a few characters a line (Chinese has no spaces to break at)."""
    parts = [p for p in text.split("、") if p]
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 1 + len(part) <= per_line:
            lines[-1] += "、" + part
        else:
            lines.append(part)
    return lines or ["—"]


def flow_chart(stages: Sequence[tuple[str, str]], responsible: Sequence[str], width: float) -> Any:
    """The chart: ``stages`` as (number and name, app label), ``responsible`` the R departments of each."""
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    accent = colors.HexColor(ACCENT)
    grey = colors.HexColor(SMALL_TEXT)
    warm = colors.HexColor(FLOW_ESCALATION)
    count = len(stages)
    box_w = (width - GAP * (count - 1)) / count
    under_lines = max(len(_wrap(text, 5)) for text in responsible) if responsible else 1
    height = 150 + under_lines * (SMALL + 2)
    drawing = Drawing(width, height)
    top = height - 8
    centres = []
    for i, (name, label) in enumerate(stages):
        x = i * (box_w + GAP)
        centres.append(x + box_w / 2)
        drawing.add(Rect(x, top - BOX_HEIGHT, box_w, BOX_HEIGHT, rx=5, ry=5, fillColor=colors.HexColor(FLOW_BOX),
                         strokeColor=accent, strokeWidth=1))
        _centred_lines(drawing, x + box_w / 2, top - 6, [name], TEXT, accent)
        _centred_lines(drawing, x + box_w / 2, top - 8 - TEXT - 4, [f"（{label}）"], SMALL, grey)
        if i:
            _arrow(drawing, x - GAP + 1, top - BOX_HEIGHT / 2, x - 1, top - BOX_HEIGHT / 2, accent)
        _centred_lines(drawing, x + box_w / 2, top - BOX_HEIGHT - 2, _wrap(responsible[i], 5) if i < len(responsible)
                       else ["—"], SMALL, grey)
    below = top - BOX_HEIGHT - 6 - under_lines * (SMALL + 2)
    # 分级 → 严重/重大投诉: the head leads, the owner is told
    if count > 1:
        _arrow(drawing, centres[1], below, centres[1], below - 22, warm, dashed=True)
        _centred_lines(drawing, centres[1], below - 24, ["严重/重大投诉", "部门主管牵头", "并告知老板"], SMALL, warm)
    # 处理 ⇄ 挂起
    if count > 3:
        _arrow(drawing, centres[3], below, centres[3], below - 22, grey, dashed=True)
        _centred_lines(drawing, centres[3] - 4, below - 24, ["挂起", "等客户/备件", "时钟暂停"], SMALL, grey)
    # 反馈/回访 → 处理: reopened
    if count > 5:
        y = below - 58
        edge = centres[3] + box_w / 2 - 3
        for source in (4, 5):
            drawing.add(Line(centres[source], below, centres[source], y, strokeColor=accent, strokeWidth=0.9))
        drawing.add(Line(centres[5], y, edge, y, strokeColor=accent, strokeWidth=0.9))
        _arrow(drawing, edge, y, edge, top - BOX_HEIGHT - 1, accent)
        drawing.add(String((edge + centres[5]) / 2, y - 10, "问题复发：重新打开（计为重开）",
                           fontName=cjk_font(), fontSize=SMALL, fillColor=accent, textAnchor="middle"))
    return drawing
