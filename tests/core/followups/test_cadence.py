"""The follow-up cadence by tier: what each tier gets across a month with holidays, working
days only, idempotence, the user's moves and deletions kept, re-planning after a tier or
policy change, and a demo database that already holds planned follow-ups."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter

import chinese_calendar
import pytest

from crmdesk.core.customers import tiers
from crmdesk.core.firm import settings, staff, tier_policy
from crmdesk.core.followups import cadence
from crmdesk.core.followups import service as followups
from crmdesk.core.store.models import Customer, FollowUp
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

START = dt.date(2026, 9, 28)  # the Monday before 国庆 (1–7 October off, Saturday 10 October worked)
WEEKS = 5
END = START + dt.timedelta(days=7 * WEEKS)
HOLIDAY = [dt.date(2026, 10, d) for d in range(1, 8)]


def _planned(cid: int, kind: str = "cadence") -> list[FollowUp]:
    return list(FollowUp.select().where((FollowUp.customer == cid) & (FollowUp.kind == kind)
                                        & (FollowUp.status == "planned") & FollowUp.deleted_at.is_null())
                .order_by(FollowUp.due_at))


def _in_window(rows: list[FollowUp]) -> list[FollowUp]:
    return [r for r in rows if START <= r.due_at.date() < END + dt.timedelta(days=10)]


def _next_working_day(day: dt.date) -> dt.date:
    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def test_each_tier_across_a_month_with_holidays(db) -> None:
    manager = staff.add("陈静")
    ids = {tier: make_customer(f"{tier}客户", tier=tier, manager_id=manager.id) for tier in tier_policy.TIER_ORDER}
    risky = make_customer("风险客户", tier="ordinary", at_risk=True, manager_id=manager.id)
    result = cadence.plan_window(START, weeks=WEEKS)
    assert result.full and result.added > 0 and result.changes.followups
    days = (END - START).days
    for row in settings.DEFAULT_TIER_POLICY:
        cid = ids[row["tier"]]
        rows = _planned(cid)
        contact = followups.contacts_of(cid)[0][0]
        for line in row["cadence"]:
            got = [r for r in rows if r.purpose == line["purpose"]]
            every = line["every_days"]
            assert math.floor(days / every) <= len(got) <= math.ceil(days / every), (row["tier"], line, len(got))
            assert {r.method for r in got} <= {line["method"]}
            # consecutive occurrences are a period apart, give or take a weekend and the 国庆 week
            for a, b in itertools.pairwise(got):
                assert every - 4 <= (b.due_at.date() - a.due_at.date()).days <= every + 8
        assert rows and all(chinese_calendar.is_workday(r.due_at.date()) for r in rows)
        assert all(r.due_at.date() not in HOLIDAY for r in rows)
        assert {(r.assignee_id, r.contact_id, r.kind) for r in rows} == {(manager.id, contact, "cadence")}
        assert {r.purpose for r in rows} <= {line["purpose"] for line in row["cadence"]}
    weekly = _planned(risky, "winback")
    assert len(weekly) == WEEKS  # one call in each ISO week of the window
    assert len({r.due_at.isocalendar()[:2] for r in weekly}) == WEEKS
    assert all(chinese_calendar.is_workday(r.due_at.date()) for r in weekly)
    assert all(r.purpose == cadence.WINBACK_PURPOSE and r.method == "phone" for r in weekly)


def test_a_day_off_moves_the_follow_up_to_the_next_working_day(db) -> None:
    rows = tier_policy.policy()
    ordinary = next(r for r in rows if r.tier == "ordinary")
    ordinary.cadence = [{"method": "phone", "purpose": "每日巡检", "every_days": 1}]
    tiers.save_policy(rows)  # re-plans from the real today; the test looks at the window below
    cid = make_customer("巡检客户")
    cadence.plan_window(START, weeks=WEEKS)  # an earlier day than the last run: the whole window again
    got = Counter(r.due_at.date() for r in _planned(cid) if START <= r.due_at.date() < END)
    expected = Counter(_next_working_day(START + dt.timedelta(days=i)) for i in range(WEEKS * 7))
    expected = Counter({day: n for day, n in expected.items() if day < END})
    assert got == expected
    assert got[dt.date(2026, 10, 8)] == 8  # 1–7 October, then its own
    assert got[dt.date(2026, 10, 10)] == 1  # the make-up Saturday is a working day
    assert got[dt.date(2026, 10, 12)] == 2  # Sunday 11th moves to Monday 12th


def test_generation_is_idempotent_and_rolls_day_by_day(db) -> None:
    for n, tier in enumerate(tier_policy.TIER_ORDER):
        make_customer(f"客户{n}", tier=tier, at_risk=n == 0)
    first = cadence.plan_window(START)
    total = FollowUp.select().count()
    again = cadence.plan_window(START)
    assert (again.added, again.removed, again.full, bool(again.changes)) == (0, 0, False, False)
    assert FollowUp.select().count() == total
    assert not cadence.generate(START)  # nothing new: an empty change-set, nothing to broadcast
    later = cadence.plan_window(START + dt.timedelta(days=14))
    assert not later.full and later.added == FollowUp.select().count() - total
    keys = [r.generated_key for r in FollowUp.select() if r.generated_key]
    assert len(keys) == len(set(keys)) == first.added + later.added
    horizon = START + dt.timedelta(days=14 + 56)
    assert max(r.due_at.date() for r in FollowUp.select()) <= _next_working_day(horizon)


def test_what_the_user_moved_or_deleted_stays_so(db) -> None:
    cid = make_customer("战略客户", tier="strategic")
    cadence.plan_window(START, weeks=8)
    moved, deleted, *_rest = _planned(cid)
    followups.reschedule(moved.id, dt.datetime(2026, 12, 15, 16, 0))
    followups.delete(deleted.id)
    before = FollowUp.select().count()
    cadence.after_tier_change({cid}, START)  # a full re-plan of this customer
    cadence.plan_window(START + dt.timedelta(days=1))
    assert FollowUp.get_by_id(moved.id).due_at == dt.datetime(2026, 12, 15, 16, 0)
    assert FollowUp.get_by_id(deleted.id).deleted_at is not None
    again = [r for r in _planned(cid) if r.generated_key in (moved.generated_key, deleted.generated_key)]
    assert [r.id for r in again] == [moved.id]  # the deleted one is not planned again
    assert FollowUp.select().count() >= before


def test_a_tier_change_replans_and_keeps_the_users_changes(db) -> None:
    cid = make_customer("升级客户", tier="ordinary")
    cadence.plan_window(START, weeks=8)
    emails = _planned(cid)
    assert emails and {r.method for r in emails} == {"email"}
    kept = emails[0]
    followups.reschedule(kept.id, kept.due_at + dt.timedelta(days=1))
    tiers.set_pinned(cid, "strategic")  # the hook re-plans this customer from the real today
    cadence.after_tier_change({cid}, START)
    rows = _planned(cid)
    purposes = {r.purpose for r in rows if r.id != kept.id}
    assert purposes and purposes <= {"月度拜访", "季度复盘会"}
    assert FollowUp.get_by_id(kept.id).status == "planned"  # the user's one stays
    assert not FollowUp.select().where((FollowUp.customer == cid) & (FollowUp.purpose == "月度邮件")
                                       & ~FollowUp.moved_by_user).exists()


def test_an_archived_customer_loses_its_untouched_future_cadence(db) -> None:
    from crmdesk.core.customers import lifecycle

    cid = make_customer("归档客户", tier="core")
    other = make_customer("正常客户", tier="core")
    cadence.plan_window(START)
    assert _planned(cid)
    lifecycle.archive([cid])
    tomorrow = START + dt.timedelta(days=1)
    cadence.plan_window(tomorrow)
    assert not [r for r in _planned(cid) if r.due_at.date() >= tomorrow]  # the past stays as it was
    assert [r for r in _planned(other) if r.due_at.date() >= tomorrow]


def test_a_period_already_planned_by_hand_is_left_alone(db) -> None:
    cid = make_customer("手工客户", tier="strategic")
    by_hand = followups.create(followups.FollowUpInput(customer_id=cid, due_at=dt.datetime(2026, 10, 12, 10),
                                                       method="visit", purpose="月度拜访"))
    cadence.plan_window(START, weeks=WEEKS)
    visits = [r for r in _planned(cid, "manual") + _planned(cid) if r.purpose == "月度拜访"]
    assert by_hand.id in [r.id for r in visits]
    for a, b in itertools.pairwise(visits):
        assert (b.due_at.date() - a.due_at.date()).days >= 15  # no second visit in the same month


def test_a_policy_change_replans_the_window(db) -> None:
    cid = make_customer("核心客户", tier="core")
    cadence.plan_window()
    rows = tier_policy.policy()
    core = next(r for r in rows if r.tier == "core")
    core.cadence = [{"method": "wechat", "purpose": "微信关怀", "every_days": 10}]
    changes = tiers.save_policy(rows)
    assert changes.followups
    planned = _planned(cid)
    assert planned and {(r.method, r.purpose) for r in planned} == {("wechat", "微信关怀")}


def test_recompute_plans_the_weekly_call_once(db) -> None:
    cid = make_customer("流失客户", tier="ordinary")
    for n in range(2):  # two complaints in 90 days: at risk
        from crmdesk.core.tickets import service as tickets

        tickets.create(cid, f"投诉{n}", category="complaint", severity="minor")
    tiers.recompute()
    assert Customer.get_by_id(cid).at_risk
    weekly = _planned(cid, "winback")
    assert len(weekly) >= 8 and len({r.generated_key for r in weekly}) == len(weekly)
    days = sorted(r.due_at.date() for r in weekly)
    assert all((b - a).days >= 3 for a, b in itertools.pairwise(days))  # never two calls in a row


@pytest.mark.parametrize("bulk", [0, cadence._BULK], ids=["range scan", "per customer"])
def test_generation_on_the_demo_database_adds_no_doubles(demo_db, monkeypatch, bulk: int) -> None:
    monkeypatch.setattr(cadence, "_BULK", bulk)  # both ways of finding what is already planned
    today = dt.date(2026, 11, 20)
    first = cadence.plan_window(today)
    assert first.added > 0
    assert cadence.plan_window(today).added == 0
    every = {line["purpose"]: line["every_days"] for row in settings.DEFAULT_TIER_POLICY for line in row["cadence"]}
    every[cadence.WINBACK_PURPOSE] = 7
    rows = list(FollowUp.select().where((FollowUp.status == "planned") & FollowUp.purpose.in_(list(every))
                                        & (FollowUp.due_at >= dt.datetime.combine(today, dt.time()))))
    by_purpose: dict[tuple[int, str], list[FollowUp]] = {}
    for row in rows:
        by_purpose.setdefault((row.customer_id, row.purpose), []).append(row)
    ours = [r for r in rows if (r.generated_key or "").startswith(("cad:", "winback:")) and r.created_at.date()
            == dt.date.today()]
    assert ours
    for mine in ours:  # each new one is half a period away from every other of the same purpose
        for other in by_purpose[(mine.customer_id, mine.purpose)]:
            if other.id != mine.id:
                gap = abs((other.due_at.date() - mine.due_at.date()).days)
                assert gap >= max(1, every[mine.purpose] // 2) - 3, (mine.generated_key, other.generated_key, gap)


@pytest.mark.parametrize("start", [dt.date(2026, 3, 7), dt.date(2026, 3, 8), dt.date(2026, 3, 4)])
def test_weekly_call_planned_on_a_weekend_is_not_doubled_on_monday(start: dt.date) -> None:
    """Started on a Saturday or Sunday, the past week's calls are not all piled onto Monday."""
    from crmdesk.core.firm import workcal

    cal = workcal.WorkCalendar(((9 * 3600, 12 * 3600), (13 * 3600 + 1800, 18 * 3600)))
    window = cadence.Window(start, start + dt.timedelta(days=14), cal)
    for offset in range(5):
        days = [day for _week, day in window.weeks[offset]]
        assert len(days) == len(set(days)), (offset, window.weeks[offset])  # one call a day at most
        weeks = [week for week, _day in window.weeks[offset]]
        assert len(weeks) == len(set(weeks))
    monday = dict(Counter(day for offset in range(5) for _w, day in window.weeks[offset]))
    if start.weekday() >= 5:  # weekend start: the next week is spread over its weekdays as usual
        assert max(monday.values()) == 1
    else:  # a Wednesday start: Monday's and Tuesday's calls are still owed that day
        assert monday[start] == 3
