"""Custom fields: definitions, typed values with field-named refusals, the change log, encryption,
hiding and restoring, search, the registry's filters and sorting, erasure and merge."""

from __future__ import annotations

import pytest

from crmdesk.core.customers import lifecycle, merge, registry
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.customers.service import ContactInput, CustomerInput, InvalidInput
from crmdesk.core.customfields import admin, fields, filters, values
from crmdesk.core.customfields.filters import CustomFilter
from crmdesk.core.safety import secrets
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import AuditLog, ChangeLog, Customer, CustomValue

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def _customer(name: str, custom: dict[int, str] | None = None, **extra) -> int:
    return customers.save(CustomerInput(
        name=name, type="customer", custom=custom or {},
        contacts=[ContactInput(name="王建国", title="经理", mobile=f"138{abs(hash(name)) % 10**8:08d}",
                               is_primary=True)], **extra)).customer_id


@pytest.fixture
def dealer(db):
    field, _changes = admin.add("customer", "经销商", "choice", choices=["华东一部", "华南二部", "西北三部"])
    return field


@pytest.fixture
def accepted(db):
    return admin.add("customer", "验收日期", "date")[0]


def test_definitions_are_checked_and_ordered(db, dealer, accepted) -> None:
    assert [f.label for f in fields.fields("customer")] == ["经销商", "验收日期"]
    with pytest.raises(ValidationError, match="已有名为“经销商”"):
        admin.add("customer", "经销商", "text")
    with pytest.raises(ValidationError, match="内置字段"):
        admin.add("customer", "客户名称", "text")
    with pytest.raises(ValidationError, match="至少需要一个可选值"):
        admin.add("customer", "区域", "choice", choices=["", " "])
    with pytest.raises(ValidationError, match="重复"):
        admin.add("customer", "区域", "choice", choices=["东", "东"])
    for quoted in ('华东"一部', "华东＂一部"):  # the template's drop-down is a quoted list
        with pytest.raises(ValidationError, match="双引号") as refused:
            admin.add("customer", "区域", "choice", choices=[quoted])
        assert refused.value.label == "可选值"
    assert admin.add("contact", "经销商", "text")[0].entity == "contact"  # another entity: fine
    admin.move(accepted.id, -1)
    assert [f.label for f in fields.fields("customer")] == ["验收日期", "经销商"]
    assert AuditLog.select().where(AuditLog.action == "custom_field_add").count() == 3


@pytest.mark.parametrize("kind, typed, stored, shown", [
    ("text", "  华东  ", "华东", "华东"),
    ("number", "1,234.50", 1234.5, "1234.5"),
    ("number", "１２", 12, "12"),
    ("amount", "12.5万", 12_500_000, "125,000.00"),
    ("date", "2024年1月5日", "2024-01-05", "2024-01-05"),
    ("yes_no", "是", 1, "是"),
    ("yes_no", "N", 0, "否"),
])
def test_values_are_parsed_by_kind(db, kind, typed, stored, shown) -> None:
    field = admin.add("customer", f"字段{kind}", kind)[0]
    value = values.parse(field, typed)
    assert value == stored and values.text(field, value) == shown


def test_refused_values_name_the_field_like_built_in_ones(db, dealer) -> None:
    amount = admin.add("customer", "合同额", "amount")[0]
    day = admin.add("customer", "验收日期", "date")[0]
    with pytest.raises(InvalidInput) as info:
        _customer("深圳市华强电子有限公司", {dealer.id: "东北", amount.id: "-5", day.id: "2024-13-45"})
    messages = {e.field: e.message for e in info.value.errors}
    assert messages[dealer.key].startswith("经销商：“东北”不在可选值中")
    assert messages[amount.key] == "合同额：金额不能为负数"
    assert messages[day.key].startswith("验收日期：")
    assert Customer.select().count() == 0  # nothing half-saved


