"""Tests of crmdesk.core.customers.lifecycle: archive, recycle bin, purge and erasure (docs/spec.md §2)."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.customers import lifecycle
from crmdesk.core.customers.registry import RegistryQuery, customer_ids
from crmdesk.core.customers.service import ContactInput, CustomerInput, OrderInput, load, save
from crmdesk.core.firm import settings
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import (
    AuditLog,
    ChangeLog,
    Contact,
    Customer,
    FollowUp,
    Interaction,
    MergeRecord,
    RecycleBinEntry,
    Staff,
    Survey,
    Ticket,
)

TODAY = dt.date.today()


def make(name: str, *, contact: str = "张三", mobile: str = "13800138000", **fields) -> int:
    contacts = fields.pop("contacts", None) or [ContactInput(name=contact, title="经理", mobile=mobile,
                                                             is_primary=True)]
    return save(CustomerInput(name=name, contacts=contacts, **fields)).customer_id


def make_old(name: str, tier: str = "dormant", days: int = 800, **fields) -> int:
    cid = make(name, **fields)
    created = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(9))
    Customer.update(tier=tier, created_at=created).where(Customer.id == cid).execute()
    return cid


def listed(db, **kw) -> list[int]:
    return customer_ids(RegistryQuery(**kw))


def raw(db, sql: str, params=()) -> list[dict]:
    cursor = db.execute_sql(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


# ---------------------------------------------------------------- archive


def test_archive_candidates_by_last_cooperation(db):
    old_order = TODAY - dt.timedelta(days=400)
    by_order = make_old("老订单客户", orders=[OrderInput(date=old_order.isoformat(), product="X", amount="100")])
    by_interaction = make_old("近期互动客户", mobile="13800138001")
    Interaction.create(customer=by_interaction, at=dt.datetime.combine(TODAY - dt.timedelta(days=100), dt.time(10)))
    recent_coop = make_old("新合作客户", mobile="13800138002",
                           coop_start=(TODAY - dt.timedelta(days=200)).isoformat())
    make_old("普通客户", tier="ordinary", mobile="13800138003")
    archived = make_old("已归档客户", mobile="13800138004")
    Customer.update(status="archived").where(Customer.id == archived).execute()
    make_old("新建的休眠客户", days=10, mobile="13800138005")
    untouched = make_old("从无往来客户", mobile="13800138006")

    fresh = Customer.get(Customer.name == "新建的休眠客户").id

    found = lifecycle.archive_candidates(TODAY)
    # without any date of their own first (they never cooperated), then the oldest cooperation
    assert [row[0] for row in found] == [*sorted([untouched, fresh], key=lambda cid: Customer.get_by_id(cid).code), by_order]
    assert found[2][1:] == (Customer.get_by_id(by_order).code, "老订单客户", old_order)
    assert found[0][3] is None and found[1][3] is None  # the record's creation is not cooperation

    settings.put("archive_after_days", 90)
    ids = {row[0] for row in lifecycle.archive_candidates(TODAY)}
    assert by_interaction in ids and recent_coop in ids
    assert {row[0] for row in lifecycle.archive_candidates(TODAY - dt.timedelta(days=400))} == {untouched, fresh}


def test_archive_proposal_uses_the_customers_own_dates_not_the_import_date(db):
    """Defect 4 of #14: an old ledger imported yesterday. Its customer last ordered on 2019-05-01
    and started cooperating on 2018-03-01; the record was created yesterday by the import. It is
    tiered 休眠 (nothing for 365 days while known since 2018) and, with the default threshold of
    365 days, proposed for the archive with its last cooperation 2019-05-01 — not yesterday."""
    from crmdesk.core.customers import tiers
    from crmdesk.core.store.models import ImportBatch

    today = dt.date(2026, 11, 20)
    batch = ImportBatch.create(kind="customers", file_name="老客户台账.xlsx")
    cid = make("旧台账客户", coop_start="2018-03-01",
               orders=[OrderInput(date="2019-05-01", product="包装机", amount="8万")])
    imported = dt.datetime(2026, 11, 19, 15, 30)  # the import date
    Customer.update(created_at=imported, batch=batch).where(Customer.id == cid).execute()
    recent = make("近期订单客户", mobile="13800138010", coop_start="2018-03-01",
                  orders=[OrderInput(date="2026-01-10", product="配件", amount="1000")])
    Customer.update(created_at=imported, batch=batch).where(Customer.id == recent).execute()

    tiers.recompute(today)
    assert Customer.get_by_id(cid).tier == "dormant"  # 2019-05-01 is 2,760 days before 2026-11-20
    assert Customer.get_by_id(recent).tier == "ordinary"  # ordered 314 days ago
    found = lifecycle.archive_candidates(today)
    assert [(row[0], row[3]) for row in found] == [(cid, dt.date(2019, 5, 1))]
    # 2019-05-01 + 365 days = 2020-04-30 (2020 is a leap year): proposed from that day, not the day before
    settings.put("archive_after_days", 365)
    assert lifecycle.archive_candidates(dt.date(2020, 4, 29)) == []
    assert [row[0] for row in lifecycle.archive_candidates(dt.date(2020, 4, 30))] == [cid]


def test_archive_and_restore_flip_status_and_visibility(db):
    clerk = Staff.create(name="王客服")
    cid = make("深圳市华强电子有限公司")
    other = make("广州白云贸易有限公司", mobile="13900139000")
    assert listed(db) == [cid, other]

    changes = lifecycle.archive([cid], operator=clerk, reason="一年未合作")
    assert changes.customers and changes.customer_ids == {cid}
    c = Customer.get_by_id(cid)
    assert c.status == "archived" and c.archived_at is not None
    assert listed(db) == [other]
    assert listed(db, include_archived=True) == [cid, other]
    assert listed(db, text="华强", include_archived=True) == [cid]
    log = ChangeLog.select().where((ChangeLog.customer == cid) & (ChangeLog.field == "归档")).get()
    assert (log.old_value, log.new_value, log.reason, log.operator_name) == ("正常", "已归档", "一年未合作", "王客服")

    assert lifecycle.archive([cid]).customer_ids == set()  # already archived: nothing to do

    changes = lifecycle.restore_archived([cid], operator=clerk)
    assert changes.customer_ids == {cid}
    c = Customer.get_by_id(cid)
    assert c.status == "active" and c.archived_at is None
    assert listed(db) == [cid, other]
    assert ChangeLog.select().where((ChangeLog.customer == cid) & (ChangeLog.field == "恢复")).count() == 1


# ---------------------------------------------------------------- recycle bin


def test_delete_customer_hides_it_until_restored(db):
    cid = make("深圳市华强电子有限公司")
    code = Customer.get_by_id(cid).code
    changes = lifecycle.delete_customer(cid)
    assert changes.customers and changes.customer_ids == {cid}
    assert listed(db, include_archived=True) == []
    assert Customer.get_by_id(cid).deleted_at is not None

    [item] = recycle_bin.recycle_bin()
    assert (item.entity, item.entity_id, item.label, item.days_left) == ("customer", cid, f"{code} 深圳市华强电子有限公司", 30)
    assert recycle_bin.recycle_bin("contact") == []
    assert recycle_bin.recycle_bin(today=TODAY + dt.timedelta(days=12))[0].days_left == 18
    with pytest.raises(KnownError):
        lifecycle.delete_customer(cid)

    recycle_bin.restore_from_bin(item.id)
    assert listed(db) == [cid]
    assert Customer.get_by_id(cid).deleted_at is None
    assert recycle_bin.recycle_bin() == []
    fields = [r.field for r in ChangeLog.select().where(ChangeLog.customer == cid).order_by(ChangeLog.id)]
    assert fields[-2:] == ["删除", "恢复"]
    with pytest.raises(KnownError):
        recycle_bin.restore_from_bin(item.id)


def _with_children(name: str, mobile: str) -> int:
    cid = make(name, mobile=mobile, orders=[OrderInput(date="2024-03-01", product="设备", amount="1000")])
    contact = Contact.get(Contact.customer == cid)
    Ticket.create(number=f"GD20260101-{cid:03d}", customer=cid, contact=contact)
    Interaction.create(customer=cid, contact=contact)
    FollowUp.create(customer=cid, due_at=dt.datetime(2026, 1, 5, 9))
    Survey.create(customer=cid, date=dt.date(2026, 1, 6), overall=5)
    return cid


def test_purge_after_the_keeping_period_only(db):
    gone = _with_children("深圳市华强电子有限公司", "13800138000")
    kept = _with_children("广州白云贸易有限公司", "13900139000")
    lifecycle.delete_contact(Contact.get(Contact.customer == gone).id)
    lifecycle.delete_customer(gone)
    assert recycle_bin.purge_expired(TODAY + dt.timedelta(days=30)) == 0
    assert Customer.get_or_none(Customer.id == gone) is not None
    assert len(recycle_bin.recycle_bin()) == 2

    assert recycle_bin.purge_expired(TODAY + dt.timedelta(days=31)) == 2
    assert Customer.get_or_none(Customer.id == gone) is None
    for table in ("contact", "customer_order", "ticket", "interaction", "follow_up", "survey", "change_log"):
        assert db.execute_sql(f"SELECT count(*) FROM {table} WHERE customer_id = ?", [gone]).fetchone()[0] == 0
        assert db.execute_sql(f"SELECT count(*) FROM {table} WHERE customer_id = ?", [kept]).fetchone()[0] > 0
    for index in ("customer_fts", "customer_bigram"):
        assert db.execute_sql(f"SELECT rowid FROM {index}").fetchall() == [(kept,)]
    assert RecycleBinEntry.select().count() == 0
    assert recycle_bin.purge_expired(TODAY + dt.timedelta(days=365)) == 0


def test_delete_contact_hands_primary_on_and_restores(db):
    cid = make("深圳市华强电子有限公司", contacts=[
        ContactInput(name="张三", title="经理", mobile="13800138000", is_primary=True),
        ContactInput(name="李四", title="采购", mobile="13800138001", has_left=True),
        ContactInput(name="王五", title="工程师", mobile="13800138002"),
    ])
    code = Customer.get_by_id(cid).code
    ids = {c.name: c.id for c in Contact.select().where(Contact.customer == cid)}
    assert listed(db, text="张三") == [cid]

    changes = lifecycle.delete_contact(ids["张三"])
    assert changes.contacts and changes.customer_ids == {cid}
    primaries = [c.name for c in Contact.select().where((Contact.customer == cid) & Contact.is_primary
                                                        & Contact.deleted_at.is_null())]
    assert primaries == ["王五"]  # the oldest contact still at the firm, not the one who left
    assert [c.name for c in load(cid).contacts] == ["王五", "李四"]
    assert listed(db, text="张三") == []
    [item] = recycle_bin.recycle_bin("contact")
    assert item.label == f"联系人 张三（{code} 深圳市华强电子有限公司）"

    recycle_bin.restore_from_bin(item.id)
    restored = Contact.get_by_id(ids["张三"])
    assert restored.deleted_at is None and not restored.is_primary  # 王五 stays primary
    assert listed(db, text="张三") == [cid]


def test_restoring_the_only_contact_makes_it_primary(db):
    cid = make("深圳市华强电子有限公司")
    contact_id = Contact.get(Contact.customer == cid).id
    lifecycle.delete_contact(contact_id)
    assert not Contact.get_by_id(contact_id).is_primary
    recycle_bin.restore_from_bin(recycle_bin.recycle_bin()[0].id)
    assert Contact.get_by_id(contact_id).is_primary


def test_purge_of_a_contact_keeps_the_customer_and_anonymises_tickets(db):
    cid = _with_children("深圳市华强电子有限公司", "13800138000")
    contact_id = Contact.get(Contact.customer == cid).id
    lifecycle.delete_contact(contact_id)
    assert recycle_bin.purge_expired(TODAY + dt.timedelta(days=31)) == 1
    assert Contact.get_or_none(Contact.id == contact_id) is None
    assert Ticket.get(Ticket.customer == cid).contact_id is None
    assert Customer.get_by_id(cid).deleted_at is None


def test_every_domain_registers_its_kinds_with_the_bin():
    from crmdesk.core import domains

    assert domains.REGISTERING
    assert set(recycle_bin.KINDS) >= {"customer", "contact", "ticket", "followup"}
    for kind in recycle_bin.KINDS.values():
        assert hasattr(kind.model, "deleted_at")


# ---------------------------------------------------------------- erasure


@pytest.mark.parametrize("name, person", [
    ("李娜", True), ("欧阳娜娜", True), ("张三丰", True),
    ("华强电子", False), ("李记五金店", False), ("王氏工作室", False), ("深圳市华强电子有限公司", False),
    ("Li Na", False), ("李", False),
])
def test_looks_like_person(name, person):
    assert lifecycle.looks_like_person(name) is person


SECRETS = ["李娜", "13812345678", "138****5678", "0755-12345678", "lina@example.com", "lina_wx",
           "1990-05-01", "南山区科技园1号", "保密的折扣", "喜欢下午来电", "13912345678", "139****5678", "赵六"]


def _person_customer() -> int:
    cid = make("李娜", address="南山区科技园1号", confidential_notes="保密的折扣", notes="喜欢下午来电", contacts=[
        ContactInput(name="李娜", title="本人", mobile="13812345678", phone="0755-12345678",
                     email="lina@example.com", wechat="lina_wx", birthday="1990-05-01", is_primary=True)])
    data = load(cid)
    data.contacts[0].mobile = "13912345678"
    data.contacts.append(ContactInput(name="赵六", title="家属", mobile="13700137000"))
    save(data, customer_id=cid, reason="换号")
    return cid


def _all_text(db) -> str:
    """Every stored value, with encrypted ones decrypted: erasure must leave nothing to decrypt either."""
    from crmdesk.core.safety import secrets

    def clear(table: str, column: str, value: object) -> str:
        if isinstance(value, str) and value.startswith(secrets.PREFIX):
            return secrets.reveal(table, column, value)
        return str(value)

    return " ".join(" ".join(clear(table, column, v) for column, v in row.items())
                    for table in ("customer", "contact", "change_log", "recycle_bin_entry", "audit_log",
                                  "customer_fts")
                    for row in raw(db, f"SELECT * FROM {table}"))


def test_erasure_wipes_every_personal_field(db):
    clerk = Staff.create(name="王客服")
    cid = _person_customer()
    code = Customer.get_by_id(cid).code
    contact_ids = [c.id for c in Contact.select().where(Contact.customer == cid)]
    lifecycle.delete_contact(contact_ids[1])  # a contact in the bin is wiped as well
    ticket = Ticket.create(number="GD20260101-001", customer=cid, contact=contact_ids[0], description="打印机卡纸")
    Interaction.create(customer=cid, contact=contact_ids[0], summary="电话沟通")
    other = make("深圳市华强电子有限公司", contact="钱七", mobile="13600136000", address="福田区1号")

    before = _all_text(db)  # the data holds every secret (the replaced number only masked, in the log)
    assert [secret for secret in SECRETS if secret not in before] == ["13812345678"]
    changes = lifecycle.erase_personal_data(cid, clerk, "客户来电要求删除")
    assert changes.customers and changes.customer_ids == {cid}

    [customer] = raw(db, "SELECT * FROM customer WHERE id = ?", [cid])
    assert (customer["name"], customer["address"], customer["confidential_notes"], customer["notes"]) == (
        f"（已删除）{code}", "", "", "")
    assert customer["erased_at"] is not None
    for contact in raw(db, "SELECT * FROM contact WHERE customer_id = ?", [cid]):
        assert contact["name"] == "（已删除）"
        for column in ("mobile", "mobile_key", "mobile_tail", "phone", "email", "wechat", "birthday"):
            assert contact[column] == "", column
    [kept_ticket] = raw(db, "SELECT * FROM ticket WHERE id = ?", [ticket.id])
    assert kept_ticket["contact_id"] is None and kept_ticket["description"] == "打印机卡纸"
    assert raw(db, "SELECT contact_id FROM interaction WHERE customer_id = ?", [cid]) == [{"contact_id": None}]

    text = _all_text(db)
    for secret in SECRETS:
        assert secret not in text, secret
    assert "钱七" in text and "福田区1号" in text  # another customer is untouched
    assert Customer.get_by_id(other).erased_at is None

    erase_log = ChangeLog.get((ChangeLog.customer == cid) & (ChangeLog.field == "个人信息删除"))
    assert (erase_log.reason, erase_log.operator_name) == ("客户来电要求删除", "王客服")
    [audit] = AuditLog.select().where(AuditLog.action == "erase")
    assert (audit.entity, audit.entity_id, audit.operator_id) == ("customer", cid, clerk.id)
    assert ChangeLog.select().where(ChangeLog.customer == cid).count() > 5  # the history itself is kept
    assert listed(db, text="李娜") == [] and listed(db, text="5678") == []
    assert listed(db, text=code) == [cid]

    with pytest.raises(KnownError):
        lifecycle.erase_personal_data(cid, clerk, "再次删除")


def test_erasure_keeps_a_company_name_and_needs_a_reason(db):
    cid = make("深圳市华强电子有限公司", contact="李娜", address="南山区科技园1号")
    with pytest.raises(KnownError):
        lifecycle.erase_personal_data(cid, None, " ")
    assert Customer.get_by_id(cid).erased_at is None
    lifecycle.erase_personal_data(cid, None, "客户申请")
    customer = Customer.get_by_id(cid)
    assert customer.name == "深圳市华强电子有限公司" and customer.address == ""
    assert listed(db, text="华强") == [cid]


def test_erasure_scrubs_merge_records(db):
    from crmdesk.core.customers import merge

    kept = make("深圳市华强电子有限公司")
    other = make("深圳市华强电子股份有限公司", mobile="13900139000", address="南山区科技园1号",
                 confidential_notes="保密的折扣")
    sealed_address = Customer.get_by_id(other).address  # stored encrypted
    assert sealed_address.startswith("enc1:")
    result = merge.merge(kept, other)
    assert sealed_address in MergeRecord.get_by_id(result.merge_id).payload
    lifecycle.erase_personal_data(kept, None, "客户申请")
    payload = MergeRecord.get_by_id(result.merge_id).payload
    assert sealed_address not in payload and "保密的折扣" not in payload
    merge.undo_merge(result.merge_id)  # still undoable; the wiped fields stay empty
    assert Customer.get_by_id(kept).address == ""
