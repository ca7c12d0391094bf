"""The page template every CRMDesk PDF shares: A4, an embedded CJK font, header and page numbers.

Every report builds a list of reportlab flowables with the helpers below and hands it to
:func:`build_pdf`, which

- uses the TrueType CJK font of :mod:`crmdesk.io.pdf.fonts` (embedded as a subset, so the
  text shows in every viewer and can be selected and searched; STSong-Light when the machine
  has no such font);
- draws a header on every page (the firm's name from the settings on the left, the
  document's title on the right) and the footer "第 N 页 / 共 M 页" — the total is known
  only at the end, so the canvas keeps each page's state and decorates them all on save;
- writes through ``core.store.atomic`` (a temporary file renamed over the target), so a crash
  or a full disk never leaves half a PDF under the real name; reports are readable by others
  (0644), the caller may ask for an owner-only file.

reportlab is imported inside the functions: the app starts without it (docs/spec.md §9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from crmdesk.core.firm import settings
from crmdesk.core.i18n import _
from crmdesk.core.store import atomic
from crmdesk.core.store.errors import KnownError
from crmdesk.io.pdf.fonts import cjk_font

MARGIN_MM = 18
# The palette of the printed documents (the window's colours are in crmdesk.ui.theme: paper is not a screen).
HEADER_GREY = (0.35, 0.35, 0.35)
ACCENT = "#1f5f99"  # headings, table headers and the first chart series share it
ZEBRA = "#f2f5f9"
GRID = "#b8c2cc"
SUBTITLE_TEXT = "#444444"
SMALL_TEXT = "#555555"
CHART_SERIES = (ACCENT, "#d68910", "#27ae60", "#8e44ad", "#7f8c8d")
CHART_TARGET = "#c0392b"  # the target line: red, so no series is red
CHART_GRID = "#dde3ea"
CHART_AXIS = "#888888"
FLOW_BOX = "#eaf1f8"  # a stage of the service flow chart (《售后服务流程规范》)
FLOW_ESCALATION = CHART_TARGET  # the flow chart's escalation path: red, as the target line
EMPTY = "（无）"
NO_FIRM = "（未设置单位名称）"


def firm_name() -> str:
    """The firm's name from the settings (the database must be open), or a placeholder."""
    return (settings.get("firm_name") or "").strip() or NO_FIRM


def text(value: object) -> str:
    """A value as report text: ``None`` → empty, dates ISO, datetimes to the minute."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of the reports, all in the CJK font with CJK line breaking."""

    font: str
    title: Any
    subtitle: Any
    h1: Any
    h2: Any
    body: Any
    small: Any
    cell: Any
    cell_right: Any
    cell_head: Any


def styles() -> Styles:
    """Build the styles (cheap; the font is registered once per process)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    font = cjk_font()
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    return Styles(
        font=font,
        title=ParagraphStyle("title", parent=base, fontSize=24, leading=32, alignment=TA_CENTER, spaceAfter=8),
        subtitle=ParagraphStyle("subtitle", parent=base, fontSize=13, leading=20, alignment=TA_CENTER,
                                textColor=colors.HexColor(SUBTITLE_TEXT)),
        h1=ParagraphStyle("h1", parent=base, fontSize=15, leading=22, spaceBefore=10, spaceAfter=6,
                          textColor=colors.HexColor(ACCENT), keepWithNext=1),
        h2=ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor(SMALL_TEXT)),
        cell=ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5),
        cell_right=ParagraphStyle("cell_right", parent=base, fontSize=8.5, leading=11.5, alignment=TA_RIGHT),
        cell_head=ParagraphStyle("cell_head", parent=base, fontSize=8.5, leading=11.5, textColor=colors.white),
    )


def para(value: object, style: Any) -> Any:
    """A paragraph of plain text (markup characters escaped, line breaks kept)."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text(value)).replace("\n", "<br/>"), style)