def test_required_field_is_needed_on_new_records_and_never_cleared(db) -> None:
    region = admin.add("customer", "服务区域", "text", required=True)[0]
    with pytest.raises(InvalidInput, match="服务区域：必填，不能为空"):
        _customer("甲公司", {region.id: ""})
    cid = _customer("甲公司", {region.id: "华东"})
    data = customers.load(cid)
    data.custom[region.id] = ""
    with pytest.raises(InvalidInput, match="服务区域：必填，不能清空"):
        customers.save(data, customer_id=cid)
    # a customer from before the field existed stays editable without it
    old = _customer("乙公司")
    assert not CustomValue.select().where(CustomValue.entity_id == old).exists()
    data = customers.load(old)
    data.industry = "机械"
    customers.save(data, customer_id=old)


def test_values_are_saved_loaded_and_logged(db, dealer, accepted) -> None:
    cid = _customer("深圳市华强电子有限公司", {dealer.id: "华东一部", accepted.id: "2024/5/1"})
    assert customers.load(cid).custom == {dealer.id: "华东一部", accepted.id: "2024-05-01"}
    data = customers.load(cid)
    data.custom[dealer.id] = "华南二部"
    data.custom[accepted.id] = ""
    customers.save(data, customer_id=cid, reason="客户来电更正")
    log = {(row.field, row.old_value, row.new_value, row.reason) for row in ChangeLog.select()}
    assert ("经销商", "华东一部", "华南二部", "客户来电更正") in log
    assert ("验收日期", "2024-05-01", "", "客户来电更正") in log
    assert customers.load(cid).custom == {dealer.id: "华南二部", accepted.id: ""}


def test_contact_fields(db) -> None:
    wechat_group = admin.add("contact", "所属微信群", "text")[0]
    cid = customers.save(CustomerInput(name="甲公司", type="customer", contacts=[
        ContactInput(name="张伟", title="经理", mobile="13812345678", is_primary=True,
                     custom={wechat_group.id: "售后群1"})])).customer_id
    data = customers.load(cid)
    assert data.contacts[0].custom == {wechat_group.id: "售后群1"}
    data.contacts[0].custom[wechat_group.id] = "售后群2"
    customers.save(data, customer_id=cid)
    logged = [(r.old_value, r.new_value) for r in ChangeLog.select().where(ChangeLog.field == "联系人张伟·所属微信群")
              .order_by(ChangeLog.id)]
    assert logged == [("", "售后群1"), ("售后群1", "售后群2")]


def test_sensitive_values_are_sealed_masked_and_never_logged(db) -> None:
    id_card = admin.add("customer", "身份证号", "text", sensitive=True)[0]
    cid = _customer("李娜", {id_card.id: "110101199001011234"})
    stored = CustomValue.get(CustomValue.entity_id == cid).value
    assert stored.startswith(secrets.PREFIX) and "1234" not in stored
    assert customers.load(cid).custom[id_card.id] == "110101199001011234"
    row = registry.fetch_rows([cid])[cid]
    assert row.display(id_card.key) == values.MASK
    assert registry.fetch_rows([cid], reveal=True)[cid].display(id_card.key) == "110101199001011234"
    logged = ChangeLog.get(ChangeLog.field == "身份证号")
    assert logged.new_value == values.HIDDEN
    # turning sensitivity off opens the values, on again seals them
    admin.update(id_card.id, sensitive=False)
    assert CustomValue.get(CustomValue.entity_id == cid).value == "110101199001011234"
    admin.update(id_card.id, sensitive=True)
    assert CustomValue.get(CustomValue.entity_id == cid).value.startswith(secrets.PREFIX)
    with pytest.raises(ValidationError, match="只能按“未填”或“已填”筛选"):
        registry.customer_ids(RegistryQuery(custom=(CustomFilter(id_card.id, "is", "1"),)))
    assert registry.customer_ids(RegistryQuery(custom=(CustomFilter(id_card.id, "filled"),))) == [cid]


def test_hiding_keeps_values_and_restoring_brings_them_back(db, dealer) -> None:
    cid = _customer("甲公司", {dealer.id: "华东一部"})
    admin.hide(dealer.id)
    assert fields.fields("customer") == [] and [f.id for f in fields.fields("customer", hidden=True)] == [dealer.id]
    data = customers.load(cid)
    assert data.custom == {}
    customers.save(data, customer_id=cid)  # a save without the hidden field keeps its value
    assert CustomValue.get(CustomValue.entity_id == cid).value == "华东一部"
    admin.restore(dealer.id)
    assert customers.load(cid).custom == {dealer.id: "华东一部"}


