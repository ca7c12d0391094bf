"""Hostile and odd files (docs/spec.md §6, §7): each ends with exit status 1, a message naming the file and
the real reason, in bounded memory (1 GB of address space for the whole command), with the
database byte-identical. The import wizard reads through the same reader and shows the same text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.helpers.attacks import hostile, tools
from tests.helpers.attacks.tools import keyed_database  # noqa: F401 - the ``database`` fixture

MEMORY = 1024 * 2**20  # the command's whole address space: Python, SQLite, calamine


def _refused(database: tuple[Path, Path], file: Path, *reasons: str,
             command: Callable[..., CompletedProcess[str]] | None = None) -> str:
    """Import ``file`` — as a process with 1 GB of address space, or with ``command`` — and check the promise."""
    home, db = database
    before = tools.sha(db)
    if command is None:
        result = tools.cli(home, "--db", str(db), "import", str(file), "--json", memory=MEMORY)
    else:
        result = command(home, "--db", str(db), "import", str(file), "--json")
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr[-2000:])
    assert result.stdout == ""  # --json prints nothing when the file could not be imported
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr, result.stderr[-2000:]
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(file.name + "："), message  # names the file …
    for reason in reasons:  # … and the real reason
        assert reason in message, message
    assert tools.sha(db) == before  # byte-identical
    assert not Path(f"{db}-journal").exists()
    return message


CASES: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "shared-strings-bomb.xlsx": (hostile.shared_strings_bomb, ("压缩炸弹", "xl/sharedStrings.xml", "1024 MB")),
    "lying-bomb.xlsx": (hostile.lying_bomb, ("文件已损坏",)),  # claims 2 KB: the reader stops there
    "many-strings.xlsx": (hostile.many_shared_strings, ("压缩炸弹", "6,000,000 个共享字符串")),
    "sparse.xlsx": (hostile.sparse_xlsx, ("1,048,576 行 × 16,384 列", "删除数据之后的空行和空列")),
    "mixed.csv": (hostile.mixed_encoding_csv, ("混用了两种文字编码", "第 4 行是 UTF-8", "之前的行是 GBK")),
    "nul.csv": (hostile.nul_after_64k_csv, ("第 2002 行含有 NUL 字符",)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_workbooks_and_text_files_are_refused_by_name(database, tmp_path: Path, name: str) -> None:
    make, reasons = CASES[name]
    file = tmp_path / name
    make(file)
    assert file.stat().st_size < 2 * 2**20  # small on disk, whatever they unpack to
    _refused(database, file, *reasons)


def test_web_pages_saved_as_xls_are_recognised_in_every_form(database, tmp_path: Path) -> None:
    for page in hostile.web_pages(tmp_path):  # <meta>, <!-- -->, <style>, <head> in GBK, UTF-16 with BOM, <html>
        _refused(database, page, "这是以 Excel 文件名保存的网页", "另存为 .xlsx", command=tools.run)


def test_xlsb_and_ods_are_refused_with_the_advice_to_save_as_xlsx(database, tmp_path: Path) -> None:
    import zipfile

    for name, part in (("ledger.xlsb", "xl/workbook.bin"), ("ledger.ods", "content.xml")):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr(part, b"\0" * 100)
        _refused(database, tmp_path / name, ".xlsb 和 .ods", "另存为 .xlsx", command=tools.run)


def test_the_reader_refuses_the_same_files_in_process_and_the_wizard_says_the_same(tmp_path: Path) -> None:
    """The wizard's first page opens the file through the same reader (io.importing.reader.open_workbook)."""
    from crmdesk.io.importing.reader import ImportFileError, open_workbook

    sparse = hostile.sparse_xlsx(tmp_path / "sparse.xlsx")
    with pytest.raises(ImportFileError, match=r"sparse.xlsx：工作表“客户台账”跨越 1,048,576 行"), open_workbook(sparse) as book:
        book.read_sheet()
    page = hostile.web_pages(tmp_path)[0]
    with pytest.raises(ImportFileError, match=r"meta.xls：这是以 Excel 文件名保存的网页"):
        open_workbook(page)


def test_a_real_ledger_with_a_formatted_tail_still_reads(tmp_path: Path) -> None:
    """The guard does not refuse what real offices produce: formatting down to row 1,048,576 and a
    wide sheet both read (only values count towards the grid)."""
    import openpyxl

    from crmdesk.io.importing.reader import open_workbook

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "联系人", *[f"列{i}" for i in range(40)]])
    for i in range(50):
        sheet.append([f"公司{i}", f"人{i}", *range(40)])
    for column in range(1, 60):
        sheet.cell(row=1_048_576, column=column).number_format = "0.00"  # formatted, never filled
    book.save(tmp_path / "formatted.xlsx")
    with open_workbook(tmp_path / "formatted.xlsx") as opened:
        assert len(opened.read_sheet().rows) == 50
