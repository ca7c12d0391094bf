"""Service-level allowances and due times of tickets (docs/spec.md §3).

Allowances (defaults in settings, each tier may override them in the tier policy table):
- response: 紧急 2 h, 重要 4 h, 一般 8 h;
- resolution: 紧急 24 h, 重要 2 working days, 一般 5 working days;
- complaints are resolved by severity: 一般 1 working day, 严重 2 working days, 重大 1 calendar
  day (and are escalated to the owner at once, see ``alerts.critical_complaints``).

Clocks: urgent tickets count calendar hours (24×7) for both allowances, and so does a 重大
complaint's resolution; everything else counts working time (``core.firm.workcal``). A setting
names its unit: ``calendar_hours``, ``calendar_days``, ``working_hours`` or ``working_days``
("N working days" = N × the length of a working day in working time, see ``core.firm.workcal``).

Tier overrides (``TierPolicy.response_hours`` / ``resolution_hours``, JSON ``{priority: hours}``)
are hours in that priority's own clock: calendar hours for 紧急, working hours otherwise.
Complaint resolution follows the severity table only (the severity is the stronger promise);
a complaint without a severity counts as 一般.

A routing rule may carry its own allowances (docs/spec.md §13, e.g. 需求建议: a feasibility answer
within 3 working days): the ticket keeps a copy in ``Ticket.sla_override`` (JSON
``{"response_hours": h, "resolution": [amount, unit]}``, either part optional), which wins over
the tier and the defaults, complaints included (the owner wrote it on that very rule).

Pauses (挂起) stop the resolution clock. The stored ``resolution_due`` of a ticket is moved on
each resume by :func:`resolution_due_with_pause`, so SQL can compare it with "now" directly;
while a ticket is paused its clock is frozen at ``paused_at``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from crmdesk.core.firm import settings, workcal
from crmdesk.core.store import db, versions
from crmdesk.core.store.models import Customer, Ticket, TierPolicy, database_proxy
from crmdesk.core.tickets.stages import OPEN_STAGES

AMBER_SHARE = 0.25  # amber when less than a quarter of the allowance is left
CALENDAR_UNITS = {"calendar_hours": 3600, "calendar_days": 86_400}


@dataclass(frozen=True)
class Allowance:
    """A span of time in one clock: calendar seconds (24×7) or working seconds."""

    seconds: int
    calendar: bool

    def due(self, start: dt.datetime, cal: workcal.WorkCalendar | None = None) -> dt.datetime:
        """When the allowance runs out for a clock started at ``start``."""
        if self.calendar:
            return start + dt.timedelta(seconds=self.seconds)
        return (cal or workcal.current()).add_working_seconds(start, self.seconds)


def elapsed(a: dt.datetime, b: dt.datetime, calendar: bool, cal: workcal.WorkCalendar | None = None) -> int:
    """Seconds of the given clock from ``a`` to ``b`` (signed)."""
    if calendar:
        return round((b - a).total_seconds())
    return (cal or workcal.current()).working_seconds_between(a, b)


def _from_setting(value: Any, day_seconds: int) -> Allowance:
    amount, unit = value
    if unit in CALENDAR_UNITS:
        return Allowance(round(float(amount) * CALENDAR_UNITS[unit]), True)
    if unit == "working_days":
        return Allowance(round(float(amount) * day_seconds), False)
    if unit == "working_hours":
        return Allowance(round(float(amount) * 3600), False)
    raise ValueError(f"unknown SLA unit {unit!r}")


def rule_sla(response_hours: float | None, resolution: tuple[float, str] | None) -> str:
    """A rule's own allowances as the ticket stores them (``""`` when the rule has none)."""
    value: dict[str, Any] = {}
    if response_hours is not None:
        value["response_hours"] = float(response_hours)
    if resolution is not None:
        value["resolution"] = [float(resolution[0]), resolution[1]]
    return json.dumps(value, sort_keys=True) if value else ""


