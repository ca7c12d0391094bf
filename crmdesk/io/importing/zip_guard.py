"""Zip workbooks (.xlsx/.xlsm) that would take the reader down, refused before python-calamine reads them.

- *Zip bombs*: too many parts, or parts (or all of them) that declare more bytes than any
  real ledger holds, are refused from the zip directory alone. calamine's zip reader stops
  at a part's declared size, so a part that lies about its size fails there, as damaged.
- *Shared strings*: tens of millions of tiny strings cost calamine far more memory than
  their bytes; a table with more than :data:`MAX_SHARED_STRINGS` items is refused.
- *Sparse sheets*: calamine builds one dense grid from the first to the last cell that
  has a value, 32 bytes per cell, so one value at XFD1 and one at A1048576 ask for 512 GiB
  and abort the process. :func:`check_sheet` bounds the grid of a sheet before it is read
  and refuses one over :data:`MAX_CELLS`. It reads the sheet's XML once, in chunks: a fast
  pass over the layout Excel, WPS and openpyxl write (``<row r="5">``, ``<c r="B5"``), and a
  careful pass (values only, any attribute order, prefixes, cells without references)
  only when the fast bound is too high or the layout is unusual.
- *.xlsb and .ods*: outside docs/spec.md §6 and impossible to bound beforehand: refused with the
  advice to save as .xlsx.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from crmdesk.core.i18n import _
from crmdesk.io.importing.file_guard import ImportFileError
from crmdesk.io.importing.overlap import Helper, Stream

MAX_PARTS = 5_000
MAX_PART_BYTES = 1024 * 2**20  # one part, inflated (a 200 MB file of 1,000,000 rows stays below)
MAX_TOTAL_BYTES = 2048 * 2**20
MAX_SHARED_STRINGS = 5_000_000
MAX_CELLS = 20_000_000  # 32 bytes a cell in calamine's grid: 640 MB at most
CHUNK = 4 * 2**20


def is_zip(path: Path) -> bool:
    """Whether the file is a zip (an .xlsx/.xlsm; legacy .xls is an OLE file)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def check_workbook(path: Path) -> None:
    """Refuse a zip bomb, a table of millions of shared strings, and .xlsb/.ods (see the module)."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader reports it as damaged
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_PARTS:
            raise _bomb(name, _("{count} parts (at most {limit})", count=f"{len(members):,}", limit=f"{MAX_PARTS:,}"))
        lowered = {m.filename.lower() for m in members}
        if "xl/workbook.bin" in lowered or "content.xml" in lowered:
            raise ImportFileError(_("{file}: .xlsb and .ods workbooks cannot be imported. Open it in Excel or WPS, "
                                    "save it as .xlsx and import that copy.", file=name))
        for member in members:
            if member.file_size > MAX_PART_BYTES:
                raise _bomb(name, _("“{part}” unpacks to more than {limit} MB", part=member.filename,
                                    limit=MAX_PART_BYTES // 2**20))
        if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
            raise _bomb(name, _("the parts unpack to more than {limit} MB in all", limit=MAX_TOTAL_BYTES // 2**20))
        for member in members:
            if member.filename.lower().endswith("sharedstrings.xml"):
                count = [0]

                def items(data: bytes, count: list[int] = count) -> None:
                    count[0] += sum(data.count(tag) for tag in (b"<si>", b"<si ", b":si>", b":si ", b"<si/"))

                _stream(archive, member, name, items)
                if count[0] > MAX_SHARED_STRINGS:
                    raise _bomb(name, _("{count} shared strings (at most {limit})", count=f"{count[0]:,}",
                                        limit=f"{MAX_SHARED_STRINGS:,}"))


def check_sheet(path: Path, sheet: str) -> None:
    """Refuse the sheet ``sheet`` when calamine's grid for it would exceed :data:`MAX_CELLS`."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        parts = _sheet_parts(archive)
        wanted = [part for part, title in parts.items() if title == sheet] or [
            m.filename for m in archive.infolist()
            if m.filename.lower().startswith("xl/worksheets/") and m.filename.lower().endswith(".xml")]
        for part in wanted:
            try:
                member = archive.getinfo(part)
            except KeyError:
                continue
            fast = _FastExtent()
            _stream(archive, member, path.name, fast.feed)
            rows, columns = fast.bound()
            if fast.unusual or rows * columns > MAX_CELLS:
                careful = _CarefulExtent()
                _stream(archive, member, path.name, careful.feed)
                if careful.escaped:
                    raise ImportFileError(_(
                        "{file}: the sheet “{sheet}” writes its cell references in a form no spreadsheet program uses. "
                        "Open it in Excel or WPS, save it as .xlsx and import that copy.", file=path.name, sheet=sheet))
                rows, columns = careful.rows, careful.columns
            if rows * columns > MAX_CELLS:
                raise ImportFileError(_(
                    "{file}: the sheet “{sheet}” spans {rows} rows × {columns} columns ({cells} cells; at most {limit} "
                    "can be read). A value far below or to the right of the data makes it so: delete the empty rows "
                    "and columns after the data in Excel or WPS, save, and import again.", file=path.name,
                    sheet=sheet, rows=f"{rows:,}", columns=f"{columns:,}", cells=f"{rows * columns:,}",
                    limit=f"{MAX_CELLS:,}"))


