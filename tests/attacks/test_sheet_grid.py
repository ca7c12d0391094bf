"""Sheets that would make calamine allocate a grid of billions of cells, in every spelling of a cell
reference the XML allows: each is refused before calamine reads it (in-process: the refusal
itself is what is tested here; the command-line run is in test_hostile_files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmdesk.io.importing import zip_guard
from crmdesk.io.importing.reader import ImportFileError, open_workbook
from tests.helpers.attacks import hostile

HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>客户名称</t></is></c></row>'
VALUE = '<is><t>x</t></is>'

SPELLINGS = {
    # a cell naming a row its <row> does not: the bottom-left corner hides in row 2
    "row-tag-lies": HEADER + f'<row r="2"><c r="A1048576" t="inlineStr">{VALUE}</c>'
                             f'<c r="XFD2" t="inlineStr">{VALUE}</c></row>',
    # single quotes and spaces around "=" (valid XML)
    "quotes": HEADER + f"<row r='2'><c t=\"inlineStr\" r = 'XFD1048576'>{VALUE}</c></row>",
    # r not the first attribute
    "attribute-order": HEADER + f'<row r="2"><c t="inlineStr" r="XFD1048576">{VALUE}</c></row>',
    # cells without references, one very wide row, then a million rows
    "no-references": "<row>" + f'<c t="inlineStr">{VALUE}</c>' * 20_000 + "</row>" + "<row/>" * 1_048_576,
}


@pytest.mark.parametrize("name", list(SPELLINGS))
def test_every_spelling_of_a_far_cell_is_refused(tmp_path: Path, name: str) -> None:
    path = hostile.sheet_xlsx(tmp_path / f"{name}.xlsx", SPELLINGS[name])
    with pytest.raises(ImportFileError, match=f"{name}.xlsx：工作表“客户台账”跨越"), open_workbook(path) as book:
        book.read_sheet()


def test_a_namespace_prefix_is_read_too(tmp_path: Path) -> None:
    data = (f'<x:row r="1"><x:c r="A1" t="inlineStr">{VALUE}</x:c><x:c r="XFD1" t="inlineStr">{VALUE}</x:c>'
            f'</x:row><x:row r="1048576"><x:c r="A1048576" t="inlineStr">{VALUE}</x:c></x:row>')
    path = hostile.sheet_xlsx(tmp_path / "prefixed.xlsx", data, prefix="x")
    with pytest.raises(ImportFileError, match="跨越 1,048,576 行 × 16,384 列"):
        zip_guard.check_sheet(path, "客户台账")


def test_character_references_in_cell_references_are_refused(tmp_path: Path) -> None:
    data = HEADER + f'<row r="2"><c r="&#88;FD1048576" t="inlineStr">{VALUE}</c></row>'
    path = hostile.sheet_xlsx(tmp_path / "escaped.xlsx", data)
    with pytest.raises(ImportFileError, match="单元格引用写法不是任何电子表格程序会用的"):
        zip_guard.check_sheet(path, "客户台账")


def test_an_ordinary_sheet_passes_the_fast_pass_alone(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr">{VALUE}</c><c r="AB{r}"><v>{r}</v></c></row>'
                   for r in range(1, 2000))
    path = hostile.sheet_xlsx(tmp_path / "ordinary.xlsx", rows)
    import zipfile

    with zipfile.ZipFile(path) as archive:
        fast = zip_guard._FastExtent()
        zip_guard._stream(archive, archive.getinfo("xl/worksheets/sheet1.xml"), path.name, fast.feed)
    assert not fast.unusual and fast.bound() == (1999, 28)
    zip_guard.check_sheet(path, "客户台账")  # passes


def test_chunks_inflated_beside_the_scan_keep_every_cell_and_a_damaged_part_ends_quietly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper thread inflates the next chunk while the scanners read this one: a far cell in the
    last chunk is still found; a part whose compressed bytes are damaged ends the scan without an
    error (the reader then reports the file), and no thread is left behind either way."""
    import threading
    import zipfile

    monkeypatch.setattr(zip_guard, "CHUNK", 4096)  # many chunks
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr">{VALUE}</c></row>' for r in range(1, 3000))
    path = hostile.sheet_xlsx(tmp_path / "far.xlsx", rows + f'<row r="3000"><c r="XFD1048576">{VALUE}</c></row>')
    with pytest.raises(ImportFileError, match="跨越"):
        zip_guard.check_sheet(path, "客户台账")
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
        start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    damaged = bytearray(path.read_bytes())
    for offset in range(start + member.compress_size // 2, start + member.compress_size // 2 + 64):
        damaged[offset] ^= 0xFF
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(damaged))
    seen: list[bytes] = []
    with zipfile.ZipFile(broken) as archive:
        zip_guard._stream(archive, archive.getinfo("xl/worksheets/sheet1.xml"), broken.name, seen.append)
    assert seen and not [t for t in threading.enumerate() if t.name == "crmdesk-zip-guard"]


def test_the_greater_than_patterns_are_exact() -> None:
    import re

    pattern = re.compile(f"^(?:{zip_guard._greater('100105', zip_guard._DIGITS, 9)})$")
    for number in (0, 9, 100105, 100106, 100999, 199999, 200000, 999999, 1000000, 99999, 100100):
        assert bool(pattern.match(str(number))) == (number > 100105), number
    letters = re.compile(f"^(?:{zip_guard._greater('AB', zip_guard._LETTERS, 4)})$")
    assert [w for w in ("A", "Z", "AA", "AB", "AC", "BA", "ZZ", "AAA") if letters.match(w)] == ["AC", "BA", "ZZ",
                                                                                                   "AAA"]