def parse_override(text: str) -> tuple[float | None, tuple[float, str] | None]:
    """(response hours, (amount, unit)) of a stored ``sla_override``; ``(None, None)`` for none or garbage."""
    if not text:
        return None, None
    try:
        value = json.loads(text)
        hours = value.get("response_hours")
        resolution = value.get("resolution")
        return (None if hours is None else float(hours),
                None if not resolution else (float(resolution[0]), str(resolution[1])))
    except (ValueError, TypeError, AttributeError, IndexError):
        return None, None


class Policy:
    """A snapshot of the SLA settings and the tier overrides, with the working calendar it uses."""

    def __init__(self, response_hours: dict[str, float], resolution: dict[str, Any], complaint: dict[str, Any],
                 tier_response: dict[str, dict[str, float]], tier_resolution: dict[str, dict[str, float]],
                 cal: workcal.WorkCalendar):
        self.cal = cal
        self._response_hours = response_hours
        self._resolution = resolution
        self._complaint = complaint
        self._tier_response = tier_response
        self._tier_resolution = tier_resolution
        self._memo: dict[tuple[str, ...], Allowance] = {}

    def response(self, priority: str, tier: str = "", override: str = "") -> Allowance:
        """The response allowance of a priority (for a customer of ``tier``; a routing rule's ``override``
        first)."""
        key = ("response", priority, tier, override)
        found = self._memo.get(key)
        if found is None:
            hours = parse_override(override)[0]
            if hours is None:
                hours = self._tier_response.get(tier, {}).get(priority)
            if hours is None:
                hours = self._response_hours.get(priority, self._response_hours.get("normal", 8))
            found = Allowance(round(float(hours) * 3600), priority == "urgent")
            self._memo[key] = found
        return found

    def resolution(self, priority: str, category: str = "", severity: str = "", tier: str = "",
                   override: str = "") -> Allowance:
        """The resolution allowance (a routing rule's ``override`` first, then complaints by severity, the
        rest by priority and tier)."""
        key = ("resolution", priority, "complaint" if category == "complaint" else "", severity, tier, override)
        found = self._memo.get(key)
        if found is None:
            ruled = parse_override(override)[1]
            if ruled is not None:
                found = _from_setting(list(ruled), self.cal.day_seconds)
            elif category == "complaint":
                spec = self._complaint.get(severity or "minor") or self._complaint.get("minor", [1, "working_days"])
                found = _from_setting(spec, self.cal.day_seconds)
            else:
                hours = self._tier_resolution.get(tier, {}).get(priority)
                if hours is not None:
                    found = Allowance(round(float(hours) * 3600), priority == "urgent")
                else:
                    spec = self._resolution.get(priority) or self._resolution.get("normal", [5, "working_days"])
                    found = _from_setting(spec, self.cal.day_seconds)
            self._memo[key] = found
        return found

    def due_times(self, created_at: dt.datetime, priority: str, category: str = "", severity: str = "",
                  tier: str = "", override: str = "") -> tuple[dt.datetime, dt.datetime]:
        """(response due, resolution due) of a ticket created at ``created_at`` (no pauses)."""
        return (self.response(priority, tier, override).due(created_at, self.cal),
                self.resolution(priority, category, severity, tier, override).due(created_at, self.cal))


_cache: dict[str, object] = {}


def _fingerprint() -> tuple[object, ...]:
    d = db.dialect()
    values = d.group_concat("key || '=' || value", ";")
    row = db.sql(
        f"SELECT (SELECT {values} FROM setting WHERE key IN "
        "('sla_response_hours', 'sla_resolution', 'sla_complaint_resolution')), "
        f"(SELECT {d.group_concat('tier || response_hours || resolution_hours', ';')} FROM tier_policy)").fetchone()
    return tuple(row)


def _hours_map(text: str | None) -> dict[str, float]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): float(v) for k, v in value.items() if v not in (None, "")} if isinstance(value, dict) else {}