def test_kind_changes_only_while_empty(db, dealer) -> None:
    note = admin.add("customer", "备用", "text")[0]
    admin.update(note.id, kind="number")
    assert fields.get(note.id).kind == "number"
    _customer("甲公司", {dealer.id: "华东一部"})
    with pytest.raises(ValidationError, match="不能更改类型"):
        admin.update(dealer.id, kind="text")


def test_search_finds_text_and_choice_values(db, dealer) -> None:
    cid = _customer("甲公司", {dealer.id: "西北三部"})
    _customer("乙公司")
    assert registry.customer_ids(RegistryQuery(text="西北三部")) == [cid]
    admin.hide(dealer.id)
    assert registry.customer_ids(RegistryQuery(text="西北三部")) == []
    admin.restore(dealer.id)
    assert registry.customer_ids(RegistryQuery(text="西北")) == [cid]


def test_registry_filters_and_sorts_by_custom_fields(db, dealer, accepted) -> None:
    a = _customer("甲公司", {dealer.id: "华东一部", accepted.id: "2024-03-01"})
    b = _customer("乙公司", {dealer.id: "华南二部", accepted.id: "2024-01-15"})
    c = _customer("丙公司", {dealer.id: "华东一部"})
    d = _customer("丁公司")

    def ids(**query) -> list[int]:
        return registry.customer_ids(RegistryQuery(**query))

    assert sorted(ids(custom=(CustomFilter(dealer.id, "is", "华东一部"),))) == sorted([a, c])
    assert ids(custom=(CustomFilter(accepted.id, "range", "2024-02-01", ""),)) == [a]
    assert sorted(ids(custom=(CustomFilter(accepted.id, "range", "", "2024/3/1"),))) == sorted([a, b])
    assert sorted(ids(custom=(CustomFilter(dealer.id, "empty"),))) == [d]
    assert ids(custom=(CustomFilter(dealer.id, "is", "华东一部"), CustomFilter(accepted.id, "empty"))) == [c]
    # sorting: no value first (by id), then by value; descending is the exact reverse
    ascending = ids(sort_key=accepted.key)
    assert ascending == [c, d, b, a]
    assert ids(sort_key=accepted.key, descending=True) == list(reversed(ascending))
    assert ids(sort_key=dealer.key, custom=(CustomFilter(dealer.id, "filled"),)) in ([a, c, b], [c, a, b])
    # the display table (ids first) gives the same order, and rows carry the column texts
    assert registry.materialize(RegistryQuery(sort_key=accepted.key)) == 4
    assert registry.view_ids(0, 4) == ascending
    assert registry.fetch_rows([a])[a].display(dealer.key) == "华东一部"
    with pytest.raises(ValidationError, match="起始值不能大于截止值"):
        ids(custom=(CustomFilter(accepted.id, "range", "2024-05-01", "2024-01-01"),))


def test_numbers_and_amounts_compare_and_sort_as_numbers(db) -> None:
    """9 before 10 before 100 on both engines (a server's column is text: compared through the dialect)."""
    units = admin.add("customer", "台数", "number")[0]
    deposit = admin.add("customer", "押金", "amount")[0]
    vip = admin.add("customer", "是否VIP", "yes_no")[0]
    a = _customer("甲公司", {units.id: "100", deposit.id: "9", vip.id: "是"})
    b = _customer("乙公司", {units.id: "9", deposit.id: "100", vip.id: "否"})
    c = _customer("丙公司", {units.id: "10.5", deposit.id: "10"})
    assert customers.load(a).custom[units.id] == "100" and values.load("customer", [a])[a] == {
        units.id: 100, deposit.id: 900, vip.id: 1}

    def ids(**query) -> list[int]:
        return registry.customer_ids(RegistryQuery(**query))

    assert ids(sort_key=units.key) == [b, c, a]
    assert ids(sort_key=deposit.key, descending=True) == [b, c, a]
    assert ids(custom=(CustomFilter(units.id, "range", "9.5", "99"),)) == [c]
    assert sorted(ids(custom=(CustomFilter(deposit.id, "range", "10", ""),))) == sorted([b, c])
    assert ids(custom=(CustomFilter(vip.id, "is", "否"),)) == [b]
    # saving a record unchanged logs nothing: the stored number reads back as the same number
    before = ChangeLog.select().count()
    customers.save(customers.load(a), customer_id=a)
    assert ChangeLog.select().count() == before


