"""The working calendar's years: which have holiday data, entering a year, and what moves then.

The shipped calendar (``chinese_calendar``) knows the statutory holidays and make-up working days
up to the last year its release covers; for a later year the working calendar falls back to
Monday–Friday, so 春节 would count as working days. A year is therefore in one of three states:

- ``package``: the shipped calendar covers it;
- ``entered``: the owner entered its arrangement (pasted notice, .ics file, or the table editor
  with "complete" ticked) — the days live in the ``calendar_day`` overrides, the year in the
  ``calendar_years`` setting;
- ``missing``: neither; ``missing_years`` names the years the desk should be told about: this
  year, and from 1 November (the State Council publishes in the autumn) the next one.

``store_year`` writes a year's days in one transaction and then re-counts what depends on the
calendar: the resolution and response dues of open tickets that count working time (each moved
ticket gets a note in its history) and planned follow-ups that now fall on a day off (moved to
the next working day, keeping their time), as docs/spec.md §3/§4 would have placed them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crmdesk.core.firm import settings, workcal
from crmdesk.core.i18n import _
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import CalendarDay, FollowUp, Staff, Ticket, database_proxy, now

if TYPE_CHECKING:
    from crmdesk.core.firm.holiday_notice import Day
    from crmdesk.core.tickets import sla

SOURCES = ("notice", "ics", "table")
NOTICE_MONTH = 11  # from 1 November the next year's arrangement is due (published in the autumn)


def year_status(year: int) -> str:
    """``package``, ``entered`` or ``missing`` (see the module doc)."""
    if workcal.covered_by_package(year):
        return "package"
    if str(year) in (settings.get("calendar_years") or {}):
        return "entered"
    return "missing"


def entered_years() -> dict[int, dict[str, str]]:
    """The years the owner entered: ``{year: {"source": …, "at": …, "days": …}}``."""
    return {int(year): info for year, info in (settings.get("calendar_years") or {}).items()}


def missing_years(today: dt.date | None = None) -> list[int]:
    """This year and, from 1 November, the next one — those without holiday data."""
    today = today or dt.date.today()
    years = [today.year] + ([today.year + 1] if today.month >= NOTICE_MONTH else [])
    return [year for year in years if year_status(year) == "missing"]


def missing_notice(today: dt.date | None = None) -> str:
    """The sentence Today and the settings show while a year lacks holiday data ('' when none does)."""
    years = missing_years(today)
    if not years:
        return ""
    return _("No holiday data for {years}: until it is entered, ticket due times, follow-ups and callbacks "
             "count the holidays of {years} (春节, 国庆 …) as working days (Monday–Friday only). Paste the State "
             "Council's notice in Settings → Working calendar.", years="、".join(str(y) for y in years))


def year_days(year: int) -> list[Day]:
    """Every holiday and make-up working day of ``year`` as the calendar applies it: the owner's
    days where set, else the shipped calendar's (weekends inside a break included)."""
    # start-up: the notice parser (a dozen regular expressions) is not needed for Today's notice
    from crmdesk.core.firm.holiday_notice import Day

    found: dict[dt.date, Day] = {}
    if workcal.covered_by_package(year):
        import chinese_calendar

        for day, name in chinese_calendar.holidays.items():
            if day.year == year:
                found[day] = Day(day, False, _festival(name))
        for day, name in chinese_calendar.workdays.items():
            if day.year == year and day.weekday() >= 5:
                found[day] = Day(day, True, f"{_festival(name)}调休上班")
    for override in workcal.overrides(year):
        found[override.date] = Day(override.date, override.is_workday, override.name)
    return [found[d] for d in sorted(found)]


_FESTIVALS = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
              "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
              "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日"}


def _festival(name: str | None) -> str:
    return _FESTIVALS.get(name or "", name or "")


@dataclass
class Stored:
    """What storing a year's arrangement did."""

    year: int
    days: int
    tickets: list[sla.MovedDue] = field(default_factory=list)
    followups: int = 0
    changes: Changes = field(default_factory=Changes)


