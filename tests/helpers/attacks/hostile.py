"""Hostile and odd files, generated small on disk by the tests (never checked in)."""

from __future__ import annotations

import codecs
import struct
import zipfile
import zlib
from pathlib import Path

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _skeleton(archive: zipfile.ZipFile, shared: bool) -> None:
    overrides = ('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
                 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    if shared:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.sharedStrings+xml"/>')
    archive.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                     'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
                     'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                     f'ContentType="application/xml"/>{overrides}</Types>')
    archive.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                     'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                     f'{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL}">'
                     '<sheets><sheet name="客户台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    if shared:
        rels += f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    archive.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
                     f'http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')


_HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>客户名称</t></is></c><c r="B1" t="inlineStr"><is><t>联系人'
               '</t></is></c></row>')


def sparse_xlsx(path: Path) -> Path:
    """5 KB: one value at XFD1 and one at A1048576 — a dense grid of 17 billion cells."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _skeleton(archive, shared=False)
        archive.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'
                         f'<dimension ref="A1:B2"/><sheetData>{_HEADER_ROW[:-6]}<c r="XFD1" t="inlineStr"><is><t>x'
                         '</t></is></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>y</t></is></c>'
                         '</row></sheetData></worksheet>')
    return path


def sheet_xlsx(path: Path, sheet_data: str, *, prefix: str = "") -> Path:
    """A workbook whose one sheet holds ``sheet_data`` (the XML inside ``<sheetData>``) as written."""
    root = f"{prefix}:worksheet" if prefix else "worksheet"
    ns = f'xmlns:{prefix}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' if prefix else _NS
    data = f"{prefix}:sheetData" if prefix else "sheetData"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _skeleton(archive, shared=False)
        archive.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><{root} {ns}>'
                         f"<{data}>{sheet_data}</{data}></{root}>")
    return path


def _sheet_with_shared(archive: zipfile.ZipFile) -> None:
    archive.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'
                     '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>'
                     '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>1</v></c></row></sheetData>'
                     '</worksheet>')


def _repeated_deflate(head: bytes, block: bytes, count: int, tail: bytes) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``head + block * count + tail`` without ever holding the inflated bytes:
    each block is compressed after a full flush, so its compressed form repeats as it is."""
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)
    again = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = again.compress(block) + again.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = last.compress(tail) + last.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return start + one * count + end, crc, len(head) + len(block) * count + len(tail)


def _with_part(path: Path, name: str, stream: bytes, crc: int, declared: int) -> Path:
    """The skeleton workbook (with shared strings) plus one deflated part written by hand, whose
    headers declare ``declared`` bytes (the truth, or a lie)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _skeleton(archive, shared=True)
        _sheet_with_shared(archive)
    data = path.read_bytes()
    end = data.rfind(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack("<HII", data[end + 10:end + 20])
    raw_name = name.encode()
    body, central = data[:cd_offset], data[cd_offset:cd_offset + cd_size]
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream), declared, len(raw_name), 0)
    entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(stream), declared,
                        len(raw_name), 0, 0, 0, 0, 0, len(body))
    body += local + raw_name + stream
    central += entry + raw_name
    path.write_bytes(body + central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1,
                                                   len(central), len(body), 0))
    return path


_SST = f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="2" uniqueCount="2"><si><t>'.encode()


def shared_strings_bomb(path: Path, megabytes: int = 1100) -> Path:
    """A shared string of 1.1 GB in a file of about 1 MB, its size declared truthfully."""
    stream, crc, size = _repeated_deflate(_SST, b"A" * 2**20, megabytes, b"</t></si><si><t>b</t></si></sst>")
    return _with_part(path, "xl/sharedStrings.xml", stream, crc, size)


def lying_bomb(path: Path, megabytes: int = 1100) -> Path:
    """The same bomb, its headers claiming 2 KB and a CRC forged for the first 2 KB."""
    stream, _crc, _size = _repeated_deflate(_SST, b"A" * 2**20, megabytes, b"</t></si></sst>")
    claimed = 2048
    return _with_part(path, "xl/sharedStrings.xml", stream, zlib.crc32((_SST + b"A" * claimed)[:claimed]), claimed)


def many_shared_strings(path: Path, count: int = 6_000_000) -> Path:
    """Millions of tiny shared strings (each costs the reader far more memory than its bytes)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="{count}" uniqueCount="{count}">'.encode()
    stream, crc, size = _repeated_deflate(head, b"<si><t>a</t></si>" * 10_000, count // 10_000, b"</sst>")
    return _with_part(path, "xl/sharedStrings.xml", stream, crc, size)


def web_pages(folder: Path) -> list[Path]:
    """HTML saved as .xls, in the forms Chinese web systems produce."""
    table = "<table><tr><td>客户名称</td><td>联系人</td></tr><tr><td>华强电子</td><td>张伟</td></tr></table>"
    pages = {
        "meta.xls": f'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n{table}'.encode(),
        "comment.xls": f"<!-- 由系统导出 -->\n<html><body>{table}</body></html>".encode(),
        "style.xls": f"<style>td{{mso-number-format:'@'}}</style>\n{table}".encode(),
        "head.xls": f"<head><title>客户</title></head><body>{table}</body>".encode("gbk"),
        "utf16.xls": codecs.BOM_UTF16_LE + f"<html><body>{table}</body></html>".encode("utf-16-le"),
        "html.xls": f"<html>{table}</html>".encode(),
    }
    written = []
    for name, data in pages.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


def mixed_encoding_csv(path: Path) -> Path:
    """GBK lines, then UTF-8 lines (two systems' exports pasted together): the first UTF-8 line is 4."""
    lines = ["客户名称,联系人,联系人手机".encode("gbk"), "华强电子有限公司,张伟,13800138000".encode("gbk"),
             "恒通机械有限公司,李娜,13900139000".encode("gbk"), "远航物流有限公司,王强,13700137000".encode(),
             "天成五金有限公司,赵敏,13600136000".encode()]
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path


def nul_after_64k_csv(path: Path) -> tuple[Path, int]:
    """A clean CSV whose NUL byte comes after the first 64 KB (inside a name); returns its line."""
    rows = ["客户名称,联系人,联系人手机"]
    rows += [f"测试贸易{i:05d}有限公司,联系人{i},139{i:08d}" for i in range(2000)]
    bad = len(rows) + 1
    rows.append("坏\x00名字有限公司,某人,13912345678")
    rows += [f"后续公司{i},人{i},137{i:08d}" for i in range(10)]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    assert data.index(b"\x00") > 64 * 1024
    path.write_bytes(data)
    return path, bad
