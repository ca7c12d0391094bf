"""Importing legacy ledgers (docs/spec.md §6, §2): mapping, cleaning, duplicates, merge, error workbook, undo.

Fixture workbooks are written by the tests with openpyxl into ``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.customers import interactions, search
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.safety import secrets
from crmdesk.core.store.db import dialect
from crmdesk.core.store.db import sql as raw_sql
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.store.models import (
    ChangeLog,
    Contact,
    Customer,
    CustomerTag,
    ImportBatch,
    ImportJournal,
    Interaction,
    Order,
    Survey,
    Ticket,
    TicketCounter,
    database_proxy,
)
from crmdesk.core.validation import normalize_company_name
from crmdesk.io.importing import cells as importer_cells
from crmdesk.io.importing import mapping
from crmdesk.io.importing import search as importer_search
from crmdesk.io.importing import service as importer
from crmdesk.io.importing.headers import header_scale, normalize_header
from crmdesk.io.importing.reader import ImportFileError
from crmdesk.io.importing.service import commit, import_history, preview, undo_batch
from tests.helpers.workbooks import write_xlsx

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

HEADER = ["客户编号", "客户名称*", "客户类型", "重要等级", "所属行业", "所在地区", "联系人", "职务", "手机（必填）",
          "邮箱", "合作开始日期", "历史订单金额", "客户标签", "备注"]


def row(**values: object) -> list[object]:
    """A row of HEADER by field: row(name=..., mobile=...)."""
    keys = ["code", "name", "type", "importance", "industry", "region", "contact", "title", "mobile", "email",
            "coop_start", "order_amount", "tags", "notes"]
    return [values.get(key, "") for key in keys]


def counts() -> dict[str, int]:
    return {"customer": Customer.select().count(), "contact": Contact.select().count(),
            "order": Order.select().count(), "ticket": Ticket.select().count(),
            "batch": ImportBatch.select().count(), "journal": ImportJournal.select().count(),
            "changes": ChangeLog.select().count(), "tags": CustomerTag.select().count(),
            "fts": raw_sql("SELECT count(*) FROM " + ("customer_fts" if dialect().name == "sqlite"
                                                        else "customer_search")).fetchone()[0]}


def clear(contact: Contact, column: str) -> str:
    """A contact's personal field in clear (the test database is encrypted, like the app's)."""
    return secrets.reveal("contact", column, getattr(contact, column))


def existing(name: str = "深圳市华强电子有限公司", **extra: object) -> int:
    data = CustomerInput(name=name, type="customer", importance="B",
                         contacts=[ContactInput(name="张伟", title="总经理", mobile="13812345678", is_primary=True)])
    for key, value in extra.items():
        setattr(data, key, value)
    return customers.save(data).customer_id


# --------------------------------------------------------------------------- mapping


def test_header_synonyms_and_normalisation() -> None:
    headers = [" 公司名称 *", "单位名称", "联系人姓名", "手机号码（必填）", "联系电话", "E-mail", "客户等级", "所属行业",
               "业务员", "首次合作", "【备注】", "无关列", ""]
    suggested = mapping.suggest_mapping(headers, "customers")
    assert suggested == {0: "name", 2: "contact", 3: "mobile", 4: "phone", 5: "email", 6: "importance",
                         7: "industry", 8: "account_manager", 9: "coop_start", 10: "notes"}
    assert normalize_header("客户名称＊（必填）") == "客户名称"
    assert mapping.suggest_mapping(["客户全称", "企业名称"], "customers") == {0: "name"}
    assert mapping.guess_kind(["工单编号", "客户名称", "问题描述", "分级类型", "处理人"]) == "tickets"
    assert mapping.guess_kind(["客户编号", "互动时间", "互动方式", "沟通内容摘要"]) == "interactions"
    assert mapping.guess_kind(["客户编号", "调查日期", "产品质量", "总体满意度"]) == "surveys"
    assert mapping.guess_kind(["甲", "乙"]) == "customers"
    assert header_scale("历史订单金额(万元)") == 10000


def test_presets_survive_reordered_columns(db) -> None:
    headers = ["单位", "电话", "备注栏"]
    mapping.save_preset("老台账", "customers", {0: "name", 1: "mobile", 2: "notes"}, headers)
    mapping.save_preset("老台账", "customers", {0: "name", 1: "mobile", 2: "notes"}, headers)  # replaced, not doubled
    presets = mapping.load_presets("customers")
    assert [p.name for p in presets] == ["老台账"]
    assert presets[0].columns == {"单位": "name", "电话": "mobile", "备注栏": "notes"}
    assert presets[0].apply(["备注栏", "其他", "单位 ", "电话"]) == {0: "notes", 2: "name", 3: "mobile"}
    assert mapping.load_presets("tickets") == []
    mapping.delete_preset("老台账", "customers")
    assert mapping.load_presets("customers") == []


# --------------------------------------------------------------------------- cleaning


def test_every_date_amount_and_phone_form(db, tmp_path: Path) -> None:
    rows = [
        row(name="甲公司", contact="甲", mobile="+86 138-1234-5678", coop_start=dt.datetime(2024, 1, 5),
            order_amount="12.5万"),
        row(name="乙公司", contact="乙", mobile="139 1234 5678", coop_start=45296, order_amount="125,000"),
        row(name="丙公司", contact="丙", mobile="１３７１２３４５６７８", coop_start="2024/1/5", order_amount="125000元"),
        row(name="丁公司", contact="丁", mobile=13612345678, coop_start="2024-01-05", order_amount=125000),
        row(name="戊公司", contact="戊", mobile="0086-135-1234-5678", coop_start="2024.1.5", order_amount="¥125,000.00"),
        row(name="己公司", contact="己", mobile="(0755)8888-6666", coop_start="2024年1月5日"),
    ]
    path = write_xlsx(tmp_path / "formats.xlsx", HEADER, rows)
    result = preview(path, "customers")
    assert result.counts == {"new": 6, "update": 0, "duplicate": 0, "error": 0}, [r.reasons for r in result.rows]
    commit(result)
    stored = {c.name: c for c in Customer.select()}
    assert {c.coop_start for c in stored.values()} == {dt.date(2024, 1, 5)}
    assert {c.total_order_fen for name, c in stored.items() if name != "己公司"} == {12_500_000}
    mobiles = {c.name: (clear(c, "mobile"), clear(c, "phone")) for c in Contact.select()}
    assert mobiles == {"甲": ("13812345678", ""), "乙": ("13912345678", ""), "丙": ("13712345678", ""),
                       "丁": ("13612345678", ""), "戊": ("13512345678", ""), "己": ("", "0755-88886666")}
    assert Contact.get(Contact.name == "甲").mobile_tail == secrets.index_keys("13812345678")[1]


def test_amount_header_in_ten_thousands(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "wan.xlsx", ["客户名称", "历史订单金额(万元)"], [["甲公司", 12.5], ["乙公司", "3万"]])
    commit(preview(path, "customers"))
    assert {c.name: c.total_order_fen for c in Customer.select()} == {"甲公司": 12_500_000, "乙公司": 3_000_000}


def test_bad_optional_values_are_set_aside_and_only_required_ones_reject_the_row(db, tmp_path: Path) -> None:
    """docs/spec.md §6 (issue #14, item 8): a bad optional value never rejects the row; it goes with its
    reason to the warnings (and the 警告 sheet), choices that are no personal data to the notes."""
    rows = [row(name="甲公司", mobile="1381234"), row(name="乙公司", email="wrong@@mail"),
            row(name="", contact="无名"), row(name="丙公司", coop_start="2024-02-30"),
            row(name="丁公司", order_amount="-5"), row(name="戊公司", type="大客户"),
            row(name="己公司", contact="赵六", mobile="无", email="—")]
    result = preview(write_xlsx(tmp_path / "bad.xlsx", HEADER, rows), "customers")
    assert [r.status for r in result.rows] == ["new", "new", "error", "new", "new", "new", "new"]
    warnings = [list(r.warnings) for r in result.rows]
    assert warnings[0] == ["联系人手机：手机号码应为以1开头的11位数字（该值未导入）"]
    assert "电子邮箱应包含一个 @" in warnings[1][0] and warnings[1][0].startswith("联系人邮箱：")
    assert result.rows[2].reasons == ["客户名称：必填，不能为空"] and not warnings[2]
    assert warnings[3][0].startswith("合作开始日期：") and "不存在" in warnings[3][0] and "原值记入备注" in warnings[3][0]
    assert warnings[4] == ["历史订单金额：金额不能为负数（原值记入备注）"]
    assert warnings[5][0].startswith("客户类型：“大客户”不是可选值") and warnings[5][0].endswith("（原值记入备注）")
    assert warnings[6] == []  # 无 and — are empty cells, not values to refuse
    assert [sorted(r.warn_columns) for r in result.rows] == [[8], [9], [], [10], [11], [2], []]
    assert [sorted(r.bad_columns) for r in result.rows] == [[], [], [1], [], [], [], []]
    outcome = commit(result, error_path=tmp_path / "e.xlsx")
    assert (outcome.created, outcome.errors, outcome.warnings) == (6, 1, 5)
    by_name = {c.name: c for c in Customer.select()}
    assert by_name["甲公司"].contacts.count() == 0 and by_name["丙公司"].coop_start is None
    assert by_name["丙公司"].notes == "合作开始日期：2024-02-30"
    assert (by_name["戊公司"].type, by_name["戊公司"].notes) == ("prospect", "客户类型：大客户")
    assert by_name["丁公司"].total_order_fen == 0 and by_name["丁公司"].notes == "历史订单金额：-5"
    assert clear(by_name["己公司"].contacts.get(), "mobile") == ""
    book = openpyxl.load_workbook(tmp_path / "e.xlsx")
    assert book.sheetnames == ["错误数据", "警告"]
    warned = [[cell.value for cell in line] for line in book["警告"].iter_rows()]
    assert warned[0] == [*HEADER, "警告原因"]
    assert [line[1] for line in warned[1:]] == ["甲公司", "乙公司", "丙公司", "丁公司", "戊公司"]
    assert warned[1][8] == "1381234" and "手机号码应为" in warned[1][-1]
    amber = {(cell.row, cell.column) for line in book["警告"].iter_rows() for cell in line
             if cell.fill.fgColor.rgb == "FFFFEB9C"}
    assert amber == {(2, 9), (3, 10), (4, 11), (5, 12), (6, 3)}


def test_ambiguous_date_is_flagged_with_both_readings(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "dmy.xlsx", HEADER, [row(name="甲公司", coop_start="03/05/2024"),
                                                      row(name="乙公司", coop_start="25/05/2024")])
    result = preview(path, "customers")
    assert result.ambiguous_dates == 1
    first, second = result.rows
    # an optional date is never guessed: the row is imported without it, the date is flagged
    assert first.status == "new" and "coop_start" not in first.values
    assert "2024-03-05" in first.warnings[0] and "2024-05-03" in first.warnings[0]
    assert second.status == "new" and second.values["coop_start"] == dt.date(2024, 5, 25)
    chosen = preview(path, "customers", dayfirst=True)
    assert chosen.rows[0].status == "new" and chosen.rows[0].values["coop_start"] == dt.date(2024, 5, 3)
    assert not chosen.rows[0].warnings


# --------------------------------------------------------------------------- duplicates and merging


def test_several_rows_of_one_customer_are_its_contacts(db, tmp_path: Path) -> None:
    rows = [row(name="深圳市华强电子有限公司", contact="张伟", mobile="13812345678", industry="电子"),
            row(name="深圳市 华强电子（有限公司）", contact="李娜", mobile="13912345678", region="深圳"),
            row(name="深圳市华强电子有限公司", contact="张伟", mobile="13812345678", industry="电子"),
            row(name="另一家公司", contact="王五", mobile="13912345678")]
    result = preview(write_xlsx(tmp_path / "contacts.xlsx", HEADER, rows), "customers")
    statuses = [r.status for r in result.rows]
    assert statuses == ["new", "new", "duplicate", "duplicate"]
    assert "与第2行为同一客户" in result.rows[1].reasons[0] and "李娜" in result.rows[1].reasons[0]
    assert result.rows[2].reasons == ["与第2行重复，没有新信息"]
    # the same mobile makes row 5 the same customer and contact (docs/spec.md §2); the differing names are listed
    assert "客户名称：第2行为“深圳市华强电子有限公司”，本行为“另一家公司”（按手机号码认定为同一客户），未覆盖" \
        in result.rows[3].reasons
    assert "联系人：第2行联系人李娜为“李娜”，本行为“王五”，未覆盖" in result.rows[3].reasons
    outcome = commit(result)
    assert (outcome.rows, outcome.created, outcome.updated, outcome.duplicates, outcome.errors) == (4, 1, 0, 2, 0)
    customer = Customer.get()
    assert {r.target_id for r in result.rows} == {customer.id}
    assert (customer.industry, customer.region) == ("电子", "深圳")
    assert [(c.name, c.is_primary) for c in Contact.select().order_by(Contact.id)] == [("张伟", True),
                                                                                       ("李娜", False)]


def test_merge_fills_empty_fields_and_never_overwrites(db, tmp_path: Path) -> None:
    staff.add("陈静")
    customer_id = existing(region="深圳", industry="")
    before = Customer.get_by_id(customer_id)
    rows = [row(name="深圳市华强电子股份有限公司", industry="电子", region="广州", contact="张伟",
                mobile="13812345678", email="zw@huaqiang.com", title="董事长", tags="高价值"),
            row(name="深圳市华强电子有限公司", contact="王五", mobile="13612345678"),
            row(name="深圳市华强电子有限公司", region="深圳")]
    header = [*HEADER, "客户经理"]
    rows[0].append("陈静")
    rows[1].append("")
    rows[2].append("")
    result = preview(write_xlsx(tmp_path / "merge.xlsx", header, rows), "customers")
    first, second, third = result.rows
    assert [first.status, second.status, third.status] == ["update", "update", "duplicate"]
    assert first.target_id == customer_id
    assert "所在地区：系统中为“深圳”，文件中为“广州”，未覆盖" in first.reasons
    assert "联系人职务：系统中联系人张伟为“总经理”，本行为“董事长”，未覆盖" in first.reasons
    assert any(r.startswith("更新客户") and "所属行业" in r and "客户经理" in r for r in first.reasons)
    outcome = commit(result, operator=staff.current_operator())
    assert (outcome.created, outcome.updated, outcome.duplicates) == (0, 1, 1)
    after = Customer.get_by_id(customer_id)
    assert (after.region, after.industry, after.account_manager.name) == ("深圳", "电子", "陈静")
    assert after.name == before.name and after.type == before.type
    contacts = {c.name: c for c in Contact.select()}
    assert contacts["张伟"].title == "总经理" and clear(contacts["张伟"], "email") == "zw@huaqiang.com"
    assert "王五" in contacts and not contacts["王五"].is_primary
    assert customers.tags_of(customer_id) == ["高价值"]
    logged = {(c.field, c.new_value) for c in ChangeLog.select().where(ChangeLog.batch == outcome.batch)}
    assert ("所属行业", "电子") in logged and ("联系人", "王五") in logged


def test_match_by_code_and_by_mobile(db, tmp_path: Path) -> None:
    first = existing()
    code = Customer.get_by_id(first).code
    second = existing("广州恒通机械有限公司")
    key, tail = secrets.index_keys("13700001111")
    Contact.update(mobile=secrets.seal("contact", {"mobile": "13700001111"})["mobile"], mobile_key=key,
                   mobile_tail=tail).where(Contact.customer == second).execute()
    rows = [row(code=code.lower(), name="华强（改名）", industry="电子"),
            row(name="完全不同的名字", contact="赵六", mobile="137 0000 1111", notes="靠手机认出")]
    result = preview(write_xlsx(tmp_path / "keys.xlsx", HEADER, rows), "customers")
    assert [(r.status, r.target_id) for r in result.rows] == [("update", first), ("update", second)]
    assert any("按客户编号认定为同一客户" in reason for reason in result.rows[0].reasons)
    assert any("按手机号码认定为同一客户" in reason for reason in result.rows[1].reasons)


def test_exact_duplicate_of_the_database(db, tmp_path: Path) -> None:
    existing()
    rows = [row(name="深圳市华强电子有限公司", type="成交客户", importance="B", contact="张伟", title="总经理",
                mobile="13812345678")]
    result = preview(write_xlsx(tmp_path / "same.xlsx", HEADER, rows), "customers")
    assert result.rows[0].status == "duplicate"
    assert result.rows[0].reasons[0].startswith("与系统中的客户 C")
    outcome = commit(result)
    assert (outcome.created, outcome.updated, outcome.duplicates) == (0, 0, 1)


# --------------------------------------------------------------------------- error workbook


def test_error_workbook_keeps_the_rows_as_they_were_and_imports_after_fixing(db, tmp_path: Path) -> None:
    rows = [row(name="好公司", contact="甲", mobile="13812345678"),
            row(code="C 01", name="坏公司", contact="乙", mobile="+86 138-1234", email="x@@y", order_amount="-12"),
            row(name="", contact="丙", mobile=13912345678, coop_start="03/05/2024")]
    source = write_xlsx(tmp_path / "台账.xlsx", HEADER, rows, title="某公司客户台账")
    errors_path = tmp_path / "out" / "错误行.xlsx"
    outcome = commit(preview(source, "customers"), error_path=errors_path)
    assert (outcome.created, outcome.errors, outcome.error_workbook) == (1, 2, errors_path)
    sheet = openpyxl.load_workbook(errors_path).active
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0] == [*HEADER, "错误原因"]
    assert values[1][:12] == ["C 01", "坏公司", None, None, None, None, "乙", None, "+86 138-1234", "x@@y", None,
                              "-12"]
    assert sheet.cell(row=2, column=12).data_type == "s"  # text that looks like a formula stays text
    assert values[2][8] == 13912345678 and values[2][10] == "03/05/2024"
    red = {(cell.row, cell.column) for line in sheet.iter_rows() for cell in line
           if cell.fill.fgColor.rgb == "FFFFC7CE"}
    # the rejected rows name every problem of the row: the required values and the optional ones
    assert red == {(2, 1), (2, 9), (2, 10), (2, 12), (3, 2), (3, 11)}
    assert "客户编号" in values[1][-1] and "联系人手机" in values[1][-1] and "联系人邮箱" in values[1][-1]
    assert "客户名称：必填" in values[2][-1] and "有两种读法" in values[2][-1]
    assert not list(errors_path.parent.glob(".*"))  # no temporary file left behind
    # the user fixes the red cells in Excel and imports the same file again
    book = openpyxl.load_workbook(errors_path)
    fixed = book.active
    fixed["A2"], fixed["I2"], fixed["J2"], fixed["L2"] = "C01", "13812340000", "b@y.com", "12"
    fixed["B3"], fixed["K3"] = "日期公司", "2024-03-05"
    book.save(errors_path)
    again = preview(errors_path, "customers")
    assert again.counts == {"new": 2, "update": 0, "duplicate": 0, "error": 0} and not again.warning_rows
    commit(again)
    assert Customer.get(Customer.name == "坏公司").total_order_fen == 1200
    assert Customer.get(Customer.name == "日期公司").coop_start == dt.date(2024, 3, 5)


def test_dry_run_writer_can_write_the_error_workbook_alone(db, tmp_path: Path) -> None:
    result = preview(write_xlsx(tmp_path / "a.xlsx", HEADER, [row(name="甲", mobile="1")]), "customers")
    assert importer.write_errors(result, tmp_path / "e.xlsx") == tmp_path / "e.xlsx"
    assert counts()["customer"] == 0 and counts()["batch"] == 0


# --------------------------------------------------------------------------- batches: undo, cancel, history


def unstamped(values: dict) -> dict:
    """A row's values without those every write of a versioned row sets (core.store.versions)."""
    return {k: v for k, v in values.items() if k not in ("version", "updated_by", "updated_at")}


def test_undo_restores_updated_customers_exactly_and_removes_created_ones(db, tmp_path: Path) -> None:
    customer_id = existing(region="深圳")
    long_ago = dt.datetime(2020, 1, 2, 3, 4, 5)  # so that the undo's own time stamp shows
    Customer.update(updated_at=long_ago).where(Customer.id == customer_id).execute()
    Contact.update(updated_at=long_ago).execute()
    before_customer = Customer.get_by_id(customer_id).__data__.copy()
    before_contacts = [c.__data__.copy() for c in Contact.select().order_by(Contact.id)]
    before = counts()
    rows = [row(name="深圳市华强电子有限公司", industry="电子", contact="张伟", mobile="13812345678",
                email="zw@hq.com", tags="高价值,老客户", order_amount="5万"),
            row(name="深圳市华强电子有限公司", contact="新人", mobile="13612345678"),
            row(name="新公司", contact="甲", mobile="13512345678", tags="新客户")]
    outcome = commit(preview(write_xlsx(tmp_path / "u.xlsx", HEADER, rows), "customers"))
    assert (outcome.created, outcome.updated) == (1, 1)
    assert Customer.get_by_id(customer_id).industry == "电子"
    assert Customer.get(Customer.name == "新公司").batch_id == outcome.batch
    journal = {(j.table_name, j.action) for j in ImportJournal.select().where(ImportJournal.batch == outcome.batch)}
    assert {("customer", "insert"), ("customer", "update"), ("contact", "insert"), ("contact", "update"),
            ("customer_tag", "insert"), ("customer_order", "insert")} <= journal

    imported = Customer.get_by_id(customer_id).version
    changes = undo_batch(outcome.batch)
    assert customer_id in changes.customer_ids
    after_customer = Customer.get_by_id(customer_id).__data__
    # the import and its undo each raised the version, and the undo is stamped now (a form opened before
    # either conflicts instead of writing its old values back); every other column is as it was
    assert before_customer["version"] < imported < after_customer["version"]
    assert after_customer["updated_at"] > long_ago and before_customer["updated_at"] == long_ago
    assert unstamped(after_customer) == unstamped(before_customer)
    after_contacts = [c.__data__ for c in Contact.select().order_by(Contact.id)]
    assert [unstamped(c) for c in after_contacts] == [unstamped(c) for c in before_contacts]
    assert after_contacts[0]["version"] > before_contacts[0]["version"]
    after = counts()
    assert {k: after[k] for k in ("customer", "contact", "order", "tags", "fts")} == \
        {k: before[k] for k in ("customer", "contact", "order", "tags", "fts")}
    assert ImportBatch.get_by_id(outcome.batch).status == "undone"
    assert customers.tags_of(customer_id) == []
    with pytest.raises(KnownError, match=r"已于 .* 撤销"):
        undo_batch(outcome.batch)
    with pytest.raises(KnownError, match="不存在"):
        undo_batch(999)
    assert [b.id for b in import_history()] == [outcome.batch]


def test_undo_is_refused_when_imported_customers_got_new_records(db, tmp_path: Path) -> None:
    outcome = commit(preview(write_xlsx(tmp_path / "a.xlsx", HEADER, [row(name="甲公司", contact="甲",
                                                                             mobile="13812345678")]), "customers"))
    created = Customer.get(Customer.name == "甲公司")
    interactions.log(created.id, summary="导入后打过一次电话")
    with pytest.raises(KnownError, match="无法撤销"):
        undo_batch(outcome.batch)
    assert Customer.select().count() == 1


def test_undo_is_refused_when_follow_ups_or_edits_were_made_since(db, tmp_path: Path) -> None:
    """Deleting the customers would take these along (ON DELETE CASCADE): undo refuses instead."""
    import datetime as dt

    from crmdesk.core.store.models import FollowUp

    outcome = commit(preview(write_xlsx(tmp_path / "a.xlsx", HEADER, [row(name="甲公司", contact="甲",
                                                                             mobile="13812345678")]), "customers"))
    created = Customer.get(Customer.name == "甲公司")
    when = dt.datetime.now() + dt.timedelta(days=3)
    generated = FollowUp.create(customer=created.id, due_at=when, purpose="例行回访", kind="cadence",
                                generated_key=f"cadence:{created.id}:test")
    planned = FollowUp.create(customer=created.id, due_at=when, purpose="报价跟进")  # made by hand
    with pytest.raises(KnownError, match="无法撤销"):
        undo_batch(outcome.batch)
    FollowUp.delete_by_id(planned.id)
    ChangeLog.create(customer=created.id, entity="customer", entity_id=created.id, field="备注", old_value="",
                     new_value="手工修改", reason="", at=dt.datetime.now())
    with pytest.raises(KnownError, match="无法撤销"):  # a hand edit in the change log
        undo_batch(outcome.batch)
    ChangeLog.delete().where((ChangeLog.customer == created.id) & ChangeLog.batch.is_null()).execute()
    changes = undo_batch(outcome.batch)  # only the generated, untouched follow-up is left: it goes along
    assert changes.followups and Customer.select().count() == 0
    assert FollowUp.get_or_none(FollowUp.id == generated.id) is None


def test_cancel_leaves_the_database_unchanged(db, tmp_path: Path) -> None:
    existing()
    rows = [row(name=f"公司{i}", contact=f"人{i}", mobile=f"138{i:08d}") for i in range(12000)]
    rows.append(row(name="深圳市华强电子有限公司", industry="电子"))
    path = write_xlsx(tmp_path / "big.xlsx", HEADER, rows)
    before = counts()
    with pytest.raises(OperationCancelled):
        preview(path, "customers", cancelled=lambda: True)
    result = preview(path, "customers")
    calls = []

    def cancel_later() -> bool:
        calls.append(1)
        return len(calls) > 3

    errors_path = tmp_path / "errors.xlsx"
    with pytest.raises(OperationCancelled):
        commit(result, error_path=errors_path, cancelled=cancel_later)
    assert counts() == before
    assert Customer.get(Customer.name == "深圳市华强电子有限公司").industry == ""
    assert not errors_path.exists()
    indexes = raw_sql("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customer'" if
                      dialect().name == "sqlite" else "SELECT count(*) FROM pg_indexes WHERE tablename = 'customer'"
                      ).fetchone()[0]
    assert indexes >= 17  # the bulk load's dropped indexes came back with the rollback
    assert commit(result).created == 12000  # the same preview can still be committed


def other(name: str, mobile: str) -> int:
    """A customer another PC adds, with a mobile of its own."""
    return customers.save(CustomerInput(name=name, type="customer", importance="B", contacts=[
        ContactInput(name="赵", title="经理", mobile=mobile, is_primary=True)])).customer_id


def test_preview_writes_nothing_and_a_stale_preview_is_refused(db, engine, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", HEADER, [row(name="甲公司", contact="甲", mobile="13812345678")])
    before = counts()
    result = preview(path, "customers")
    assert counts() == before
    other("乙公司", "13912345678")  # meanwhile a customer the file does not name is added
    if engine == "sqlite":  # a file has one writer: any change since the preview refuses
        with pytest.raises(KnownError, match="重新预览"):
            commit(result)
        result = preview(path, "customers")
    existing("甲公司")  # now the customer the row would create is added (same name and mobile)
    with pytest.raises(KnownError, match=r"第 2 行（甲公司）.*重新预览"):  # on a server too: the row is re-matched
        commit(result)
    assert Customer.select().where(Customer.name == "甲公司").count() == 1
    done = preview(path, "customers")
    assert done.counts["new"] == 0
    commit(done)
    with pytest.raises(KnownError, match="已经导入过"):
        commit(done)


def test_a_server_commit_re_matches_the_rows_instead_of_refusing_any_change(db, engine, tmp_path: Path) -> None:
    target = existing("丁公司")
    path = write_xlsx(tmp_path / "a.xlsx", HEADER, [row(name="丙公司", contact="丙", mobile="13712345678"),
                                                    row(name="丁公司", industry="电子", contact="张伟",
                                                        mobile="13812345678")])
    result = preview(path, "customers")
    assert (result.counts["new"], result.counts["update"]) == (1, 1)
    edited = customers.load(target)
    edited.region = "深圳"
    customers.save(edited, customer_id=target)  # another PC edits the customer the second row updates
    with pytest.raises(KnownError, match=r"第 3 行（丁公司）") as refused:
        commit(result)
    assert "第 2 行" not in refused.value.message  # the new customer's row still holds
    assert Customer.select().where(Customer.name == "丙公司").count() == 0  # nothing half-written
    result = preview(path, "customers")
    other("戊公司", "13912345679")  # a change no planned row depends on
    if engine == "sqlite":
        with pytest.raises(KnownError, match="重新预览"):
            commit(result)
        return
    outcome = commit(result)  # a server: other PCs add records all the time; only the planned rows count
    assert (outcome.created, outcome.updated) == (1, 1)
    assert (Customer.get_by_id(target).industry, Customer.get_by_id(target).region) == ("电子", "深圳")


def test_missing_required_column_is_a_file_error(db, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", ["联系人", "手机"], [["甲", "13812345678"]])
    with pytest.raises(ImportFileError, match="没有对应“客户名称”的列"):
        preview(path, "customers")
    assert preview(path, "customers", mapping={0: "name", 1: "mobile"}).counts["new"] == 1
    with pytest.raises(KnownError, match="有多列都对应了“客户名称”"):
        preview(path, "customers", mapping={0: "name", 1: "name"})


# --------------------------------------------------------------------------- search index


@pytest.mark.sqlite_only  # compares SQLite's full-text rows (a server's: test_round_trip)
def test_imported_customers_are_searchable_exactly_as_a_reindex_would_index_them(db, tmp_path: Path) -> None:
    rows = [row(name="深圳市华强电子有限公司", contact="张伟", mobile="13812345678", tags="高价值"),
            row(name="深圳市华强电子有限公司", contact="李娜", mobile="13912345678"),
            row(name="A·B 科技", contact="王", mobile="13712345678")]
    commit(preview(write_xlsx(tmp_path / "s.xlsx", HEADER, rows), "customers"))
    conn = database_proxy.connection()
    imported = sorted(conn.execute("SELECT rowid, text FROM customer_fts").fetchall())
    grams = sorted(conn.execute("SELECT rowid, grams FROM customer_bigram").fetchall())
    search.reindex(conn)
    assert sorted(conn.execute("SELECT rowid, text FROM customer_fts").fetchall()) == imported
    assert sorted(conn.execute("SELECT rowid, grams FROM customer_bigram").fetchall()) == grams
    for query in ("华强", "李娜", "5678", "高价值"):
        clause, params = search.match_clause(query)
        assert database_proxy.execute_sql(f"SELECT count(*) FROM customer WHERE {clause}", params).fetchone()[0] >= 1


@pytest.mark.parametrize("text", ["深圳市华强电子有限公司", "（华强）电子·股份有限公司", "ＡＢＣ　有限公司", "a_b-c.d",
                                  "İstanbul Ltd.", "𠀀公司", "Ⅻ ﬁ", "  ", "x\u00a0y\u2028z\u3000"])
def test_fast_helpers_equal_the_core_functions(text: str) -> None:
    assert importer_cells.company_key(text) == normalize_company_name(text)
    document = search.document("C2024001", text, ["张 伟", "a"], ["高价值"])
    assert importer_search.bigrams(document) == search.bigrams(document)


# --------------------------------------------------------------------------- history


TICKET_HEADER = ["工单编号", "客户编号", "客户名称", "联系人", "联系电话", "受理渠道", "问题类型", "问题描述",
                 "分级类型*", "受理时间", "处理人", "预计解决时间", "实际解决时间", "解决方案", "工单状态",
                 "是否一次解决", "满意度评分", "回访时间", "备注"]


def test_tickets_keep_numbers_dates_and_staff_names(db, tmp_path: Path) -> None:
    engineer = staff.add("刘志强", "engineer")
    staff.add("李晓梅")
    customer_id = existing()
    code = Customer.get_by_id(customer_id).code
    rows = [
        ["GD20240105-003", code, "", "张伟", "13812345678", "电话", "故障报修", "主轴异响", "紧急",
         dt.datetime(2024, 1, 5, 9, 30), "刘志强", "2024-01-06 09:30", "2024/1/5 16:00", "更换轴承", "已回访", "是", 5,
         "2024-01-06 10:00", ""],
        ["", "", "深圳市华强电子有限公司", "新联系人", "0755-88886666", "传真", "咨询", "如何导出报表", "一般",
         "2024-01-05 10:00", "外包张师傅", "", "", "", "", "", "", "", "外包"],
        ["", "", "深圳市华强电子有限公司", "", "", "微信", "投诉", "态度差", "重要", "2024-01-05", "", "", "", "",
         "处理中", "", "", "", ""],
        ["GD20240105-003", code, "", "", "", "", "", "重复", "一般", "2024-01-05", "", "", "", "", "", "", "", "", ""],
        ["", "", "不存在的公司", "", "", "", "", "", "一般", "2024-01-05", "", "", "", "", "", "", "", "", ""],
        ["", code, "", "", "", "", "", "", "", "2024-01-05", "", "", "", "", "", "", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "工单.xlsx", TICKET_HEADER, rows, title="服务工单登记表")
    result = preview(path)  # the kind is guessed from the headers
    assert result.kind == "tickets"
    assert [r.status for r in result.rows] == ["new", "new", "new", "duplicate", "error", "error"]
    assert any("传真" in reason and "按“其他”导入" in reason for reason in result.rows[1].warnings)
    assert "不存在的公司" in result.rows[4].reasons[0] and "自动创建" in result.rows[4].reasons[0]
    assert result.rows[5].reasons == ["分级类型：必填，不能为空"]
    outcome = commit(result)
    assert (outcome.created, outcome.duplicates, outcome.errors) == (3, 1, 2)
    first = Ticket.get(Ticket.number == "GD20240105-003")
    assert (first.created_at, first.resolved_at, first.callback_at) == (
        dt.datetime(2024, 1, 5, 9, 30), dt.datetime(2024, 1, 5, 16), dt.datetime(2024, 1, 6, 10))
    assert (first.assignee_id, first.assignee_name, first.stage, first.priority) == (
        engineer.id, "刘志强", "callback", "urgent")
    assert (first.one_time_resolved, first.satisfaction, first.contact.name) == (True, 5, "张伟")
    second, third = Ticket.select().where(Ticket.number != "GD20240105-003").order_by(Ticket.id)
    assert (second.number, third.number) == ("GD20240105-004", "GD20240105-005")  # after the imported -003
    assert (second.assignee_id, second.assignee_name, second.channel) == (None, "外包张师傅", "other")
    assert second.notes == "外包\n受理渠道：传真"  # the channel as typed is kept, not lost
    assert second.contact.name == "新联系人" and clear(second.contact, "phone") == "0755-88886666"
    assert (third.category, third.stage, third.created_at) == ("complaint", "in_progress", dt.datetime(2024, 1, 5))
    assert TicketCounter.get_by_id("20240105").last == 5
    assert all(t.batch_id == outcome.batch for t in Ticket.select())
    undo_batch(outcome.batch)
    assert Ticket.select().count() == 0 and Contact.select().count() == 1


def test_tickets_may_create_missing_customers(db, tmp_path: Path) -> None:
    rows = [["", "", "新客户甲", "王五", "13712345678", "电话", "故障", "坏了", "一般", "2024-03-01 10:00", "", "",
             "", "", "", "", "", "", ""],
            ["", "", "新客户甲", "王五", "13712345678", "电话", "故障", "又坏了", "一般", "2024-03-02 10:00", "", "",
             "", "", "", "", "", "", ""]]
    path = write_xlsx(tmp_path / "t.xlsx", TICKET_HEADER, rows)
    assert preview(path, "tickets").counts["error"] == 2
    result = preview(path, "tickets", create_missing_customers=True)
    assert result.counts["new"] == 2 and "将新建客户“新客户甲”" in result.rows[0].reasons
    outcome = commit(result)
    customer = Customer.get(Customer.name == "新客户甲")
    assert customer.batch_id == outcome.batch and customer.contacts.count() == 1
    assert {t.contact.name for t in Ticket.select()} == {"王五"}
    clause, params = search.match_clause("新客户")
    assert raw_sql(f"SELECT count(*) FROM customer WHERE {clause}", params).fetchone()[0] == 1


def test_interactions_keep_time_and_staff_name_and_are_not_authored_by_the_importer(db, tmp_path: Path) -> None:
    chen = staff.add("陈静")
    me = staff.add("导入员")
    staff.set_current_operator(me.id)
    customer_id = existing()
    code = Customer.get_by_id(customer_id).code
    header = ["客户编号", "互动时间", "互动方式", "沟通内容摘要", "客户反馈", "下一步计划", "跟进人"]
    rows = [[code, "2023-06-01 14:30", "电话", "回访使用情况", "满意", "下月拜访", "陈静"],
            [code, dt.datetime(2023, 7, 1, 9), "拜访", "现场培训", "", "", "已离职的老王"],
            [code, "2023-06-01 14:30", "电话", "回访使用情况", "", "", ""],
            [code, "2023-08-01", "飞鸽传书", "?", "", "", ""]]
    result = preview(write_xlsx(tmp_path / "i.xlsx", header, rows))
    assert result.kind == "interactions"
    assert [r.status for r in result.rows] == ["new", "new", "duplicate", "new"]
    assert result.rows[3].warnings[0].startswith("互动方式：“飞鸽传书”不是可选值") \
        and result.rows[3].warnings[0].endswith("（按“电话”导入）")
    commit(result, operator=me)
    logged = list(Interaction.select().order_by(Interaction.at))
    assert [(i.at, i.method, i.staff_name, i.staff_id) for i in logged] == [
        (dt.datetime(2023, 6, 1, 14, 30), "phone", "陈静", chen.id),
        (dt.datetime(2023, 7, 1, 9), "visit", "已离职的老王", None),
        (dt.datetime(2023, 8, 1), "phone", "", None)]
    assert all(i.staff_id != me.id for i in logged)
    assert Customer.get_by_id(customer_id).last_contact_at == dt.datetime(2023, 8, 1)


def test_surveys_keep_dates_and_interviewers(db, tmp_path: Path) -> None:
    customer_id = existing()
    code = Customer.get_by_id(customer_id).code
    header = ["客户编号", "工单编号", "调查日期", "调查方式", "产品质量", "服务响应", "沟通效率", "专业度", "总体满意度",
              "意见建议", "回访人"]
    rows = [[code, "GD20990101-001", "2024-02-01", "电话", 5, "4分", 4.0, "满意", 5, "很好", "李晓梅"],
            [code, "", "2024-02-02", "问卷", 6, "", "", "", "", "", ""],
            [code, "", "2024-02-03", "问卷", "", "", "", "", "", "", ""]]
    result = preview(write_xlsx(tmp_path / "s.xlsx", header, rows))
    assert result.kind == "surveys"
    assert [r.status for r in result.rows] == ["new", "error", "error"]
    assert "未关联工单" in result.rows[0].reasons[0]
    assert result.rows[1].reasons == ["产品质量：评分应为1到5的整数，不是“6”"]
    assert result.rows[2].reasons == ["评分：至少需要一项1到5的评分"]
    commit(result)
    survey = Survey.get()
    assert (survey.date, survey.staff_name, survey.quality, survey.response, survey.communication,
            survey.professionalism, survey.overall, survey.ticket_id) == (
        dt.date(2024, 2, 1), "李晓梅", 5, 4, 4, 4, 5, None)


# --------------------------------------------------------------------------- encryption at rest


def test_an_encrypted_database_gets_encrypted_values_and_still_finds_duplicates(db, tmp_path: Path) -> None:
    secrets.activate(secrets.Cipher(os.urandom(32)))
    try:
        existing()
        rows = [row(name="新公司", contact="甲", mobile="13512345678", email="a@b.com"),
                row(name="另一个名字", contact="张伟", mobile="13812345678", industry="电子")]
        result = preview(write_xlsx(tmp_path / "e.xlsx", HEADER, rows), "customers")
        assert [r.status for r in result.rows] == ["new", "update"]
        commit(result)
        stored = Contact.get(Contact.name == "甲")
        assert stored.mobile.startswith(secrets.PREFIX) and stored.email.startswith(secrets.PREFIX)
        assert secrets.reveal("contact", "mobile", stored.mobile) == "13512345678"
        assert stored.mobile_key == secrets.index_keys("13512345678")[0]
    finally:
        secrets.activate(secrets.PlainCipher())


@pytest.mark.sqlite_only  # SQLite's table_info
def test_the_sql_helpers_write_every_column_in_model_order(db) -> None:
    from crmdesk.io.importing.sql import Table

    conn: sqlite3.Connection = database_proxy.connection()
    table = Table(Customer, dt.datetime(2024, 1, 1))
    columns = [r[1] for r in conn.execute("PRAGMA table_info(customer)")]
    assert table.columns == columns
    assert "'it''s'" in table.statement(["id"], {"notes": "it's"})


def test_a_gbk_csv_ledger_end_to_end_with_progress(db, tmp_path: Path) -> None:
    text = "公司名称,联系人,手机号码,合作日期,成交金额\n深圳市华强电子有限公司,张伟,138-1234-5678,2024.1.5,12.5万\n"
    path = tmp_path / "台账.csv"
    path.write_bytes(text.encode("gbk"))
    seen: list[tuple[int, int]] = []
    result = preview(path, progress=lambda done, total: seen.append((done, total)))
    assert result.kind == "customers" and result.encoding == "gb18030"
    assert seen and seen[-1][0] == seen[-1][1]
    steps: list[tuple[int, int]] = []
    outcome = commit(result, progress=lambda done, total: steps.append((done, total)))
    assert outcome.created == 1 and steps and steps[-1][0] == steps[-1][1]
    customer = Customer.get()
    assert (customer.coop_start, customer.total_order_fen) == (dt.date(2024, 1, 5), 12_500_000)


@pytest.mark.sqlite_only  # SQLite's index drop and rebuild (never on a server)
def test_bulk_load_keeps_what_the_schema_maintains(db, tmp_path: Path) -> None:
    """A big load rebuilds indexes and writes customer.primary_contact itself: same result as row by row."""
    schema_before = database_proxy.execute_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    rows = [row(name=f"公司{i}", contact=f"人{i}", mobile=f"139{i:08d}") for i in range(6000)]
    rows += [row(name="公司7", contact="第二人", mobile="13700000001")]
    commit(preview(write_xlsx(tmp_path / "bulk.xlsx", HEADER, rows), "customers"))
    conn = database_proxy.connection()
    stored = dict(conn.execute("SELECT id, primary_contact FROM customer").fetchall())
    conn.execute("UPDATE customer SET primary_contact = (SELECT name FROM contact WHERE contact.customer_id = "
                 "customer.id AND contact.is_primary = 1 AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1)")
    assert dict(conn.execute("SELECT id, primary_contact FROM customer").fetchall()) == stored
    assert Customer.get(Customer.name == "公司7").primary_contact == "人7"
    assert database_proxy.execute_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == \
        schema_before
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_new_customers_are_sealed_a_column_at_a_time_and_the_phases_are_timed(db, tmp_path: Path) -> None:
    """The bulk path (``secrets.seal_column``): every personal value sealed, empty ones left empty, the
    phone index keys those of one contact saved by hand; and the preview and commit say where the time went."""
    header = [*HEADER, "地址"]
    rows = [[*row(name="深圳市华强电子有限公司", contact="张伟", mobile="13812345678", email="zw@hq.cn"), "福田区1号"],
            [*row(name="另一家公司", contact="王五", mobile="13912345678"), ""]]
    result = preview(write_xlsx(tmp_path / "sealed.xlsx", header, rows), "customers")
    outcome = commit(result)
    assert outcome.created == 2
    raw = database_proxy.execute_sql(
        "SELECT c.address, t.mobile, t.email, t.mobile_key, t.mobile_tail FROM customer c JOIN contact t "
        "ON t.customer_id = c.id ORDER BY c.id").fetchall()
    assert raw[0][0].startswith("enc1:") and raw[0][1].startswith("enc1:") and raw[0][2].startswith("enc1:")
    assert (raw[1][0], raw[1][2]) == ("", "")  # nothing to hide: stays empty
    assert secrets.reveal("customer", "address", raw[0][0]) == "福田区1号"
    assert secrets.reveal("contact", "email", raw[0][2]) == "zw@hq.cn"
    assert [tuple(r[3:]) for r in raw] == [secrets.index_keys("13812345678"), secrets.index_keys("13912345678")]
    assert {"read", "clean", "plan"} <= set(result.timing.seconds)
    assert {"write", "index", "commit"} <= set(outcome.timing.seconds)
    # new customers are built and sealed by the helper thread beside the index fill: its CPU seconds
    assert {"beside: build", "beside: encrypt", "beside: index text"} <= set(outcome.timing.cpu)
    assert all(seconds >= 0 for seconds in result.timing.merged(outcome.timing).seconds.values())
