"""Reading real legacy ledgers (docs/spec.md §6): title blocks, blank rows and columns, totals rows,
sheets formatted down to row 1,048,576, CSV encodings, .xls, and files that cannot be read.

Every fixture file is written by the test into ``tmp_path``: .xlsx with openpyxl, .xls with
the tiny BIFF8 writer below (xlwt is not available), CSV as plain bytes.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from crmdesk.io.importing import reader
from crmdesk.io.importing.reader import ImportFileError, detect_header, open_workbook

# --------------------------------------------------------------------------- a minimal .xls writer


def _cfb(streams: list[tuple[str, bytes]]) -> bytes:
    """A compound file (OLE2, version 3, 512-byte sectors) holding the named streams."""
    sector = 512
    data = b""
    placed = []
    for name, payload in streams:
        payload = payload.ljust(max(4096, -(-len(payload) // sector) * sector), b"\0")  # no mini stream
        placed.append((name, 1 + len(data) // sector, len(payload)))
        data += payload
    fat = [0xFFFFFFFD]  # sector 0 holds the FAT
    for _name, _start, size in placed:
        first = len(fat)
        count = size // sector
        fat += [first + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    directory_sector = len(fat)
    fat += [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, 0xFFFFFFFF, right, child)
                + b"\0" * 36 + struct.pack("<IIi", start, size, 0))

    entries = [entry("Root Entry", 5, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0)]
    for i, (name, start, size) in enumerate(placed):
        entries.append(entry(name, 2, 0xFFFFFFFF, i + 2 if i + 1 < len(placed) else 0xFFFFFFFF, start, size))
    while len(entries) % 4:
        entries.append(entry("", 0, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, 0xFFFFFFFE, 0,
                                         0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + b"\xff" * 4 * 108)
    return header + struct.pack("<128I", *fat) + data + b"".join(entries)


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def xls_bytes(rows: list[list[object]], sheet: str = "Sheet1") -> bytes:
    """A BIFF8 workbook of one sheet: text as shared strings, numbers, dates as date-formatted numbers."""
    strings: list[str] = []
    index: dict[str, int] = {}
    cells = b""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                index.setdefault(value, len(strings))
                if len(strings) == index[value]:
                    strings.append(value)
                cells += _record(0x00FD, struct.pack("<HHHI", r, c, 15, index[value]))
            elif isinstance(value, dt.date):
                serial = (value - dt.date(1899, 12, 30)).days
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 16, float(serial)))
            else:
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 15, float(value)))
    sst = _record(0x00FC, struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings))

    def xf(number_format: int) -> bytes:
        return _record(0x00E0, struct.pack("<HHHH", 0, number_format, 0xFFF5 if number_format == 0 else 1, 0)
                       + b"\0" * 12)

    def bof(kind: int) -> bytes:
        return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))

    font = _record(0x0031, struct.pack("<HHHHHBBBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0, 5, 1)
                   + "Arial".encode("utf-16-le"))
    name = sheet.encode("utf-16-le")
    head = bof(5) + _record(0x0042, struct.pack("<H", 1200)) + font * 5 + xf(0) * 16 + xf(14)
    offset = len(head) + 4 + 8 + len(name) + len(sst) + 4
    book = head + _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(sheet), 1) + name) + sst + _record(0x000A)
    width = max((len(r) for r in rows), default=0)
    book += bof(0x10) + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)) + cells + _record(0x000A)
    return _cfb([("Workbook", book)])


# --------------------------------------------------------------------------- helpers


def ledger_xlsx(path: Path) -> Path:
    """A ledger as people make them: title block, blank rows and a blank column, a totals row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户台账"
    sheet["B1"] = "深圳市华南设备有限公司客户台账"
    sheet.merge_cells("B1:G1")
    sheet["B2"] = "制表日期：2024-12-31"
    sheet.merge_cells("B2:G2")
    # row 3 blank, column A blank, column E blank (between data columns)
    for column, text in zip("BCDFG", ["客户编号", "客户名称*", "联系人", "手机号码（必填）", "合作开始日期"]):
        sheet[f"{column}4"] = text
    sheet.append([None, "C2024001", "深圳市华强电子有限公司", "张伟", None, "13812345678", dt.datetime(2024, 1, 5)])
    sheet.append([])
    sheet.append([None, "C2024002", "广州恒通机械股份有限公司", "李娜", None, 13912345678, dt.date(2023, 3, 1)])
    sheet.append([None, None, "  ", None, None, None, None])  # whitespace only: blank
    sheet.append([None, "合计", None, None, None, None, None])
    book.save(path)
    return path


def csv_file(path: Path, text: str, encoding: str, *, bom: bytes = b"") -> Path:
    path.write_bytes(bom + text.encode(encoding))
    return path


CSV_TEXT = ("客户名称,联系人,手机,备注\n"
            "深圳市华强电子有限公司,张伟,13812345678,老客户\n"
            "广州恒通机械股份有限公司,李娜,13912345678,\n")


# --------------------------------------------------------------------------- spreadsheets


