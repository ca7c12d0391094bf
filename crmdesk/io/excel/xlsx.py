"""Small helpers shared by the Excel writers (templates, export, later the error workbook).

- :func:`atomic_file` writes through a temporary file in the target folder that is renamed
  over the real name only when everything succeeded (docs/architecture.md, pattern 11), and turns file-system
  failures into a ``KnownError`` that names the file;
- :func:`header_cells` / :func:`apply_layout` give every sheet the same look: a styled header
  row (required columns in a distinct fill), frozen header, widths for Chinese text,
  drop-down and range validations for the data rows;
- :func:`text_cell` writes a value that starts with ``=``, ``+``, ``-`` or ``@`` as plain
  text (with Excel's quote prefix), so neither Excel nor WPS ever evaluates it.

openpyxl is imported inside the functions: the application starts without it (docs/spec.md §9).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crmdesk.core.i18n import _, register
from crmdesk.core.store.errors import KnownError

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
