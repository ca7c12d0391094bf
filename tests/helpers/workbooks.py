"""Small workbooks the import tests write with openpyxl, as a firm's old ledgers look."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def write_xlsx(path: Path, header: list[object], rows: list[list[object]], *, title: str | None = None) -> Path:
    """A one-sheet workbook: an optional merged title row and a blank row, the header, the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def ledger(path: Path) -> Path:
    """A customer ledger with a merged title, a duplicate row, a row without a name and a total row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某公司客户台账"])
    sheet.merge_cells("A1:E1")
    sheet.append(["客户名称", "联系人", "职务", "手机号码", "合作日期"])
    sheet.append(["深圳市华强电子有限公司", "张伟", "总经理", "138 1234 5678", "2024/1/5"])
    sheet.append(["深圳市华强电子有限公司", "李娜", "采购", "13912345678", ""])
    sheet.append(["深圳市华强电子有限公司", "张伟", "总经理", "13812345678", ""])  # a duplicate row
    sheet.append(["", "王强", "厂长", "1391234", "2024年1月5日"])  # no customer name: rejected
    sheet.append(["合计", "", "", "", ""])
    book.save(path)
    return path
