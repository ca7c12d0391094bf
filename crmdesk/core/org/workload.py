"""Open work per person: open tickets, due soon and overdue (the picker, the board, Today, routing).

A person's *open tickets* are the live tickets assigned to them at the open stages (接收 to 处理).
Of those, *due soon* are the unpaused ones whose next due (the response due until the first
response, then the resolution due, as on the board) falls within ``DUE_SOON_HOURS`` from now, and
*overdue* the unpaused ones whose next due has passed. One grouped statement over the open-work
index (schema 16) answers for everyone, from the index alone: the open tickets are few whatever the
archive holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from peewee import JOIN

from crmdesk.core.i18n import _
from crmdesk.core.store import db
from crmdesk.core.store.models import Department, Staff, stored_text
from crmdesk.core.tickets.stages import OPEN_STAGES

DUE_SOON_HOURS = 4  # the Today view's near-due window (core.tickets.alerts.near_due)

_NEXT_DUE = ("CASE WHEN first_response_at IS NULL AND resolved_at IS NULL AND response_due IS NOT NULL "
             "THEN response_due ELSE resolution_due END")


class Load(NamedTuple):
    """One person's open work."""

    open: int = 0
    due_soon: int = 0
    overdue: int = 0

    def text(self) -> str:
        """在办 3 · 将到期 1 · 超时 0, in the current language (the parts that are not zero after the first)."""
        parts = [_("{open} open", open=self.open)]
        if self.due_soon:
            parts.append(_("{due_soon} due soon", due_soon=self.due_soon))
        if self.overdue:
            parts.append(_("{overdue} overdue", overdue=self.overdue))
        return " · ".join(parts)


class PersonLoad(NamedTuple):
    """A person with their role, department and open work (the workload lists)."""

    staff_id: int
    name: str
    role: str
    department_id: int | None
    department: str
    load: Load


def loads(staff_ids: Iterable[int] | None = None, now: dt.datetime | None = None) -> dict[int, Load]:
    """``{staff id: Load}`` for everyone with open tickets (or only ``staff_ids``; people without open
    tickets get an empty ``Load`` when asked for by id)."""
    now = now or dt.datetime.now()
    marks = ",".join("?" * len(OPEN_STAGES))
    d = db.dialect()
    rows = db.sql(
        "SELECT assignee_id, count(*), count(*) FILTER (WHERE paused = FALSE AND nd >= ? AND nd <= ?), "
        "count(*) FILTER (WHERE paused = FALSE AND nd < ?) "
        f"FROM (SELECT assignee_id, paused, {_NEXT_DUE} AS nd FROM ticket{d.indexed_by('ticket_open_work')} "
        f"WHERE stage IN ({marks}) AND deleted_at IS NULL AND assignee_id IS NOT NULL AND customer_id NOT IN "
        f"{db.customers_in_bin()}) AS open_work "
        "GROUP BY assignee_id",
        [stored_text(now), stored_text(now + dt.timedelta(hours=DUE_SOON_HOURS)), stored_text(now), *OPEN_STAGES])
    found = {int(r[0]): Load(int(r[1]), int(r[2]), int(r[3])) for r in rows}
    if staff_ids is None:
        return found
    return {sid: found.get(sid, Load()) for sid in staff_ids}


def people(now: dt.datetime | None = None, *, department_id: int | None = None) -> list[PersonLoad]:
    """The active staff (of one department when given) with their open work, by department then name."""
    query = (Staff.select(Staff, Department.name.alias("department_name"))
             .join(Department, on=(Department.id == Staff.department), join_type=JOIN.LEFT_OUTER)
             .where(Staff.active == True))  # noqa: E712
    if department_id is not None:
        query = query.where(Staff.department == department_id)
    members = list(query.objects())
    found = loads([m.id for m in members], now)
    out = [PersonLoad(m.id, m.name, m.role, m.department_id, m.department_name or "",  # type: ignore[attr-defined]  # the joined alias
                     found[m.id]) for m in members]
    return sorted(out, key=lambda p: (p.department_id is None, p.department, p.name))


def picker_items(members: Iterable[Staff], now: dt.datetime | None = None) -> list[tuple[str, int]]:
    """``(text, staff id)`` for an assignee picker: each name with its open work (王磊　在办 3 · 将到期 1),
    so whoever assigns sees who is free (the ticket form, the dispatch dialog, the board's filter)."""
    members = list(members)
    found = loads([m.id for m in members], now)
    return [(f"{m.name}　{found[m.id].text()}", m.id) for m in members]
