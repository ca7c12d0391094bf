"""Small helpers shared by the Excel writers (templates, export, the error workbook); the files
themselves are written atomically by ``core.store.atomic``.

- :func:`header_cells` / :func:`apply_layout` give every sheet the same look: a styled header
  row (required columns in a distinct fill), frozen header, widths for Chinese text,
  drop-down and range validations for the data rows;
- :func:`text_cell` writes a value that starts with ``=``, ``+``, ``-`` or ``@`` as plain
  text (with Excel's quote prefix), so neither Excel nor WPS ever evaluates it.

openpyxl is imported inside the functions: the application starts without it (docs/spec.md §9).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

FORMULA_PREFIXES = frozenset("=+-@")
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what the xlsx XML cannot hold
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
EXCEL_EPOCH_JULIAN = 2415018.5  # julianday('1899-12-30'): Excel serial = julianday(x) - this
HEADER_FILL = "DDEBF7"  # light blue: optional columns
REQUIRED_FILL = "FCE4D6"  # light orange: required columns (header ends with *)
REQUIRED_FONT = "C00000"
MAX_ROW = 1048576


def display_width(text: str) -> int:
    """Width of ``text`` in Excel's character units: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_cell(ws: Any, value: str) -> Any:
    """A cell that holds ``value`` as text even when it looks like a formula (``=SUM(A1)``)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)  # openpyxl marks a leading "=" as a formula ...
    cell.data_type = "s"  # ... so force a string,
    cell.quotePrefix = True  # and Excel/WPS keep it text when the user edits the cell
    return cell


def safe_value(ws: Any, value: str) -> Any:
    """``value`` without characters the file format cannot hold, as a text cell if it needs one."""
    value = ILLEGAL_CHARACTERS.sub("", value)
    if value[:1] in FORMULA_PREFIXES:
        return text_cell(ws, value)
    return value or None
