"""Reminders: lunar and solar birthdays on the right solar date, festivals 1–2 working days
ahead with a greeting list per tier, and the 30-day rule for strategic and core customers."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from crmdesk.core.customers import interactions
from crmdesk.core.firm import lunar
from crmdesk.core.followups import reminders
from crmdesk.core.safety import secrets
from crmdesk.core.store.models import Contact, Customer, FollowUp
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

# 农历八月十五 (中秋节) fell on these solar dates
MID_AUTUMN = {2024: dt.date(2024, 9, 17), 2025: dt.date(2025, 10, 6), 2026: dt.date(2026, 9, 25)}


def _reminders(kind: str) -> list[FollowUp]:
    return list(FollowUp.select().where(FollowUp.kind == kind).order_by(FollowUp.due_at, FollowUp.id))


@pytest.mark.parametrize("year", sorted(MID_AUTUMN))
def test_a_lunar_birthday_falls_on_the_right_solar_date(year: int) -> None:
    born = dt.date(1978, 8, 15)  # lunar 8th month, 15th day
    assert lunar.birthday_in_year(born, True, year) == MID_AUTUMN[year]
    assert lunar.next_birthday(born, True, dt.date(year, 1, 1)) == MID_AUTUMN[year]
    assert lunar.solar_to_lunar(MID_AUTUMN[year])[1:3] == (8, 15)


def test_lunar_dates_late_in_the_year_and_short_months() -> None:
    # lunar 12th month falls in January or February of the next solar year
    assert lunar.next_birthday(dt.date(1970, 12, 20), True, dt.date(2026, 11, 22)) == dt.date(2027, 1, 27)
    # the 8th lunar month of 2026 has 29 days: a birthday on the 30th is kept on the 29th
    assert lunar.lunar_to_solar(2026, 8, 30) == lunar.lunar_to_solar(2026, 8, 29) == dt.date(2026, 10, 9)
    assert lunar.lunar_to_solar(2026, 1, 30) == dt.date(2026, 3, 18)  # the 1st month has a 30th
    # a solar 29 February is greeted on 28 February in common years
    assert lunar.next_birthday(dt.date(1988, 2, 29), False, dt.date(2026, 1, 1)) == dt.date(2026, 2, 28)
    assert lunar.next_birthday(dt.date(1988, 2, 29), False, dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)


def test_festivals_of_a_year() -> None:
    days = {f.key: f.date for f in lunar.festivals(2026)}
    assert days == {"spring": dt.date(2026, 2, 17), "dragon_boat": dt.date(2026, 6, 19),
                    "mid_autumn": dt.date(2026, 9, 25), "national": dt.date(2026, 10, 1)}


def test_the_reminder_day_is_a_working_day_one_or_two_days_ahead() -> None:
    workday = chinese_calendar.is_workday
    assert lunar.reminder_day(dt.date(2026, 11, 26), workday) == dt.date(2026, 11, 24)  # Thursday → Tuesday
    assert lunar.reminder_day(dt.date(2026, 11, 30), workday) == dt.date(2026, 11, 27)  # Monday → Friday
    assert lunar.reminder_day(dt.date(2026, 11, 24), workday) == dt.date(2026, 11, 23)  # Tuesday → Monday
    assert lunar.reminder_day(dt.date(2026, 10, 8), workday) == dt.date(2026, 9, 30)  # behind the 国庆 week


@pytest.mark.parametrize("year", sorted(MID_AUTUMN))
def test_a_lunar_birthday_is_reminded_each_year_on_its_solar_date(db, year: int) -> None:
    cid = make_customer("华强电子", tier="core", birthday="1978-08-15", lunar=True)
    contact = Contact.get(Contact.customer == cid)
    assert secrets.current().encrypted and contact.birthday.startswith(secrets.PREFIX)  # stored encrypted
    event = MID_AUTUMN[year]
    remind = lunar.reminder_day(event, chinese_calendar.is_workday)
    assert reminders.run(remind - dt.timedelta(days=1)).birthdays == 0  # not yet
    planned = reminders.run(remind)
    assert planned.birthdays == 1 and planned.changes.followups
    row = _reminders("birthday")[0]
    assert row.due_at.date() == remind and row.contact_id == contact.id and row.customer_id == cid
    assert f"{event.month}月{event.day}日" in row.purpose and "农历8月15日" in row.purpose
    assert row.generated_key == f"birthday:{contact.id}:{event.isoformat()}"
    assert reminders.run(remind, force=True).birthdays == 0  # once per birthday
    assert reminders.run(event, force=True).birthdays == 0


def test_solar_birthdays_and_who_is_left_out(db) -> None:
    make_customer("远航机械", tier="ordinary", birthday="1985-11-26")
    gone = make_customer("已离职客户", tier="ordinary", birthday="1985-11-26")
    Contact.update(has_left=True).where(Contact.customer == gone).execute()
    far = make_customer("远期客户", tier="ordinary", birthday="1985-12-20")
    assert reminders.run(dt.date(2026, 11, 24)).birthdays == 1
    row = _reminders("birthday")[0]
    assert row.method == "wechat" and "11月26日" in row.purpose and row.customer_id not in (gone, far)


def test_festival_greetings_for_strategic_and_core_and_a_list_per_tier(db) -> None:
    strategic = make_customer("战略客户", tier="strategic")
    core = make_customer("核心客户", tier="core")
    ordinary = make_customer("普通客户", tier="ordinary")
    remind = lunar.reminder_day(dt.date(2026, 9, 25), chinese_calendar.is_workday)
    assert [c.festival.key for c in reminders.coming_festivals(remind - dt.timedelta(days=1))] == []
    coming = reminders.coming_festivals(remind)
    assert [c.festival.key for c in coming] == ["mid_autumn"]
    assert reminders.run(remind).holidays == 2
    rows = {r.customer_id: r for r in _reminders("holiday")}
    assert set(rows) == {strategic, core}
    assert rows[strategic].method == "visit" and "中秋节" in rows[strategic].purpose
    assert rows[core].method == "phone" and rows[core].due_at.date() == remind
    assert reminders.run(remind, force=True).holidays == 0
    greet = reminders.greeting_list("ordinary", coming[0].festival)
    assert [(g.customer_id, g.method) for g in greet] == [(ordinary, "wechat")]
    assert "中秋" in greet[0].greeting and "****" in greet[0].mobile  # masked
    assert reminders.greeting_counts()["strategic"] == 1


def test_thirty_days_without_contact(db) -> None:
    today = dt.date(2026, 11, 20)
    silent = make_customer("久未联系", tier="strategic")
    recent = make_customer("刚联系过", tier="core")
    ordinary = make_customer("普通客户", tier="ordinary")
    for cid, days in ((silent, 31), (recent, 29), (ordinary, 90)):
        Customer.update(last_contact_at=dt.datetime.combine(today - dt.timedelta(days=days), dt.time(10))) \
            .where(Customer.id == cid).execute()
    assert reminders.silence(today) == 1
    row = _reminders("silence")[0]
    assert row.customer_id == silent and "31天" in row.purpose and row.due_at.date() == today
    assert reminders.silence(today) == 0  # once per silence
    interactions.log(silent, summary="电话问候", at=dt.datetime.combine(today, dt.time(11)))
    reminders.silence(today + dt.timedelta(days=20))  # the core customer's turn: 49 days
    assert [r.customer_id for r in _reminders("silence")] == [silent, recent]
    later = today + dt.timedelta(days=31)  # silent again (a Sunday: due the next working day)
    assert reminders.silence(later) == 1
    newest = [r for r in _reminders("silence") if r.customer_id == silent][-1]
    assert newest.id != row.id and chinese_calendar.is_workday(newest.due_at.date())


def test_run_is_once_a_day_unless_forced(db) -> None:
    make_customer("战略客户", tier="strategic")
    Customer.update(last_contact_at=dt.datetime(2026, 9, 1, 10)).execute()
    assert reminders.run(dt.date(2026, 11, 20)).silence == 1
    again = reminders.run(dt.date(2026, 11, 20))
    assert (again.silence, again.birthdays, again.holidays, bool(again.changes)) == (0, 0, 0, False)
