"""Tests of crmdesk.core.customers.merge: duplicate groups, merge and its exact undo (docs/spec.md §2)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crmdesk.core.customers import lifecycle, merge
from crmdesk.core.customers.registry import RegistryQuery, customer_ids
from crmdesk.core.customers.service import ContactInput, CustomerInput, OrderInput, save, tags_of
from crmdesk.core.store import db as store
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import (
    ChangeLog,
    Contact,
    Customer,
    FollowUp,
    Interaction,
    MergeRecord,
    Staff,
    Survey,
    Ticket,
)

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

TABLES = (*merge.CHILD_TABLES, "customer_tag")


def make(name: str, *, contact: str = "张三", mobile: str = "13800138000", **fields) -> int:
    contacts = fields.pop("contacts", None) or [ContactInput(name=contact, title="经理", mobile=mobile,
                                                             is_primary=True)]
    return save(CustomerInput(name=name, contacts=contacts, **fields)).customer_id


def rows(db, table: str, where: str, params) -> dict[int, dict]:
    cursor = store.sql(f"SELECT * FROM {table} WHERE {where} ORDER BY id", list(params))
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}


def snapshot(db, *ids: int) -> dict[str, dict[int, dict]]:
    marks = ",".join("?" * len(ids))
    shot = {"customer": rows(db, "customer", f"id IN ({marks})", ids)}
    for table in TABLES:
        shot[table] = rows(db, table, f"customer_id IN ({marks})", ids)
    return shot


STAMP = ("version", "updated_by", "updated_at")  # every write of a versioned row sets them (core.store.versions)


def unstamped(shot: dict[str, dict[int, dict]]) -> dict[str, dict[int, dict]]:
    """A snapshot without the columns a write's version stamp sets."""
    return {table: {i: {k: v for k, v in row.items() if k not in STAMP} for i, row in found.items()}
            for table, found in shot.items()}


def count(db, table: str, customer_id: int) -> int:
    return store.sql(f"SELECT count(*) FROM {table} WHERE customer_id = ?", [customer_id]).fetchone()[0]


def add_children(customer_id: int, n: int, day: int) -> None:
    contact = Contact.get((Contact.customer == customer_id) & Contact.is_primary)
    for i in range(n):
        Ticket.create(number=f"GD202601{day:02d}-{i + 1:03d}", customer=customer_id, contact=contact)
        Interaction.create(customer=customer_id, contact=contact, at=dt.datetime(2026, 1, day, 10 + i))
        FollowUp.create(customer=customer_id, contact=contact, due_at=dt.datetime(2026, 2, day, 9))
        Survey.create(customer=customer_id, date=dt.date(2026, 1, day), overall=4)


@pytest.fixture
def pair(db):
    """A kept customer and its duplicate, each with contacts, orders, tags and every kind of child."""
    manager = Staff.create(name="赵经理")
    kept = make("深圳市华强电子有限公司", industry="电子", tags=["高价值"], contacts=[
        ContactInput(name="张三", title="经理", mobile="13800138000", is_primary=True),
        ContactInput(name="李四", title="采购", mobile="13800138001")],
        orders=[OrderInput(date="2025-03-01", product="设备A", amount="1000")])
    merged = make("深圳市华强（电子）股份有限公司", industry="机械", region="深圳", address="南山区1号",
                  account_manager_id=manager.id, coop_start="2023-05-01", notes="老客户",
                  tags=["高价值", "功能定制"], contacts=[
                      ContactInput(name="王五", title="总经理", mobile="13900139000", is_primary=True)],
                  orders=[OrderInput(date="2025-06-01", product="设备B", amount="2500.50"),
                          OrderInput(date="2025-07-01", product="配件", amount="99")])
    add_children(kept, 1, 5)
    add_children(merged, 2, 6)
    Customer.update(last_contact_at=dt.datetime(2026, 1, 20, 15)).where(Customer.id == merged).execute()
    return kept, merged


# ---------------------------------------------------------------- duplicate groups