def test_title_block_blank_rows_and_columns_and_totals_are_not_data(tmp_path: Path) -> None:
    with open_workbook(ledger_xlsx(tmp_path / "台账.xlsx")) as book:
        assert book.sheet_names == ["客户台账"]
        sheet = book.read_sheet()
    assert sheet.title == "深圳市华南设备有限公司客户台账 制表日期：2024-12-31"
    assert sheet.header_row == 4
    assert sheet.headers[:6] == ["客户编号", "客户名称*", "联系人", "", "手机号码（必填）", "合作开始日期"]
    assert [row_no for row_no, _cells in sheet.rows] == [5, 7]
    assert sheet.totals_rows == [9]
    first = sheet.rows[0][1]
    assert first[:3] == ["C2024001", "深圳市华强电子有限公司", "张伟"]
    assert first[5] in (dt.date(2024, 1, 5), dt.datetime(2024, 1, 5))  # a date cell comes through as a date
    assert sheet.rows[1][1][4] == 13912345678  # a number cell stays a number


def test_header_is_detected_by_its_synonyms_and_can_be_chosen(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2024年度", "客户信息汇总", "单位：元"])  # short texts, but not headers
    sheet.append(["公司名称", "手机", "邮箱"])
    sheet.append(["甲公司", "13812345678", "a@b.com"])
    book.save(tmp_path / "a.xlsx")
    with open_workbook(tmp_path / "a.xlsx") as opened:
        found = opened.read_sheet()
        assert found.header_row == 2 and detect_header(found) == 1
        chosen = opened.read_sheet(header_row=1)
    assert chosen.headers == ["2024年度", "客户信息汇总", "单位：元"]
    assert [row_no for row_no, _c in chosen.rows] == [2, 3]


def test_formatting_down_to_row_1048576_is_not_data(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "手机"])
    sheet.append(["甲公司", "13812345678"])
    sheet.append(["乙公司", "13912345678"])
    for row in (5000, 200_000, 1_048_576):  # formatted, never filled
        sheet.cell(row=row, column=1).number_format = "0.00"
        sheet.cell(row=row, column=2).fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    book.save(tmp_path / "formatted.xlsx")
    with open_workbook(tmp_path / "formatted.xlsx") as opened:
        data = opened.read_sheet()
        assert [cells for _n, cells in data.rows] == [["甲公司", "13812345678"], ["乙公司", "13912345678"]]


def test_a_stray_value_far_below_the_data_stops_reading_after_an_empty_run(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "手机"])
    sheet.append(["甲公司", "13812345678"])
    sheet.cell(row=300_000, column=1).value = " "  # a space typed far below: the sheet now claims 300,000 rows
    book.save(tmp_path / "stray.xlsx")
    with open_workbook(tmp_path / "stray.xlsx") as opened:
        data = opened.read_sheet()
        pulled = 0
        original = data._stream

        def counting():
            nonlocal pulled
            for item in original():
                pulled += 1
                yield item

        data._stream = counting
        assert [cells for _n, cells in data.iter_rows()] == [["甲公司", "13812345678"]]
    assert pulled <= 2 + reader.EMPTY_RUN_LIMIT  # stopped after the empty run, never walked 300,000 rows


def test_legacy_xls_is_read(tmp_path: Path) -> None:
    rows = [["客户台账"], [], ["客户名称", "手机", "合作日期", "金额"],
            ["深圳市华强电子有限公司", "13812345678", dt.date(2024, 1, 5), 125000], ["合计", "", "", 125000]]
    path = tmp_path / "old.xls"
    path.write_bytes(xls_bytes(rows, "客户"))
    with open_workbook(path) as book:
        assert book.sheet_names == ["客户"]
        sheet = book.read_sheet()
    assert sheet.title == "客户台账" and sheet.header_row == 3
    assert sheet.rows == [(4, ["深圳市华强电子有限公司", "13812345678", dt.date(2024, 1, 5), 125000.0])]
    assert sheet.totals_rows == [5]


def test_first_sheet_with_data_is_chosen_and_a_missing_sheet_is_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    data = book.create_sheet("数据")
    data.append(["客户名称", "手机"])
    data.append(["甲公司", "13812345678"])
    book.save(tmp_path / "two.xlsx")
    with open_workbook(tmp_path / "two.xlsx") as opened:
        assert opened.read_sheet().name == "数据"
        with pytest.raises(ImportFileError, match="没有名为“不存在”的工作表"):
            opened.read_sheet("不存在")


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""),
                                               ("gb18030", b"")])
def test_csv_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = CSV_TEXT
    if encoding == "gb18030":
        text += "㐀㐁科技有限公司,王五,13712345678,GB18030 才有的字\n"  # U+3400: not in GBK
    path = csv_file(tmp_path / "客户.csv", text, encoding, bom=bom)
    with open_workbook(path) as book:
        sheet = book.read_sheet()
    assert sheet.headers == ["客户名称", "联系人", "手机", "备注"]
    assert sheet.rows[0] == (2, ["深圳市华强电子有限公司", "张伟", "13812345678", "老客户"])
    if encoding == "gb18030":
        assert sheet.rows[2][1][0] == "㐀㐁科技有限公司"
    assert sheet.encoding in ("utf-8-sig", "gb18030")


