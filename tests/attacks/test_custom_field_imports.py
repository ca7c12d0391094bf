"""Hostile values through an import into the owner's custom fields (issue #17 part 2, docs/spec.md §6):
each cell is checked by its field's kind, a refused one is named with its field in the preview and
kept in the notes (never a sensitive one), nothing crashes, and what the export writes back is data,
never a formula. A header two fields share goes to the customer's, ``联系人·`` to the contact's."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.attacks import tools

ID_CARD = "330106197907139527"


@pytest.fixture
def database(tmp_path: Path) -> tuple[Path, Path]:
    home, db = tmp_path / "home", tmp_path / "crm.db"
    assert tools.run(home, "--db", str(db), "import", str(tools.marker_ledger(tmp_path / "l.xlsx"))).returncode == 0
    from crmdesk.core.customfields import admin

    with tools.session(home, db):
        admin.add("customer", "说明", "text")
        admin.add("customer", "身份证", "text", sensitive=True)
        admin.add("customer", "台数", "number")
        admin.add("customer", "验收日期", "date")
        admin.add("customer", "经销商", "choice", choices=["华东一部", "华南二部"])
        admin.add("customer", "预算", "amount")
        admin.add("customer", "VIP", "yes_no")
        admin.add("contact", "说明", "text")
    return home, db


HEADER = ["客户名称", "联系人", "联系人职务", "联系人手机", "说明", "身份证", "台数", "验收日期", "经销商", "预算", "VIP",
          "联系人·说明"]


def _ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    rows = [
        ["甲公司", "张", "经理", "13700000001", "=HYPERLINK(\"http://x.cn\",\"点我\")", "S" * 600, "1e400", "2024-02-30",
         "东北四部", "-5", "也许", "+SUM(1,1)"],
        ["乙公司", "李", "经理", "13700000002", "@SUM(A1)", ID_CARD, "NaN", "0000-00-00", " 华东一部 ", "１２．５万", "√",
         "-2+3"],
        ["丙公司", "王", "经理", "13700000003", "x" * 10_000, "", "１２３", "2024/5/1", "华南二部", "1e20", "是", "售后群"],
    ]
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:  # typed as text, the way a ledger holds "=…" someone pasted (not a formula Excel ran)
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(path)
    return path


def test_hostile_custom_values_are_refused_by_field_and_written_back_as_text(database, tmp_path: Path) -> None:
    home, db = database
    ledger = _ledger(tmp_path / "台账.xlsx")
    result = tools.run(home, "--db", str(db), "import", str(ledger), "--json", "--errors", str(tmp_path / "错误.xlsx"))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout)["created"] == 3
    conn = sqlite3.connect(db)
    notes = dict(conn.execute("SELECT name, notes FROM customer"))
    conn.close()
    # refused values are kept in the notes with their field's name, a sensitive one never
    for expected in ("台数：1e400", "验收日期：2024-02-30", "经销商：东北四部", "预算：-5", "VIP：也许"):
        assert expected in notes["甲公司"], notes["甲公司"]
    assert "台数：NaN" in notes["乙公司"] and "验收日期：0000-00-00" in notes["乙公司"]
    assert "S" * 600 not in json.dumps(notes, ensure_ascii=False) and ID_CARD not in json.dumps(notes)
    assert notes["丙公司"].startswith("说明：xxx") and "预算：1e20" in notes["丙公司"]  # too long, too large
    assert tools.leaks(tools.files_under(db, home), [ID_CARD, "S" * 600]) == []

    out = tmp_path / "导出.xlsx"
    assert tools.run(home, "--db", str(db), "export", "customers", str(out)).returncode == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {row[header.index("客户名称*")].value: dict(zip(header, row))
            for row in sheet.iter_rows(min_row=2)}
    a, b, c = rows["甲公司"], rows["乙公司"], rows["丙公司"]
    # a header both fields have is the customer's; 联系人·说明 the contact's
    assert a["说明"].value == "=HYPERLINK(\"http://x.cn\",\"点我\")" and a["联系人·说明"].value == "+SUM(1,1)"
    assert b["说明"].value == "@SUM(A1)" and b["联系人·说明"].value == "-2+3" and c["联系人·说明"].value == "售后群"
    for cell in (a["说明"], a["联系人·说明"], b["说明"], b["联系人·说明"]):
        assert cell.data_type == "s", cell.value  # text, never a formula the export would make Excel run
    assert a["身份证"].value is None and b["身份证"].value == ID_CARD
    assert b["经销商"].value == "华东一部" and b["预算"].value == 125_000 and b["VIP"].value == "是"
    assert c["台数"].value == 123 and c["验收日期"].value.date().isoformat() == "2024-05-01"
