"""Follow-ups a team can do: a capacity per person, the days and hours they go on, the demand.

A follow-up planned by a generator (the tier cadence, the weekly call of at-risk customers, the
reminders) goes to the customer's account manager. Each person has a capacity: how many planned
follow-ups a working day can hold (setting ``followup_capacity_per_day``, default 25; a person's
own number in ``followup_capacity_by_staff``; follow-ups of customers without an account manager
share one default capacity). The ``LoadBook`` knows how many follow-ups each person already has
each day (anything planned: by hand, callbacks, reminders, earlier runs) and places new ones:

- only on working days (the SLA calendar, ``core.firm.workcal``), from today — or from the next working
  day when less than an hour of today's business hours is left — never in the past;
- within a tolerance around the wanted day (a fortnightly call ±2 days, a monthly visit ±4, a
  quarterly one ±13), on the least-loaded day of that range, so each person's days fill evenly;
- never beyond the person's capacity: what does not fit is not planned (the cadence counts it as
  ``dropped``; ``demand`` tells the owner in plain words when the policy needs more than the team
  can do);
- at a time spread over business hours: the n-th follow-up of a person's day at n/capacity of the
  working day (rounded to 5 minutes), today's after the present moment.

``demand`` measures what the tier policy asks per working day, per person and for the team, against
the capacities (docs/spec.md §4 cadence × the customers of each tier and the at-risk ones).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from crmdesk.core.firm import settings, workcal
from crmdesk.core.followups.lines import ELIGIBLE, tier_lines
from crmdesk.core.i18n import _
from crmdesk.core.store import db, models
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import Staff, database_proxy

DEFAULT_CAPACITY = 25  # follow-ups a person makes on a working day besides answering the phone
MAX_CAPACITY = 500
MIN_LEFT_TODAY = 3600  # with less business time than this left today, planning starts tomorrow
ROUND = 300  # times on the 5 minutes
UNASSIGNED = None


# -- capacities ---------------------------------------------------------------------------------


def _checked(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CAPACITY:
        raise ValidationError("capacity", _("a number from 0 to 500"), _("Follow-ups per working day"))
    return value


def default_capacity() -> int:
    """The firm-wide follow-ups per working day (a person without their own number)."""
    try:
        return _checked(settings.get("followup_capacity_per_day"))
    except ValidationError:  # a hand-edited bad value: plan with the default
        return DEFAULT_CAPACITY


def staff_capacities() -> dict[int, int]:
    """The staff members with their own capacity: ``{staff id: follow-ups per working day}``."""
    out = {}
    for key, value in (settings.get("followup_capacity_by_staff") or {}).items():
        try:
            out[int(key)] = _checked(value)
        except (ValueError, ValidationError):
            continue
    return out


def capacity_of(staff_id: int | None, own: dict[int, int] | None = None, default: int | None = None) -> int:
    """A person's capacity (their own number, else the firm's default)."""
    own = staff_capacities() if own is None else own
    fallback = default_capacity() if default is None else default
    return own.get(staff_id, fallback) if staff_id is not None else fallback


def set_capacities(default: int, by_staff: dict[int, int | None]) -> Changes:
    """Store the firm's default and each person's own number (``None``: back to the default); the
    cadence is re-planned with them on its next run (``core.followups.cadence`` watches the capacities)."""
    default = _checked(default)
    own = staff_capacities()
    for staff_id, value in by_staff.items():
        if value is None:
            own.pop(int(staff_id), None)
        else:
            own[int(staff_id)] = _checked(value)
    with database_proxy.atomic():
        settings.put("followup_capacity_per_day", default)
        settings.put("followup_capacity_by_staff", {str(k): v for k, v in sorted(own.items())})
    return Changes(settings=True, staff=True)


def fingerprint() -> str:
    """The capacities in one string (a change re-plans the cadence window)."""
    return f"{default_capacity()}|" + ",".join(f"{k}:{v}" for k, v in sorted(staff_capacities().items()))


# -- placing ------------------------------------------------------------------------------------


def moment_of(today: dt.date) -> dt.datetime:
    """The moment a run plans from: now, or 08:00 of a given other day (tests, catching up)."""
    current = models.now()  # looked up at each call: tests set the clock on the models module
    return current if today == current.date() else dt.datetime.combine(today, dt.time(8))


def _clock(cal: workcal.WorkCalendar, day: dt.date, offset: float) -> dt.datetime:
    """The moment ``offset`` working seconds into ``day``'s business hours, on the 5 minutes."""
    for start, end in cal.periods:
        if offset < end - start:
            seconds = start + int(offset) // ROUND * ROUND
            return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=max(start, seconds))
        offset -= end - start
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=cal.periods[-1][0])