def _bomb(name: str, detail: str) -> ImportFileError:
    return ImportFileError(_("{file}: the workbook is a zip bomb: {detail}. It was not read.", file=name,
                             detail=detail))


def _stream(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, feed: Callable[[bytes], None]) -> None:
    """Inflate a part chunk by chunk into ``feed``, each chunk cut after its last complete tag.

    Text without any ``>`` (one giant string) is not carried over beyond its last kilobyte:
    the scanners count tags, and none of those is that long. A part that cannot be read is
    left to the reader, which reports the file as damaged.

    A helper thread inflates the next chunk while ``feed`` scans this one: zlib works without
    the GIL, so on a second core the inflating (a fifth of the guard's time on a 100,000-row
    sheet) is hidden behind the scanning (docs/spec.md §9).
    """
    chunks: Stream[bytes] = Stream()

    def inflated() -> Iterator[bytes]:
        with archive.open(member) as part:
            while chunk := part.read(CHUNK):
                yield chunk

    carry = b""
    try:
        with Helper(lambda: chunks.feed(inflated()), name="crmdesk-zip-guard"), chunks:
            for chunk in chunks:
                data = carry + chunk
                cut = data.rfind(b">") + 1
                feed(data[:cut])
                carry = data[cut:]
                if len(carry) > 65536:
                    carry = carry[-1024:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if carry:
        feed(carry)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


# The layout every spreadsheet program writes: ``<row r="5" …>`` and ``<c r="B5" …>``, ``r`` first.
_LAST_ROW_REF = re.compile(rb'<row r="(\d{1,9})"')
_ODD_CELL = re.compile(rb'<c(?:[>/\t\r\n]| (?!r="))')
_ODD_ROW = re.compile(rb'<row(?:[>/\t\r\n]| (?!r="))')
_ESCAPED = re.compile(rb'r=[\'"][A-Za-z0-9]*&')
_PREFIXED = re.compile(rb':(?:c|row)[\s>/]')


def _greater(value: str, alphabet: str, longest: int) -> str:
    """A regex for the strings of ``alphabet`` that sort after ``value`` as numbers do
    (longer ones first, then position by position), up to ``longest`` characters."""
    if not value:
        return f"[{alphabet[0]}-{alphabet[-1]}]{{1,{longest}}}"
    options = [f"[{alphabet[0]}-{alphabet[-1]}]{{{len(value) + 1},{longest}}}"] if len(value) < longest else []
    for i, ch in enumerate(value):
        after = alphabet[alphabet.index(ch) + 1:]
        if after:
            rest = len(value) - i - 1
            tail = f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}" if rest else ""
            options.append(re.escape(value[:i]) + f"[{after[0]}-{after[-1]}]" + tail)
    return "|".join(options) or "(?!)"


