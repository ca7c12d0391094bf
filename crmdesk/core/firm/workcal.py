"""The Chinese working calendar (工作日历) and working-time arithmetic (docs/spec.md §3, §4).

A day is a working day by, in this order:
1. the user's override in the ``calendar_day`` table (a holiday, or a make-up working day
   调休补班, for years the shipped calendar does not cover or when the firm differs);
2. the maintained ``chinese_calendar`` package (statutory holidays and make-up days);
3. Monday–Friday, for years the package does not know (it raises ``NotImplementedError``).

Working time is the business hours of a working day (setting ``business_hours``, default
09:00–12:00 and 13:30–18:00; the lunch break is not working time).

Conventions:
- ``add_working_time(start, h)`` returns the *earliest* moment at which ``h`` hours of working
  time have passed: a due that uses up the morning is 12:00 (not 13:30), one that uses up the
  day is 18:00 (not 09:00 the next working day). Adding zero returns ``start`` itself.
- "N working days" of an SLA is N × the length of one working day in working time
  (2 × 7.5 h = 15 h with the default hours), counted from the moment the clock starts: a
  ticket filed on Friday at 17:30 with 2 working days is due on Tuesday at 17:30.
- ``working_seconds_between`` is signed (negative when ``b`` is before ``a``).

Speed: a ``WorkCalendar`` keeps, per year, the cumulative working seconds at the start of each
day, so ``working_seconds_between`` is two look-ups and ``add_working_time`` a bisection; the
board computes tens of thousands of clocks with one calendar object. ``current()`` returns the
calendar of the bound database and rebuilds it when the business hours or the overrides
change (checked with one small query), or when another database is bound.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from typing import NamedTuple

from crmdesk.core.firm import settings
from crmdesk.core.i18n import _
from crmdesk.core.store import db
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import CalendarDay, database_proxy

DAY_SECONDS = 86_400


def _seconds_of(text: str) -> int:
    hours, minutes = str(text).strip().split(":")
    value = int(hours) * 3600 + int(minutes) * 60
    if not 0 <= value <= DAY_SECONDS:
        raise ValueError(text)
    return value


def parse_business_hours(value: object) -> tuple[tuple[int, int], ...]:
    """``[["09:00", "12:00"], ["13:30", "18:00"]]`` → ``((32400, 43200), (48600, 64800))``.

    Raises ``ValidationError`` when a period is malformed, empty, out of order or overlapping.
    """
    periods: list[tuple[int, int]] = []
    try:
        for start, end in value:  # type: ignore[attr-defined]  # anything: what is not pairs is refused below
            periods.append((_seconds_of(start), _seconds_of(end)))
    except (TypeError, ValueError) as exc:
        raise ValidationError("business_hours", _("each period is written HH:MM–HH:MM, in order and without overlap"),
                              _("Business hours")) from exc
    last_end = 0
    for start, end in periods:
        if end <= start or start < last_end:
            raise ValidationError("business_hours",
                                  _("each period is written HH:MM–HH:MM, in order and without overlap"),
                                  _("Business hours"))
        last_end = end
    if not periods:
        raise ValidationError("business_hours", _("each period is written HH:MM–HH:MM, in order and without overlap"),
                              _("Business hours"))
    return tuple(periods)


_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})\s*[-－–—~～]\s*(\d{1,2}):(\d{2})$")


def business_hours_from_text(text: str) -> list[list[str]]:
    """``09:00-12:00, 13:30-18:00`` as typed (full-width commas and dashes too) →
    ``[["09:00", "12:00"], ["13:30", "18:00"]]``, the stored form; refused like
    :func:`parse_business_hours` (a ``ValidationError`` on ``business_hours``)."""
    periods = []
    for part in re.split(r"[,，;；、]", text or ""):
        if not part.strip():
            continue
        found = _PERIOD.match(part.strip())
        times = [(int(found[1]), int(found[2])), (int(found[3]), int(found[4]))] if found else []
        if not times or any(minute > 59 or hour * 60 + minute > 24 * 60 for hour, minute in times):
            raise ValidationError("business_hours",
                                  _("each period is written HH:MM–HH:MM, in order and without overlap"),
                                  _("Business hours"))
        periods.append([f"{hour:02d}:{minute:02d}" for hour, minute in times])
    parse_business_hours(periods)  # in order, without overlap, at least one
    return periods


_PACKAGE_YEARS: dict[int, list[bool]] = {}  # the package's answer for every day of a year (it never changes)


def _package_year(year: int) -> list[bool]:
    """Whether each day of ``year`` is a working day per the package (Mon–Fri for years it lacks)."""
    days = _PACKAGE_YEARS.get(year)
    if days is None:
        first = dt.date(year, 1, 1)
        dates = [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]
        if covered_by_package(year):
            # chinese_calendar.is_workday's own rule, read from its tables: the function checks the
            # year against the tables' whole range on every call (~15 ms a year, paid at start-up)
            from chinese_calendar import holidays, workdays

            days = [day in workdays or (day.weekday() < 5 and day not in holidays) for day in dates]
        else:  # a year the package does not cover: Monday–Friday
            days = [day.weekday() < 5 for day in dates]
        _PACKAGE_YEARS[year] = days
    return days


class _Year(NamedTuple):
    """Cumulative working seconds at the start of each day of one year (last entry: the year's total)."""

    first_ordinal: int
    cum: list[int]


class WorkCalendar:
    """A snapshot of the working calendar: business hours plus overrides, with per-day caches."""

    def __init__(self, business_hours: tuple[tuple[int, int], ...], overrides: dict[dt.date, bool] | None = None):
        self.periods = business_hours
        self.day_seconds = sum(end - start for start, end in business_hours)
        self.overrides = dict(overrides or {})
        self._workday: dict[int, bool] = {}
        self._years: dict[int, _Year] = {}
        self._base_year = 0
        self._day_positions: dict[str, tuple[float, bool]] = {}
        self._offsets: dict[int, int] = {}  # working seconds before 1 January, from the first year used

    # -- days ---------------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (override, then the package, then Monday–Friday)."""
        ordinal = day.toordinal()
        cached = self._workday.get(ordinal)
        if cached is None:
            if isinstance(day, dt.datetime):
                day = day.date()
            if day in self.overrides:
                cached = self.overrides[day]
            else:
                cached = _package_year(day.year)[day.timetuple().tm_yday - 1]
            self._workday[ordinal] = cached
        return cached

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self.working_day_after(day, 1)

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next one (§4: follow-ups move forward)."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def working_day_after(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``n`` ≥ 1; ``n`` = 0 gives ``roll_forward(day)``)."""
        if n <= 0:
            return self.roll_forward(day)
        for _i in range(3660):  # ten years without a working day means a broken calendar
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
                if n == 0:
                    return day
        raise RuntimeError("no working day found")

    # -- the cumulative table -----------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            first = dt.date(year, 1, 1)
            count = (dt.date(year + 1, 1, 1) - first).days
            cum = [0] * (count + 1)
            total = 0
            for i in range(count):
                cum[i] = total
                if self.is_workday(first + dt.timedelta(days=i)):
                    total += self.day_seconds
            cum[count] = total
            table = _Year(first.toordinal(), cum)
            self._years[year] = table
        return table

    def _offset(self, year: int) -> int:
        """Working seconds from 1 January of the first year used to 1 January of ``year`` (signed)."""
        if not self._offsets:
            self._offsets[year] = 0
            self._base_year = year
        offset = self._offsets.get(year)
        if offset is None:
            if year > self._base_year:
                offset = self._offset(year - 1) + self._year(year - 1).cum[-1]
            else:
                offset = self._offset(year + 1) - self._year(year).cum[-1]
            self._offsets[year] = offset
        return offset

    def _within(self, seconds: float) -> float:
        done = 0.0
        for start, end in self.periods:
            if seconds <= start:
                break
            done += min(seconds, end) - start
        return done

    def position(self, moment: dt.datetime) -> float:
        """The clock's reading at ``moment``: working seconds since 1 January of the first year used
        (only differences of readings of the same calendar object mean anything)."""
        day = moment.date()
        table = self._year(day.year)
        index = day.toordinal() - table.first_ordinal
        total: float = self._offset(day.year) + table.cum[index]
        if table.cum[index + 1] != table.cum[index]:  # a working day
            total += self._within(moment.hour * 3600 + moment.minute * 60 + moment.second
                                  + moment.microsecond / 1e6)
        return total

    def position_text(self, text: str) -> float:
        """:meth:`position` of a time as SQLite stores it (``YYYY-MM-DD HH:MM:SS[.ffffff]``), without
        building a ``datetime``: the board reads tens of thousands of them."""
        day = self._day_positions.get(text[:10])
        if day is None:
            start = dt.datetime.fromisoformat(text[:10])
            day = (self.position(start), self.is_workday(start.date()))
            self._day_positions[text[:10]] = day
        if not day[1] or len(text) < 16:
            return day[0]
        seconds = int(text[11:13]) * 3600 + int(text[14:16]) * 60 + (float(text[17:]) if len(text) > 17 else 0)
        return day[0] + self._within(seconds)

    def moment(self, position: float, not_before: dt.datetime) -> dt.datetime:
        """The earliest moment ≥ ``not_before`` whose clock reading is ``position``."""
        if position <= self.position(not_before):
            return not_before
        year = not_before.year
        while self._offset(year + 1) < position:
            year += 1
        table = self._year(year)
        rest = position - self._offset(year)
        index = bisect.bisect_left(table.cum, rest) - 1  # the last day starting below the target
        rest -= table.cum[index]
        day = dt.date.fromordinal(table.first_ordinal + index)
        for start, end in self.periods:
            if rest <= end - start:
                seconds = start + rest
                break
            rest -= end - start
        else:  # pragma: no cover - the bisection guarantees the target lies inside the day
            seconds = self.periods[-1][1]
        whole = int(seconds)
        micro = round((seconds - whole) * 1e6)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=whole, microseconds=micro)

    # -- working time -------------------------------------------------------------------------

    def add_working_time(self, start: dt.datetime, hours: float) -> dt.datetime:
        """``start`` plus ``hours`` of working time (the earliest moment they have passed)."""
        return self.add_working_seconds(start, round(hours * 3600))

    def add_working_seconds(self, start: dt.datetime, seconds: float) -> dt.datetime:
        """``start`` plus ``seconds`` of working time."""
        if seconds < 0:
            raise ValueError("negative working time")
        return self.moment(self.position(start) + seconds, start)

    def add_working_days(self, start: dt.datetime, days: float) -> dt.datetime:
        """``start`` plus ``days`` × the length of a working day in working time (see the module doc)."""
        return self.add_working_seconds(start, round(days * self.day_seconds))

    def working_seconds_between(self, a: dt.datetime, b: dt.datetime) -> int:
        """Working seconds from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
        return round(self.position(b) - self.position(a))

    def is_working_time(self, moment: dt.datetime) -> bool:
        """Whether ``moment`` falls inside business hours of a working day."""
        if not self.is_workday(moment.date()):
            return False
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return any(start <= seconds < end for start, end in self.periods)

    def business_start(self, day: dt.date) -> dt.datetime:
        """The first moment of business hours on ``day``."""
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=self.periods[0][0])


# --------------------------------------------------------------------------- the bound calendar

_cache: dict[str, object] = {}


def _fingerprint() -> tuple[object, ...]:
    days = db.dialect().group_concat("date || ':' || CAST(is_workday AS INTEGER)")
    row = db.sql("SELECT (SELECT value FROM setting WHERE key = 'business_hours'), "
                 f"(SELECT {days} FROM calendar_day)").fetchone()
    return tuple(row)


def current() -> WorkCalendar:
    """The working calendar of the bound database (cached; rebuilt after edits)."""
    database = database_proxy.obj
    key = _fingerprint()
    cached = _cache.get("calendar")
    if _cache.get("db") is not database or _cache.get("key") != key or not isinstance(cached, WorkCalendar):
        try:
            hours = parse_business_hours(settings.get("business_hours"))
        except ValidationError:  # a hand-edited bad value: keep the desk working on the defaults
            hours = parse_business_hours(settings.OPTIONS["business_hours"].default)
        overrides = {row.date: bool(row.is_workday) for row in CalendarDay.select()}
        cached = WorkCalendar(hours, overrides)
        _cache.update(db=database, key=key, calendar=cached)
    return cached


def invalidate() -> None:
    """Forget the cached calendar (the next call rebuilds it)."""
    _cache.clear()


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day."""
    return current().is_workday(day)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return current().next_working_day(day)


