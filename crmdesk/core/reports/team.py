"""KPIs per person and per department (docs/spec.md §13): the month beside the month before.

The same measures and formulas as the firm's KPIs (``core.reports.kpi``, ``core.reports.measures``),
split by whom a ticket's work counts for: a person's numbers are those of the tickets assigned to
them; a department's those of the tickets it is responsible for (their routed department, else
their assignee's department, for tickets from before the routing table). A survey counts for the
person and department of its ticket; periodic surveys without a ticket count for nobody.

The figures shown (``TEAM_KEYS``): tickets received and resolved, mean first response and
resolution times, on-time response and resolution, one-time resolution and CSAT. Everyone active
is listed, and anyone who left but still has numbers in either month; departments likewise, plus
one line for the work no department holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crmdesk.core.i18n import _
from crmdesk.core.reports import measures
from crmdesk.core.reports.kpi import KPI_BY_KEY, Kpi, Period, assemble
from crmdesk.core.store.models import Department, Staff

_IDLE = {"received": 0, "resolved": 0}  # no work in a period: counts of 0, rates and means unknown
TEAM_KEYS = ("received", "resolved", "response_hours", "on_time_response", "resolution_hours", "on_time_resolution",
             "one_time_rate", "csat")


@dataclass(frozen=True)
class TeamRow:
    """One person's or department's KPIs in the period and the one before."""

    kind: str  # person / department
    id: int | None
    name: str
    department: str  # a person's department ("" for a department's own row)
    active: bool
    kpis: tuple[Kpi, ...]

    def get(self, key: str) -> Kpi:
        """The KPI named ``key``."""
        return next(k for k in self.kpis if k.key == key)


@dataclass(frozen=True)
class TeamKpis:
    """Per-person and per-department KPIs of a period."""

    period: Period
    previous_period: Period
    people: list[TeamRow]
    departments: list[TeamRow]


def _values(period: Period, as_of: dt.datetime, group: str) -> dict[object, dict[str, float | None]]:
    start, end = period.bounds()
    t = measures.tickets(start, end, as_of, group=group)
    sv = measures.surveys(period.start, period.end, group=measures.survey_group(group))
    keys = {k for k in list(t) + list(sv) if k is not None}
    return {k: assemble(period, t[k], sv[k], None).values for k in keys}


def _has_numbers(values: dict[str, float | None] | None) -> bool:
    return bool(values) and any(values.get(k) for k in ("received", "resolved", "csat"))  # type: ignore[union-attr]


def _row(kind: str, key: int | None, name: str, department: str, active: bool, now: dict, before: dict) -> TeamRow:
    current, previous = now.get(key) or _IDLE, before.get(key) or _IDLE
    return TeamRow(kind, key, name, department, active,
                   tuple(Kpi(KPI_BY_KEY[k], current.get(k), previous.get(k)) for k in TEAM_KEYS))


def compute(period: Period, as_of: dt.datetime | None = None) -> TeamKpis:
    """The team KPIs of ``period`` and of the period before (read-only SQL)."""
    as_of = as_of or dt.datetime.now()
    previous = period.previous()
    by_person = (_values(period, as_of, measures.BY_ASSIGNEE), _values(previous, as_of, measures.BY_ASSIGNEE))
    by_department = (_values(period, as_of, measures.BY_DEPARTMENT), _values(previous, as_of, measures.BY_DEPARTMENT))
    depts = list(Department.select().order_by(Department.active.desc(), Department.position, Department.id))
    names = {d.id: d.name for d in depts}
    people = []
    for person in Staff.select().order_by(Staff.department.is_null(), Staff.department, Staff.name):
        if person.active or any(_has_numbers(values.get(person.id)) for values in by_person):
            people.append(_row("person", person.id, person.name, names.get(person.department_id or 0, ""),
                               person.active, *by_person))
    teams = [_row("department", d.id, d.name, "", d.active, *by_department) for d in depts
             if d.active or any(_has_numbers(values.get(d.id)) for values in by_department)]
    nobody = _values(period, as_of, f"({measures.BY_DEPARTMENT} IS NULL)"), \
        _values(previous, as_of, f"({measures.BY_DEPARTMENT} IS NULL)")
    if depts and any(_has_numbers(values.get(1)) for values in nobody):
        teams.append(_row("department", None, _("(no department)"), "", True,
                          {None: nobody[0].get(1)}, {None: nobody[1].get(1)}))
    return TeamKpis(period, previous, people, teams)
