"""Custom fields of equipment in files (issue #17 part 2): the 设备台账 template carries them as
columns, an import maps a column to the field by its header and an export writes the values (a
sensitive one masked), the same way as the other records' fields."""

from __future__ import annotations

import openpyxl
import pytest

from crmdesk.core.customfields import admin
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.store.models import CustomValue, Equipment
from crmdesk.io.excel import export as exporter
from crmdesk.io.excel.templates import write_template
from crmdesk.io.importing.service import commit, preview, undo_batch
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _sheet(path) -> tuple[list[str], list[list[object]]]:
    rows = [list(r) for r in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


def test_the_ledger_template_import_and_export_carry_equipment_fields(db, tmp_path) -> None:
    laser = admin.add("equipment", "激光器品牌", "choice", choices=["锐科", "IPG"])[0]
    hours = admin.add("equipment", "运行小时", "number")[0]
    code = admin.add("equipment", "设备开机密码", "text", sensitive=True)[0]
    admin.add("ticket", "工单来源", "text")  # another record's field stays out of the ledger
    book = openpyxl.load_workbook(write_template("equipment", tmp_path / "设备台账.xlsx"))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[-3:] == ["激光器品牌", "运行小时", "设备开机密码"] and "工单来源" not in header
    lists = [v.formula1 for v in book.worksheets[0].data_validations.dataValidation if v.type == "list"]
    assert '"锐科,IPG"' in lists

    make_customer("杭州科美模具有限公司")
    ledger = openpyxl.Workbook()
    ledger.active.append(["客户名称", "产品型号", "序列号", "激光器品牌", "运行小时", "设备开机密码"])
    ledger.active.append(["杭州科美模具有限公司", "激光切割机 3015", "LC-1", "ipg", "1,250", "8866"])
    ledger.save(tmp_path / "台账.xlsx")
    batch = commit(preview(tmp_path / "台账.xlsx", "equipment"))
    machine = Equipment.get(Equipment.serial == "LC-1")
    assert equipment.load(machine.id).custom == {laser.id: "IPG", hours.id: "1250", code.id: "8866"}

    header, rows = _sheet(exporter.export("equipment", tmp_path / "clear.xlsx").path)
    row = dict(zip(header, rows[0]))
    assert (row["激光器品牌"], row["运行小时"], row["设备开机密码"]) == ("IPG", 1250, "8866")
    header, rows = _sheet(exporter.export("equipment", tmp_path / "masked.xlsx", mask=True).path)
    assert dict(zip(header, rows[0]))["设备开机密码"] == "****"

    assert batch.batch is not None
    undo_batch(batch.batch)
    assert not Equipment.select().where(Equipment.serial == "LC-1").exists()
    assert not CustomValue.select().where(CustomValue.field.in_([laser.id, hours.id, code.id])).exists()


def test_a_machine_saved_in_the_form_exports_its_fields(db, tmp_path) -> None:
    floor = admin.add("equipment", "放置楼层", "text")[0]
    cid = make_customer("宁波海天机械有限公司")
    equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial="CK-9", custom={floor.id: "三楼"}))
    header, rows = _sheet(exporter.export("equipment", tmp_path / "设备.xlsx").path)
    assert dict(zip(header, rows[0]))["放置楼层"] == "三楼"


def _filled(machine_id: int) -> dict[int, str]:
    return {k: v for k, v in equipment.load(machine_id).custom.items() if v}


def _ledger(tmp_path, rows: list[list[object]]):
    book = openpyxl.Workbook()
    book.active.append(["客户名称", "产品型号", "序列号", "安装地址", "激光器品牌", "运行小时", "设备开机密码"])
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "台账.xlsx")
    return tmp_path / "台账.xlsx"


