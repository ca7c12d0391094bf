"""SLA allowances and due times, worked out by hand.

Working time: 09:00–12:00 and 13:30–18:00 on working days (7.5 h a day); "N working days" is
N × 7.5 h of working time. Urgent tickets and 重大 complaints count calendar time.
Dates: Fri 2025-11-14, Mon 2025-11-17 … Fri 2025-11-21 are ordinary days; 国庆 2025 is 1–8
October with make-up working days Sun 28 September and Sat 11 October.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from crmdesk.core.firm import settings, workcal
from crmdesk.core.store.models import TierPolicy
from crmdesk.core.tickets import sla

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

T = dt.datetime.fromisoformat
H = 3600


@pytest.mark.parametrize(("created", "priority", "response", "resolution"), [
    # normal on Monday 09:00: response 8 h = Mon 7.5 h (to 18:00) + Tue 0.5 h → Tue 09:30;
    # resolution 5 working days = 37.5 h = Mon … Fri → Fri 18:00
    ("2025-11-17 09:00", "normal", "2025-11-18 09:30", "2025-11-21 18:00"),
    # important on Friday 17:30 (weekend): response 4 h = Fri 0.5 h + Mon 09:00–12:00 3 h + 13:30–14:00
    # → Mon 14:00; resolution 2 working days = 15 h = Fri 0.5 + Mon 7.5 + Tue 7 (3 + 4 from 13:30) → Tue 17:30
    ("2025-11-14 17:30", "important", "2025-11-17 14:00", "2025-11-18 17:30"),
    # urgent on Friday 17:30 counts calendar hours: response +2 h, resolution +24 h (on Saturday)
    ("2025-11-14 17:30", "urgent", "2025-11-14 19:30", "2025-11-15 17:30"),
    # lunch boundary: important at 10:00 → 2 h to 12:00, 2 h from 13:30 → 15:30;
    # resolution 15 h: Mon 2 + 4.5 = 6.5 h, Tue 7.5 h (14 h), Wed 1 h → Wed 10:00
    ("2025-11-17 10:00", "important", "2025-11-17 15:30", "2025-11-19 10:00"),
    # filed during lunch: the clock starts at 13:30; 4 h → 17:30;
    # resolution 15 h: Mon 4.5 h, Tue 7.5 h (12 h), Wed 09:00–12:00 3 h → Wed 12:00 (the earliest moment)
    ("2025-11-17 12:15", "important", "2025-11-17 17:30", "2025-11-19 12:00"),
    # end of day boundary: normal at 17:59 → 1 min on Monday, 7.5 h on Tuesday (451 min at Tue 18:00),
    # 29 min on Wednesday → Wed 09:29; resolution 37.5 h: 1 min + Tue … Fri 30 h + Mon 24 Nov 7.5 h − 1 min
    # → Mon 17:59 (which is 37.5 h of working time later: the same time five working days on)
    ("2025-11-17 17:59", "normal", "2025-11-19 09:29", "2025-11-24 17:59"),
    # filed after hours: everything counts from 09:00 the next working day
    ("2025-11-17 18:00", "normal", "2025-11-19 09:30", "2025-11-24 18:00"),
    # golden week: normal on Tue 30 Sept 10:00 → that day 2 + 4.5 = 6.5 h; 1–8 Oct off;
    # response 8 h: 1.5 h on Thu 9 Oct → 10:30;
    # resolution 37.5 h: 6.5 + Thu 9 (7.5) + Fri 10 (7.5) + Sat 11 make-up (7.5) + Mon 13 (7.5) = 36.5 h,
    # 1 h more on Tue 14 Oct → 10:00
    ("2025-09-30 10:00", "normal", "2025-10-09 10:30", "2025-10-14 10:00"),
    # make-up Sunday: important on Fri 26 Sept 17:00 → 1 h Friday, Sat 27 off, Sun 28 is a make-up day:
    # 3 h 09:00–12:00 → response due Sun 28 Sept 12:00 (exactly at the lunch break, not 13:30);
    # resolution 15 h: 1 + Sun 7.5 + Mon 29 6.5 h (3 + 3.5 from 13:30) → Mon 17:00
    ("2025-09-26 17:00", "important", "2025-09-28 12:00", "2025-09-29 17:00"),
])
def test_due_times(db, created: str, priority: str, response: str, resolution: str) -> None:
    assert sla.due_times(T(created), priority, "fault", "", "ordinary") == (T(response), T(resolution))


@pytest.mark.parametrize(("severity", "resolution"), [
    # 一般: 1 working day = 7.5 h: Fri 17:30–18:00 0.5 h, Mon 09:00–12:00 3 h, 13:30–17:30 4 h → Mon 17:30
    ("minor", "2025-11-17 17:30"),
    # 严重 on a Friday at 17:30: 2 working days = 15 h: Fri 0.5 h + Mon 7.5 h + Tue 7 h → Tue 17:30
    ("serious", "2025-11-18 17:30"),
    # 重大: 1 calendar day → Saturday 17:30
    ("critical", "2025-11-15 17:30"),
    # no severity yet: treated as 一般
    ("", "2025-11-17 17:30"),
])
def test_complaint_resolution_by_severity(db, severity: str, resolution: str) -> None:
    response_due, resolution_due = sla.due_times(T("2025-11-14 17:30"), "important", "complaint", severity)
    assert response_due == T("2025-11-17 14:00")  # the priority sets the response: 4 working hours
    assert resolution_due == T(resolution)
    assert sla.resolution_clock_is_calendar("important", "complaint", severity) is (severity == "critical")


def test_tier_policy_overrides_the_global_allowances(db) -> None:
    TierPolicy.update(response_hours=json.dumps({"normal": 4, "urgent": 1}),
                      resolution_hours=json.dumps({"important": 8, "urgent": 12})) \
        .where(TierPolicy.tier == "strategic").execute()
    monday = T("2025-11-17 09:00")
    # strategic normal: response 4 working hours → 09:00–12:00 + 13:30–14:30; resolution stays 5 days
    assert sla.due_times(monday, "normal", "fault", "", "strategic") == (T("2025-11-17 14:30"), T("2025-11-21 18:00"))
    # strategic important: resolution 8 working hours → Mon 7.5 h + Tue 0.5 h
    assert sla.due_times(monday, "important", "fault", "", "strategic")[1] == T("2025-11-18 09:30")
    # strategic urgent: 1 and 12 calendar hours
    assert sla.due_times(monday, "urgent", "fault", "", "strategic") == (T("2025-11-17 10:00"), T("2025-11-17 21:00"))
    # other tiers keep the defaults
    assert sla.due_times(monday, "normal", "fault", "", "core") == (T("2025-11-18 09:30"), T("2025-11-21 18:00"))
    # complaints keep their severity table whatever the tier
    assert sla.due_times(monday, "important", "complaint", "serious", "strategic")[1] == T("2025-11-18 18:00")


def test_settings_change_the_defaults(db) -> None:
    settings.put("sla_response_hours", {"urgent": 1, "important": 2, "normal": 3})
    settings.put("sla_resolution", {"urgent": [12, "calendar_hours"], "important": [1, "working_days"],
                                    "normal": [10, "working_hours"]})
    monday = T("2025-11-17 09:00")
    assert sla.due_times(monday, "normal") == (T("2025-11-17 12:00"), T("2025-11-18 11:30"))
    assert sla.due_times(monday, "important") == (T("2025-11-17 11:00"), T("2025-11-17 18:00"))
    assert sla.due_times(monday, "urgent") == (T("2025-11-17 10:00"), T("2025-11-17 21:00"))


def test_the_policy_follows_the_calendar_overrides(db) -> None:
    monday = T("2025-11-17 09:00")
    assert sla.due_times(monday, "normal")[1] == T("2025-11-21 18:00")
    workcal.set_override(dt.date(2025, 11, 19), False, "公司活动")  # Wednesday off: one day later
    assert sla.due_times(monday, "normal")[1] == T("2025-11-24 18:00")


# --------------------------------------------------------------------------- pauses


def test_pause_moves_the_working_due(db) -> None:
    due = T("2025-11-18 17:30")  # important, filed Fri 17:30
    # paused Mon 10:00 → Tue 10:00 took 7.5 working hours; what was left at Mon 10:00 (Mon 6.5 h + Tue 7 h
    # = 13.5 h) counts again from Tue 10:00: Tue 6.5 h, Wed 7 h → Wed 17:30
    assert sla.resolution_due_with_pause(due, T("2025-11-17 10:00"), T("2025-11-18 10:00"), False) == \
        T("2025-11-19 17:30")
    # paused over a weekend, Fri 17:00 → Mon 10:00: the pause took 1 + 1 = 2 working hours;
    # left at Fri 17:00: 1 + 7.5 + 7 = 15.5 h; from Mon 10:00: Mon 6.5 + Tue 7.5 = 14 h, Wed 1.5 h → 10:30
    assert sla.resolution_due_with_pause(due, T("2025-11-14 17:00"), T("2025-11-17 10:00"), False) == \
        T("2025-11-19 10:30")
    assert sla.paused_clock_seconds(T("2025-11-14 17:00"), T("2025-11-17 10:00"), False) == 2 * H
    # a pause entirely outside working time changes nothing
    assert sla.resolution_due_with_pause(due, T("2025-11-15 10:00"), T("2025-11-16 10:00"), False) == due
    # a pause that began after the due had passed does not un-breach the ticket
    assert sla.resolution_due_with_pause(due, T("2025-11-19 09:00"), T("2025-11-20 09:00"), False) == due


def test_pause_moves_the_calendar_due(db) -> None:
    due = T("2025-11-15 17:30")  # urgent, filed Fri 17:30: 24 calendar hours
    # paused Fri 18:00 → Sat 06:00 = 12 h; 23.5 h were left, counted from Sat 06:00 → Sun 05:30
    assert sla.resolution_due_with_pause(due, T("2025-11-14 18:00"), T("2025-11-15 06:00"), True) == \
        T("2025-11-16 05:30")
    assert sla.paused_clock_seconds(T("2025-11-14 18:00"), T("2025-11-15 06:00"), True) == 12 * H


# --------------------------------------------------------------------------- time left


def _ticket(**values: object) -> SimpleNamespace:
    base = {"created_at": T("2025-11-17 09:00"), "priority": "normal", "category": "fault", "severity": "",
            "first_response_at": None, "response_due": T("2025-11-18 09:30"),
            "resolution_due": T("2025-11-21 18:00"), "resolved_at": None, "paused": False, "paused_at": None}
    base.update(values)
    return SimpleNamespace(**base)


def test_remaining_on_the_response_clock(db) -> None:
    ticket = _ticket()  # normal: 8 working hours to respond, amber under 2 h
    # Mon 16:00 → Tue 09:30: 2 h + 0.5 h = 2.5 h left
    assert tuple(sla.remaining(ticket, T("2025-11-17 16:00"))) == (int(2.5 * H), 8 * H, "ok")
    # Mon 17:00: 1 h + 0.5 h = 1.5 h < 2 h → amber
    assert tuple(sla.remaining(ticket, T("2025-11-17 17:00"))) == (int(1.5 * H), 8 * H, "amber")
    # Mon 20:00 (after hours): still 0.5 h of Tuesday → amber
    assert tuple(sla.remaining(ticket, T("2025-11-17 20:00"))) == (int(0.5 * H), 8 * H, "amber")
    # Tue 09:31: one working minute late → red
    left = sla.remaining(ticket, T("2025-11-18 09:31"))
    assert tuple(left) == (-60, 8 * H, "red")
    assert (left.kind, left.calendar, left.due) == ("response", False, T("2025-11-18 09:30"))


def test_remaining_on_the_resolution_clock(db) -> None:
    ticket = _ticket(first_response_at=T("2025-11-17 09:30"))  # 37.5 h allowance, amber under 9.375 h
    # Thu 09:00 → Fri 18:00: Thu 7.5 h + Fri 7.5 h = 15 h
    assert tuple(sla.remaining(ticket, T("2025-11-20 09:00"))) == (15 * H, int(37.5 * H), "ok")
    # Fri 09:00: 7.5 h < 9.375 h → amber
    assert tuple(sla.remaining(ticket, T("2025-11-21 09:00"))) == (int(7.5 * H), int(37.5 * H), "amber")
    # Fri 19:00: past the due though no working time passed since 18:00 → red with 0 left
    assert tuple(sla.remaining(ticket, T("2025-11-21 19:00"))) == (0, int(37.5 * H), "red")
    # Mon 24 Nov 10:00: 1 working hour late
    assert tuple(sla.remaining(ticket, T("2025-11-24 10:00"))) == (-H, int(37.5 * H), "red")


def test_remaining_is_frozen_while_paused_and_after_resolution(db) -> None:
    paused = _ticket(first_response_at=T("2025-11-17 09:30"), paused=True, paused_at=T("2025-11-20 09:00"))
    # frozen at Thu 09:00 (15 h left), whatever the time now
    assert tuple(sla.remaining(paused, T("2025-11-28 12:00"))) == (15 * H, int(37.5 * H), "ok")
    late = _ticket(first_response_at=T("2025-11-17 09:30"), resolved_at=T("2025-11-24 10:00"))
    assert tuple(sla.remaining(late, T("2025-12-01 12:00"))) == (-H, int(37.5 * H), "red")


def test_remaining_on_the_calendar_clock(db) -> None:
    urgent = _ticket(created_at=T("2025-11-14 17:30"), priority="urgent", first_response_at=T("2025-11-14 18:00"),
                     response_due=T("2025-11-14 19:30"), resolution_due=T("2025-11-15 17:30"))
    # Saturday counts: 12:00 → 17:30 is 5.5 h, under 6 h (25 % of 24 h) → amber
    left = sla.remaining(urgent, T("2025-11-15 12:00"))
    assert tuple(left) == (int(5.5 * H), 24 * H, "amber")
    assert left.calendar
    # a 严重 complaint filed on a Friday at 17:30, checked on Monday 17:00: due Tue 17:30;
    # left = Mon 17:00–18:00 1 h + Tue 7 h = 8 h of 15 h → ok (amber below 3.75 h)
    complaint = _ticket(created_at=T("2025-11-14 17:30"), priority="important", category="complaint",
                        severity="serious", first_response_at=T("2025-11-17 09:10"),
                        response_due=T("2025-11-17 14:00"), resolution_due=T("2025-11-18 17:30"))
    assert tuple(sla.remaining(complaint, T("2025-11-17 17:00"))) == (8 * H, 15 * H, "ok")
    # Tue 14:00 → 17:30 is 3.5 h, under 3.75 h → amber
    assert tuple(sla.remaining(complaint, T("2025-11-18 14:00"))) == (int(3.5 * H), 15 * H, "amber")


def test_remaining_without_dues_is_none(db) -> None:
    assert sla.remaining(_ticket(response_due=None, resolution_due=None), T("2025-11-17 10:00")) is None


# --------------------------------------------------------------------------- a changed calendar


def test_a_changed_calendar_moves_the_open_working_dues(db) -> None:
    """recompute_open_dues reads each ticket's tier from its customer (the tier policy decides the
    allowance) and moves only the dues that count working time."""
    from crmdesk.core.tickets import service as tickets
    from crmdesk.core.tickets.records import load
    from tests.helpers.factories import make_customer

    TierPolicy.update(resolution_hours=json.dumps({"normal": 15})).where(TierPolicy.tier == "strategic").execute()
    monday = T("2025-11-17 09:00")
    working = tickets.create(make_customer("深圳市甲公司", tier="strategic"), "主轴异响", priority="normal",
                             at=monday).ticket_id
    urgent = tickets.create(make_customer("深圳市乙公司"), "停机", priority="urgent", at=monday).ticket_id
    assert load(working).resolution_due == T("2025-11-18 18:00")  # strategic: 15 working hours, Mon + Tue
    old = workcal.current()
    workcal.set_override(dt.date(2025, 11, 18), False, "公司活动")  # Tuesday off
    moved = sla.recompute_open_dues(old, workcal.current())
    assert [(m.ticket_id, m.resolution) for m in moved if m.resolution] == \
        [(working, (T("2025-11-18 18:00"), T("2025-11-19 18:00")))]
    assert load(working).resolution_due == T("2025-11-19 18:00")
    assert urgent not in [m.ticket_id for m in moved if m.resolution]  # calendar hours do not move
