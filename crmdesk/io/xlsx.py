"""Small helpers shared by the Excel writers (templates, export, later the error workbook).

- :func:`atomic_file` writes through a temporary file in the target folder that is renamed
  over the real name only when everything succeeded (STYLE 11), and turns file-system
  failures into a ``KnownError`` that names the file;
- :func:`header_cells` / :func:`apply_layout` give every sheet the same look: a styled header
  row (required columns in a distinct fill), frozen header, widths for Chinese text,
  drop-down and range validations for the data rows;
- :func:`text_cell` writes a value that starts with ``=``, ``+``, ``-`` or ``@`` as plain
  text (with Excel's quote prefix), so neither Excel nor WPS ever evaluates it.

openpyxl is imported inside the functions: the application starts without it (SPEC §9).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmdesk.core.errors import KnownError
from crmdesk.core.i18n import _, register

if TYPE_CHECKING:  # pragma: no cover - typing only
    from crmdesk.io.templates import Column, TemplateSpec

register({
    "The folder {folder} does not exist: cannot write {path}.": "文件夹 {folder} 不存在，无法写入 {path}。",
    "Cannot write {path}: {reason}": "无法写入 {path}：{reason}",
    "Cannot write {path}: {reason}. If the file is open in Excel or WPS, close it and try again.":
        "无法写入 {path}：{reason}。如果该文件正在 Excel 或 WPS 中打开，请先关闭后重试。",
})

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


class AtomicFile:
    """A temporary file beside ``path``; :meth:`commit` renames it to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        folder = path.parent
        if not folder.is_dir():
            raise KnownError(_("The folder {folder} does not exist: cannot write {path}.",
                               folder=str(folder), path=str(path)))
        try:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise KnownError(_("Cannot write {path}: {reason}", path=str(path), reason=_reason(exc))) from exc
        os.close(fd)
        self.temp = Path(name)
        self.committed = False

    def commit(self) -> Path:
        """Move the finished temporary file over the real name."""
        try:
            os.replace(self.temp, self.path)
        except PermissionError as exc:  # Windows: the target is open in Excel/WPS
            raise KnownError(_("Cannot write {path}: {reason}. If the file is open in Excel or WPS, close it "
                               "and try again.", path=str(self.path), reason=_reason(exc))) from exc
        except OSError as exc:
            raise KnownError(_("Cannot write {path}: {reason}", path=str(self.path), reason=_reason(exc))) from exc
        self.committed = True
        return self.path

    def discard(self) -> None:
        """Remove the temporary file (after a failure or a cancel)."""
        with contextlib.suppress(OSError):
            self.temp.unlink()


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[AtomicFile]:
    """Yield an :class:`AtomicFile`; unless the block calls ``commit()``, the temp file is removed.

    ``OSError`` raised inside the block (disk full, permission denied) becomes a ``KnownError``
    naming the target file; any other exception passes through unchanged.
    """
    target = AtomicFile(Path(path).expanduser().absolute())
    try:
        yield target
    except OSError as exc:
        raise KnownError(_("Cannot write {path}: {reason}", path=str(target.path), reason=_reason(exc))) from exc
    finally:
        if not target.committed:
            target.discard()


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


def header_cells(ws: Any, spec: TemplateSpec) -> list[Any]:
    """The styled header row of ``spec`` (works for normal and write-only sheets)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    side = Side(style="thin", color="8EA9DB")
    border = Border(left=side, right=side, top=side, bottom=side)
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    fills = {True: PatternFill("solid", fgColor=REQUIRED_FILL), False: PatternFill("solid", fgColor=HEADER_FILL)}
    fonts = {True: Font(bold=True, color=REQUIRED_FONT), False: Font(bold=True)}
    cells = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = fonts[column.required]
        cell.fill = fills[column.required]
        cell.alignment = align
        cell.border = border
        cells.append(cell)
    return cells


def apply_layout(ws: Any, spec: TemplateSpec, *, prompts: bool = True) -> None:
    """Widths, column formats, frozen header and data validations (call before writing rows)."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, 1):
        letter = get_column_letter(index)
        dim = ws.column_dimensions[letter]
        dim.width = column.excel_width
        if column.number_format:
            dim.number_format = column.number_format
        validation = data_validation(column, prompts=prompts)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{MAX_ROW}")
            ws.data_validations.append(validation)
    ws.row_dimensions[1].height = 30


def _quoted_list(choices: tuple[str, ...]) -> str:
    text = ",".join(choices)
    if len(text) > 255 or any(c in text for c in '"'):  # Excel's limit for an inline list
        raise ValueError(f"choice list too long for an inline validation: {text!r}")
    return f'"{text}"'


def data_validation(column: Column, *, prompts: bool = True) -> Any | None:
    """The drop-down or range validation of ``column``, or ``None`` for free text."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = column.kind
    if column.choices:
        validation = DataValidation(type="list", formula1=_quoted_list(column.choices), allow_blank=True,
                                    errorStyle="stop" if column.strict else "information",
                                    showDropDown=False)  # False means: do show the arrow (sic)
        validation.error = f"请从下拉列表中选择：{'、'.join(column.choices)}"
    elif kind == "score":
        validation = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True)
        validation.error = "请填写 1 到 5 的整数"
    elif kind == "months":
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        validation.error = "请填写不小于 0 的整数"
    elif kind in ("wan", "mean"):
        low, high = ("0", None) if kind == "wan" else ("1", "5")
        validation = DataValidation(type="decimal", operator="between" if high else "greaterThanOrEqual",
                                    formula1=low, formula2=high, allow_blank=True)
        validation.error = "请填写数字" + (f"（{low}–{high}）" if high else "（不小于 0）")
    elif kind in ("date", "datetime"):
        validation = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                                    formula2="DATE(2100,12,31)", allow_blank=True, errorStyle="warning")
        validation.error = "请填写日期，如 2024-01-05"
    else:
        return None
    validation.showErrorMessage = True
    validation.errorTitle = column.name
    if prompts:
        validation.showInputMessage = True
        validation.promptTitle = column.name[:32]
        validation.prompt = column.hint[:255]
    return validation