def policy() -> Policy:
    """The SLA policy of the bound database (cached; rebuilt after the settings or tiers change)."""
    cal = workcal.current()
    key = _fingerprint()
    cached = _cache.get("policy")
    if not isinstance(cached, Policy) or _cache.get("db") is not database_proxy.obj or _cache.get("key") != key \
            or cached.cal is not cal:
        tier_response: dict[str, dict[str, float]] = {}
        tier_resolution: dict[str, dict[str, float]] = {}
        for row in TierPolicy.select(TierPolicy.tier, TierPolicy.response_hours, TierPolicy.resolution_hours):
            tier_response[row.tier] = _hours_map(row.response_hours)
            tier_resolution[row.tier] = _hours_map(row.resolution_hours)
        cached = Policy(settings.get("sla_response_hours"), settings.get("sla_resolution"),
                        settings.get("sla_complaint_resolution"), tier_response, tier_resolution, cal)
        _cache.update(db=database_proxy.obj, key=key, policy=cached)
    return cached


def due_times(created_at: dt.datetime, priority: str, category: str = "", severity: str = "",
              tier: str = "") -> tuple[dt.datetime, dt.datetime]:
    """(response due, resolution due) for a new ticket (docs/spec.md §3)."""
    return policy().due_times(created_at, priority, category, severity, tier)


def resolution_clock_is_calendar(priority: str, category: str = "", severity: str = "", tier: str = "") -> bool:
    """Whether the resolution clock of such a ticket counts calendar time (else working time)."""
    return policy().resolution(priority, category, severity, tier).calendar


def resolution_due_with_pause(due: dt.datetime, paused_from: dt.datetime, paused_to: dt.datetime, calendar: bool,
                              cal: workcal.WorkCalendar | None = None) -> dt.datetime:
    """The resolution due after a pause from ``paused_from`` to ``paused_to``.

    What was left of the clock when the pause began is counted again from ``paused_to``. A pause
    that began after the due had passed changes nothing: an exhausted clock stays breached.
    """
    if paused_to <= paused_from or paused_from >= due:
        return due
    left = elapsed(paused_from, due, calendar, cal)
    if calendar:
        return paused_to + dt.timedelta(seconds=left)
    return (cal or workcal.current()).add_working_seconds(paused_to, left)


def paused_clock_seconds(paused_from: dt.datetime, paused_to: dt.datetime, calendar: bool,
                         cal: workcal.WorkCalendar | None = None) -> int:
    """How much of the clock a pause took (what ``Ticket.paused_seconds`` accumulates)."""
    return max(0, elapsed(paused_from, paused_to, calendar, cal))


# --------------------------------------------------------------------------- time left


class TicketLike(Protocol):
    """The fields :func:`remaining` reads (a ``Ticket`` or any row with these attributes)."""

    created_at: dt.datetime
    priority: str
    category: str
    severity: str
    first_response_at: dt.datetime | None
    response_due: dt.datetime | None
    resolution_due: dt.datetime | None
    resolved_at: dt.datetime | None
    paused: bool
    paused_at: dt.datetime | None


@dataclass(frozen=True)
class Remaining:
    """Time left to the next due, in that due's clock, and the colour the board shows."""

    seconds_left: int
    allowance_seconds: int
    state: str  # ok / amber / red
    due: dt.datetime
    kind: str  # response / resolution
    calendar: bool

    def __iter__(self) -> Iterator[int | str]:  # so that ``left, allowance, state = remaining(...)`` reads naturally
        return iter((self.seconds_left, self.allowance_seconds, self.state))


def state_of(seconds_left: int, allowance: int, breached: bool) -> str:
    """ok / amber (under a quarter of the allowance left) / red (breached)."""
    if breached:
        return "red"
    if seconds_left < AMBER_SHARE * allowance:
        return "amber"
    return "ok"


