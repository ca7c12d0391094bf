"""The follow-up planner that fits the team: capacity per person, working days and hours, the demand.

Hand-built team: 李晓梅 (her own capacity 6 a day) has 40 ordinary and 4 strategic customers; 王建国
(capacity 3) has 30 core customers, 2 of them at risk; 陈静 (the firm's default, 25) has none. The
window is the 8 weeks from Monday 2026-09-28, across 国庆 (1–7 October off, Saturday 10 October
worked).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import chinese_calendar
import pytest

from crmdesk.core.firm import settings, staff, workcal
from crmdesk.core.followups import cadence, planner
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import FollowUp
from tests.helpers.factories import insert_customers

START = dt.date(2026, 9, 28)
END = START + dt.timedelta(days=56)
WORKING = sum(chinese_calendar.is_workday(START + dt.timedelta(days=i)) for i in range(56))


@pytest.fixture
def team(db):
    li, wang, chen = staff.add("李晓梅"), staff.add("王建国", "owner"), staff.add("陈静")
    planner.set_capacities(25, {li.id: 6, wang.id: 3})
    insert_customers(li.id, "ordinary", 40)
    insert_customers(li.id, "strategic", 4, first=100)
    insert_customers(wang.id, "core", 30, at_risk=2, first=200)
    return li.id, wang.id, chen.id


def _planned() -> list[FollowUp]:
    return list(FollowUp.select().where((FollowUp.status == "planned") & FollowUp.deleted_at.is_null()))


def test_demand_per_person_against_capacity(team) -> None:
    li, wang, _chen = team
    assert WORKING == 36  # 40 weekdays − 5 of 国庆 (Thu 1st – Wed 7th) + Saturday 10 October
    d = planner.demand(START)
    per = {p.staff_id: p for p in d.people}
    # 李: 40 ordinary × (1/30 + 1/91) + 4 strategic × (1/30 + 1/91) a calendar day, × 56/36 per working day
    li_need = 44 * (1 / 30 + 1 / 91) * 56 / 36
    # 王: 30 core × (1/14 + 1/30) + 2 at risk × 1/7 a calendar day, × 56/36
    wang_need = (30 * (1 / 14 + 1 / 30) + 2 / 7) * 56 / 36
    assert per[li].need == pytest.approx(li_need) and round(li_need, 2) == 3.03
    assert per[wang].need == pytest.approx(wang_need) and round(wang_need, 2) == 5.33
    assert (per[li].capacity, per[wang].capacity, per[li].customers, per[wang].customers) == (6, 3, 44, 30)
    assert set(per) == {li, wang}  # 陈静 manages nobody: the planner gives her nothing
    assert d.capacity == 9 and [p.staff_id for p in d.over] == [wang]
    assert d.summary() == "策略每天需要约 8 次跟进，团队容量 9 次。"  # 3.03 + 5.33 = 8.37
    assert "王建国 每天约 5 次、容量 3 次" in d.warning() and "设置 → 跟进容量" in d.warning()
    planner.set_capacities(25, {wang: 6})
    assert planner.demand(START).warning() == ""


def test_the_plan_respects_capacity_days_and_hours(team) -> None:
    li, wang, _chen = team
    result = cadence.plan_window(START)
    rows = _planned()
    assert rows and result.dropped > 0  # 王's 5.5 a day do not fit in 3
    per_day = Counter((r.assignee_id, r.due_at.date()) for r in rows)
    assert max(n for (who, _day), n in per_day.items() if who == wang) == 3
    assert max(n for (who, _day), n in per_day.items() if who == li) <= 6
    cal = workcal.current()
    for r in rows:
        assert cal.is_working_time(r.due_at), r.due_at  # a working day, inside business hours
        assert r.due_at.date() >= START
        assert r.due_at.minute % 5 == 0
    # 王's three a day at 0/3, 1/3 and 2/3 of the 7.5-hour working day: 09:00, 11:30 (2.5 h in) and
    # 15:30 (5 h in: 3 h of morning, then 2 h after 13:30); on the first day, after the run's moment
    wang_times = Counter(r.due_at.time() for r in rows if r.assignee_id == wang and r.due_at.date() > START)
    assert set(wang_times) == {dt.time(9, 0), dt.time(11, 30), dt.time(15, 30)}
    # what fits first: the at-risk weekly calls are all there, one a week for each of the 2
    weekly = [r for r in rows if r.kind == "winback"]
    assert len(weekly) == 2 * 8
    # 李's load is spread: no working day of the window holds more than one above the average
    li_days = [per_day.get((li, START + dt.timedelta(days=i)), 0) for i in range(56)
               if cal.is_workday(START + dt.timedelta(days=i))]
    assert max(li_days) - sum(li_days) / len(li_days) <= 2


def test_nothing_on_a_day_off_and_the_first_run_starts_today(team) -> None:
    saturday = dt.date(2026, 12, 5)
    cadence.plan_window(saturday)
    rows = _planned()
    assert rows and min(r.due_at.date() for r in rows) == dt.date(2026, 12, 7)  # Monday: nothing overdue
    assert all(workcal.current().is_workday(r.due_at.date()) for r in rows)  # 2027 too (Monday–Friday)


def test_an_evening_run_plans_from_the_next_working_day(team, monkeypatch) -> None:
    from crmdesk.core.store import models

    monday = dt.date(2026, 11, 16)
    monkeypatch.setattr(models, "now", lambda: dt.datetime(2026, 11, 16, 17, 30))
    book = planner.LoadBook(monday, monday + dt.timedelta(days=7), now=dt.datetime(2026, 11, 16, 17, 30))
    assert book.first == dt.date(2026, 11, 17)  # 30 minutes of business left: tomorrow
    morning = planner.LoadBook(monday, monday + dt.timedelta(days=7), now=dt.datetime(2026, 11, 16, 10, 2))
    first = morning.place(None, monday, 0)
    assert first == dt.datetime(2026, 11, 16, 10, 5)  # after the present moment, on the 5 minutes


def test_a_capacity_change_replans_the_window(team) -> None:
    li, wang, _chen = team
    cadence.plan_window(START)
    before = Counter(r.assignee_id for r in _planned())
    planner.set_capacities(25, {li: 6, wang: 10})
    again = cadence.plan_window(START)
    after = Counter(r.assignee_id for r in _planned())
    assert again.full and after[wang] > before[wang] and again.dropped == 0
    assert after[li] == before[li]


def test_capacities_are_checked_and_stored(team) -> None:
    li, _wang, chen = team
    with pytest.raises(ValidationError, match="0 到 500"):
        planner.set_capacities(-1, {})
    with pytest.raises(ValidationError):
        planner.set_capacities(25, {chen: 501})
    planner.set_capacities(20, {li: None, chen: 12})
    assert planner.default_capacity() == 20 and planner.staff_capacities() == {team[1]: 3, chen: 12}
    assert planner.capacity_of(li) == 20 and planner.capacity_of(None) == 20
    settings.put("followup_capacity_per_day", "many")  # a hand-edited bad value: the default plans
    assert planner.default_capacity() == planner.DEFAULT_CAPACITY


def test_the_demo_opens_on_a_day_a_team_can_finish(demo_db, monkeypatch) -> None:
    """The first start on demo data (300 customers, generated for Friday 2026-11-20, opened at 09:00):
    the daily jobs plan from today forward; Today holds a handful of overdue items and about a
    day's work; no person-day is over capacity and nothing is on a day off."""
    from crmdesk.core import (
        domains,  # noqa: F401 - every kind of the bin known to the purge
        overview,
    )
    from crmdesk.core.customers import tiers
    from crmdesk.core.followups import reminders
    from crmdesk.core.store import models, recycle_bin

    moment = dt.datetime(2026, 11, 20, 9, 0)
    monkeypatch.setattr(models, "now", lambda: moment)
    recycle_bin.purge_expired(moment.date())
    tiers.recompute(moment.date(), at=moment)
    result = cadence.plan_window(moment.date())
    reminders.run(moment.date())
    assert result.full and result.added > 0 and result.dropped == 0
    due_today, overdue = overview.followup_counts(moment)
    assert overdue <= 8  # a call or two that slipped last week, a callback not yet made
    demand = planner.demand(moment.date())
    assert demand.warning() == "" and 15 <= demand.need <= 30  # 300 customers: about a fifth of a 1,000 firm's
    assert 0.6 * demand.need <= due_today <= 1.5 * demand.need + 10  # about a day's work
    rows = _planned()
    cal = workcal.current()
    future = [r for r in rows if r.due_at >= moment]
    assert all(cal.is_workday(r.due_at.date()) for r in future if r.kind in ("cadence", "winback", "silence"))
    per_day = Counter((r.assignee_id, r.due_at.date()) for r in future if r.kind != "callback")
    assert max(per_day.values()) <= planner.default_capacity()
    assert len({r.due_at.time() for r in future if r.due_at.date() == moment.date()}) >= 5  # not all at 10:00
