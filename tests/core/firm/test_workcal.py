"""The working calendar: holidays, make-up days, business hours and working-time arithmetic.

Default business hours 09:00–12:00 and 13:30–18:00: a working day holds 3 h + 4.5 h = 7.5 h
(27,000 s). Reference weeks:
- 2025-11-10 … 2025-11-21: ordinary weeks (Mon 17 … Fri 21 November);
- 国庆 2025: 1–8 October are holidays; Sunday 28 September and Saturday 11 October are make-up
  working days (调休补班), as the chinese_calendar package says;
- 元旦 2026: 1–3 January are holidays, Sunday 4 January is a make-up working day.
"""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.firm import settings, workcal
from crmdesk.core.firm.workcal import WorkCalendar, parse_business_hours
from crmdesk.core.store.errors import ValidationError

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

D = dt.date
T = dt.datetime.fromisoformat


@pytest.fixture
def cal() -> WorkCalendar:
    """The default calendar without user overrides (no database needed)."""
    return WorkCalendar(parse_business_hours([["09:00", "12:00"], ["13:30", "18:00"]]))


# --------------------------------------------------------------------------- days


@pytest.mark.parametrize(("day", "expected"), [
    (D(2025, 11, 17), True),  # Monday
    (D(2025, 11, 15), False),  # Saturday
    (D(2025, 11, 16), False),  # Sunday
    (D(2025, 9, 27), False),  # Saturday before 国庆
    (D(2025, 9, 28), True),  # Sunday, make-up working day
    (D(2025, 10, 1), False),  # 国庆
    (D(2025, 10, 8), False),  # last day of the golden week (a Wednesday)
    (D(2025, 10, 9), True),  # Thursday, back to work
    (D(2025, 10, 11), True),  # Saturday, make-up working day
    (D(2025, 10, 12), False),  # Sunday
    (D(2026, 1, 1), False),  # 元旦 (Thursday)
    (D(2026, 1, 2), False),  # Friday, part of 元旦
    (D(2026, 1, 4), True),  # Sunday, make-up working day
])
def test_is_workday_follows_the_statutory_calendar(cal: WorkCalendar, day: dt.date, expected: bool) -> None:
    assert cal.is_workday(day) is expected


def test_years_the_package_does_not_cover_fall_back_to_monday_to_friday(cal: WorkCalendar) -> None:
    assert not workcal.covered_by_package(2099)
    assert workcal.covered_by_package(2025)
    assert cal.is_workday(D(2099, 1, 1))  # a Thursday: without data New Year's Day is a working day
    assert not cal.is_workday(D(2099, 1, 3))  # Saturday


def test_next_working_day_and_roll_forward(cal: WorkCalendar) -> None:
    assert cal.next_working_day(D(2025, 11, 14)) == D(2025, 11, 17)  # Friday → Monday
    assert cal.next_working_day(D(2025, 9, 26)) == D(2025, 9, 28)  # Friday → make-up Sunday
    assert cal.next_working_day(D(2025, 9, 30)) == D(2025, 10, 9)  # over the golden week
    assert cal.next_working_day(D(2025, 10, 10)) == D(2025, 10, 11)  # → make-up Saturday
    assert cal.next_working_day(D(2025, 10, 11)) == D(2025, 10, 13)
    assert cal.roll_forward(D(2025, 10, 3)) == D(2025, 10, 9)
    assert cal.roll_forward(D(2025, 11, 17)) == D(2025, 11, 17)
    assert cal.working_day_after(D(2025, 9, 30), 2) == D(2025, 10, 10)
    assert cal.working_day_after(D(2025, 10, 4), 0) == D(2025, 10, 9)


# --------------------------------------------------------------------------- working time