def test_values_go_with_the_record_when_it_is_purged(db, dealer) -> None:
    import datetime as dt

    cid = _customer("甲公司", {dealer.id: "华东一部"})
    lifecycle.delete_customer(cid)
    assert CustomValue.select().count() == 1  # in the recycle bin: kept
    recycle_bin.purge_expired(dt.date.today() + dt.timedelta(days=60))
    assert CustomValue.select().count() == 0  # purged for good: gone, a reused id inherits nothing


def test_erasure_removes_sensitive_values_of_customer_and_contacts(db) -> None:
    id_card = admin.add("customer", "身份证号", "text", sensitive=True)[0]
    home = admin.add("contact", "家庭住址", "text", sensitive=True)[0]
    level = admin.add("customer", "会员等级", "text")[0]
    cid = customers.save(CustomerInput(name="李娜", type="customer", custom={id_card.id: "110101199001011234",
                                                                            level.id: "金卡"},
                                       contacts=[ContactInput(name="李娜", title="本人", mobile="13812345678",
                                                              is_primary=True, custom={home.id: "某路1号"})])
                         ).customer_id
    lifecycle.erase_personal_data(cid, None, "客户申请")
    left = {(v.field_id, v.value) for v in CustomValue.select()}
    assert left == {(level.id, "金卡")}


def test_merge_keeps_the_values_of_both_and_undo_takes_them_back(db, dealer, accepted) -> None:
    kept = _customer("深圳市华强电子有限公司", {dealer.id: "华东一部"})
    gone = _customer("深圳华强电子", {dealer.id: "华南二部", accepted.id: "2024-01-15"})
    record = merge.merge(kept, gone)
    assert customers.load(kept).custom == {dealer.id: "华东一部", accepted.id: "2024-01-15"}
    merge.undo_merge(record.merge_id)
    assert customers.load(kept).custom == {dealer.id: "华东一部", accepted.id: ""}
    assert customers.load(gone).custom == {dealer.id: "华南二部", accepted.id: "2024-01-15"}


def test_a_value_survives_a_missing_key_only_as_ciphertext(db) -> None:
    id_card = admin.add("customer", "身份证号", "text", sensitive=True)[0]
    cid = _customer("李娜", {id_card.id: "110101199001011234"})
    secrets.activate(secrets.PlainCipher())
    with pytest.raises(KnownError):
        values.load("customer", [cid])


def test_schema_triggers_exist(db) -> None:
    from crmdesk.core.store import db as store

    names = {row[0] for row in store.sql(store.dialect().schema_objects(), ["trigger"])}
    assert {"custom_value_after_customer_delete", "custom_value_after_contact_delete",
            "custom_value_after_ticket_delete", "custom_value_after_equipment_delete"} <= names


def test_sensitive_values_written_before_the_key_existed_are_sealed_when_it_comes(tmp_path) -> None:
    from crmdesk.core.firm import settings
    from crmdesk.core.store import db as dbmod

    database = dbmod.open_database(tmp_path / "keyless.db")
    try:
        settings.ensure_tier_policy()
        secrets.activate(secrets.PlainCipher())  # an older writer without the key
        amount = admin.add("customer", "押金", "amount", sensitive=True)[0]
        cid = _customer("李娜", {amount.id: "1200"})
        assert CustomValue.get(CustomValue.entity_id == cid).value == "120000"  # in clear (no key yet)
        result = secrets.unlock()
        assert result.created and result.migrated_rows >= 1
        stored = CustomValue.get(CustomValue.entity_id == cid).value
        assert isinstance(stored, str) and stored.startswith(secrets.PREFIX)
        assert values.load("customer", [cid])[cid][amount.id] == 120000
    finally:
        database.close()


