"""Equipment (设备档案): validation, uniqueness per model, the site address sealed, warranty states,
finding by serial number, the ticket link, recycle bin, merge and the change log."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.customers import merge
from crmdesk.core.customers.service import InvalidInput
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment import warranty
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.store import recycle_bin
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import ChangeLog, Equipment, Ticket, database_proxy
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets.records import find_callers
from tests.helpers.factories import make_customer

TODAY = dt.date(2026, 11, 20)


def _machine(cid: int, serial: str = "SN2024-001", **extra: object) -> int:
    data = EquipmentInput(customer_id=cid, model="激光切割机 3015", serial=serial, install_date="2024-01-05",
                          warranty_months="24", site_address="浙江省杭州市西湖区文三路 88 号 3 号厂房", **extra)
    return equipment.save(data).equipment_id


def test_a_machine_is_saved_with_its_warranty_from_months_and_its_site_address_sealed(db) -> None:
    cid = make_customer("杭州科美模具有限公司")
    eid = _machine(cid)
    row = Equipment.get_by_id(eid)
    assert row.warranty_end == dt.date(2026, 1, 4)  # 24 months from 2024-01-05, the day before the anniversary
    assert row.site_address.startswith("enc1:") and "文三路" not in row.site_address
    assert equipment.load(eid).site_address == "浙江省杭州市西湖区文三路 88 号 3 号厂房"
    logged = ChangeLog.select().where(ChangeLog.entity == "equipment").get()
    assert logged.field == "设备" and "SN2024-001" in logged.new_value


def test_the_form_is_refused_field_by_field(db) -> None:
    cid = make_customer("杭州科美模具有限公司")
    with pytest.raises(InvalidInput) as info:
        equipment.save(EquipmentInput(customer_id=cid, model="", serial="", install_date="2024-13-45",
                                      warranty_months="十二", contract_start="2025-01-01",
                                      contract_end="2024-01-01"))
    fields = {e.field for e in info.value.errors}
    assert fields == {"model", "serial", "install_date", "warranty_months", "contract_end"}
    assert "产品型号" in info.value.message and "合同到期" in info.value.message
    with pytest.raises(InvalidInput) as info:
        equipment.save(EquipmentInput(customer_id=cid, model="X1", serial="A1", warranty_months="12"))
    assert "安装日期" in info.value.message


@pytest.mark.parametrize("months", ["inf", "1e400", "nan", "-3", "12.5", "601", "0x10"])
def test_months_that_float_takes_are_refused_by_field_not_a_traceback(db, months: str) -> None:
    cid = make_customer("杭州科美模具有限公司")
    with pytest.raises(InvalidInput) as info:
        equipment.save(EquipmentInput(customer_id=cid, model="X1", serial="A1", install_date="2024-01-05",
                                      warranty_months=months))
    assert [(e.field, e.message) for e in info.value.errors] == [("warranty_months", "保修月数：应为 0 到 600 的整数（月）")]
    assert equipment.save(EquipmentInput(customer_id=cid, model="X1", serial="A1", install_date="2024-01-05",
                                         warranty_months="１２.0")).equipment_id  # full-width digits, a whole .0


def test_a_serial_number_is_unique_per_model_however_it_is_typed(db) -> None:
    cid = make_customer("杭州科美模具有限公司")
    other = make_customer("宁波海天机械有限公司")
    _machine(cid)
    with pytest.raises(InvalidInput) as info:
        equipment.save(EquipmentInput(customer_id=other, model="激光切割机３０１５", serial=" sn2024-001 "))
    assert "已有序列号为 SN2024-001 的设备" in info.value.message and "杭州科美" in info.value.message
    # the same serial number on another model is another machine
    equipment.save(EquipmentInput(customer_id=other, model="数控车床 CK6150", serial="SN2024-001"))


def test_warranty_states_and_their_sql_twin_agree() -> None:
    cases = [
        ({"warranty_end": dt.date(2026, 12, 1)}, "warranty"),
        ({"warranty_end": dt.date(2026, 11, 1)}, "expired"),
        ({"warranty_end": dt.date(2026, 11, 1), "contract_start": dt.date(2026, 1, 1),
              "contract_end": dt.date(2027, 1, 1)}, "contract"),
        ({"warranty_end": None, "contract_start": None, "contract_end": dt.date(2026, 1, 1)}, "expired"),
        ({"warranty_end": None}, "unknown"),
        ({"warranty_end": dt.date(2026, 12, 1), "contract_start": dt.date(2027, 1, 1),
              "contract_end": dt.date(2028, 1, 1)}, "warranty"),
    ]
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE equipment (warranty_end DATE, contract_start DATE, contract_end DATE)")
    for values, expected in cases:
        state = warranty.status(values.get("warranty_end"), values.get("contract_start"), values.get("contract_end"),
                                on=TODAY)
        assert state.state == expected, values
        conn.execute("DELETE FROM equipment")
        conn.execute("INSERT INTO equipment VALUES (?, ?, ?)", [(values.get(k) or None) and values[k].isoformat()
                                                                 for k in ("warranty_end", "contract_start",
                                                                           "contract_end")])
        sql = f"SELECT {warranty.state_sql(':day')} FROM equipment e"
        assert conn.execute(sql, {"day": TODAY.isoformat()}).fetchone()[0] == expected, values
    assert warranty.status(dt.date(2026, 12, 10), on=TODAY).text == "在保（保修期至 2026-12-10，还剩 20 天）"
    assert warranty.status(dt.date(2025, 5, 1), on=TODAY).text == "过保（保修期至 2025-05-01）"
    assert warranty.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


def test_a_serial_typed_alone_finds_the_customer_and_the_machine(db) -> None:
    cid = make_customer("杭州科美模具有限公司")
    eid = _machine(cid, serial="LC3015-22071")
    make_customer("宁波海天机械有限公司")
    hits = find_callers("lc3015-22071")
    assert hits[0].customer_id == cid and hits[0].equipment_id == eid
    assert "激光切割机 3015（LC3015-22071）" in hits[0].equipment and "过保" in hits[0].equipment
    assert [m.id for m in equipment.find_by_serial("LC3015")] == [eid]  # the start of it is enough
    assert equipment.find_by_serial("LC") == []  # too short to mean anything


def test_a_serial_start_shared_by_many_machines_lists_each_owner_once_through_the_serial_index(db) -> None:
    """bench/equipment_bench.py: the caller box looks serial numbers up once (the first ``limit`` in the
    index's order), not again through the registry's search (which sorted every owner by code)."""
    from crmdesk.core.customers import search

    owners = [make_customer(f"嘉兴第{i}机械有限公司") for i in range(5)]
    machines = [_machine(cid, serial=f"KY37-24{i:04d}{n}") for i, cid in enumerate(owners) for n in range(3)]
    hits = find_callers("KY37-2", limit=4)
    assert [hit.equipment_id for hit in hits] == machines[:4]  # in serial order, each with its machine
    assert [hit.customer_id for hit in hits] == [owners[0]] * 3 + [owners[1]]
    clause, _params = search.match_clause("KY37-2", serials=False) or ("", [])
    assert "equipment" not in clause and "equipment" in (search.match_clause("KY37-2") or ("", []))[0]


def test_the_registry_search_box_finds_a_customer_by_its_machines_serial_number(db) -> None:
    from crmdesk.core.customers import registry
    from crmdesk.core.customers.registry import RegistryQuery

    cid = make_customer("杭州科美模具有限公司")
    eid = _machine(cid, serial="LC3015-22071")
    other = make_customer("宁波海天机械有限公司")
    _machine(other, serial="HT-9")
    for typed in ("LC3015-22071", "ｌｃ３０１５－22071", "lc3015", "LC3015-22071 科美"):
        assert registry.customer_ids(RegistryQuery(text=typed)) == [cid], typed
    assert registry.customer_ids(RegistryQuery(text="LCX")) == []  # no digit: a name, not a serial
    recycle_bin.move_to_bin(equipment.BIN, eid)
    assert registry.customer_ids(RegistryQuery(text="LC3015-22071")) == []  # a deleted machine finds nobody


def test_a_ticket_records_its_machine_and_the_dossier_lists_the_service_history(db) -> None:
    cid = make_customer("杭州科美模具有限公司")
    eid = _machine(cid)
    other = _machine(make_customer("宁波海天机械有限公司"), serial="X-77")
    with pytest.raises(ValidationError) as info:
        tickets.create(cid, "主轴异响", equipment_id=other)
    assert info.value.field == "equipment"
    created = tickets.create(cid, "主轴异响", equipment_id=eid, at=dt.datetime(2026, 11, 2, 9))
    assert Ticket.get_by_id(created.ticket_id).equipment_id == eid
    register = equipment.register_of(cid, on=TODAY)
    assert register.machines[0].tickets == 1
    line = register.history[eid][0]
    assert line.number == created.number and line.state == "expired"  # the warranty ended 2026-01-04
    tickets.update(created.ticket_id, equipment_id=0)
    assert Ticket.get_by_id(created.ticket_id).equipment_id is None
    assert "设备：激光切割机 3015（SN2024-001） → —" in [h.note for h in tickets.history(created.ticket_id)]


def test_recycle_bin_keeps_the_tickets_link_and_merge_moves_machines_both_ways(db) -> None:
    kept, merged = make_customer("杭州科美模具有限公司"), make_customer("杭州科美模具")
    eid = _machine(merged)
    ticket = tickets.create(merged, "主轴异响", equipment_id=eid).ticket_id
    recycle_bin.move_to_bin("equipment", eid)
    assert equipment.of_customer(merged) == []
    assert Ticket.get_by_id(ticket).equipment_id == eid
    assert any(e.entity == "equipment" for e in recycle_bin.recycle_bin())
    entry = next(e for e in recycle_bin.recycle_bin() if e.entity == "equipment")
    recycle_bin.restore_from_bin(entry.id)
    result = merge.merge(kept, merged)
    assert [m.id for m in equipment.of_customer(kept)] == [eid]
    merge.undo_merge(result.merge_id)
    assert [m.id for m in equipment.of_customer(merged)] == [eid]
    deleted = ChangeLog.select().where((ChangeLog.entity == "equipment") & (ChangeLog.field == "删除")).count()
    assert deleted == 1


def test_editing_logs_each_field_with_the_site_address_masked(db) -> None:
    cid = make_customer("杭州科美模具有限公司")
    eid = _machine(cid)
    data = equipment.load(eid)
    data.site_address, data.contract_no, data.contract_end = "上海市浦东新区张江路 1 号", "WB2026-008", "2027-06-30"
    equipment.save(data, equipment_id=eid)
    logged = {row.field: (row.old_value, row.new_value) for row in ChangeLog.select().where(
        ChangeLog.entity == "equipment")}
    assert logged["设备激光切割机 3015（SN2024-001）·维保合同号"] == ("", "WB2026-008")
    old, new = logged["设备激光切割机 3015（SN2024-001）·安装地址"]
    assert "张江" not in new and "文三路" not in old
    assert database_proxy.execute_sql("SELECT count(*) FROM change_log WHERE new_value LIKE '%张江%'").fetchone()[0] == 0


def test_under_english_the_cover_lines_and_the_messages_are_english_the_records_stay_chinese(db) -> None:
    from crmdesk.core.i18n import set_language

    cid = make_customer("杭州科美模具有限公司")
    set_language("en")
    try:
        assert warranty.status(dt.date(2026, 12, 10), on=TODAY).text == \
            "In warranty (warranty until 2026-12-10, 20 days left)"
        assert warranty.status(dt.date(2025, 5, 1), contract_end=dt.date(2026, 1, 31), on=TODAY).text == \
            "Out of warranty (warranty until 2025-05-01, maintenance contract ended 2026-01-31)"
        assert warranty.status(None, dt.date(2026, 1, 1), dt.date(2026, 12, 1), "WB-7", on=TODAY).text == \
            "Under maintenance contract (contract WB-7, until 2026-12-01, 11 days left)"
        assert warranty.status(None, on=TODAY).text == "Warranty not recorded"
        eid = _machine(cid)
        assert equipment.get(eid).label == "激光切割机 3015 (SN2024-001)"  # as lists and the ticket form show it
        from crmdesk.core.customers import dossier

        assert dossier.load(cid, today=TODAY).equipment[0][3:5] == [
            "filled in (hidden)", "Out of warranty (warranty until 2026-01-04)"]
        with pytest.raises(InvalidInput) as refused:
            equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="SN2024-001"))
        error = refused.value.errors[0]
        assert error.label == "Serial number" and "recycle bin" not in error.reason
        equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="SN2024-001",
                                      install_date="2024-01-05", warranty_months="36",
                                      site_address="浙江省杭州市西湖区文三路 88 号 3 号厂房"), equipment_id=eid)
    finally:
        set_language("zh_CN")
    logged = [(row.field, row.reason) for row in ChangeLog.select().where(ChangeLog.entity == "equipment")]
    assert ("设备", "新增设备") in logged  # the change log is the firm's record: Chinese whatever the UI shows
    assert any(field == "设备激光切割机 3015（SN2024-001）·保修月数" for field, _reason in logged), logged
    set_language("en")
    try:
        recycle_bin.move_to_bin(equipment.BIN, eid)
    finally:
        set_language("zh_CN")
    assert recycle_bin.recycle_bin()[0].label.startswith("设备 激光切割机 3015（SN2024-001）（C")