def test_an_update_row_fills_the_machines_empty_custom_fields_and_undo_takes_them_back(db, tmp_path) -> None:
    laser = admin.add("equipment", "激光器品牌", "choice", choices=["锐科", "IPG"])[0]
    hours = admin.add("equipment", "运行小时", "number")[0]
    code = admin.add("equipment", "设备开机密码", "text", sensitive=True)[0]
    cid = make_customer("杭州科美模具有限公司")
    machine = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="LC-1",
                                            custom={hours.id: "900"})).equipment_id
    other = equipment.save(EquipmentInput(customer_id=cid, model="折弯机", serial="ZW-1",
                                          site_address="杭州市余杭区", custom={laser.id: "锐科"})).equipment_id
    path = _ledger(tmp_path, [["杭州科美模具有限公司", "激光切割机 3015", "LC-1", "", "IPG", "1,250", "8866"],
                              ["杭州科美模具有限公司", "折弯机", "ZW-1", "杭州市余杭区", "锐科", "", ""]])
    result = preview(path, "equipment")
    first, second = result.rows
    assert first.status == "update" and second.status == "duplicate"
    assert any("激光器品牌" in n and "设备开机密码" in n for n in first.reasons if n.startswith("补全"))
    assert any("运行小时" in n and "未覆盖" in n for n in first.reasons)
    assert not any("8866" in n for n in first.reasons)  # a sensitive value is never shown
    batch = commit(result)
    assert equipment.load(machine).custom == {laser.id: "IPG", hours.id: "900", code.id: "8866"}  # 900 kept
    assert _filled(other) == {laser.id: "锐科"}

    assert batch.batch is not None
    undo_batch(batch.batch)
    assert _filled(machine) == {hours.id: "900"}  # as it was before the import
    assert Equipment.get_by_id(machine).deleted_at is None


def test_a_bad_custom_value_on_an_update_row_goes_to_the_warning_sheet(db, tmp_path) -> None:
    admin.add("equipment", "激光器品牌", "choice", choices=["锐科", "IPG"])
    hours = admin.add("equipment", "运行小时", "number")[0]
    admin.add("equipment", "设备开机密码", "text", sensitive=True)
    cid = make_customer("杭州科美模具有限公司")
    machine = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="LC-1")).equipment_id
    path = _ledger(tmp_path, [["杭州科美模具有限公司", "激光切割机 3015", "LC-1", "", "某品牌", "1250", ""]])
    result = preview(path, "equipment")
    row = result.rows[0]
    assert row.status == "update" and any("激光器品牌" in w for w in row.warnings)
    from crmdesk.io.importing.service import write_errors

    errors = write_errors(result, tmp_path / "错误.xlsx")
    book = openpyxl.load_workbook(errors)
    warned = [list(r) for r in book["警告"].iter_rows(values_only=True)]
    assert warned[1][4] == "某品牌" and any("激光器品牌" in str(c) for c in warned[1])
    commit(result)
    assert _filled(machine) == {hours.id: "1250"}


def test_the_preview_notes_follow_the_interface_language(db, tmp_path) -> None:
    from crmdesk.core.i18n import set_language

    admin.add("equipment", "激光器品牌", "choice", choices=["锐科", "IPG"])
    admin.add("equipment", "运行小时", "number")
    admin.add("equipment", "设备开机密码", "text", sensitive=True)
    cid = make_customer("杭州科美模具有限公司")
    equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="LC-1", custom={}))
    path = _ledger(tmp_path, [["杭州科美模具有限公司", "激光切割机 3015", "LC-1", "", "IPG", "", ""],
                              ["杭州科美模具有限公司", "激光切割机 3015", "LC-1", "", "", "", ""]])
    set_language("en")
    try:
        first, second = preview(path, "equipment").rows
    finally:
        set_language("zh_CN")
    assert first.reasons == ["Fills in: 激光器品牌"]
    assert second.reasons == ["the same machine as row 2 (same model and serial number)"]
    first, second = preview(path, "equipment").rows
    assert first.reasons == ["补全：激光器品牌"] and second.reasons == ["与第2行是同一台设备（型号和序列号相同）"]