@pytest.mark.parametrize(("start", "hours", "expected"), [
    # inside one morning: 09:00 + 2 h
    ("2025-11-17 09:00", 2, "2025-11-17 11:00"),
    # using up the morning exactly ends at 12:00, not at 13:30
    ("2025-11-17 09:00", 3, "2025-11-17 12:00"),
    # across lunch: 11:00–12:00 is 1 h, the other hour is 13:30–14:30
    ("2025-11-17 11:00", 2, "2025-11-17 14:30"),
    # starting during lunch: the clock starts at 13:30
    ("2025-11-17 12:30", 1, "2025-11-17 14:30"),
    # before opening: the clock starts at 09:00
    ("2025-11-17 07:00", 1, "2025-11-17 10:00"),
    # using up the day exactly ends at 18:00 (not 09:00 the next day)
    ("2025-11-17 17:00", 1, "2025-11-17 18:00"),
    # end of day: 17:00–18:00 is 1 h, the other half hour is 09:00–09:30 on Tuesday
    ("2025-11-17 17:00", 1.5, "2025-11-18 09:30"),
    # after hours: nothing counts until 09:00 the next day
    ("2025-11-17 19:00", 1, "2025-11-18 10:00"),
    # a whole working day: 7.5 h from 09:00 is 18:00 the same day
    ("2025-11-17 09:00", 7.5, "2025-11-17 18:00"),
    # weekend: Friday 16:00–18:00 is 2 h, then Monday 09:00–11:00
    ("2025-11-14 16:00", 4, "2025-11-17 11:00"),
    # golden week: Tuesday 30 Sept 17:00–18:00 is 1 h; 1–8 Oct are holidays; Thursday 9 Oct 09:00–10:00
    ("2025-09-30 17:00", 2, "2025-10-09 10:00"),
    # make-up Sunday: Saturday 27 Sept is off, Sunday 28 Sept counts from 09:00
    ("2025-09-27 10:00", 1, "2025-09-28 10:00"),
    # make-up Saturday: Friday 10 Oct 17:00–18:00 is 1 h, Saturday 11 Oct 09:00–10:00
    ("2025-10-10 17:00", 2, "2025-10-11 10:00"),
    # over New Year: Wed 31 Dec 17:00–18:00 is 1 h; 1–3 Jan are holidays; Sunday 4 Jan is a make-up day
    ("2025-12-31 17:00", 2, "2026-01-04 10:00"),
    # zero hours leave the start as it is, even during lunch
    ("2025-11-17 12:30", 0, "2025-11-17 12:30"),
])
def test_add_working_time(cal: WorkCalendar, start: str, hours: float, expected: str) -> None:
    assert cal.add_working_time(T(start), hours) == T(expected)


def test_add_working_days_is_days_times_the_working_day(cal: WorkCalendar) -> None:
    assert cal.day_seconds == 27_000
    # Friday 17:30 + 2 × 7.5 h = 15 h: Friday 0.5 h, Monday 7.5 h, Tuesday 09:00 + 7 h
    # (3 h to 12:00, 4 h from 13:30) = 17:30 — "the same time two working days later"
    assert cal.add_working_days(T("2025-11-14 17:30"), 2) == T("2025-11-18 17:30")
    # Monday 09:00 + 5 days = 37.5 h: Monday … Friday, ending Friday 18:00
    assert cal.add_working_days(T("2025-11-17 09:00"), 5) == T("2025-11-21 18:00")


def test_working_seconds_between(cal: WorkCalendar) -> None:
    # Fri 26 Sept 10:00 → Mon 13 Oct 10:00:
    # Fri 26: 2 h + 4.5 h = 6.5 h; Sat 27 off; Sun 28 (make-up) 7.5; Mon 29, Tue 30: 15;
    # 1–8 Oct off; Thu 9, Fri 10, Sat 11 (make-up): 22.5; Sun 12 off; Mon 13 09:00–10:00: 1
    # total 6.5 + 7.5 + 15 + 22.5 + 1 = 52.5 h
    assert cal.working_seconds_between(T("2025-09-26 10:00"), T("2025-10-13 10:00")) == 52.5 * 3600
    assert cal.working_seconds_between(T("2025-10-13 10:00"), T("2025-09-26 10:00")) == -52.5 * 3600
    assert cal.working_seconds_between(T("2025-11-17 12:00"), T("2025-11-17 13:30")) == 0  # lunch
    assert cal.working_seconds_between(T("2025-11-14 18:00"), T("2025-11-17 09:00")) == 0  # weekend
    assert cal.working_seconds_between(T("2025-11-17 11:59:30"), T("2025-11-17 13:30:30")) == 60


def test_arithmetic_across_years_and_uncovered_years(cal: WorkCalendar) -> None:
    # 2099 is unknown to the package: Mon–Fri. 2099-12-31 is a Thursday, 2100-01-01 a Friday:
    # Thursday 17:00–18:00 is 1 h, Friday 09:00–10:00 the second.
    assert D(2099, 12, 31).weekday() == 3
    assert WorkCalendar(cal.periods).add_working_time(T("2099-12-31 17:00"), 2) == T("2100-01-01 10:00")
    # an early year, after later ones were used (the cumulative table grows backwards too)
    early = WorkCalendar(cal.periods)
    assert early.add_working_time(T("2025-09-30 17:00"), 2) == T("2025-10-09 10:00")
    # Fri 31 Dec 2004 17:00–18:00 is 1 h; 1–3 Jan 2005 are 元旦 holidays; Tue 4 Jan 09:00–10:00
    assert early.add_working_time(T("2004-12-31 17:00"), 2) == T("2005-01-04 10:00")
    # one year: 2025 has 248 working days per the package (make-up weekend days included), 248 × 7.5 h
    assert cal.working_seconds_between(T("2025-01-01 00:00"), T("2026-01-01 00:00")) == 248 * 27_000