def store_year(year: int, days: list[Day], source: str, *, complete: bool = True,
               operator: Staff | None = None) -> Stored:
    """Replace the owner's days of ``year`` with ``days`` and re-count what depends on them.

    ``complete`` marks the year as entered (its holidays are all there: the notice on Today goes
    away); the table editor may store a few days without claiming that. Days outside ``year`` are
    refused (a notice's 元旦 break that starts in December is stored by the year it belongs to).
    """
    if source not in SOURCES:
        raise ValueError(source)
    for day in days:
        if day.date.year != year:
            raise ValidationError("date", _("a day of another year: {day}", day=day.date.isoformat()), _("Date"))
    with database_proxy.atomic():
        before = workcal.current()
        CalendarDay.delete().where((CalendarDay.date >= dt.date(year, 1, 1))
                                   & (CalendarDay.date <= dt.date(year, 12, 31))).execute()
        rows = [{"date": d.date, "is_workday": d.is_workday, "name": (d.name or "")[:30]} for d in days]
        for start in range(0, len(rows), 200):
            CalendarDay.insert_many(rows[start:start + 200]).execute()
        years = dict(settings.get("calendar_years") or {})
        if complete:
            years[str(year)] = {"source": source, "at": now().strftime("%Y-%m-%d %H:%M"), "days": len(days)}
        else:
            years.pop(str(year), None)
        settings.put("calendar_years", years)
        workcal.invalidate()
        result = Stored(year, len(days))
        result.tickets, result.followups = _recount(before, workcal.current(), year, operator)
    result.changes = Changes(settings=True, tickets=bool(result.tickets), followups=bool(result.followups))
    return result


def _recount(old: workcal.WorkCalendar, new: workcal.WorkCalendar, year: int,
             operator: Staff | None) -> tuple[list[sla.MovedDue], int]:
    """Open tickets' dues and planned follow-ups after the calendar changed (see the module doc)."""
    # start-up: the tickets' records and SLA load when a year is stored, not with Today's notice
    from crmdesk.core.tickets import records as ticket_records
    from crmdesk.core.tickets import sla

    moved = sla.recompute_open_dues(old, new)
    stamp = now()
    what = _("{year} holiday arrangement", year=year)
    for m in moved:
        parts = []
        if m.response:
            parts.append(_("response due {before} → {after}", before=f"{m.response[0]:%m-%d %H:%M}",
                           after=f"{m.response[1]:%m-%d %H:%M}"))
        if m.resolution:
            parts.append(_("resolution due {before} → {after}", before=f"{m.resolution[0]:%m-%d %H:%M}",
                           after=f"{m.resolution[1]:%m-%d %H:%M}"))
        ticket_records.event(Ticket.get_by_id(m.ticket_id), "note", stamp, operator,
                             _("Working calendar changed ({what}): {parts}", what=what, parts="；".join(parts)))
    return moved, _move_followups(new, stamp, year)


def _move_followups(cal: workcal.WorkCalendar, stamp: dt.datetime, year: int) -> int:
    """Planned follow-ups of ``year``, from today on, that now fall on a day off move to the next
    working day."""
    from crmdesk.core.store import versions  # start-up: Today's notice reads this module, it writes nothing

    moved = 0
    start = max(dt.datetime.combine(stamp.date(), dt.time()), dt.datetime(year, 1, 1))
    for row in FollowUp.select(FollowUp.id, FollowUp.due_at).where(
            (FollowUp.status == "planned") & FollowUp.deleted_at.is_null() & (FollowUp.due_at >= start)
            & (FollowUp.due_at < dt.datetime(year + 1, 1, 1))):
        day = row.due_at.date()
        if not cal.is_workday(day):
            FollowUp.update(due_at=dt.datetime.combine(cal.roll_forward(day), row.due_at.time()),
                            **versions.stamp(FollowUp, versions.system(), stamp)).where(FollowUp.id == row.id).execute()
            moved += 1
    return moved
