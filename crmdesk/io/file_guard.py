"""Hostile and odd files, refused before a reader can be taken down by them (SPEC §6, §7).

``crmdesk import`` and the import wizard share ``io.reader``, which calls these checks
before python-calamine sees a file; each refusal is an :class:`ImportFileError` naming the
file and the reason, and nothing is read into memory beyond a few megabytes at a time.

- *Zip bombs* (.xlsx is a zip of XML): the members' count, their declared sizes and the
  bytes they really inflate to are checked, streaming, against limits far above any real
  ledger (a 200 MB file of 1,000,000 rows), and so are the shared strings' count.
- *Sparse sheets*: calamine builds one dense grid from the top-left to the bottom-right
  cell that has a value, so one value at XFD1 and one at A1048576 ask for 512 GiB and
  abort the process. The sheets' cell references are scanned while inflating and a grid
  over :data:`MAX_CELLS` is refused.
- *Formats outside SPEC §6* that calamine would also open (.xlsb, .ods) are refused with
  the advice to save as .xlsx: their grids cannot be checked beforehand.
- *Web pages saved as .xls* (common from Chinese web systems): recognised whether they
  start with ``<html>``, ``<meta>``, ``<!-- -->``, ``<style>``, ``<head>`` or a table, in
  UTF-8, GBK or UTF-16 with a BOM.
- *Text files*: a CSV mixing GBK and UTF-8 lines is named as such, with the first line in
  the other encoding; a NUL byte anywhere refuses the file with its line number.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from crmdesk.core.errors import KnownError
from crmdesk.core.i18n import _, register

register({
    "{file}: the workbook is a zip bomb: {detail}. It was not read.":
        "{file}：该工作簿是“压缩炸弹”：{detail}。未读取其内容。",
    "{count} parts (at most {limit})": "{count} 个部件（最多 {limit} 个）",
    "“{part}” unpacks to more than {limit} MB": "“{part}”解压后超过 {limit} MB",
    "the parts unpack to more than {limit} MB in all": "各部件解压后总计超过 {limit} MB",
    "{count} shared strings (at most {limit})": "{count} 个共享字符串（最多 {limit} 个）",
    "{file}: the sheet “{sheet}” spans {rows} rows × {columns} columns ({cells} cells; at most {limit} can be "
    "read). A value far below or to the right of the data makes it so: delete the empty rows and columns "
    "after the data in Excel or WPS, save, and import again.":
        "{file}：工作表“{sheet}”跨越 {rows} 行 × {columns} 列（共 {cells} 个单元格，最多可读取 {limit} 个）。"
        "这是数据下方或右侧很远处的某个值造成的：请在 Excel 或 WPS 中删除数据之后的空行和空列，保存后重新导入。",
    "{file}: .xlsb and .ods workbooks cannot be imported. Open it in Excel or WPS, save it as .xlsx and "
    "import that copy.":
        "{file}：无法导入 .xlsb 和 .ods 格式的工作簿。请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。",
    "{file}: the file mixes two text encodings: line {line} is {found}, the lines before it {first}. "
    "Open it in Notepad, WPS or Excel, save it as UTF-8 (or as one encoding), and import again.":
        "{file}：文件混用了两种文字编码：第 {line} 行是 {found}，之前的行是 {first}。"
        "请用记事本、WPS 或 Excel 打开，统一另存为 UTF-8 编码后重新导入。",
    "{file}: line {line} is neither UTF-8 nor GBK text.": "{file}：第 {line} 行既不是 UTF-8 也不是 GBK 编码的文字。",
    "{file}: the file is damaged and cannot be read ({detail}). Open it in Excel or WPS, save it again "
    "as .xlsx and import that copy.":
        "{file}：文件已损坏，无法读取（{detail}）。请用 Excel 或 WPS 打开后另存为 .xlsx，再导入。",
    "{file}: line {line} contains NUL characters (binary data): the file is damaged or is not a text file.":
        "{file}：第 {line} 行含有 NUL 字符（二进制数据）：文件已损坏，或者不是文本文件。",
})

MAX_MEMBERS = 5_000
MAX_PART_BYTES = 1024 * 2**20  # one part inflated (a 200 MB sheet of 1,000,000 rows stays far below)
MAX_TOTAL_BYTES = 2048 * 2**20  # all parts inflated
MAX_SHARED_STRINGS = 5_000_000
MAX_CELLS = 20_000_000  # calamine keeps 32 bytes per cell of the grid: 640 MB at most
CHUNK = 4 * 2**20


class ImportFileError(KnownError):
    """The file could not be read at all (missing, not a spreadsheet, damaged, encrypted, empty, too big)."""


# --------------------------------------------------------------------------- zip workbooks


def check_zip_workbook(path: Path) -> None:
    """Refuse an .xlsx/.xlsm that would inflate beyond the limits or whose sheets span too many cells.

    Streams every part once (about 0.3 s for a 15 MB, 100,000-row ledger). A zip that
    Python cannot open is left to the reader, which reports it as damaged.
    """
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _bomb(name, _("{count} parts (at most {limit})", count=f"{len(members):,}",
                                limit=f"{MAX_MEMBERS:,}"))
        names = {m.filename.lower() for m in members}
        if "xl/workbook.bin" in names or "content.xml" in names:
            raise ImportFileError(_("{file}: .xlsb and .ods workbooks cannot be imported. Open it in Excel or WPS, "
                                    "save it as .xlsx and import that copy.", file=name))
        declared = sum(m.file_size for m in members)
        if declared > MAX_TOTAL_BYTES:
            raise _bomb(name, _("the parts unpack to more than {limit} MB in all", limit=MAX_TOTAL_BYTES // 2**20))
        sheet_names = _sheet_names(archive)
        total = 0
        for member in members:
            if member.is_dir():
                continue
            if member.file_size > MAX_PART_BYTES:
                raise _bomb(name, _("“{part}” unpacks to more than {limit} MB", part=member.filename,
                                    limit=MAX_PART_BYTES // 2**20))
            lower = member.filename.lower()
            scanner: _Scanner | None = None
            if lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
                scanner = _SheetExtent()
            elif lower.endswith("sharedstrings.xml"):
                scanner = _SharedStrings()
            total += _inflate(archive, member, name, scanner, MAX_TOTAL_BYTES - total)
            if isinstance(scanner, _SheetExtent):
                cells = scanner.rows * scanner.columns
                if cells > MAX_CELLS:
                    sheet = sheet_names.get(member.filename, member.filename)
                    raise ImportFileError(_(
                        "{file}: the sheet “{sheet}” spans {rows} rows × {columns} columns ({cells} cells; at most "
                        "{limit} can be read). A value far below or to the right of the data makes it so: delete "
                        "the empty rows and columns after the data in Excel or WPS, save, and import again.",
                        file=name, sheet=sheet, rows=f"{scanner.rows:,}", columns=f"{scanner.columns:,}",
                        cells=f"{cells:,}", limit=f"{MAX_CELLS:,}"))
            elif isinstance(scanner, _SharedStrings) and scanner.count > MAX_SHARED_STRINGS:
                raise _bomb(name, _("{count} shared strings (at most {limit})", count=f"{scanner.count:,}",
                                    limit=f"{MAX_SHARED_STRINGS:,}"))


def _bomb(name: str, detail: str) -> ImportFileError:
    return ImportFileError(_("{file}: the workbook is a zip bomb: {detail}. It was not read.", file=name,
                             detail=detail))


class _Scanner:
    def feed(self, data: bytes) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, scanner: _Scanner | None,
             room: int) -> int:
    """Inflate ``member`` in chunks, counting the bytes it REALLY holds: a header may lie about the
    size (and a CRC can be forged for the part it admits to), while calamine inflates the whole
    stream. Reads the compressed bytes straight from the file, after the member's local header."""
    limit = min(MAX_PART_BYTES, room)
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _damaged_zip(name, member.filename)
    handle = archive.fp
    if handle is None:
        return member.file_size
    try:
        handle.seek(member.header_offset)
        local = handle.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise _damaged_zip(name, member.filename)
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        handle.seek(member.header_offset + 30 + name_length + extra_length)
        inflater = zlib.decompressobj(-15) if member.compress_type == zipfile.ZIP_DEFLATED else None
        left, done, tail = member.compress_size, 0, b""
        while left > 0:
            block = handle.read(min(CHUNK // 4, left))
            if not block:
                break
            left -= len(block)
            pending = block
            while pending:
                if inflater is None:
                    data, pending = pending, b""
                else:
                    data = inflater.decompress(pending, CHUNK)
                    pending = inflater.unconsumed_tail
                done += len(data)
                if done > limit:
                    raise _bomb(name, _("“{part}” unpacks to more than {limit} MB", part=member.filename,
                                        limit=limit // 2**20))
                if scanner is not None and data:
                    tail = _feed(scanner, tail + data)
                if inflater is not None and inflater.eof:
                    break
        if scanner is not None and tail:
            scanner.feed(tail)
    except ImportFileError:
        raise
    except (zlib.error, OSError, ValueError, struct.error):
        raise _damaged_zip(name, member.filename) from None
    return done


def _damaged_zip(name: str, part: str) -> ImportFileError:
    return ImportFileError(_("{file}: the file is damaged and cannot be read ({detail}). Open it in Excel or WPS, "
                             "save it again as .xlsx and import that copy.", file=name, detail=part))


def _feed(scanner: _Scanner, data: bytes) -> bytes:
    """Feed ``data`` up to its last complete tag; return the rest for the next chunk."""
    cut = data.rfind(b">") + 1
    scanner.feed(data[:cut])
    return data[cut:]


# a cell with content (not self-closed: ``<c r="A5" s="1"/>`` is formatting only, calamine skips it)
_VALUED_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,4})(\d{1,9})\"[^>]*?(?<!/)>")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>]")  # an opening cell tag (self-closed ones carry no value)
_SELF_CLOSED_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*/>")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


