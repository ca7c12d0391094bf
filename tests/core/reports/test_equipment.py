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
