"""Reading legacy ledgers: .xlsx/.xlsm/.xls/.ods through python-calamine, .csv by hand (docs/spec.md §6).

Real ledgers are messy. This module finds the data in them:

- a title block of merged 「XX公司客户台账」 rows above the header: the header is the row
  among the first ~20 non-blank ones that best matches the known header synonyms
  (:func:`detect_header`), the rows above it become :attr:`Sheet.title`;
- blank rows and columns, a totals row (合计 / 小计 / 总计): not data;
- formatting that makes a sheet claim a million rows: rows are iterated, never
  materialised as a million empty lists, and reading stops after a run of
  :data:`EMPTY_RUN_LIMIT` empty rows;
- CSV in UTF-8 (with or without BOM), UTF-16 with BOM, GBK or GB18030, any common delimiter.

Cells come through as calamine gives them: ``str`` (``""`` when empty), ``int``/``float``,
``bool``, ``datetime.date``/``datetime.datetime`` for date cells; CSV cells are ``str``.
A file that cannot be read raises :class:`ImportFileError` naming the file and the reason.
Nothing here writes anything.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crmdesk.core import memory
from crmdesk.core.i18n import _
from crmdesk.io.importing import file_guard, mapping, zip_guard
from crmdesk.io.importing.file_guard import ImportFileError

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_DATA_ROWS = 1_000_000
EMPTY_RUN_LIMIT = 1000
HEADER_SCAN_ROWS = 20


Row = tuple[int, list[object]]  # (1-based row number in the file, the cell values)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_TOTAL = re.compile(r"^(?:合计|小计|总计|总合计|累计|合\s*计|总\s*计)(?:[:：].*|\(.*\)|（.*）|\S{0,6})$")
_TOTAL_START = frozenset("合小总累")
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}


def _name(path: Path) -> str:
    return path.name


def is_blank(value: object) -> bool:
    """An empty cell: ``None``, ``""`` or whitespace only."""
    return value is None or (isinstance(value, str) and not value.strip())


def _row_is_blank(values: Sequence[object]) -> bool:
    """No value but empty or whitespace text (a lone 0 is no data either: formulas of empty rows)."""
    return not any(value and not (type(value) is str and value.isspace()) for value in values)


def is_totals_row(values: Sequence[object]) -> bool:
    """A 合计 / 小计 / 总计 row: one of its first three cells says so."""
    for value in values[:3]:
        # the first character decides for nearly every cell (a test per row of 100,000)
        if type(value) is str and value and (value[0] in _TOTAL_START or value[0].isspace()) and \
                value.lstrip()[:1] in _TOTAL_START and _TOTAL.match(value.strip()):
            return True
    return False


def cell_text(value: object) -> str:
    """A header cell as text (numbers without a trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def detect_header(rows: Sequence[Row] | Sheet, kind: str | None = None) -> int:
    """Index in ``rows`` (the non-blank rows at the top of a sheet) of the header row.

    The header is the row whose cells best match known header synonyms (of ``kind``, or
    of any kind); without any match, the first row of at least two short texts that is
    mostly filled. A title row (one merged cell) never wins over a real header.
    A :class:`Sheet` may be passed: its :attr:`Sheet.leading_rows` are used.
    """
    if isinstance(rows, Sheet):
        rows = rows.leading_rows
    best, best_score = 0, float("-inf")
    for index, (_row_no, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        filled = [v for v in values if not is_blank(v)]
        if len(filled) < 2:
            score = -100.0 + index * -1
        else:
            texts = [cell_text(v) for v in filled if isinstance(v, str)]
            known = sum(1 for t in texts if mapping.field_for_header(t, kind) is not None)
            short = sum(1 for t in texts if len(t) <= 20 and not re.fullmatch(r"[\d\s.,:/\-+年月日号]+", t))
            score = known * 10 + short - (len(filled) - len(texts)) * 2
        if score > best_score:
            best, best_score = index, score
    return best


@dataclass
class Sheet:
    """One sheet's header and data rows.

    ``rows`` (or the streaming :meth:`iter_rows`) holds the data rows only: below the
    header, without blank rows and totals rows. Each row is ``(row number in the file,
    cells)`` with the cells at their original column positions (column 0 = the first
    column of the header row's sheet area).
    """

    file: Path
    name: str
    header_row: int  # 1-based row number of the header in the file
    header: list[object]  # the header cells as they are in the file
    title: str  # text of the title block above the header ("" if none)
    leading_rows: list[Row]  # the non-blank rows at the top: header candidates for the wizard
    header_index: int  # index of the header in ``leading_rows``
    _stream: Callable[[], Iterator[Row]] = field(repr=False, default=lambda: iter(()))
    totals_rows: list[int] = field(default_factory=list)  # row numbers skipped as 合计/小计
    size_hint: int = 0  # about how many rows the sheet has (for progress bars)
    encoding: str = ""  # the text encoding of a CSV file
    _rows: list[Row] | None = field(default=None, repr=False)
    _close: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def headers(self) -> list[str]:
        """The header cells as text."""
        return [cell_text(v) for v in self.header]

    def iter_rows(self) -> Iterator[Row]:
        """Stream the data rows (memory stays flat for a 100,000-row sheet)."""
        if self._rows is not None:
            return iter(self._rows)
        return self._data_rows(self._stream())

    @property
    def rows(self) -> list[Row]:
        """The data rows as a list (read once, then kept)."""
        if self._rows is None:
            self._rows = list(self.iter_rows())
        return self._rows

    def close(self) -> None:
        """Release the workbook data held for :meth:`iter_rows`."""
        if self._close is not None:
            self._close()
            self._close = None
        self._stream = lambda: iter(())

    def _data_rows(self, raw: Iterator[Row]) -> Iterator[Row]:
        self.totals_rows = []
        empty_run = 0
        count = 0
        for row_no, values in raw:
            if row_no <= self.header_row:
                continue
            if _row_is_blank(values):
                empty_run += 1
                if empty_run >= EMPTY_RUN_LIMIT:
                    return  # formatting reaching down to row 1,048,576: nothing real below
                continue
            empty_run = 0
            if is_totals_row(values):
                self.totals_rows.append(row_no)
                continue
            count += 1
            if count > MAX_DATA_ROWS:
                raise ImportFileError(_("{file}: the sheet has more than {limit} data rows. Split it into "
                                        "smaller files.", file=_name(self.file), limit=f"{MAX_DATA_ROWS:,}"))
            yield row_no, values


def _leading(raw: Iterator[Row]) -> list[Row]:
    """The first non-blank rows (header candidates), stopping at a long empty run."""
    rows: list[Row] = []
    empty_run = 0
    for row_no, values in raw:
        if _row_is_blank(values):
            empty_run += 1
            if empty_run >= EMPTY_RUN_LIMIT:
                break
            continue
        empty_run = 0
        rows.append((row_no, values))
        if len(rows) >= HEADER_SCAN_ROWS:
            break
    return rows


def _build_sheet(file: Path, name: str, stream: Callable[[], Iterator[Row]], header_row: int | None,
                 kind: str | None, close: Callable[[], None] | None = None, size_hint: int = 0) -> Sheet:
    leading = _leading(stream())
    if not leading:
        raise ImportFileError(_("{file}: the sheet “{sheet}” contains no data.", file=_name(file), sheet=name))
    if header_row is None:
        index = detect_header(leading, kind)
    else:
        found = next((i for i, (row_no, _v) in enumerate(leading) if row_no == header_row), None)
        if found is None:
            raise ImportFileError(_("{file}: row {row} is not in the sheet (it has {rows} non-blank rows near "
                                    "the top).", file=_name(file), row=header_row, rows=len(leading)))
        index = found
    title = " ".join(" ".join(cell_text(v) for v in values if not is_blank(v)) for _n, values in leading[:index])
    row_no, header = leading[index]
    sheet = Sheet(file=file, name=name, header_row=row_no, header=list(header), title=title,
                  leading_rows=leading, header_index=index, _stream=stream, _close=close,
                  size_hint=max(size_hint - index - 1, 1))
    probe = sheet.iter_rows()
    if next(probe, None) is None:
        raise ImportFileError(_("{file}: the sheet “{sheet}” has a header row but no data rows below it.",
                                file=_name(file), sheet=name))
    if isinstance(probe, Generator):  # a streamed sheet: let go of its reader now
        probe.close()
    return sheet


# --------------------------------------------------------------------------- workbooks


class Workbook:
    """An opened spreadsheet or CSV file; :meth:`read_sheet` finds the header and the data."""

    def __init__(self, path: Path, fmt: str, sheet_names: list[str], calamine: CalamineWorkbook | None = None) -> None:
        self.path = path
        self.format = fmt  # "excel" or "csv"
        self.sheet_names = sheet_names
        self._calamine = calamine

    def read_sheet(self, name: str | None = None, *, encoding: str | None = None, header_row: int | None = None,
                   kind: str | None = None) -> Sheet:
        """The sheet ``name`` (default: the first sheet holding data).

        ``header_row`` (1-based row number) overrides the detected header; ``encoding``
        overrides the detected text encoding of a CSV file; ``kind`` helps the header
        detection with the import kind's own synonyms.
        """
        if self.format == "csv":
            return _read_csv(self.path, encoding=encoding, header_row=header_row, kind=kind)
        return self._read_excel(name, header_row, kind)

    def _read_excel(self, name: str | None, header_row: int | None, kind: str | None) -> Sheet:
        import python_calamine

        book = self._calamine
        assert book is not None, "an Excel workbook is opened with calamine"
        if name is not None and name not in self.sheet_names:
            raise ImportFileError(_("{file}: the workbook has no sheet named “{sheet}”.",
                                    file=_name(self.path), sheet=name))
        candidates = [name] if name is not None else self._visible_sheets()
        last_error: ImportFileError | None = None
        for sheet_name in candidates:
            if zip_guard.is_zip(self.path):
                zip_guard.check_sheet(self.path, sheet_name)  # a grid calamine could not allocate: refused first
            try:
                data = book.get_sheet_by_name(sheet_name)
            except python_calamine.PasswordError as exc:
                raise _encrypted(self.path) from exc
            except Exception as exc:  # calamine's XML/zip/format errors: the file is damaged
                raise _damaged(self.path, exc) from exc
            if data.start is None:
                last_error = ImportFileError(_("{file}: the sheet “{sheet}” contains no data.",
                                               file=_name(self.path), sheet=sheet_name))
                continue
            first_row = data.start[0] + 1
            holder = [data]

            def stream(holder: list = holder, first_row: int = first_row) -> Iterator[Row]:
                if not holder:
                    return iter(())
                return enumerate(holder[0].iter_rows(), start=first_row)

            try:
                return _build_sheet(self.path, sheet_name, stream, header_row, kind, close=holder.clear,
                                    size_hint=data.height)
            except ImportFileError as exc:
                if name is not None:
                    raise
                last_error = exc
        raise last_error or ImportFileError(_("{file}: the file is empty.", file=_name(self.path)))

    def _visible_sheets(self) -> list[str]:
        if self._calamine is None:
            return list(self.sheet_names)
        try:
            meta = self._calamine.sheets_metadata
            visible = [m.name for m in meta if m.visible.name == "Visible" and m.typ.name == "WorkSheet"]
        except Exception:  # noqa: BLE001 - metadata is a nicety; fall back to every sheet
            visible = []
        return visible or list(self.sheet_names)

    def close(self) -> None:
        """Release the file and the memory its sheets took."""
        if self._calamine is not None:
            try:
                self._calamine.close()
            except Exception:  # noqa: BLE001 - already closed
                pass
            self._calamine = None
            release_memory()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def release_memory() -> None:
    """Hand memory freed by the Rust reader back to the operating system (glibc keeps it otherwise).

    A 100,000-row sheet takes ~100 MB while it is read; without this the process keeps
    that much resident for the rest of the import and after it.
    """
    memory.release_memory()


def _encrypted(path: Path) -> ImportFileError:
    return ImportFileError(_("{file}: the file is protected by a password. Remove the password in Excel or WPS "
                             "(File → Info → Protect Workbook), save, and import again.", file=_name(path)))


def _damaged(path: Path, exc: BaseException) -> ImportFileError:
    detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return ImportFileError(_("{file}: the file is damaged and cannot be read ({detail}). Open it in Excel or WPS, "
                             "save it again as .xlsx and import that copy.", file=_name(path), detail=detail))


def _not_a_spreadsheet(path: Path) -> ImportFileError:
    return ImportFileError(_("{file}: this is not a spreadsheet. Choose an Excel workbook (.xlsx, .xls) or a "
                             "CSV file.", file=_name(path)))


def open_workbook(path: Path | str) -> Workbook:
    """Open ``path`` by its content (not only its extension); raise :class:`ImportFileError` if unreadable."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(_("{file}: the file does not exist.", file=str(path)))
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(_("{file}: the file is empty.", file=_name(path)))
    if size > MAX_FILE_BYTES:
        raise ImportFileError(_("{file}: the file is too big ({size} MB; at most {limit} MB can be imported). "
                                "Split it into smaller files.", file=_name(path), size=f"{size / 2**20:.0f}",
                                limit=MAX_FILE_BYTES // 2**20))
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(_OLE_MAGIC):
        if _ole_is_encrypted_package(path):
            raise _encrypted(path)
        return _open_calamine(path)
    if head.startswith(_ZIP_MAGIC):
        zip_guard.check_workbook(path)  # zip bombs, millions of shared strings, .xlsb/.ods
        return _open_calamine(path)
    if file_guard.looks_like_web_page(head):
        raise ImportFileError(_("{file}: this is a web page saved with an Excel name. Open it in Excel or WPS, "
                                "save it as .xlsx and import that copy.", file=_name(path)))
    if path.suffix.lower() in {*_TEXT_SUFFIXES, ".xls"}:
        if _looks_like_text(head):
            return Workbook(path, "csv", [path.stem])  # also tab-separated text saved as .xls by old systems
        mixed = file_guard.mixed_encoding_error(path)
        if mixed is not None:
            raise mixed
    raise _not_a_spreadsheet(path)


def _ole_is_encrypted_package(path: Path) -> bool:
    """An OLE file holding an ``EncryptedPackage`` stream: an .xlsx protected by a password."""
    with path.open("rb") as handle:
        data = handle.read(min(path.stat().st_size, 4 * 2**20))
    return _ENCRYPTED_STREAM in data


def _looks_like_text(head: bytes) -> bool:
    """Text in one of the encodings we read: no NUL bytes, few control characters."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
                continue
            text = head[:exc.start].decode(encoding)
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        return controls <= len(text) // 100
    return False


def _open_calamine(path: Path) -> Workbook:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except python_calamine.PasswordError as exc:
        raise _encrypted(path) from exc
    except Exception as exc:  # zip, XML, CFB and format errors
        raise _damaged(path, exc) from exc
    if not names:
        raise ImportFileError(_("{file}: the file is empty.", file=_name(path)))
    return Workbook(path, "excel", names, book)


# --------------------------------------------------------------------------- CSV


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes strictly (streamed, nothing kept)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}


def detect_encoding(path: Path) -> str:
    """The text encoding of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 or a guess.

    GBK and GB2312 are read as GB18030, their superset. Short Chinese samples are easily
    mistaken for Big5 by statistical detectors, so GB18030 wins whenever the bytes are
    valid GB18030; the detector (charset-normalizer) decides only otherwise.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(path, "utf-8-sig"):
        return "utf-8-sig"
    if _decodes(path, "gb18030"):
        return "gb18030"
    import charset_normalizer

    with path.open("rb") as handle:
        sample = handle.read(1 << 18)
    best = charset_normalizer.from_bytes(sample).best()
    guess = best.encoding if best is not None else "gb18030"
    if guess.replace("-", "_").lower() in _GB_FAMILY:
        guess = "gb18030"
    return guess if _decodes(path, guess) else "gb18030"


def _sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: sum(line.count(d) for line in lines) for d in ",\t;|"}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


def _read_csv(path: Path, *, encoding: str | None, header_row: int | None, kind: str | None) -> Sheet:
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(_("{file}: unknown text encoding “{encoding}”.", file=_name(path),
                                    encoding=encoding)) from None
        if not _decodes(path, encoding):
            raise ImportFileError(_("{file}: the text cannot be read as {encoding}.", file=_name(path),
                                    encoding=encoding))
        chosen = encoding
    else:
        chosen = detect_encoding(path)
        # GB18030 reads nearly any bytes: UTF-8 lines in a GBK file would turn into nonsense silently
        mixed = file_guard.mixed_encoding_error(path) if chosen == "gb18030" else None
        if mixed is not None:
            raise mixed
        if not _decodes(path, chosen):  # never read with replaced characters: say what is wrong
            raise file_guard.mixed_encoding_error(path) or ImportFileError(_(
                "{file}: the text cannot be read as {encoding}.", file=_name(path), encoding=chosen))
    errors = "strict"
    with path.open("r", encoding=chosen, errors=errors, newline="") as handle:
        sample = handle.read(64 * 1024)
    if "\x00" in sample:
        list(file_guard.without_nul(io.StringIO(sample), path))  # raises, naming the line
    delimiter = _sniff_delimiter(sample)

    def stream() -> Iterator[Row]:
        handle = path.open("r", encoding=chosen, errors=errors, newline="")
        try:
            # a NUL anywhere (not only in the sample) refuses the file, naming its line
            reader = csv.reader(file_guard.without_nul(handle, path), delimiter=delimiter)
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise _damaged(path, exc) from exc
        finally:
            handle.close()

    lines = max(sample.count("\n"), 1)
    size_hint = int(path.stat().st_size / max(len(sample.encode(chosen, "replace")) / lines, 1))
    sheet = _build_sheet(path, path.stem, stream, header_row, kind, size_hint=size_hint)
    sheet.encoding = chosen
    return sheet