class _SheetExtent(_Scanner):
    """The rows × columns of the grid calamine would build, from the sheet's XML.

    With references (``r="XFD1"``, as Excel and WPS write them) the bounding box of the
    cells that hold something; cells without references (some generators) count as many
    rows as row tags and as many columns as the cells of the longest row — always at least
    what calamine allocates.
    """

    def __init__(self) -> None:
        self.max_row = 0
        self.max_column = 0
        self.row_tags = 0
        self.widest = 0
        self.unreferenced = False

    def feed(self, data: bytes) -> None:
        referenced = _VALUED_CELL.findall(data)
        for letters, row in set(referenced):
            self.max_column = max(self.max_column, _column_number(letters))
            self.max_row = max(self.max_row, int(row))
        self.row_tags += len(_ROW_TAG.findall(data))
        opened = len(_CELL_TAG.findall(data)) - len(_SELF_CLOSED_CELL.findall(data))
        if opened > len(referenced):  # cells without references: count them per row
            self.unreferenced = True
            for segment in _ROW_TAG.split(data):
                self.widest = max(self.widest, len(_CELL_TAG.findall(segment)))

    @property
    def rows(self) -> int:
        return max(self.max_row, self.row_tags if self.unreferenced else 0)

    @property
    def columns(self) -> int:
        return max(self.max_column, self.widest)


