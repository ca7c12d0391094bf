"""Customer save service: validation, codes, change log, duplicates, tags, orders."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput, InvalidInput, OrderInput
from crmdesk.core.firm import staff
from crmdesk.core.safety import secrets
from crmdesk.core.store.models import ChangeLog, Contact, Customer, Order, RecycleBinEntry

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _input(**overrides) -> CustomerInput:
    values = {
        "name": "深圳市华强电子有限公司", "type": "customer", "importance": "A", "industry": "电子",
        "contacts": [ContactInput(name="王建国", title="采购经理", mobile="+86 138-1234-5678", is_primary=True),
                  ContactInput(name="李娜", title="设备主管", mobile="１３９００００１１１１", email="LiNa@Example.COM")],
        "orders": [OrderInput(date="2025年3月5日", product="数控机床", amount="12.5万", contract_no="HT-2025-001")],
        "tags": ["高价值", "功能定制"], "coop_start": "2023/1/5"}
    values.update(overrides)
    return CustomerInput(**values)


def test_create_normalises_and_assigns_a_code(db) -> None:
    result = customers.save(_input())
    c = Customer.get_by_id(result.customer_id)
    assert c.code == f"C{dt.date.today().year}001"
    assert c.name_norm == "深圳市华强电子"
    assert c.coop_start == dt.date(2023, 1, 5)
    assert c.total_order_fen == 125000_00
    mobiles = sorted(secrets.reveal("contact", "mobile", x.mobile) for x in Contact.select())
    assert mobiles == ["13812345678", "13900001111"]
    assert all(x.mobile.startswith("enc1:") for x in Contact.select())  # encrypted at rest
    assert secrets.reveal("contact", "email", Contact.get(Contact.name == "李娜").email) == "LiNa@example.com"
    assert Contact.get(Contact.name == "王建国").mobile_tail == secrets.index_keys("13812345678")[1]
    assert [x.is_primary for x in Contact.select().order_by(Contact.id)] == [True, False]
    assert customers.tags_of(c.id) == ["功能定制", "高价值"]
    second = customers.save(_input(name="东莞宏达", contacts=[ContactInput(name="赵六", title="老板",
                                                                       mobile="13600000000")], orders=[]))
    assert second.code == f"C{dt.date.today().year}002"


def test_every_refused_field_is_reported_and_nothing_is_saved(db) -> None:
    bad = _input(name=" ", coop_start="2024-02-30",
                 contacts=[ContactInput(name="王建国", title="", mobile="12345", is_primary=True, email="a@b")],
                 orders=[OrderInput(date="2024-01-01", amount="-5")])
    with pytest.raises(InvalidInput) as info:
        customers.save(bad)
    fields = {e.field for e in info.value.errors}
    assert {"name", "coop_start", "contacts[0].title", "contacts[0].mobile", "contacts[0].email",
            "orders[0].amount"} <= fields
    mobile = next(e for e in info.value.errors if e.field == "contacts[0].mobile")
    assert "联系人手机" in mobile.message and "11位" in mobile.reason
    assert Customer.select().count() == 0 and Contact.select().count() == 0 and Order.select().count() == 0


def test_primary_contact_needs_a_mobile_and_a_customer_needs_a_contact(db) -> None:
    with pytest.raises(InvalidInput) as info:
        customers.save(_input(contacts=[ContactInput(name="王建国", title="经理", is_primary=True)]))
    assert any("主联系人" in e.reason for e in info.value.errors)
    with pytest.raises(InvalidInput) as info:
        customers.save(_input(contacts=[]))
    assert [e.field for e in info.value.errors] == ["contacts"]


def test_duplicate_code_is_refused(db) -> None:
    customers.save(_input(code="C2024012"))
    with pytest.raises(InvalidInput) as info:
        customers.save(_input(code="c2024012", name="别的公司"))
    assert info.value.errors[0].field == "code"


def test_edit_writes_the_change_log_with_operator_and_reason(db) -> None:
    clerk = staff.add("张伟")
    manager = staff.add("刘强", "owner")
    created = customers.save(_input())
    data = customers.load(created.customer_id)
    data.importance = "B"
    data.account_manager_id = manager.id
    data.contacts[0].mobile = "13812349999"
    data.tags = ["高价值"]
    data.confidential_notes = "底价 8 折"
    customers.save(data, customer_id=created.customer_id, operator=clerk, reason="客户来电更正")
    rows = {r.field: r for r in ChangeLog.select().where(ChangeLog.reason == "客户来电更正")}
    assert rows["重要等级"].old_value == "A" and rows["重要等级"].new_value == "B"
    assert rows["客户经理"].new_value == "刘强"
    assert rows["客户标签"].old_value == "功能定制、高价值" and rows["客户标签"].new_value == "高价值"
    mobile_row = rows["联系人王建国·联系人手机"]
    assert mobile_row.old_value == "138****5678" and mobile_row.new_value == "138****9999"  # masked in the log
    assert rows["机密备注"].new_value == "（已填写，内容保密）"
    assert all(r.operator_id == clerk.id and r.operator_name == "张伟" for r in rows.values())


def test_unchanged_save_writes_no_log(db) -> None:
    created = customers.save(_input())
    before = ChangeLog.select().count()
    customers.save(customers.load(created.customer_id), customer_id=created.customer_id)
    assert ChangeLog.select().count() == before


def test_removed_contact_goes_to_the_recycle_bin(db) -> None:
    created = customers.save(_input())
    data = customers.load(created.customer_id)
    data.contacts = data.contacts[:1]
    customers.save(data, customer_id=created.customer_id)
    assert Contact.select().where(Contact.deleted_at.is_null()).count() == 1
    entry = RecycleBinEntry.get()
    assert entry.entity == "contact" and "李娜" in entry.label
    assert Contact.get(Contact.name == "王建国").is_primary


def test_order_edits_update_the_total(db) -> None:
    created = customers.save(_input())
    data = customers.load(created.customer_id)
    data.orders.append(OrderInput(date="2025-06-01", product="配件", amount="1,250.50元"))
    data.orders[0].amount = "100000"
    customers.save(data, customer_id=created.customer_id)
    assert Customer.get_by_id(created.customer_id).total_order_fen == 100000_00 + 1250_50


def test_possible_duplicates_by_name_and_by_mobile(db) -> None:
    first = customers.save(_input())
    hits = customers.possible_duplicates("深圳市华强（电子）股份有限公司", [])
    assert [(h.id, h.reason) for h in hits] == [(first.customer_id, "name")]
    hits = customers.possible_duplicates("完全不同的名字", ["138 1234 5678"])
    assert [(h.id, h.reason) for h in hits] == [(first.customer_id, "mobile")]
    assert customers.possible_duplicates("深圳市华强电子有限公司", [], exclude_id=first.customer_id) == []
    assert customers.possible_duplicates("别的公司", ["13700000000"]) == []


def test_split_tags_accepts_chinese_separators() -> None:
    assert customers.split_tags("高价值，功能定制、售后响应;高价值 新客户") == ["高价值", "功能定制", "售后响应", "新客户"]


def test_a_required_value_missing_since_the_import_never_blocks_an_unrelated_edit(db) -> None:
    """Defect 8 of #14 (its non-import half). An imported customer whose contacts have no 职务:
    张三 (primary, mobile 13812345678) and 李四 (no mobile either). Adding 李四's mobile is saved
    and both stay without 职务 — reported as marks and in the data-health counts, not refused.
    Clearing a value that was there, or typing a new contact without 职务, is still refused."""
    from crmdesk.core.reports import quality as kpi_quality
    from crmdesk.core.store.models import ImportBatch

    batch = ImportBatch.create(kind="customers", file_name="老台账.xlsx")
    cid = Customer.create(code="C2019001", name="旧台账五金厂", name_norm="旧台账五金", type="", importance="",
                          batch=batch).id
    zhang = Contact.create(customer=cid, name="张三", title="", mobile=secrets.seal("contact", {
        "mobile": "13812345678"})["mobile"], is_primary=True, batch=batch)
    li = Contact.create(customer=cid, name="李四", title="", batch=batch)
    bare = Customer.create(code="C2019002", name="无联系人商行", name_norm="无联系人商行", type="customer",
                           importance="B", batch=batch).id
    assert customers.contact_gaps(cid) == {zhang.id: ["职务未填"], li.id: ["职务未填"]}

    data = customers.load(cid)
    assert (data.type, data.importance) == ("", "")  # the ledger held neither: they may stay empty
    data.contacts[1].mobile = "139 0000 2222"
    customers.save(data, customer_id=cid)
    assert secrets.reveal("contact", "mobile", Contact.get_by_id(li.id).mobile) == "13900002222"
    assert [Contact.get_by_id(x).title for x in (zhang.id, li.id)] == ["", ""]
    assert customers.contact_gaps(cid) == {zhang.id: ["职务未填"], li.id: ["职务未填"]}

    renamed = customers.load(bare)  # no contact at all since the import: renaming it is allowed
    renamed.name = "无联系人商行（城东店）"
    customers.save(renamed, customer_id=bare)
    assert Customer.get_by_id(bare).name == "无联系人商行（城东店）"

    cleared = customers.load(cid)
    cleared.contacts[0].mobile = ""  # the primary mobile was there: clearing it is not unrelated
    with pytest.raises(InvalidInput, match="主联系人的手机号码必填"):
        customers.save(cleared, customer_id=cid)
    typed = customers.load(cid)
    typed.contacts.append(ContactInput(name="王五", mobile="13700001111"))  # typed in now: 职务 required
    with pytest.raises(InvalidInput, match="联系人职务必填"):
        customers.save(typed, customer_id=cid)
    assert Contact.select().where(Contact.customer == cid).count() == 2  # nothing half-saved

    contact_title = kpi_quality.contact_missing()[0]
    assert (contact_title.missing, contact_title.total) == (2, 2)
    by_key = {m.key: m for m in kpi_quality.missing_fields()}
    assert (by_key["title"].missing, by_key["title"].total) == (2, 2)  # 张三 (primary) and the contactless one
    assert kpi_quality.health().contact_fields == [contact_title]