def test_is_working_time_and_business_start(cal: WorkCalendar) -> None:
    assert cal.is_working_time(T("2025-11-17 09:00"))
    assert not cal.is_working_time(T("2025-11-17 12:00"))
    assert not cal.is_working_time(T("2025-11-15 10:00"))
    assert cal.business_start(D(2025, 11, 17)) == T("2025-11-17 09:00")


@pytest.mark.parametrize("bad", [
    [["09:00", "12:00"], ["11:00", "18:00"]],  # overlapping
    [["12:00", "09:00"]],  # backwards
    [["9点", "12:00"]],  # not a time
    [],  # no hours at all
])
def test_bad_business_hours_are_refused(bad: list[list[str]]) -> None:
    with pytest.raises(ValidationError) as info:
        parse_business_hours(bad)
    assert info.value.field == "business_hours"
    assert "营业时间" in info.value.message


def test_business_hours_as_typed_become_the_stored_form_or_are_refused() -> None:
    assert workcal.business_hours_from_text("9:00-12:00， 13:30－18:00") == [["09:00", "12:00"], ["13:30", "18:00"]]
    assert workcal.business_hours_from_text("08:30 – 24:00") == [["08:30", "24:00"]]
    for typed in ("", "9-12", "9点到12点", "09:75-12:00", "12:00-09:00", "09:00-12:00, 11:00-18:00", "23:00-25:00"):
        with pytest.raises(ValidationError) as info:
            workcal.business_hours_from_text(typed)
        assert info.value.field == "business_hours", typed


# --------------------------------------------------------------------------- the bound calendar


def test_user_overrides_come_before_the_package(db) -> None:
    assert workcal.is_workday(D(2025, 10, 11))  # make-up Saturday per the package
    changes = workcal.set_override(D(2025, 10, 11), False, "公司调休")
    assert changes.settings and changes.tickets
    assert not workcal.is_workday(D(2025, 10, 11))  # the cached calendar was rebuilt
    workcal.set_override(D(2099, 1, 1), False, "元旦")  # a year the package does not cover
    workcal.set_override(D(2099, 1, 3), True, "元旦补班")  # Saturday
    assert not workcal.is_workday(D(2099, 1, 1))
    assert workcal.is_workday(D(2099, 1, 3))
    assert [(o.date, o.is_workday, o.name) for o in workcal.overrides(2099)] == [
        (D(2099, 1, 1), False, "元旦"), (D(2099, 1, 3), True, "元旦补班")]
    # Wed 31 Dec 2098 17:00 + 2 h: 1 h on Wednesday, Thu 1 Jan is off, Fri 2 Jan 09:00–10:00
    assert workcal.add_working_time(T("2098-12-31 17:00"), 2) == T("2099-01-02 10:00")
    # Fri 2 Jan 17:00 + 2 h: 1 h on Friday, then the make-up Saturday 09:00–10:00
    assert workcal.add_working_time(T("2099-01-02 17:00"), 2) == T("2099-01-03 10:00")
    workcal.remove_override(D(2025, 10, 11))
    assert workcal.is_workday(D(2025, 10, 11))


def test_an_override_edited_behind_the_cache_is_seen(db) -> None:
    from crmdesk.core.store.models import CalendarDay

    assert workcal.is_workday(D(2025, 11, 17))
    CalendarDay.create(date=D(2025, 11, 17), is_workday=False, name="停电")  # not through set_override
    assert not workcal.is_workday(D(2025, 11, 17))


def test_business_hours_come_from_settings(db) -> None:
    assert workcal.day_seconds() == 27_000
    settings.put("business_hours", [["08:00", "12:00"], ["13:00", "17:00"]])
    assert workcal.day_seconds() == 8 * 3600
    # Monday 08:00 + one working day of 8 h: 08:00–12:00 and 13:00–17:00
    assert workcal.add_working_days(T("2025-11-17 08:00"), 1) == T("2025-11-17 17:00")
    assert workcal.working_seconds_between(T("2025-11-17 12:00"), T("2025-11-17 13:30")) == 1800
    assert workcal.next_working_day(D(2025, 9, 30)) == D(2025, 10, 9)


def test_a_broken_hours_setting_keeps_the_defaults(db) -> None:
    settings.put("business_hours", [["18:00", "09:00"]])
    assert workcal.day_seconds() == 27_000


@pytest.mark.parametrize("text", ["2025-11-17 10:30:00", "2025-11-17 12:45:00", "2025-11-17 18:30:00",
                                  "2025-11-15 10:00:00", "2025-10-11 09:15:30.500000", "2025-11-17",
                                  "2025-11-17 13:30:00"])
def test_position_text_reads_stored_times_like_position(cal: WorkCalendar, text: str) -> None:
    assert cal.position_text(text) == cal.position(dt.datetime.fromisoformat(text))