class LoadBook:
    """How many follow-ups each person has each day, and where the next ones fit (module doc)."""

    def __init__(self, start: dt.date, end: dt.date, *, now: dt.datetime,
                 cal: workcal.WorkCalendar | None = None) -> None:
        self.cal = cal or workcal.current()
        self.now = now
        self.own = staff_capacities()
        self.default = default_capacity()
        self.load: dict[tuple[int | None, int], int] = defaultdict(int)
        self.placed_today: dict[int | None, int] = defaultdict(int)
        self._ranges: dict[tuple[dt.date, int], list[dt.date]] = {}
        self.dropped = 0
        today = now.date()
        self.today = today
        left = self.cal.day_seconds - self._elapsed(now) if self.cal.is_workday(today) else 0
        self.first = today if left >= MIN_LEFT_TODAY else self.cal.next_working_day(today)
        low = dt.datetime.combine(min(start, today), dt.time())
        high = dt.datetime.combine(end, dt.time()) + dt.timedelta(days=60)  # tolerances reach past the end
        for assignee, day, n in db.sql(
                f"SELECT assignee_id, {db.dialect().day('due_at')}, count(*) FROM follow_up WHERE status = 'planned' "
                "AND deleted_at IS NULL AND due_at >= ? AND due_at < ? GROUP BY 1, 2", [low, high]):
            self.load[(assignee, dt.date.fromisoformat(day).toordinal())] = n

    def _elapsed(self, moment: dt.datetime) -> float:
        day_start = dt.datetime.combine(moment.date(), dt.time())
        return self.cal.position(moment) - self.cal.position(day_start)

    def capacity(self, assignee: int | None) -> int:
        return capacity_of(assignee, self.own, self.default)

    def _candidates(self, ideal: dt.date, tolerance: int) -> list[dt.date]:
        key = (ideal, tolerance)  # thousands of occurrences share a wanted day: work the range out once
        found = self._ranges.get(key)
        if found is None:
            found = self._ranges[key] = self._working_days_around(ideal, tolerance)
        return found

    def _working_days_around(self, ideal: dt.date, tolerance: int) -> list[dt.date]:
        low = max(ideal - dt.timedelta(days=tolerance), self.first)
        high = max(ideal + dt.timedelta(days=tolerance), low)
        days, day = [], low
        while day <= high:
            if self.cal.is_workday(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days or [self.cal.roll_forward(low)]

    def place(self, assignee: int | None, ideal: dt.date, tolerance: int, *, force: bool = False) -> dt.datetime | None:
        """A due time for one more follow-up of ``assignee`` near ``ideal`` (the least-loaded working day
        within ``tolerance`` days), or ``None`` when every such day is full. ``force`` takes the
        least-loaded day even when full (for a reminder that must not be lost)."""
        cap = self.capacity(assignee)
        best = min(self._candidates(ideal, tolerance),
                   key=lambda d: (self.load[(assignee, d.toordinal())], abs((d - ideal).days), d))
        if self.load[(assignee, best.toordinal())] >= cap and not force:
            self.dropped += 1
            return None
        return self._take(assignee, best, cap)

    def place_on(self, assignee: int | None, day: dt.date) -> dt.datetime:
        """A time on ``day`` itself (a birthday, a festival): only the hour is chosen."""
        return self._take(assignee, self.cal.roll_forward(max(day, self.first)), self.capacity(assignee))

    def _take(self, assignee: int | None, day: dt.date, cap: int) -> dt.datetime:
        key = (assignee, day.toordinal())
        index = self.load[key]
        self.load[key] = index + 1
        slots = max(cap, 1)
        if day == self.today:  # today's go after the present moment, spread over what is left
            base = self._elapsed(self.now) + ROUND
            k = self.placed_today[assignee]
            self.placed_today[assignee] = k + 1
            free = max(slots - index + k, 1)
            offset = base + k * (self.cal.day_seconds - base) / free
        else:
            offset = (index % slots) * self.cal.day_seconds / slots
        return _clock(self.cal, day, min(offset, self.cal.day_seconds - ROUND))


# -- demand -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonDemand:
    """What the tier policy asks of one person (or of nobody: customers without account manager)."""

    staff_id: int | None
    name: str
    customers: int
    need: float  # follow-ups per working day
    capacity: int

    @property
    def over(self) -> bool:
        return self.need > self.capacity + 0.5


@dataclass
class Demand:
    """The policy's follow-ups per working day against the team's capacity."""

    people: list[PersonDemand] = field(default_factory=list)

    @property
    def need(self) -> float:
        return sum(p.need for p in self.people)

    @property
    def capacity(self) -> int:
        return sum(p.capacity for p in self.people)

    @property
    def over(self) -> list[PersonDemand]:
        return [p for p in self.people if p.over]

    def summary(self) -> str:
        """策略每天需要约 N 次跟进，团队容量 M 次。"""
        return _("The tier policy needs about {need} follow-ups a working day; the team can do {can}.",
                 need=round(self.need), can=self.capacity)

    def warning(self) -> str:
        """The sentence for Today and the settings when the policy asks more than the team can do ('' else)."""
        if not self.over and self.need <= self.capacity + 0.5:
            return ""
        people = "；".join(_("{name} about {need} a day, capacity {can}", name=p.name, need=round(p.need),
                            can=p.capacity) for p in self.over)
        parts = [self.summary()]
        if people:
            parts.append(_("Over capacity: {people}.", people=people))
        parts.append(_("Follow-ups that do not fit are not put on the calendar: raise the capacity in Settings → "
                       "Follow-up capacity, give customers to other staff, or space out the cadence in the tier "
                       "policy."))
        return "".join(parts)


def demand(today: dt.date | None = None, weeks: int = 8) -> Demand:
    """Follow-ups per working day the tier policy asks (cadence lines and the weekly call of at-risk
    customers), per account manager, over the next ``weeks`` weeks' working days."""
    today = today or dt.date.today()
    cal = workcal.current()
    days = 7 * weeks
    working = sum(cal.is_workday(today + dt.timedelta(days=i)) for i in range(days)) or 1
    per_day = {tier: sum(1 / ln.every_days for ln in lines) for tier, lines in tier_lines().items()}
    need: dict[int | None, float] = defaultdict(float)
    count: dict[int | None, int] = defaultdict(int)
    for manager, tier, at_risk, n in db.sql(
            f"SELECT c.account_manager_id, c.tier, c.at_risk, count(*) FROM customer c WHERE {ELIGIBLE} "
            "GROUP BY 1, 2, 3"):
        need[manager] += n * (per_day.get(tier, 0) + (1 / 7 if at_risk else 0)) * days / working
        count[manager] += n
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    own, default = staff_capacities(), default_capacity()
    people = [PersonDemand(sid, names.get(sid, "") if sid is not None else _("no account manager"), count[sid],
                           need[sid], capacity_of(sid, own, default))
              for sid in sorted(need, key=lambda s: (s is None, names.get(s, "") if s is not None else ""))]
    return Demand(people)
