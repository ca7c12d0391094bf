"""The error workbook of an import (docs/spec.md §6): the rejected rows, ready to fix and import again.

It holds the user's own header row and every rejected row exactly as it was read (the
original cell values, not the cleaned ones), with each refused cell filled red and a
错误原因 column added at the end. The user corrects the cells in Excel or WPS and imports
the file again: the reason column is not a known header, so it is simply ignored.

Rows that were imported without some optional value (an unreadable date, 无 in a phone
column, an unknown choice) are in a second sheet, 警告, the same way: the row as it was,
the set-aside cells filled amber and a 警告原因 column, so nothing of the ledger is lost;
importing that sheet again after fixing the cells fills the values in (merges fill empty
fields). Written with openpyxl in write-only mode (constant memory); the import writes it to
the temporary file of ``core.store.atomic`` that replaces the target only when complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from crmdesk.core.store.errors import OperationCancelled
from crmdesk.io.importing.base import RowResult

REASON_HEADER = "错误原因"
WARNING_SHEET = "警告"
WARNING_HEADER = "警告原因"
BAD_FILL = "FFFFC7CE"  # Excel's "light red fill"
BAD_FONT = "FF9C0006"
WARN_FILL = "FFFFEB9C"  # Excel's "light yellow fill"
WARN_FONT = "FF9C5700"


def write_error_workbook(path: Path | str, header: Sequence[object], rows: Iterable[RowResult], *,
                         warnings: Iterable[RowResult] = (), sheet_title: str = "错误数据",
                         cancelled: Callable[[], bool] | None = None) -> Path:
    """Write ``rows`` (rejected rows holding their original cells) under ``header`` to ``path``,
    and ``warnings`` (imported rows with values set aside) to the sheet 警告 (``path`` is the
    temporary file of an atomic write: the caller renames it when the import is done)."""
    from openpyxl import Workbook

    path = Path(path)
    rows, warned = list(rows), list(warnings)
    book = Workbook(write_only=True)
    if rows or not warned:
        _write_sheet(book, sheet_title, header, rows, REASON_HEADER, (BAD_FILL, BAD_FONT), cancelled,
                     lambda row: [*row.reasons, *row.warnings], lambda row: row.bad_columns | row.warn_columns)
    if warned:
        _write_sheet(book, WARNING_SHEET, header, warned, WARNING_HEADER, (WARN_FILL, WARN_FONT), cancelled,
                     lambda row: row.warnings, lambda row: row.warn_columns)
    book.save(path)
    return path


def _write_sheet(book: Any, title: str, header: Sequence[object], rows: list[RowResult], reason_header: str,
                 colours: tuple[str, str], cancelled: Callable[[], bool] | None,
                 reasons_of: Callable[[RowResult], Sequence[str]],
                 marked_of: Callable[[RowResult], AbstractSet[int]]) -> None:
    """One sheet: the header, each row's original cells (marked cells coloured), the reasons."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    width = len(header)
    for row in rows:
        width = max(width, len(row.cells or ()))
    sheet = book.create_sheet(title[:31] or "Sheet1")
    for column in range(1, width + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.column_dimensions[get_column_letter(width + 1)].width = 60
    sheet.freeze_panes = "A2"
    bad_fill = PatternFill("solid", fgColor=colours[0])
    bad_font = Font(color=colours[1])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value: object, *, bad: bool = False, font: Font | None = None) -> object:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not bad and font is None and not (isinstance(value, str) and value[:1] in "=+-@"):
            return None if value == "" else value  # a plain value: openpyxl writes it as it is
        out = WriteOnlyCell(sheet, value=None if value == "" else value)
        if isinstance(value, str) and value[:1] in "=+-@":
            out.data_type = "s"  # text that looks like a formula stays text
        if bad:
            out.fill = bad_fill
            out.font = bad_font
        elif font is not None:
            out.font = font
        return out

    heading = [cell(value, font=bold) for value in header] + [cell("", font=bold)] * (width - len(header))
    sheet.append([*heading, cell(reason_header, font=bold)])
    for index, row in enumerate(rows):
        if cancelled is not None and index % 2000 == 0 and cancelled():
            sheet.close()  # end openpyxl's row stream properly, or it fails noisily when collected
            raise OperationCancelled()
        values = list(row.cells or ())
        values += [""] * (width - len(values))
        marked = marked_of(row)
        line = [cell(value, bad=column in marked) for column, value in enumerate(values)]
        reason = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", "；".join(reasons_of(row))))
        reason.data_type = "s"
        reason.alignment = wrap
        sheet.append([*line, reason])