def roll_forward(day: dt.date) -> dt.date:
    """``day`` if it is a working day, else the next working day."""
    return current().roll_forward(day)


def working_day_after(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day``."""
    return current().working_day_after(day, n)


def add_working_time(start: dt.datetime, hours: float) -> dt.datetime:
    """``start`` plus ``hours`` of working time."""
    return current().add_working_time(start, hours)


def add_working_days(start: dt.datetime, days: float) -> dt.datetime:
    """``start`` plus ``days`` working days (each the length of one working day of working time)."""
    return current().add_working_days(start, days)


def working_seconds_between(a: dt.datetime, b: dt.datetime) -> int:
    """Working seconds from ``a`` to ``b`` (signed)."""
    return current().working_seconds_between(a, b)


def day_seconds() -> int:
    """The length of one working day in working seconds (27,000 with the default hours)."""
    return current().day_seconds


# --------------------------------------------------------------------------- user overrides


class Override(NamedTuple):
    """One user override of the calendar."""

    date: dt.date
    is_workday: bool
    name: str


def set_override(day: dt.date, is_workday: bool, name: str = "") -> Changes:
    """Mark ``day`` as a holiday (``False``) or a make-up working day (``True``), e.g. for a year
    the shipped calendar does not cover."""
    if not isinstance(day, dt.date):
        raise ValidationError("date", _("not a date"), _("Date"))
    if isinstance(day, dt.datetime):
        day = day.date()
    with database_proxy.atomic():
        workday, label = bool(is_workday), (name or "").strip()[:30]
        CalendarDay.insert(date=day, is_workday=workday, name=label) \
            .on_conflict(conflict_target=[CalendarDay.date],
                         update={CalendarDay.is_workday: workday, CalendarDay.name: label}).execute()
    invalidate()
    return Changes(settings=True, tickets=True, followups=True)


def remove_override(day: dt.date) -> Changes:
    """Drop the user's override of ``day`` (the shipped calendar applies again)."""
    with database_proxy.atomic():
        CalendarDay.delete().where(CalendarDay.date == day).execute()
    invalidate()
    return Changes(settings=True, tickets=True, followups=True)


def overrides(year: int | None = None) -> list[Override]:
    """The user's overrides (of one year), in date order."""
    query = CalendarDay.select().order_by(CalendarDay.date)
    if year is not None:
        query = query.where((CalendarDay.date >= dt.date(year, 1, 1)) & (CalendarDay.date <= dt.date(year, 12, 31)))
    return [Override(row.date, bool(row.is_workday), row.name) for row in query]


def covered_by_package(year: int) -> bool:
    """Whether the shipped calendar knows ``year`` (otherwise the user should enter its holidays)."""
    first, last = _package_years()
    return first <= year <= last


@functools.cache
def _package_years() -> tuple[int, int]:
    """The first and last year of the shipped calendar (chinese_calendar's rule: its holidays' years)."""
    from chinese_calendar import holidays

    return min(holidays).year, max(holidays).year