_DIGITS, _LETTERS = "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _FastExtent:
    """The sheet's grid from the usual layout, in a few C-speed passes a chunk.

    The largest row starts from each chunk's last row tag and is raised by any cell that names
    a larger one (found with a pattern for "larger than the largest so far", which matches
    nothing in an ordinary sheet); the widest column likewise. Anything unusual — prefixes, ``r`` not
    first or absent, other quoting, character references — leaves it to the careful pass.
    """

    def __init__(self) -> None:
        self.max_row = 0
        self.max_column = b""
        self.unusual = False

    def feed(self, data: bytes) -> None:
        if self.unusual or _ODD_CELL.search(data) or _ODD_ROW.search(data) or _PREFIXED.search(data) \
                or (b"&" in data and _ESCAPED.search(data)):
            self.unusual = True
            return
        # The last row tag of the chunk starts the search for larger cells below: rows come in order, so
        # it is the chunk's largest and that search finds nothing. The grid is the cells' (a row tag
        # without cells adds none, see _CarefulExtent); a row out of order only makes the search find more.
        last = _LAST_ROW_REF.match(data, max(data.rfind(b'<row r="'), 0))
        if last:
            self.max_row = max(self.max_row, int(last[1]))
        if b'<c r="' not in data:
            return
        higher = re.findall(b'<c r="[A-Z]{1,4}(' + _greater(str(self.max_row or ""), _DIGITS, 9).encode()
                            + b')"', data)
        if higher:
            self.max_row = max(self.max_row, *map(int, higher))
        wider = re.findall(b'<c r="(' + _greater(self.max_column.decode(), _LETTERS, 4).encode() + b')[0-9]', data)
        if wider:
            self.max_column = max([self.max_column, *wider], key=lambda w: (len(w), w))

    def bound(self) -> tuple[int, int]:
        """(rows, columns): the grid calamine would build, at most."""
        return self.max_row, _column_number(self.max_column) if self.max_column else 0


_CAREFUL_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\b[^>]*?\sr\s*=\s*[\"']([A-Z]{1,4})(\d{1,9})[\"'][^>]*?(?<!/)>")
_CELL_OPEN = re.compile(rb"<(?:[\w.-]+:)?c[\s>]")
_CELL_SELF_CLOSED = re.compile(rb"<(?:[\w.-]+:)?c\b[^>]*/>")
_ROW_OPEN = re.compile(rb"<(?:[\w.-]+:)?row[\s>/]")
_ESCAPED_REF = re.compile(rb"\sr\s*=\s*[\"'][^\"']*&")


class _CarefulExtent:
    """The exact grid: cells with a value only, any attribute order or quoting, any prefix, and
    cells without references counted per row (as calamine places them: one after the other)."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_column = 0
        self.row_tags = 0
        self.widest = 0
        self.unreferenced = False
        self.escaped = False

    def feed(self, data: bytes) -> None:
        if _ESCAPED_REF.search(data):
            self.escaped = True
        referenced = _CAREFUL_CELL.findall(data)
        for letters, row in set(referenced):
            self.max_column = max(self.max_column, _column_number(letters))
            self.max_row = max(self.max_row, int(row))
        self.row_tags += len(_ROW_OPEN.findall(data))
        opened = len(_CELL_OPEN.findall(data)) - len(_CELL_SELF_CLOSED.findall(data))
        if opened > len(referenced):
            self.unreferenced = True
            for segment in _ROW_OPEN.split(data):
                self.widest = max(self.widest, len(_CELL_OPEN.findall(segment)))

    @property
    def rows(self) -> int:
        return max(self.max_row, self.row_tags if self.unreferenced else 0)

    @property
    def columns(self) -> int:
        return max(self.max_column, self.widest)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part → sheet name, from the workbook and its relationships."""
    try:
        workbook = archive.read("xl/workbook.xml")[: 4 * 2**20].decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 4 * 2**20].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return {}
    targets: dict[str, str] = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]+)"', tag)
        target = re.search(r'\bTarget="([^"]+)"', tag)
        if rid and target:
            targets[rid.group(1)] = target.group(1)
    parts: dict[str, str] = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        title = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]+)"', tag)
        if title and rid and rid.group(1) in targets:
            part = targets[rid.group(1)].lstrip("/")
            parts[part if part.startswith("xl/") else "xl/" + part] = _unescape(title.group(1))
    return parts


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
