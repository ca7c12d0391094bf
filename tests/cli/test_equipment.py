"""The command line of docs/spec.md §11 added to §8: ``crmdesk template equipment``, ``crmdesk import --kind
equipment`` and ``crmdesk export equipment [--mask]`` — the template filled in, imported, exported back
in the same layout (and imported again as duplicates), the site address masked on request."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from crmdesk.cli import main

SITE = "浙江省宁波市北仑区新碶街道明州路 88 号 2 号厂房"


def test_template_import_export_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "crm.db"
    customers = tmp_path / "客户.xlsx"
    assert main(["template", "registration", str(customers)]) == 0
    book = openpyxl.load_workbook(customers)
    book.worksheets[0].append(["C2024001", "宁波海天机械有限公司", "成交客户", "A", "", "", "", "", "", "王建国", "设备科长",
                               "13812345678"])
    book.save(customers)
    assert main(["--db", str(db), "import", str(customers), "--json"]) == 0
    capsys.readouterr()

    ledger = tmp_path / "设备台账.xlsx"
    assert main(["template", "equipment", str(ledger)]) == 0
    assert "设备台账" in capsys.readouterr().out
    book = openpyxl.load_workbook(ledger)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][:4] == ["客户编号", "客户名称", "产品型号*", "序列号*"]
    sheet.append(["C2024001", "", "注塑机 HT-260", "HT260-0001", "2025-03-01", SITE, "2026-02-28", "WB-77",
                  "2027-02-28", ""])
    sheet.append(["C2024001", "", "注塑机 HT-260", "HT260-0002", "2025-03-01", "", "", "", "", "备用机"])
    book.save(ledger)
    assert main(["--db", str(db), "import", str(ledger), "--kind", "equipment", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["rows"] == 2 and summary["created"] == 2 and summary["errors"] == 0

    plain, masked = tmp_path / "plain.xlsx", tmp_path / "masked.xlsx"
    assert main(["--db", str(db), "export", "equipment", str(plain)]) == 0
    assert main(["--db", str(db), "export", "equipment", str(masked), "--mask"]) == 0
    rows = list(openpyxl.load_workbook(plain).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in rows] == ["HT260-0001", "HT260-0002"] and rows[0][5] == SITE
    masked_rows = list(openpyxl.load_workbook(masked).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert masked_rows[0][5] != SITE and "明州路" not in str(masked_rows[0][5])
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(plain), "--kind", "equipment", "--json"]) == 0  # round trip
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert again["created"] == 0 and again["duplicates"] == 2
