"""Dates of the Chinese calendar for reminders: lunar birthdays and the major festivals (docs/spec.md §4).

A lunar birthday is stored as an ISO date whose month and day are lunar (``1985-08-15`` with
the lunar flag: the 15th day of the 8th lunar month). Its solar date changes every year; the
``lunardate`` package converts (1900–2099). A lunar 30th in a year whose month has only 29
days is celebrated on the 29th; a solar 29 February on 28 February in common years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from lunardate import LunarDate


def lunar_to_solar(year: int, month: int, day: int) -> dt.date | None:
    """The solar date of lunar ``year-month-day`` (the 29th when the month is short), or None out of range."""
    try:
        solar = LunarDate(year, month, day).to_solar_date()
        back = LunarDate.from_solar_date(solar.year, solar.month, solar.day)
    except ValueError:  # out of the package's range, or no such day
        solar, back = None, None
    if back is None or (back.month, back.day, back.is_leap_month) != (month, day, False):
        return lunar_to_solar(year, month, 29) if day == 30 else None  # a short month has no 30th
    return solar


def solar_to_lunar(day: dt.date) -> tuple[int, int, int, bool]:
    """(lunar year, month, day, is leap month) of a solar date."""
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    return lunar.year, lunar.month, lunar.day, bool(lunar.is_leap_month)


def _solar_in(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February in a common year
        return dt.date(year, month, day - 1)


def next_birthday(birthday: dt.date, lunar: bool, on_or_after: dt.date) -> dt.date | None:
    """The first solar date of the birthday on or after ``on_or_after``."""
    if not lunar:
        this_year = _solar_in(on_or_after.year, birthday.month, birthday.day)
        return this_year if this_year >= on_or_after else _solar_in(on_or_after.year + 1, birthday.month, birthday.day)
    # a lunar date of late in lunar year Y falls in January/February of solar year Y + 1
    for year in (on_or_after.year - 1, on_or_after.year, on_or_after.year + 1):
        solar = lunar_to_solar(year, birthday.month, birthday.day)
        if solar is not None and solar >= on_or_after:
            return solar
    return None


def birthday_in_year(birthday: dt.date, lunar: bool, year: int) -> dt.date | None:
    """The solar date of the birthday in lunar year ``year`` (lunar) or solar year ``year``."""
    return lunar_to_solar(year, birthday.month, birthday.day) if lunar else _solar_in(year, birthday.month,
                                                                                       birthday.day)


class Festival(NamedTuple):
    """A major holiday greeted by the service desk."""

    key: str
    name: str
    date: dt.date
    wish: str


FESTIVALS = (  # key, name, lunar month/day (None: solar date), wish
    ("spring", "春节", (1, 1), None, "新春快乐，万事如意"),
    ("dragon_boat", "端午节", (5, 5), None, "端午安康"),
    ("mid_autumn", "中秋节", (8, 15), None, "中秋快乐，阖家团圆"),
    ("national", "国庆节", None, (10, 1), "国庆快乐"),
)


def festivals(year: int) -> list[Festival]:
    """春节, 端午, 中秋 and 国庆 of solar year ``year``, in date order."""
    out = []
    for key, name, lunar, solar, wish in FESTIVALS:
        day = lunar_to_solar(year, *lunar) if lunar else dt.date(year, *solar) if solar else None
        if day is not None:
            out.append(Festival(key, name, day, wish))
    return sorted(out, key=lambda f: f.date)


def reminder_day(event: dt.date, is_workday: Callable[[dt.date], bool]) -> dt.date:
    """When to remind of ``event``: 2 or 1 days before, on a working day; when both are days off
    (a weekend, a holiday), the last working day before them."""
    for before in (2, 1):
        day = event - dt.timedelta(days=before)
        if is_workday(day):
            return day
    day = event - dt.timedelta(days=3)
    for _i in range(30):
        if is_workday(day):
            return day
        day -= dt.timedelta(days=1)
    return event - dt.timedelta(days=2)


class ComingFestival(NamedTuple):
    """A major holiday whose greeting is due now."""

    festival: Festival
    remind_on: dt.date


def coming(today: dt.date, is_workday: Callable[[dt.date], bool]) -> list[ComingFestival]:
    """Festivals whose reminder day (:func:`reminder_day`) has come and which have not passed yet."""
    out = []
    for year in (today.year, today.year + 1):
        for f in festivals(year):
            remind_on = reminder_day(f.date, is_workday)
            if remind_on <= today <= f.date:
                out.append(ComingFestival(f, remind_on))
    return out