def clock_state(due: dt.datetime, at: dt.datetime, allowance: Allowance,
                cal: workcal.WorkCalendar | None = None) -> Remaining:
    """Time left from ``at`` to ``due`` in the allowance's clock.

    Breached means the due moment has passed; in working time the seconds left may then still
    read 0 (a due at 18:00 is breached at 18:30 though no working time has passed since).
    """
    left = elapsed(at, due, allowance.calendar, cal)
    return Remaining(left, allowance.seconds, state_of(left, allowance.seconds, at > due), due, "",
                     allowance.calendar)


def remaining(ticket: TicketLike, now: dt.datetime, tier: str = "",
              pol: Policy | None = None) -> Remaining | None:
    """Time left to the ticket's next due: the response due until the first response, then the
    resolution due. The clock is frozen at ``paused_at`` while paused and at ``resolved_at``
    once resolved. ``None`` when the ticket has no due time (imported history)."""
    pol = pol or policy()
    override = getattr(ticket, "sla_override", "") or ""
    if ticket.first_response_at is None and ticket.resolved_at is None and ticket.response_due is not None:
        allowance = pol.response(ticket.priority, tier, override)
        due, kind, at = ticket.response_due, "response", now
    else:
        if ticket.resolution_due is None:
            return None
        allowance = pol.resolution(ticket.priority, ticket.category, ticket.severity, tier, override)
        due, kind = ticket.resolution_due, "resolution"
        at = ticket.resolved_at or (ticket.paused_at if ticket.paused and ticket.paused_at else now)
    found = clock_state(due, at, allowance, pol.cal)
    return Remaining(found.seconds_left, found.allowance_seconds, found.state, due, kind, allowance.calendar)


# --------------------------------------------------------------------------- a changed calendar


@dataclass(frozen=True)
class MovedDue:
    """An open ticket whose due times moved because the working calendar changed."""

    ticket_id: int
    number: str
    response: tuple[dt.datetime, dt.datetime] | None  # (before, after)
    resolution: tuple[dt.datetime, dt.datetime] | None


def _redo(start: dt.datetime, due: dt.datetime, old: workcal.WorkCalendar,
          new: workcal.WorkCalendar) -> dt.datetime:
    """``due`` counted again in the new calendar: the same working time from ``start`` (an allowance
    plus the pauses it already absorbed), so only the days that changed move it."""
    if due <= start:
        return due
    return new.add_working_seconds(start, old.working_seconds_between(start, due))


def recompute_open_dues(old: workcal.WorkCalendar, new: workcal.WorkCalendar) -> list[MovedDue]:
    """Move the dues of open tickets that count working time when the calendar of their period changed.

    The response due moves while the first response is outstanding, the resolution due while
    the ticket is open (paused ones too: the stored due is the one the resume shifts). Dues in
    calendar time (紧急, a 重大 complaint's resolution) never move. The caller writes the history
    note and the change (``core.firm.holidays``); returns what moved.
    """
    pol = policy()
    moved: list[MovedDue] = []
    rows = (Ticket.select(Ticket, Customer.tier).join(Customer).where(
        Ticket.stage.in_(OPEN_STAGES) & Ticket.deleted_at.is_null()))
    for t in rows:
        response = resolution = None
        ruled = t.sla_override
        if t.first_response_at is None and t.response_due is not None \
                and not pol.response(t.priority, t.customer.tier, ruled).calendar:
            after = _redo(t.created_at, t.response_due, old, new)
            if after != t.response_due:
                response = (t.response_due, after)
        if t.resolution_due is not None and not pol.resolution(t.priority, t.category, t.severity, t.customer.tier,
                                                               ruled).calendar:
            after = _redo(t.created_at, t.resolution_due, old, new)
            if after != t.resolution_due:
                resolution = (t.resolution_due, after)
        if response or resolution:
            values = {}
            if response:
                values["response_due"] = response[1]
            if resolution:
                values["resolution_due"] = resolution[1]
            Ticket.update(**values, **versions.stamp(Ticket, versions.system())).where(Ticket.id == t.id).execute()
            moved.append(MovedDue(t.id, t.number, response, resolution))
    return moved
