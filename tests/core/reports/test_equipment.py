"""Equipment KPIs: tickets by model, repeat faults within 30 days per serial number, share in warranty,
each with the tickets behind it."""

from __future__ import annotations

import datetime as dt

from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.reports import equipment as report
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store import recycle_bin
from crmdesk.core.tickets import service as tickets
from tests.helpers.factories import make_customer


def _at(day: int, month: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, 10)


def test_by_model_repeats_and_warranty_share(db) -> None:
    cid = make_customer("杭州科美模具有限公司")
    laser = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机 3015", serial="L-1",
                                          warranty_end="2026-10-15")).equipment_id
    lathe = equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial="T-1",
                                          contract_start="2026-01-01", contract_end="2026-12-31")).equipment_id
    other = equipment.save(EquipmentInput(customer_id=cid, model="激光切割机３０１５", serial="L-2")).equipment_id
    tickets.create(cid, "激光功率衰减", equipment_id=laser, at=_at(20, 9))  # September: the one before
    tickets.create(cid, "激光功率衰减", equipment_id=laser, at=_at(5))  # back within 30 days: a repeat
    tickets.create(cid, "切割头报警", equipment_id=laser, at=_at(28))  # 23 days later: a repeat; out of warranty
    tickets.create(cid, "如何换镜片", category="usage", equipment_id=laser, at=_at(29))  # not a fault
    tickets.create(cid, "主轴异响", equipment_id=lathe, at=_at(2))
    tickets.create(cid, "主轴异响", equipment_id=lathe, at=_at(30))  # 28 days: a repeat under contract
    tickets.create(cid, "传送带跑偏", equipment_id=other, at=_at(12))
    tickets.create(cid, "发票事宜", category="other", at=_at(12))  # no machine
    gone = tickets.create(cid, "误录", equipment_id=other, at=_at(13)).ticket_id
    recycle_bin.move_to_bin("ticket", gone)  # deleted tickets do not count

    found = report.compute(Period.month(2026, 10))
    assert [(m.model, m.tickets, m.faults, m.machines) for m in found.by_model] == [
        ("激光切割机 3015", 4, 3, 2), ("数控车床 CK6150", 2, 2, 1)]
    assert found.unlinked == 1 and found.linked == 6
    assert [(r.serial, r.repeats, r.faults) for r in found.repeats] == [("L-1", 2, 2), ("T-1", 1, 2)]
    assert found.faults == 5 and found.repeat_rate == 3 / 5
    assert found.warranty == {"contract": 2, "warranty": 1, "expired": 2, "unknown": 1}
    assert found.in_warranty_share == 3 / 5

    behind = report.detail_repeats(Period.month(2026, 10))
    assert behind.total == 5 and behind.counted == 3
    assert report.detail_model(Period.month(2026, 10), found.by_model[0].model_key).total == 4
    states = report.detail_warranty(Period.month(2026, 10))
    assert states.total == 6 and states.counted == 3 and "过保" in [r.cells[-1] for r in states.rows]
    assert report.detail_warranty(Period.month(2026, 10), "expired").total == 2
    assert states.title == "保内占比" and states.columns == ["工单编号", "客户", "设备", "类型", "阶段", "受理时间", "保修状态"]
    assert "激光切割机 3015（L-1）" in [r.cells[2] for r in states.rows]
    from crmdesk.core.i18n import set_language

    set_language("en")
    try:
        english = report.detail_repeats(Period.month(2026, 10))
    finally:
        set_language("zh_CN")
    assert english.title == "Repeat faults" and "within" not in english.formula and "30 days" in english.formula
    assert english.columns[2] == "Machine" and english.columns[-1] == "Warranty status"
    assert "激光切割机 3015 (L-1)" in [r.cells[2] for r in english.rows]


def _by_sql(period: Period) -> tuple:
    """The figures as SQL over the ticket rows counts them (the first form of ``compute``): the reference
    its one-pass counting must equal."""
    from crmdesk.core.equipment.warranty import state_sql
    from crmdesk.core.store import db

    where = "t.created_at >= ? AND t.created_at < ? AND t.deleted_at IS NULL"
    bounds = report._bounds(period)
    repeat = ("t.category = 'fault' AND EXISTS (SELECT 1 FROM ticket p WHERE p.equipment_id = t.equipment_id "
              "AND p.id != t.id AND p.category = 'fault' AND p.deleted_at IS NULL AND p.created_at <= t.created_at "
              "AND p.created_at >= datetime(t.created_at, '-30 days'))")
    models = [tuple(row) for row in db.sql(
        f"SELECT e.model_key, min(e.model), count(*), sum(t.category = 'fault'), count(DISTINCT e.id) FROM ticket t "
        f"JOIN equipment e ON e.id = t.equipment_id WHERE {where} GROUP BY e.model_key ORDER BY 3 DESC, 2", bounds)]
    unlinked = db.sql(f"SELECT count(*) FROM ticket t WHERE {where} AND t.equipment_id IS NULL", bounds).fetchone()[0]
    repeats = sorted(tuple(row) for row in db.sql(
        f"SELECT t.equipment_id, sum({repeat}), count(*) FROM ticket t WHERE {where} AND t.equipment_id IS NOT NULL "
        f"AND t.category = 'fault' GROUP BY 1 HAVING sum({repeat}) > 0", bounds))
    states = dict(tuple(row) for row in db.sql(
        f"SELECT {state_sql('substr(t.created_at, 1, 10)')}, count(*) FROM ticket t JOIN equipment e "
        f"ON e.id = t.equipment_id WHERE {where} GROUP BY 1", bounds))
    return models, unlinked, repeats, states


def test_the_one_pass_count_equals_sql_over_the_rows_on_the_demo_data(demo_db) -> None:
    """bench/equipment_bench.py: a year of the reference data took 7.4 s as four statements over the ticket
    rows; counted in one pass over two covering indexes it must give the very same figures."""
    from crmdesk.core.store import db

    # deleted tickets, machines under a contract for part of the year, a machine purged from the file
    db.sql("UPDATE equipment SET contract_start = '2025-01-01', contract_end = '2026-06-30' WHERE id % 7 = 0")
    db.sql("UPDATE ticket SET deleted_at = '2026-11-01 00:00:00' WHERE id % 11 = 0")
    purged = db.sql("SELECT equipment_id FROM ticket WHERE equipment_id IS NOT NULL AND deleted_at IS NULL "
                    "AND created_at >= '2026-10-01' LIMIT 1").fetchone()[0]
    db.sql("PRAGMA foreign_keys = OFF")
    db.sql("DELETE FROM equipment WHERE id = ?", [purged])
    for period in (Period(dt.date(2025, 11, 20), dt.date(2026, 11, 20)), Period.month(2026, 10)):
        found = report.compute(period)
        models, unlinked, repeats, states = _by_sql(period)
        assert found.linked > 0 and found.repeat_count > 0 and found.warranty["contract"] > 0
        assert [(m.model_key, m.model, m.tickets, m.faults, m.machines) for m in found.by_model] == models
        assert found.unlinked == unlinked
        assert sorted((line.equipment_id, line.repeats, line.faults) for line in found.repeats) == repeats
        assert {state: n for state, n in found.warranty.items() if n} == states