def test_turning_a_field_sensitive_hides_its_past_values_in_every_history(db) -> None:
    """The change log of customers and contacts (under every name the field had) and the tickets'
    histories keep the values of a field that was clear; marking it sensitive hides them."""
    from crmdesk.core.store.models import TicketEvent
    from crmdesk.core.tickets import service as tickets

    hobby = admin.add("customer", "爱好", "text")[0]
    nickname = admin.add("contact", "昵称", "text")[0]
    gate = admin.add("ticket", "门禁码", "text")[0]
    cid = _customer("甲公司", {hobby.id: "青铜器"})
    data = customers.load(cid)
    data.custom[hobby.id] = "紫砂壶"
    data.contacts[0].custom[nickname.id] = "老王"
    customers.save(data, customer_id=cid)
    admin.update(hobby.id, label="个人爱好")
    data = customers.load(cid)
    data.custom[hobby.id] = ""
    customers.save(data, customer_id=cid)
    ticket_id = tickets.create(cid, "门禁故障", custom={gate.id: "1234"}).ticket_id
    tickets.update(ticket_id, custom={gate.id: "5678"})
    tickets.update(ticket_id, custom={gate.id: ""})
    other = admin.add("customer", "备注2", "text")[0]
    data = customers.load(cid)
    data.custom[other.id] = "不相干"
    customers.save(data, customer_id=cid)

    def logged() -> set[tuple[str, str, str]]:
        return {(r.field, r.old_value, r.new_value) for r in ChangeLog.select().where(ChangeLog.field != "客户编号")}

    assert {("爱好", "青铜器", "紫砂壶"), ("个人爱好", "紫砂壶", ""), ("联系人王建国·昵称", "", "老王")} <= logged()
    for field in (hobby, nickname, gate):
        admin.update(field.id, sensitive=True)
    hidden = values.HIDDEN
    assert {("爱好", hidden, hidden), ("个人爱好", hidden, ""), ("联系人王建国·昵称", "", hidden),
            ("备注2", "", "不相干")} <= logged()
    assert not {row for row in logged() if {"紫砂壶", "老王", "青铜器"} & set(row)}
    notes = [e.note for e in TicketEvent.select().where(TicketEvent.kind == "change")]
    assert f"门禁码：{hidden} → {hidden}" in notes and f"门禁码：{hidden} → —" in notes
    assert not [n for n in notes if "1234" in n or "5678" in n]


def test_the_board_filters_tickets_by_their_fields_in_sql(db) -> None:
    """Cards and column counts both follow a condition on a ticket field; a saved view's condition on
    a field removed or sealed since is left out and said."""
    from crmdesk.core.tickets import board
    from crmdesk.core.tickets import service as tickets

    model = admin.add("ticket", "设备型号", "text")[0]
    warranty = admin.add("ticket", "是否在保", "yes_no")[0]
    cid = _customer("甲公司")
    a = tickets.create(cid, "主轴异响", custom={model.id: "KM-300A", warranty.id: "是"}).ticket_id
    b = tickets.create(cid, "开机报警", custom={model.id: "KM-500", warranty.id: "否"}).ticket_id
    c = tickets.create(cid, "打印模糊").ticket_id

    def shown(*conditions: CustomFilter) -> tuple[list[int], int]:
        cols = board.columns(board.BoardFilter(custom=conditions, all_open=True))
        return sorted(c.id for cards in cols.cards.values() for c in cards), sum(cols.counts.values())

    assert shown() == (sorted([a, b, c]), 3)
    assert shown(CustomFilter(model.id, "contains", "km-300")) == ([a], 1)
    assert shown(CustomFilter(warranty.id, "is", "否")) == ([b], 1)
    assert shown(CustomFilter(model.id, "filled"), CustomFilter(warranty.id, "is", "是")) == ([a], 1)
    assert shown(CustomFilter(model.id, "empty")) == ([c], 1)
    admin.update(model.id, sensitive=True)
    kept, dropped = filters.from_states([CustomFilter(model.id, "contains", "km").to_state(),
                                         CustomFilter(warranty.id, "is", "是").to_state()], fields.fields("ticket"))
    assert kept == [CustomFilter(warranty.id, "is", "是")] and dropped == ["设备型号包含“km”"]