def test_duplicate_groups_by_name_and_mobile(db):
    a = make("深圳市华强电子有限公司", mobile="13800138000")
    b = make("深圳市华强（电子）股份有限公司", mobile="13800138001")
    c = make("广州白云贸易有限公司", mobile="13900139000")
    d = make("佛山顺德五金厂", mobile="13900139000")
    gone = make("深圳市华强电子 有限公司", mobile="13700137000")
    lifecycle.delete_customer(gone)
    make("东莞长安模具厂", mobile="13600136000")

    groups = merge.duplicate_groups()
    by_reason = {(g.reason, g.key): [cid for cid, _, _ in g.customers] for g in groups}
    from crmdesk.core.safety import secrets

    assert by_reason == {("name", "深圳市华强电子"): [a, b], ("mobile", secrets.index_keys("13900139000")[0]): [c, d]}
    mobile_group = next(g for g in groups if g.reason == "mobile")
    assert mobile_group.label == "139****9000"
    assert mobile_group.customers[0][1:] == (Customer.get_by_id(c).code, "广州白云贸易有限公司")
    assert len(merge.duplicate_groups(limit=1)) == 1

    merge.merge(a, b)
    assert [g.reason for g in merge.duplicate_groups()] == ["mobile"]


def test_deleted_contacts_do_not_make_duplicates(db):
    make("广州白云贸易有限公司", mobile="13900139000")
    other = make("佛山顺德五金厂", contacts=[
        ContactInput(name="甲", title="经理", mobile="13800138000", is_primary=True),
        ContactInput(name="乙", title="经理", mobile="13900139000")])
    lifecycle.delete_contact(Contact.get((Contact.customer == other) & (Contact.name == "乙")).id)
    assert merge.duplicate_groups() == []


# ---------------------------------------------------------------- merge


def test_merge_keeps_everything_of_both(db, pair):
    kept, merged = pair
    clerk = Staff.create(name="王客服")
    before = {table: (count(db, table, kept), count(db, table, merged)) for table in merge.CHILD_TABLES}
    kept_code, merged_code = Customer.get_by_id(kept).code, Customer.get_by_id(merged).code

    result = merge.merge(kept, merged, operator=clerk, reason="同一家公司")
    assert result.changes.customers and result.changes.customer_ids == {kept, merged}
    for table, (k, m) in before.items():
        if table == "change_log":  # plus the merge rows written on both and the filled-field rows on kept
            assert count(db, table, merged) == 1
            assert count(db, table, kept) > k + m
        else:
            assert (count(db, table, kept), count(db, table, merged)) == (k + m, 0), table

    k, m = Customer.get_by_id(kept), Customer.get_by_id(merged)
    assert k.industry == "电子"  # never overwritten
    from crmdesk.core.safety import secrets

    assert (k.region, secrets.reveal("customer", "address", k.address), k.notes, k.coop_start) == (
        "深圳", "南山区1号", "老客户", dt.date(2023, 5, 1))
    assert k.account_manager.name == "赵经理"
    assert k.total_order_fen == 100000 + 250050 + 9900
    assert k.last_contact_at == dt.datetime(2026, 1, 20, 15)
    assert (m.merged_into_id, m.status, m.total_order_fen) == (kept, "archived", 0)
    assert sorted(tags_of(kept)) == ["功能定制", "高价值"]
    primaries = [c.name for c in Contact.select().where((Contact.customer == kept) & Contact.is_primary)]
    assert primaries == ["张三"]

    kept_log = ChangeLog.get((ChangeLog.customer == kept) & (ChangeLog.field == "合并"))
    merged_log = ChangeLog.get((ChangeLog.customer == merged) & (ChangeLog.field == "合并"))
    assert (kept_log.new_value, kept_log.reason, kept_log.operator_name) == (f"合并了 {merged_code}", "同一家公司",
                                                                              "王客服")
    assert merged_log.new_value == f"合并入 {kept_code}"
    filled = {r.field: r.new_value for r in ChangeLog.select().where(
        (ChangeLog.customer == kept) & ChangeLog.reason.startswith("合并"))}
    assert filled["所在地区"] == "深圳" and filled["客户经理"] == "赵经理" and "所属行业" not in filled

    payload = json.loads(MergeRecord.get_by_id(result.merge_id).payload)
    assert payload["filled"] == sorted(["region", "address", "account_manager_id", "coop_start", "notes"])
    assert len(payload["moved"]["ticket"]) == 2 and len(payload["moved"]["contact"]) == 1

    assert customer_ids(RegistryQuery()) == [kept]
    assert customer_ids(RegistryQuery(text="王五")) == [kept]  # the moved contact is searchable
    assert customer_ids(RegistryQuery(text="功能定制")) == [kept]


