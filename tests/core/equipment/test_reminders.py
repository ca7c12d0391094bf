"""Warranty and contract ends 30 days ahead become renewal follow-ups for the account manager,
through the planner (a working day, within the person's capacity when it can), once per end."""

from __future__ import annotations

import datetime as dt

from crmdesk.core.equipment import reminders as renewals
from crmdesk.core.equipment import service as equipment
from crmdesk.core.equipment.service import EquipmentInput
from crmdesk.core.firm import staff
from crmdesk.core.followups import reminders
from crmdesk.core.store.models import FollowUp, Staff
from tests.helpers.factories import make_customer

TODAY = dt.date(2026, 11, 23)  # a Monday


def _machine(cid: int, serial: str, **dates: object) -> int:
    return equipment.save(EquipmentInput(customer_id=cid, model="数控车床 CK6150", serial=serial, **dates)).equipment_id


def test_ends_within_30_days_become_one_renewal_per_customer_and_end(db) -> None:
    manager = staff.add("王芳").id
    cid = make_customer("杭州科美模具有限公司", manager_id=manager)
    end = TODAY + dt.timedelta(days=20)
    _machine(cid, "A-1", warranty_end=end)
    _machine(cid, "A-2", warranty_end=end)
    _machine(cid, "A-3", warranty_end=TODAY + dt.timedelta(days=45))  # later: not yet
    _machine(cid, "A-4", warranty_end=end, contract_end=TODAY + dt.timedelta(days=300))  # a contract runs on
    _machine(cid, "B-1", contract_no="WB2025-017", contract_start="2025-12-01",
             contract_end=TODAY + dt.timedelta(days=10))
    other = make_customer("宁波海天机械有限公司")
    _machine(other, "C-1", warranty_end=TODAY - dt.timedelta(days=1))  # already ended: too late to remind
    planned = reminders.run(TODAY)
    assert planned.renewals == 2 and planned.changes.followups
    rows = list(FollowUp.select().where(FollowUp.kind == "renewal").order_by(FollowUp.purpose))
    texts = [row.purpose for row in rows]
    assert texts[0].startswith("续保：数控车床 CK6150（A-1）、数控车床 CK6150（A-2）保修于")
    assert "维保合同续签：合同 WB2025-017" in texts[1]
    for row in rows:
        assert row.assignee_id == manager and row.customer_id == cid and row.status == "planned"
        assert TODAY <= row.due_at.date() <= TODAY + dt.timedelta(days=renewals.SPREAD_DAYS)
        assert row.due_at.weekday() < 5 and 9 <= row.due_at.hour < 18
    assert reminders.run(TODAY, force=True).renewals == 0  # once per end date
    assert renewals.plan(TODAY + dt.timedelta(days=3)) == 0


def test_a_renewal_never_lands_after_the_end_and_respects_capacity(db) -> None:
    from crmdesk.core.followups import planner

    manager = Staff.create(name="刘洋").id
    planner.set_capacities(25, {manager: 1})
    cid = make_customer("杭州科美模具有限公司", manager_id=manager)
    second = make_customer("宁波海天机械有限公司", manager_id=manager)
    _machine(cid, "A-1", warranty_end=TODAY + dt.timedelta(days=2))
    _machine(second, "B-1", warranty_end=TODAY + dt.timedelta(days=25))
    assert renewals.plan(TODAY) == 2
    days = sorted(row.due_at.date() for row in FollowUp.select().where(FollowUp.kind == "renewal"))
    assert days[0] <= TODAY + dt.timedelta(days=2)
    assert days[0] != days[1]  # one a day: the person's capacity spreads them


def test_the_renewal_purpose_is_written_in_the_records_language_under_english(db) -> None:
    from crmdesk.core.i18n import set_language

    cid = make_customer("杭州科美模具有限公司", manager_id=staff.add("王芳").id)
    for n in range(4):
        _machine(cid, f"A-{n}", warranty_end=TODAY + dt.timedelta(days=20))
    set_language("en")
    try:
        assert reminders.run(TODAY).renewals == 1
    finally:
        set_language("zh_CN")
    purpose = FollowUp.get(FollowUp.kind == "renewal").purpose
    assert purpose.startswith("续保：数控车床 CK6150（A-0）、数控车床 CK6150（A-1）、数控车床 CK6150（A-2）等4台设备保修于")
    assert purpose.endswith("到期，请联系客户办理续保或签订维保合同")
