"""The 设备台账 import (``crmdesk import --kind equipment``) against hostile and odd files (docs/spec.md §6, §7,
§11): the hostile workbooks every import refuses are refused here too, by name, in bounded memory, with the
database byte-identical; a well-formed ledger full of hostile values imports what is sound, sets the rest
aside to the error workbook with the field named, and never turns a value into a formula, a query or a
traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.attacks import hostile, tools
from tests.helpers.attacks.tools import keyed_database  # noqa: F401 - the ``database`` fixture

MEMORY = 1024 * 2**20
HEADER = ["客户编号", "客户名称", "产品型号", "序列号", "安装日期", "安装地址", "保修期至", "维保合同号", "合同到期", "备注",
          "保修期"]
FORMULAS = ['=HYPERLINK("http://evil.example/x","点我")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0"]
WILD = "%_'; DROP TABLE equipment;--"


@pytest.mark.parametrize("name, make, reason", [
    ("设备台账-bomb.xlsx", hostile.shared_strings_bomb, "压缩炸弹"),
    ("设备台账-sparse.xlsx", hostile.sparse_xlsx, "1,048,576 行 × 16,384 列"),
])
def test_hostile_workbooks_are_refused_for_the_equipment_kind_too(database, tmp_path: Path, name: str, make,
                                                                  reason: str) -> None:
    home, db = database
    file = tmp_path / name
    make(file)
    before = tools.sha(db)
    result = tools.cli(home, "--db", str(db), "import", str(file), "--kind", "equipment", "--json", memory=MEMORY)
    assert result.returncode == 1 and result.stdout == "", (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(file.name + "：") and reason in message, message
    assert tools.sha(db) == before


def _hostile_ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "设备台账"
    sheet.append(HEADER)
    good = ["", "探针测试贸易有限公司", "激光切割机 3015"]
    for i, text in enumerate(FORMULAS):  # formula-like text in the model, the serial and the notes
        sheet.append([*good[:2], text, f"F-{i}", "2024-01-05", "", "2026-01-04", "", "", text, ""])
        sheet.cell(row=sheet.max_row, column=3).data_type = "s"  # typed as text, as a clerk's paste would be
        sheet.cell(row=sheet.max_row, column=10).data_type = "s"
    sheet.append([*good, WILD, "2024-01-05", "", "", "", "", "", "24"])
    sheet.append([*good, "DATE-1", "2024-02-30", "", "", "", "", "", ""])  # not a date: set aside, row kept
    sheet.append([*good, "DATE-2", 2958466, "", "", "", "", "", ""])  # past Excel's last day
    sheet.append([*good, "DATE-3", -5, "", "", "", "", "", ""])
    sheet.append([*good, "MONTHS-1", "2024-01-05", "", "", "", "", "", "inf"])
    sheet.append([*good, "MONTHS-2", "2024-01-05", "", "", "", "", "", "1e400"])
    sheet.append([*good, "NOTES-1", "2024-01-05", "", "", "", "", "长" * 100_000, ""])  # 100,000 characters
    sheet.append([*good, "\u3000 ", "2024-01-05", "", "", "", "", "", ""])  # a serial of spaces: missing
    sheet.append(["C9999999", "", "激光切割机 3015", "NOBODY-1", "", "", "", "", "", "", ""])  # no such customer
    for _ in range(300):  # the same machine 300 times
        sheet.append([*good, "SAME-1", "2024-01-05", "", "", "", "", "", ""])
    book.save(path)
    return path


def test_a_ledger_of_hostile_values_imports_what_is_sound_and_names_the_rest(database, tmp_path: Path) -> None:
    home, db = database
    ledger = _hostile_ledger(tmp_path / "设备台账.xlsx")
    errors = tmp_path / "错误.xlsx"
    result = tools.cli(home, "--db", str(db), "import", str(ledger), "--kind", "equipment", "--json", "--errors",
                       str(errors), memory=MEMORY)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    counts = json.loads(result.stdout)
    assert counts["duplicates"] == 299  # SAME-1 once
    assert counts["errors"] == 2  # a serial of spaces, a customer that does not exist
    assert counts["created"] == 12  # 4 formula-like, the wildcards, 3 bad dates, 2 bad months, long notes, SAME-1

    rejected = openpyxl.load_workbook(errors, read_only=True)
    text = "\n".join(str(c) for ws in rejected.worksheets for row in ws.iter_rows(values_only=True)
                     for c in row if c is not None)
    assert "序列号" in text and "C9999999" in text and "备注" in text  # each refusal names its field
    assert "安装日期" in text and "保修期" in text  # bad optional values set aside (警告), named, the row kept

    from crmdesk.core.equipment import service as equipment
    from crmdesk.core.session import open_session

    with tools.on_pc(home), open_session(db, write=False):
        found = {m.serial: m for i in range(4) for m in equipment.find_by_serial(f"F-{i}")}
        assert sorted(found) == ["F-0", "F-1", "F-2", "F-3"]
        assert sorted(m.model for m in found.values()) == sorted(FORMULAS)  # kept as the text it was
        assert [m.serial for m in equipment.find_by_serial(WILD)] == [WILD]  # a query is text, matching itself
        assert [m.serial for m in equipment.find_by_serial("SAME-1")] == ["SAME-1"]
        for serial in ("DATE-1", "DATE-2", "DATE-3"):
            assert equipment.find_by_serial(serial)[0].install_date is None, serial
        for serial in ("MONTHS-1", "MONTHS-2"):
            assert equipment.find_by_serial(serial)[0].warranty.state == "unknown", serial

    exported = tmp_path / "导出.xlsx"
    made = tools.cli(home, "--db", str(db), "export", "equipment", str(exported), "--mask")
    assert made.returncode == 0, made.stderr
    sheet = openpyxl.load_workbook(exported).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value in FORMULAS]
    assert len(cells) >= 8  # model and notes of four rows
    assert all(c.data_type == "s" for c in cells)  # written as text: opening the export runs nothing
    assert tools.run(home, "--db", str(db), "check").returncode == 0