def test_merge_refusals(db, pair):
    kept, merged = pair
    with pytest.raises(KnownError):
        merge.merge(kept, kept)
    third = make("广州白云贸易有限公司", mobile="13700137000")
    lifecycle.delete_customer(third)
    with pytest.raises(KnownError):
        merge.merge(kept, third)
    merge.merge(kept, merged)
    fourth = make("佛山顺德五金厂", mobile="13600136000")
    with pytest.raises(KnownError):
        merge.merge(fourth, merged)  # already merged
    with pytest.raises(KnownError):
        merge.merge(merged, fourth)
    with pytest.raises(KnownError):
        merge.merge(kept, 9999)
    assert MergeRecord.select().count() == 1


def test_undo_restores_both_exactly(db, pair):
    kept, merged = pair
    before = snapshot(db, kept, merged)
    result = merge.merge(kept, merged)
    assert snapshot(db, kept, merged) != before

    merged_state = snapshot(db, kept, merged)
    changes = merge.undo_merge(result.merge_id)
    assert changes.customer_ids == {kept, merged}
    stamped = snapshot(db, kept, merged)
    # the merge and its undo raised the version of every row they wrote (a form opened before either conflicts)
    for table in ("contact", "ticket"):
        moved = [i for i, row in before[table].items() if merged_state[table][i]["customer_id"] != row["customer_id"]]
        assert moved and all(stamped[table][i]["version"] >= before[table][i]["version"] + 2 for i in moved), table
    assert [stamped["customer"][i]["version"] - before["customer"][i]["version"] for i in (kept, merged)] == [2, 2]
    before, after = unstamped(before), unstamped(stamped)
    assert after["customer"] == before["customer"]
    for table in TABLES:
        if table == "change_log":  # the history keeps the merge and its undo, every older row is as it was
            assert {i: r for i, r in after[table].items() if i in before[table]} == before[table]
            added = [r for i, r in after[table].items() if i not in before[table]]
            kept_code, merged_code = before["customer"][kept]["code"], before["customer"][merged]["code"]
            assert sorted((r["customer_id"], r["new_value"]) for r in added if r["field"] == "合并") == sorted([
                (kept, f"合并了 {merged_code}"), (merged, f"合并入 {kept_code}"),
                (kept, "已撤销合并"), (merged, "已撤销合并")])
        else:
            assert after[table] == before[table], table
    assert customer_ids(RegistryQuery()) == sorted([kept, merged])
    assert customer_ids(RegistryQuery(text="王五")) == [merged]
    assert MergeRecord.get_by_id(result.merge_id).undone_at is not None

    with pytest.raises(KnownError):
        merge.undo_merge(result.merge_id)
    with pytest.raises(KnownError):
        merge.undo_merge(9999)


def test_undo_leaves_later_edits_alone(db, pair):
    kept, merged = pair
    result = merge.merge(kept, merged)
    Customer.update(region="广州").where(Customer.id == kept).execute()
    merge.undo_merge(result.merge_id)
    k = Customer.get_by_id(kept)
    assert k.region == "广州"  # edited after the merge: kept
    assert k.address == "" and k.account_manager_id is None  # filled by the merge: emptied again
    assert k.total_order_fen == 100000


def test_merge_again_after_undo_and_history(db, pair):
    kept, merged = pair
    first = merge.merge(kept, merged)
    merge.undo_merge(first.merge_id)
    second = merge.merge(merged, kept)  # the other way round this time
    assert Customer.get_by_id(kept).merged_into_id == merged
    assert [r.id for r in merge.merges(kept)] == [second.merge_id, first.merge_id]
    assert [r.id for r in merge.merges()] == [second.merge_id, first.merge_id]
    other = make("广州白云贸易有限公司", mobile="13700137000")
    assert merge.merges(other) == []


def test_undo_refused_when_the_kept_customer_was_merged_on(db, pair):
    kept, merged = pair
    first = merge.merge(kept, merged)
    third = make("广州白云贸易有限公司", mobile="13700137000")
    merge.merge(third, kept)
    with pytest.raises(KnownError):
        merge.undo_merge(first.merge_id)