def test_filled_on_a_mostly_filled_sensitive_field_walks_the_list_order_not_a_sort(db, engine) -> None:
    """bench/custom_fields_bench.py: "filled" on a field most customers have checks each customer of
    the list's own index against the field's ids instead of looking each up and sorting them all; the
    answer is the same either way, and the choice depends only on how many values there are."""
    id_card = admin.add("customer", "法人身份证号", "text", sensitive=True)[0]
    few = [_customer(f"稀疏客户{i}有限公司") for i in range(4)]
    sparse_with = _customer("稀疏有证客户有限公司", {id_card.id: "110101199001011234"})
    query = RegistryQuery(custom=(CustomFilter(id_card.id, "filled"),))
    assert not filters.mostly_filled(id_card)
    sql, _params = filters.condition(CustomFilter(id_card.id, "filled"))
    assert not sql.startswith("+")
    assert registry.customer_ids(query) == [sparse_with]
    many = [_customer(f"有证客户{i}有限公司", {id_card.id: f"11010119900101{i:04d}"}) for i in range(6)]
    assert filters.mostly_filled(id_card)
    sql, _params = filters.condition(CustomFilter(id_card.id, "filled"))
    assert sql.startswith("+id IN")
    assert registry.customer_ids(query) == sorted([sparse_with, *many],
                                                  key=lambda cid: Customer.get_by_id(cid).code)
    empty = registry.customer_ids(RegistryQuery(custom=(CustomFilter(id_card.id, "empty"),)))
    assert sorted(empty) == sorted(few)
    if engine != "sqlite":
        return  # the plan below is SQLite's
    where, where_params = RegistryQuery(custom=(CustomFilter(id_card.id, "filled"),)).sql()
    plan = " ".join(str(row[3]) for row in db_sql("EXPLAIN QUERY PLAN " + where, where_params))
    assert "TEMP B-TREE" not in plan and "SCAN customer USING COVERING INDEX" in plan, plan


def db_sql(statement: str, params: list[object]) -> list[tuple]:
    from crmdesk.core.store import db as store

    return list(store.sql(statement, params))


def test_under_english_the_refusals_and_filter_words_are_english_the_audit_stays_chinese(db, dealer) -> None:
    from crmdesk.core.i18n import set_language

    vip = admin.add("customer", "是否VIP", "yes_no")[0]
    id_card = admin.add("customer", "法人身份证号", "text", sensitive=True)[0]
    set_language("en")
    try:
        with pytest.raises(InvalidInput) as refused:
            _customer("南京东方电子有限公司", {dealer.id: "东北", vip.id: "也许"})
        messages = {e.field: str(e) for e in refused.value.errors}
        assert messages[dealer.key] == ("经销商: “东北” is not one of the choices; choose from the list: "
                                        "华东一部, 华南二部, 西北三部")
        assert messages[vip.key] == "是否VIP: “也许” should be yes or no"
        assert values.shown(vip, 1, reveal=False) == "yes"
        assert filters.describe(CustomFilter(id_card.id, "filled")) == "法人身份证号: filled in"
        assert filters.describe(CustomFilter(dealer.id, "range", "", "9")) == "经销商: ≤ 9"
        with pytest.raises(ValidationError, match="can be filtered only as empty or filled in"):
            filters.checked(CustomFilter(id_card.id, "is", "1"))
        admin.update(dealer.id, required=True)
    finally:
        set_language("zh_CN")
    assert values.shown(vip, 1, reveal=False) == "是" and values.text(vip, 0) == "否"
    assert filters.describe(CustomFilter(id_card.id, "empty")) == "法人身份证号：未填"
    details = [row.detail for row in AuditLog.select().where(AuditLog.entity == "custom_field").order_by(AuditLog.id)]
    assert "客户·法人身份证号：新增（文本，敏感）" in details and "客户·经销商：设为必填" in details, details
