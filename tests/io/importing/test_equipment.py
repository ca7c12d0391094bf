"""Importing a 设备台账: the template's own file of 1,000 machines with preview and undo, duplicates by
serial number, empty fields filled (and undone), warranty months, values set aside, the error workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import Customer, Equipment, ImportBatch, database_proxy
from crmdesk.core.tickets import service as tickets
from crmdesk.io.excel.templates import write_template
from crmdesk.io.importing.service import commit, preview, undo_batch
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _ledger(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    if header is None:
        write_template("equipment", path)  # the template itself, filled in as a user would
        book = openpyxl.load_workbook(path)
    else:
        book = openpyxl.Workbook()
        book.active.append(header)
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _customers(count: int) -> list[str]:
    codes = []
    for i in range(count):
        cid = make_customer(f"测试机械{i:03d}有限公司")
        codes.append(Customer.get_by_id(cid).code)
    return codes


def test_a_ledger_of_1000_machines_previews_imports_and_undoes(db, tmp_path: Path) -> None:
    codes = _customers(50)
    rows = [[codes[i % 50], "", "激光切割机 3015" if i % 3 else "数控车床 CK6150", f"SN-{i:05d}",
             dt.date(2024, 1, 1) + dt.timedelta(days=i % 300), f"江苏省苏州市工业园区星湖街{i}号" if i % 4 == 0 else "",
             "2026-06-30" if i % 2 else None, f"WB{i}" if i % 10 == 0 else None,
             "2027-06-30" if i % 10 == 0 else None, "首批设备" if i == 0 else None] for i in range(1000)]
    rows[10][3] = "sn-00001"  # the same machine as row 1 of the data, written otherwise: a duplicate in the file
    rows[11][3] = None  # no serial number: refused
    rows[12][4] = "2024-02-30"  # no such date: set aside, the machine imported without it
    rows[13][0] = "C1999999"  # no such customer: refused
    path = _ledger(tmp_path / "设备台账.xlsx", rows)
    result = preview(path, "equipment")
    assert result.counts == {"new": 997, "update": 0, "duplicate": 1, "error": 2}
    by_row = {r.source_row: r for r in result.rows}
    assert "与第3行是同一台设备" in by_row[12].reasons[0]
    assert "序列号：必填" in by_row[13].reasons[0] and "C1999999" in by_row[15].reasons[0]
    assert by_row[14].status == "new" and by_row[14].warnings and "安装日期" in by_row[14].warnings[0]
    assert Equipment.select().count() == 0  # a preview writes nothing
    errors = tmp_path / "errors.xlsx"
    done = commit(result, error_path=errors)
    assert (done.created, done.errors, done.duplicates) == (997, 2, 1)
    assert Equipment.select().count() == 997
    sealed = Equipment.get(Equipment.serial == "SN-00000")
    assert sealed.site_address.startswith("enc1:") and sealed.notes == "首批设备"
    assert equipment.load(sealed.id).site_address == "江苏省苏州市工业园区星湖街0号"
    assert sealed.contract_no == "WB0" and sealed.contract_end == dt.date(2027, 6, 30)
    book = openpyxl.load_workbook(errors)
    rejected = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rejected] == [codes[11 % 50], "C1999999"]
    assert book.worksheets[0].cell(1, 11).value == "错误原因"
    assert "警告" in book.sheetnames
    undo_batch(done.batch)
    assert Equipment.select().count() == 0
    assert ImportBatch.get_by_id(done.batch).status == "undone"


def test_a_known_machine_gets_its_empty_fields_filled_never_overwritten_and_undo_restores(db, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    other = make_customer("宁波海天机械有限公司")
    code = Customer.get_by_id(cid).code
    mine = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="LC-1",
                                         install_date="2024-01-05")).equipment_id
    equipment.save(EquipmentInput(customer_id=other, model="激光切割机 3015", serial="LC-2"))
    path = _ledger(tmp_path / "台账.xlsx", [
        [code, "", "激光切割机３０１５", "lc-1", "2024-03-01", "上海市浦东新区张江路1号", "2026-01-04", "WB-9", "", ""],
        [code, "", "激光切割机 3015", "LC-2", "", "", "", "", "", ""],
        [code, "", "激光切割机 3015", "LC-3", "", "", "", "", "", ""]])
    result = preview(path, "equipment")
    by_row = {r.source_row: r for r in result.rows}
    assert by_row[2].status == "update" and "安装日期：表中为“2024-03-01”，系统中为“2024-01-05”，未覆盖" in by_row[2].reasons
    assert by_row[3].status == "duplicate" and "属于客户" in by_row[3].reasons[0]
    done = commit(result)
    assert (done.created, done.updated, done.duplicates) == (1, 1, 1)
    row = Equipment.get_by_id(mine)
    assert (row.install_date, row.warranty_end, row.contract_no) == (dt.date(2024, 1, 5), dt.date(2026, 1, 4), "WB-9")
    assert equipment.load(mine).site_address == "上海市浦东新区张江路1号"
    undo_batch(done.batch)
    row = Equipment.get_by_id(mine)
    assert (row.warranty_end, row.contract_no, row.site_address) == (None, "", "")
    assert Equipment.select().count() == 2


def test_warranty_as_months_and_the_undo_refused_once_a_ticket_names_the_machine(db, tmp_path: Path) -> None:
    cid = make_customer("杭州科美模具有限公司")
    path = _ledger(tmp_path / "旧台账.xlsx", [["杭州科美模具有限公司", "KY37 空压机", "KY-0001", "2025/3/1", "两年"],
                                             ["杭州科美模具有限公司", "KY37 空压机", "KY-0002", "", "12个月"]],
                   header=["客户名称", "设备型号", "出厂编号", "装机日期", "质保期"])
    result = preview(path)
    assert result.kind == "equipment"  # recognised by its headers
    assert result.rows[1].warnings and "没有安装日期" in result.rows[1].warnings[0]
    done = commit(result)
    first = Equipment.get(Equipment.serial == "KY-0001")
    assert (first.warranty_months, first.warranty_end) == (24, dt.date(2027, 2, 28))
    tickets.create(cid, "气压不足", equipment_id=first.id)
    with pytest.raises(KnownError, match="工单或附件"):
        undo_batch(done.batch)
    assert Equipment.select().count() == 2
    assert database_proxy.execute_sql("SELECT count(*) FROM import_batch WHERE status = 'undone'").fetchone()[0] == 0