def test_short_gbk_csv_is_not_mistaken_for_big5(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "短.csv", "名称,手机\n华强,13812345678\n", "gbk")
    with open_workbook(path) as book:
        sheet = book.read_sheet()
    assert sheet.headers == ["名称", "手机"] and sheet.rows[0][1] == ["华强", "13812345678"]


def test_csv_delimiters_and_an_explicit_encoding(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "tab.txt", CSV_TEXT.replace(",", "\t"), "utf-16", bom=b"")
    with open_workbook(path) as book:
        assert book.read_sheet().rows[0][1][1] == "张伟"
    path = csv_file(tmp_path / "semi.csv", CSV_TEXT.replace(",", ";"), "gbk")
    with open_workbook(path) as book:
        assert book.read_sheet(encoding="gbk").rows[1][1][0] == "广州恒通机械股份有限公司"
        with pytest.raises(ImportFileError, match="无法按 utf-8 编码读取"):
            book.read_sheet(encoding="utf-8")
        with pytest.raises(ImportFileError, match="未知的文字编码"):
            book.read_sheet(encoding="no-such-codec")


def test_tab_separated_text_saved_as_xls_is_read_as_text(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "export.xls", CSV_TEXT.replace(",", "\t"), "gbk")
    with open_workbook(path) as book:
        assert book.format == "csv"
        assert book.read_sheet().rows[0][1][0] == "深圳市华强电子有限公司"


# --------------------------------------------------------------------------- files that cannot be imported


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="文件不存在"):
        open_workbook(tmp_path / "none.xlsx")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(ImportFileError, match=r"empty.xlsx：文件是空的"):
        open_workbook(tmp_path / "empty.xlsx")
    openpyxl.Workbook().save(tmp_path / "blank.xlsx")
    with open_workbook(tmp_path / "blank.xlsx") as book, pytest.raises(ImportFileError, match="没有数据"):
        book.read_sheet()
    book = openpyxl.Workbook()
    book.active.append(["客户名称", "手机"])
    book.save(tmp_path / "header-only.xlsx")
    with open_workbook(tmp_path / "header-only.xlsx") as opened, pytest.raises(ImportFileError, match="只有表头"):
        opened.read_sheet()
    (tmp_path / "blank.csv").write_text("\n \n,,\n", encoding="utf-8")
    with open_workbook(tmp_path / "blank.csv") as opened, pytest.raises(ImportFileError, match="没有数据"):
        opened.read_sheet()


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    (tmp_path / "photo.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(ImportFileError, match=r"photo.xlsx：这不是电子表格文件"):
        open_workbook(tmp_path / "photo.xlsx")
    (tmp_path / "data.csv").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFileError, match="这不是电子表格文件"):
        open_workbook(tmp_path / "data.csv")
    (tmp_path / "page.xls").write_text("<html><body><table><tr><td>客户</td></tr></table></body></html>",
                                       encoding="utf-8")
    with pytest.raises(ImportFileError, match="网页"):
        open_workbook(tmp_path / "page.xls")


def test_corrupt_workbooks(tmp_path: Path) -> None:
    (tmp_path / "garbage.xlsx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 200)
    with pytest.raises(ImportFileError, match=r"garbage.xlsx：文件已损坏"):
        open_workbook(tmp_path / "garbage.xlsx").read_sheet()
    good = ledger_xlsx(tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(good[: len(good) // 2])
    with pytest.raises(ImportFileError, match="文件已损坏"):
        open_workbook(tmp_path / "cut.xlsx").read_sheet()
    with zipfile.ZipFile(tmp_path / "noxml.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ImportFileError, match="文件已损坏"):
        open_workbook(tmp_path / "noxml.xlsx").read_sheet()
    (tmp_path / "bad.xls").write_bytes(xls_bytes([["客户名称"], ["甲"]])[:1500])
    with pytest.raises(ImportFileError, match="文件已损坏"):
        open_workbook(tmp_path / "bad.xls").read_sheet()


def test_password_protected_workbook(tmp_path: Path) -> None:
    # Excel saves a protected .xlsx as an OLE file holding EncryptionInfo and EncryptedPackage streams.
    path = tmp_path / "加密.xlsx"
    path.write_bytes(_cfb([("EncryptionInfo", b"\x04\x00\x04\x00" + b"\0" * 200), ("EncryptedPackage", b"\1" * 600)]))
    with pytest.raises(ImportFileError, match=r"加密.xlsx：文件设置了打开密码"):
        open_workbook(path)


def test_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = csv_file(tmp_path / "big.csv", CSV_TEXT * 50, "utf-8")
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportFileError, match=r"big.csv：文件太大"):
        open_workbook(path)
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setattr(reader, "MAX_DATA_ROWS", 20)
    with open_workbook(path) as book, pytest.raises(ImportFileError, match="超过 20 行"):
        _ = book.read_sheet().rows


def test_messages_in_english(tmp_path: Path) -> None:
    from crmdesk.core.i18n import set_language

    set_language("en")
    with pytest.raises(ImportFileError, match=r"none.csv: the file does not exist"):
        open_workbook(tmp_path / "none.csv")