class _SharedStrings(_Scanner):
    """Counts the ``<si>`` items of the shared strings table."""

    _ITEM = re.compile(rb"<(?:\w+:)?si[\s>/]")

    def __init__(self) -> None:
        self.count = 0

    def feed(self, data: bytes) -> None:
        self.count += len(self._ITEM.findall(data))


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part → sheet name, for messages (best effort)."""
    try:
        workbook = archive.read("xl/workbook.xml")[: 2**20].decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 2**20].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return {}
    targets = {m[0]: m[1] for m in re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets.update({m[1]: m[0] for m in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    names: dict[str, str] = {}
    for sheet, rid in re.findall(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', workbook):
        target = targets.get(rid, "")
        if target:
            names["xl/" + target.lstrip("/").removeprefix("xl/")] = sheet
    return names


# --------------------------------------------------------------------------- web pages


_HTML_TAGS = (b"<html", b"<!doctype", b"<head", b"<meta", b"<style", b"<table", b"<body", b"<title", b"<tr",
              b"<td", b"<div", b"<script", b"<link", b"<?xml", b"<o:", b"<x:")


def looks_like_web_page(head: bytes) -> bool:
    """An HTML (or MHT, or XML spreadsheet) page, whatever it starts with and however encoded."""
    text = head
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    elif len(head) > 8 and head[1:8:2] == b"\x00\x00\x00\x00" and head[0:1] == b"<":  # UTF-16 without BOM
        text = head.decode("utf-16-le", "ignore").encode("utf-8", "ignore")
    text = text.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"mime-version"):
        return True
    if not text.startswith(b"<"):
        return False
    return any(tag in text for tag in _HTML_TAGS)


# --------------------------------------------------------------------------- text files


_NAMES = {"utf-8": "UTF-8", "gbk": "GBK"}


def _line_encoding(line: bytes) -> str | None:
    """``"ascii"``, ``"utf-8"``, ``"gbk"`` (GB18030), ``"either"`` or ``None`` when it is neither.

    A short line can be valid in both (GBK bytes that happen to form UTF-8): ``"either"``
    then, so a GBK file is never called mixed because of one such line. A line is taken as
    UTF-8 when GB18030 cannot read it, or when it holds three or more UTF-8 characters.
    """
    if line.isascii():
        return "ascii"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    try:
        line.decode("gb18030")
        gbk = True
    except UnicodeDecodeError:
        gbk = False
    if text is not None:
        return "utf-8" if not gbk or sum(1 for ch in text if ord(ch) > 127) >= 3 else "either"
    return "gbk" if gbk else None


def mixed_encoding_error(path: Path) -> ImportFileError | None:
    """When the lines of a text file are partly UTF-8 and partly GBK: the error naming the first odd line.

    Also names a line that is neither. ``None`` when the file is consistently one of them
    (or not line-based text at all: then the caller's own message applies).
    """
    first: str | None = None
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            kind = _line_encoding(line)
            if kind in ("ascii", "either"):
                continue
            if kind is None:
                if first is None:
                    return None  # no text in either encoding before it: "not a spreadsheet" says it better
                return ImportFileError(_("{file}: line {line} is neither UTF-8 nor GBK text.", file=path.name,
                                         line=number))
            if first is None:
                first = kind
            elif kind != first:
                return ImportFileError(_(
                    "{file}: the file mixes two text encodings: line {line} is {found}, the lines before it {first}. "
                    "Open it in Notepad, WPS or Excel, save it as UTF-8 (or as one encoding), and import again.",
                    file=path.name, line=number, found=_NAMES[kind], first=_NAMES[first]))
    return None


def without_nul(handle: IO[str], path: Path) -> Iterator[str]:
    """The lines of a text file, refusing one that holds a NUL character (it would end up inside names)."""
    for number, line in enumerate(handle, start=1):
        if "\x00" in line:
            raise ImportFileError(_("{file}: line {line} contains NUL characters (binary data): the file is "
                                    "damaged or is not a text file.", file=path.name, line=number))
        yield line


def first_nul_line(lines: Iterable[bytes]) -> int | None:
    """The number of the first line holding a NUL byte, if any."""
    for number, line in enumerate(lines, start=1):
        if b"\x00" in line:
            return number
    return None
