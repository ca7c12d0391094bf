"""Custom fields in files: template columns with drop-downs, export columns (masked when sensitive),
the import's mapping by header, cleaning, merge, undo, and a round trip through Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.customers import registry
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.customfields import admin, values
from crmdesk.core.store import db as db_module
from crmdesk.core.store.models import ChangeLog, Customer, CustomValue, Ticket
from crmdesk.core.tickets import service as tickets
from crmdesk.io.excel import export as exporter
from crmdesk.io.excel.templates import write_template
from crmdesk.io.importing import mapping
from crmdesk.io.importing.service import commit, preview, undo_batch

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


@pytest.fixture
def fields(db):
    made = {
        "dealer": admin.add("customer", "经销商", "choice", choices=["华东一部", "华南二部", "西北三部"])[0],
        "accepted": admin.add("customer", "验收日期", "date")[0],
        "budget": admin.add("customer", "年采购预算", "amount")[0],
        "vip": admin.add("customer", "是否VIP", "yes_no")[0],
        "id_card": admin.add("customer", "法人身份证号", "text", sensitive=True)[0],
        "group": admin.add("contact", "所属微信群", "text")[0],
        "model": admin.add("ticket", "设备型号", "choice", choices=["KM-200", "KM-300"])[0],
    }
    return made


def _sheet(path: Path) -> tuple[list[str], list[list[object]]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


def _customer(name: str, custom: dict[int, str], mobile: str = "13812345678", contact_custom=None) -> int:
    return customers.save(CustomerInput(name=name, type="customer", custom=custom, contacts=[
        ContactInput(name="张伟", title="经理", mobile=mobile, is_primary=True, custom=contact_custom or {})])
    ).customer_id


def test_the_template_has_the_fields_with_drop_downs(fields, tmp_path) -> None:
    path = write_template("registration", tmp_path / "登记表.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[20:] == ["经销商", "验收日期", "年采购预算", "是否VIP", "法人身份证号", "所属微信群"]
    letter = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(header, 1)}
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}
    assert lists[f"{letter['经销商']}2"] == '"华东一部,华南二部,西北三部"'
    assert lists[f"{letter['是否VIP']}2"] == '"是,否"'
    dates = {str(v.sqref).split(":")[0] for v in ws.data_validations.dataValidation if v.type == "date"}
    assert f"{letter['验收日期']}2" in dates
    notes = [row[0] for row in book["填写说明"].iter_rows(values_only=True)]
    assert "法人身份证号" in notes
    ticket_header = [c.value for c in openpyxl.load_workbook(
        write_template("ticket", tmp_path / "工单.xlsx")).worksheets[0][1]]
    assert ticket_header[-1] == "设备型号" and "经销商" not in ticket_header


def test_the_export_writes_the_values_and_masks_sensitive_ones(fields, tmp_path) -> None:
    f = fields
    _customer("深圳市华强电子有限公司", {f["dealer"].id: "华东一部", f["accepted"].id: "2024-05-01",
                                  f["budget"].id: "12.5万", f["vip"].id: "是", f["id_card"].id: "110101199001011234"},
              contact_custom={f["group"].id: "售后群1"})
    header, rows = _sheet(exporter.export("customers", tmp_path / "clear.xlsx").path)
    row = dict(zip(header, rows[0]))
    assert row["经销商"] == "华东一部" and row["验收日期"] == dt.datetime(2024, 5, 1)
    assert row["年采购预算"] == 125000 and row["是否VIP"] == "是" and row["所属微信群"] == "售后群1"
    assert row["法人身份证号"] == "110101199001011234"
    header, rows = _sheet(exporter.export("customers", tmp_path / "masked.xlsx", mask=True).path)
    assert dict(zip(header, rows[0]))["法人身份证号"] == "****"


def test_export_of_the_list_as_filtered_by_a_custom_field(fields, tmp_path) -> None:
    from crmdesk.core.customfields.filters import CustomFilter

    _customer("甲公司", {fields["dealer"].id: "华东一部"}, "13812345671")
    _customer("乙公司", {fields["dealer"].id: "华南二部"}, "13812345672")
    query = RegistryQuery(custom=(CustomFilter(fields["dealer"].id, "is", "华南二部"),))
    header, rows = _sheet(exporter.export("customers", tmp_path / "f.xlsx", only=query).path)
    assert [dict(zip(header, r))["客户名称*"] for r in rows] == ["乙公司"]


def test_import_maps_the_fields_by_header_and_cleans_by_kind(db, fields, tmp_path) -> None:
    header = ["客户名称", "联系人", "联系人职务", "联系人手机", "经销商*", "验收日期", "年采购预算(元)", "是否VIP",
              "所属微信群", "法人身份证号"]
    path = tmp_path / "台账.xlsx"
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append(["甲公司", "张伟", "经理", "13812345671", "华东一部", "2024/5/1", "12.5万", "√", "售后群1",
                        "110101199001011234"])
    book.active.append(["乙公司", "李娜", "经理", "13812345672", "东北四部", "2024年1月5日", "", "否", "", ""])
    book.save(path)
    suggested = mapping.suggest_mapping(header, "customers")
    assert [suggested[i] for i in range(4, 10)] == [fields[k].key for k in
                                                   ("dealer", "accepted", "budget", "vip", "group", "id_card")]
    result = preview(path, "customers")
    second = result.rows[1]
    assert second.status == "new" and any("经销商" in w and "东北四部" in w for w in second.warnings)
    done = commit(result)
    a = Customer.get(Customer.name == "甲公司").id
    b = Customer.get(Customer.name == "乙公司").id
    assert values.load("customer", [a])[a] == {fields["dealer"].id: "华东一部", fields["accepted"].id: "2024-05-01",
                                               fields["budget"].id: 12_500_000, fields["vip"].id: 1,
                                               fields["id_card"].id: "110101199001011234"}
    stored = CustomValue.get((CustomValue.field == fields["id_card"].id) & (CustomValue.entity_id == a)).value
    assert stored.startswith("enc1:")
    assert values.load("customer", [b])[b] == {fields["accepted"].id: "2024-01-05", fields["vip"].id: 0}
    assert "经销商：东北四部" in Customer.get_by_id(b).notes  # the refused value is kept, never lost
    contact = customers.load(a).contacts[0]
    assert contact.custom == {fields["group"].id: "售后群1"}
    assert registry.customer_ids(RegistryQuery(text="华东一部")) == [a]
    undo_batch(done.batch)
    assert CustomValue.select().count() == 0


def test_import_fills_empty_values_of_existing_customers_only(fields, tmp_path) -> None:
    known = _customer("深圳市华强电子有限公司", {fields["dealer"].id: "华南二部"})
    path = tmp_path / "更新.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["客户名称", "经销商", "验收日期"])
    book.active.append(["深圳市华强电子有限公司", "华东一部", "2024-03-01"])
    book.save(path)
    result = preview(path, "customers")
    assert result.rows[0].status == "update"
    assert any("经销商：系统中为“华南二部”" in r for r in result.rows[0].reasons)  # never overwritten
    done = commit(result)
    assert values.load("customer", [known])[known] == {fields["dealer"].id: "华南二部",
                                                       fields["accepted"].id: "2024-03-01"}
    assert ChangeLog.select().where((ChangeLog.field == "验收日期") & (ChangeLog.new_value == "2024-03-01")).exists()
    undo_batch(done.batch)
    assert values.load("customer", [known])[known] == {fields["dealer"].id: "华南二部"}
    assert ChangeLog.select().where((ChangeLog.field == "验收日期") & (ChangeLog.old_value == "2024-03-01")
                                    & (ChangeLog.new_value == "")).exists()  # the undo is in the change log


def test_tickets_import_and_export_their_fields(fields, tmp_path) -> None:
    cid = _customer("甲公司", {})
    tickets.create(cid, "开机报警E03", custom={fields["model"].id: "KM-300"})
    header, rows = _sheet(exporter.export("tickets", tmp_path / "工单.xlsx").path)
    assert dict(zip(header, rows[0]))["设备型号"] == "KM-300"
    book = openpyxl.Workbook()
    book.active.append(["客户名称", "受理时间", "问题描述", "分级类型", "设备型号"])
    book.active.append(["甲公司", "2024-05-01 09:30", "打印模糊", "一般", "KM-200"])
    book.save(tmp_path / "工单表.xlsx")
    commit(preview(tmp_path / "工单表.xlsx", "tickets"))
    imported = Ticket.get(Ticket.description == "打印模糊")
    assert tickets.custom_texts(imported.id) == {fields["model"].id: "KM-200"}


def test_a_round_trip_through_excel_keeps_every_value(fields, tmp_path) -> None:
    f = fields
    _customer("深圳市华强电子有限公司", {f["dealer"].id: "西北三部", f["accepted"].id: "2023-12-31",
                                  f["budget"].id: "3000.5", f["vip"].id: "否"})
    path = exporter.export("customers", tmp_path / "out.xlsx").path
    Customer.delete().execute()  # the values go with their customers (the trigger)
    assert CustomValue.select().count() == 0
    if db_module.dialect().name == "sqlite":  # (as a purge does; a server's search rows go with the customers)
        for table in ("customer_fts", "customer_bigram"):
            Customer._meta.database.execute_sql(f"DELETE FROM {table}")
    commit(preview(path, "customers"))
    cid = Customer.get().id
    assert customers.load(cid).custom == {f["dealer"].id: "西北三部", f["accepted"].id: "2023-12-31",
                                          f["budget"].id: "3000.50", f["vip"].id: "否", f["id_card"].id: ""}