CELL_SIZE = 8.5
CELL_PADDING = 6  # reportlab's default left + right padding of a table cell
# A table row cannot break across pages: a cell longer than this (a pasted e-mail as a summary)
# is cut, so that a row always fits a page (40 lines of 11.5 pt ≈ 460 pt of the ~730 pt frame).
MAX_CELL_LINES = 40


# Closing punctuation never starts a line (避头点): it stays at the end of the line before, a little
# past the column's width (inside the cell's padding), as Chinese typesetting does.
_NO_LINE_START = frozenset("，。、；：？！）】》」』”’,.;:?!)")


@lru_cache(maxsize=8)
def _char_widths(font: str, size: float) -> dict[str, float]:
    """A per-font cache of character widths (filled as characters are met)."""
    return {}


def wrap_text(value: str, font: str, size: float, width: float) -> str:
    """``value`` with line breaks so that no line is wider than ``width`` points.

    Chinese breaks between any two characters, except before closing punctuation; a Latin line
    breaks at its last space when it has one (dates with times, English words), else where it
    overflows (long codes).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = _char_widths(font, size)
    lines: list[str] = []
    for paragraph in value.split("\n"):
        line, used = "", 0.0
        for ch in paragraph:
            w = widths.get(ch)
            if w is None:
                w = widths[ch] = stringWidth(ch, font, size)
            if used + w > width and line and ch not in _NO_LINE_START:
                cut = line.rfind(" ") if ch.isascii() and not ch.isspace() else -1
                if cut > 0:
                    lines.append(line[:cut])
                    line = line[cut + 1:]
                else:
                    lines.append(line)
                    line = ""
                used = sum(widths[c] for c in line)
                if ch == " " and not line:
                    continue
            line += ch
            used += w
        lines.append(line)
    return "\n".join(lines)


def cell(value: object, style: Any, width: float) -> str:
    """A table cell's text, wrapped to the column: the table draws plain lines itself.

    A reportlab paragraph per cell costs ten times as much to lay out, which adds up in a
    report with thousands of cells; the cell's font, size and alignment come from the
    table's style (``_cell_commands``).
    """
    wrapped = wrap_text(text(value), style.fontName, style.fontSize, width - 2 * CELL_PADDING)
    lines = wrapped.split("\n")
    if len(lines) <= MAX_CELL_LINES:
        return wrapped
    return "\n".join([*lines[:MAX_CELL_LINES - 1], _("… (cut here: {n} characters in all)", n=len(text(value)))])


def _cell_commands(st: Styles, right: Sequence[int], header_rows: int) -> list[tuple]:
    """Font, size and alignment of plain-string cells (paragraph cells carry their own style)."""
    from reportlab.lib import colors

    commands: list[tuple] = [("FONTNAME", (0, 0), (-1, -1), st.font), ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                             ("LEADING", (0, 0), (-1, -1), st.cell.leading)]
    if header_rows:
        commands.append(("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white))
    commands += [("ALIGN", (c, header_rows), (c, -1), "RIGHT") for c in right]
    return commands


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], st: Styles, *,
               right: Sequence[int] = (), centre: Sequence[int] = (), empty: str = EMPTY) -> Any:
    """A list as a table: wrapped cells, a coloured header repeated on each page, zebra rows.

    ``widths`` are in points and must add up to the frame width; ``right`` lists columns
    aligned right (numbers), ``centre`` columns centred (marks such as a RACI letter). An empty
    list prints one row saying so.
    """
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    body = [[cell(v, st.cell_right if i in right else st.cell, widths[i]) for i, v in enumerate(row)] for row in rows]
    if not body:
        body = [[empty] + [""] * (len(header) - 1)]
    table = Table([[cell(h, st.cell_head, widths[i]) for i, h in enumerate(header)], *body], colWidths=list(widths),
                  repeatRows=1)
    commands = [
        *_cell_commands(st, right if rows else (), 1),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(ACCENT)),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(GRID)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), colors.HexColor(ZEBRA)) for r in range(2, len(body) + 1, 2)]
    if not rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    else:
        commands += [("ALIGN", (c, 0), (c, -1), "CENTER") for c in centre]
    table.setStyle(TableStyle(commands))
    return table


def field_table(pairs: Sequence[tuple[str, object]], width: float, st: Styles, *, columns: int = 2) -> Any:
    """Label/value pairs in ``columns`` pairs a row (a form-like block, e.g. a customer's fields)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    label_w = 24 * 2.834645669  # 24 mm: the widest label (六个汉字) in 8.5 pt
    value_w = width / columns - label_w
    rows: list[list[Any]] = []
    for start in range(0, len(pairs), columns):
        row: list[Any] = []
        for label, value in list(pairs[start:start + columns]) + [("", "")] * (columns - len(pairs[start:start + columns])):
            row += [cell(label, st.cell, label_w), cell(value, st.cell, value_w)]
        rows.append(row)
    table = Table(rows, colWidths=[label_w, value_w] * columns)
    commands = [
        *_cell_commands(st, (), 0),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(GRID)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    commands += [("BACKGROUND", (c, 0), (c, -1), colors.HexColor(ZEBRA)) for c in range(0, 2 * columns, 2)]
    table.setStyle(TableStyle(commands))
    return table


def frame_width() -> float:
    """The usable width of an A4 page between the margins, in points."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm

    return A4[0] - 2 * MARGIN_MM * mm


# --------------------------------------------------------------------------- writing


def _numbered_canvas_class(font: str, firm: str, title: str, cover: bool, printed: str) -> type:
    """A canvas that holds back each page until the page count is known, then decorates all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                canvas.Canvas.showPage(self)
            canvas.Canvas.save(self)

        def _decorate(self, number: int, total: int) -> None:
            width, height = A4
            left, right = MARGIN_MM * mm, width - MARGIN_MM * mm
            self.saveState()
            self.setFillColorRGB(*HEADER_GREY)
            self.setStrokeColorRGB(*HEADER_GREY)
            if not (cover and number == 1):
                self.setFont(font, 9)
                self.drawString(left, height - 11 * mm, firm)
                self.drawRightString(right, height - 11 * mm, title)
                self.setLineWidth(0.5)
                self.line(left, height - 12.5 * mm, right, height - 12.5 * mm)
            self.setFont(font, 8.5)
            self.drawCentredString(width / 2, 9 * mm, f"第 {number} 页 / 共 {total} 页")
            self.drawRightString(right, 9 * mm, printed)
            self.restoreState()

    return NumberedCanvas


def build_pdf(out: Path, story: list[Any], *, title: str, firm: str | None = None, cover: bool = False,
              subject: str = "", now: dt.datetime | None = None, mode: int = atomic.SHARED) -> Path:
    """Lay out ``story`` on A4 pages with the header and page numbers and write ``out`` atomically.

    ``firm`` defaults to the name in the settings; ``cover`` leaves the first page without a
    header (a cover page has the firm's name in large type already). ``mode``: the file's
    permissions, readable by others unless the document holds personal data (``atomic.PRIVATE``).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    firm = firm if firm is not None else firm_name()
    font = cjk_font()
    printed = f"打印于 {(now or dt.datetime.now()):%Y-%m-%d %H:%M}"
    out = Path(out)
    with atomic.atomic_write(out, mode=mode) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
                                topMargin=MARGIN_MM * mm, bottomMargin=MARGIN_MM * mm, title=title,
                                author=firm, subject=subject or title, creator="CRMDesk 客户服务台")
        from reportlab.platypus.doctemplate import LayoutError

        try:
            doc.build(story, canvasmaker=_numbered_canvas_class(font, firm, title, cover, printed))
        except LayoutError as error:  # a message, not a traceback; the temp file goes with the block
            raise KnownError(_("{path}: a block of the document does not fit on a page.", path=str(out))) from error
    return out
