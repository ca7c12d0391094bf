"""Warranty and maintenance-contract ends, 30 days ahead, planned as follow-ups (续保 offers).

A machine whose warranty (保修期至) ends in the next ``LEAD_DAYS`` days without a maintenance
contract running past it, or whose contract (合同到期) ends in them, is a chance to offer a
renewal. Each customer gets one follow-up per kind and end date, listing its machines, for its
account manager (续保 / 维保合同续签), placed by the follow-up planner (``core.followups.planner``)
on the least-loaded working day of that person in the next days, never after the end itself —
a renewal offer must not be lost, so a full day takes it all the same (as the 久未联系 call does).

Idempotent: the follow-up's key holds the customer, the kind and the end date, so a daily run adds
nothing twice, and a renewed contract (a new end date) is offered again when its time comes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from crmdesk.core.followups import planner
from crmdesk.core.followups import service as followups
from crmdesk.core.i18n import data_text
from crmdesk.core.store import db
from crmdesk.core.store.models import now

LEAD_DAYS = 30
SPREAD_DAYS = 5  # how far from today a renewal call may move to a less busy day
KIND = "renewal"
_LIVE = ("c.status = 'active' AND c.deleted_at IS NULL AND c.merged_into_id IS NULL AND c.erased_at IS NULL "
         "AND e.deleted_at IS NULL")
_PRIMARY = ("(SELECT p.id FROM contact p WHERE p.customer_id = c.id AND p.is_primary = TRUE AND p.deleted_at IS NULL "
            "LIMIT 1)")
# the machines whose warranty ends soon and no contract covers them beyond it; and contracts ending soon
_ENDING = {
    "warranty": "e.warranty_end >= ? AND e.warranty_end <= ? AND (e.contract_end IS NULL OR e.contract_end <= "
                "e.warranty_end)",
    "contract": "e.contract_end >= ? AND e.contract_end <= ?",
}


def _purpose(kind: str, end: dt.date, machines: list[tuple[str, str, str]]) -> str:
    """The follow-up's purpose, stored with it: in the records' language (Chinese), like the other
    generated follow-ups' (``core.followups.reminders``)."""
    names = data_text(", ").join(data_text("{model} ({serial})", model=model, serial=serial)
                                 for model, serial, _no in machines[:3])
    if len(machines) > 3:
        names = data_text("{names} and others, {count} machines", names=names, count=len(machines))
    if kind == "warranty":
        return data_text("Warranty renewal: the warranty of {machines} ends on {end}; offer the customer a "
                         "renewal or a maintenance contract", machines=names, end=end.isoformat())
    numbers = data_text(", ").join(sorted({no for _m, _s, no in machines if no}))
    text = (data_text("Maintenance contract renewal: contract {numbers} ends on {end} ({machines}); ask the "
                      "customer to renew", numbers=numbers, end=end.isoformat(), machines=names) if numbers
            else data_text("Maintenance contract renewal: the contract ends on {end} ({machines}); ask the "
                           "customer to renew", end=end.isoformat(), machines=names))
    return text[:200]


def plan(today: dt.date | None = None, book: planner.LoadBook | None = None) -> int:
    """Plan the renewal offers whose time has come; returns how many follow-ups were added."""
    today = today or dt.date.today()
    last = today + dt.timedelta(days=LEAD_DAYS)
    book = book or planner.LoadBook(today, last, now=planner.moment_of(today))
    stamp = str(now())
    rows = []
    for kind, condition in _ENDING.items():
        column = "warranty_end" if kind == "warranty" else "contract_end"
        grouped: dict[tuple[int, str], list[tuple[str, str, str]]] = defaultdict(list)
        people: dict[int, tuple[int | None, int | None]] = {}
        for cid, manager, contact, end, model, serial, number in db.sql(
                f"SELECT c.id, c.account_manager_id, {_PRIMARY}, e.{column}, e.model, e.serial, e.contract_no "
                f"FROM equipment e JOIN customer c ON c.id = e.customer_id WHERE {condition} AND {_LIVE} "
                "ORDER BY c.id, e.model_key, e.serial_key", [today.isoformat(), last.isoformat()]):
            grouped[(cid, str(end)[:10])].append((model, serial, number))
            people[cid] = (manager, contact)
        for (cid, end_text), machines in sorted(grouped.items()):
            key = f"{KIND}:{kind}:{cid}:{end_text}"
            if db.sql("SELECT 1 FROM follow_up WHERE generated_key = ?", [key]).fetchone():
                continue
            end = dt.date.fromisoformat(end_text)
            manager, contact = people[cid]
            spread = max(0, min(SPREAD_DAYS, (end - today).days - 1))  # never after the end itself
            due = book.place(manager, today + dt.timedelta(days=spread // 2), (spread + 1) // 2, force=True)
            rows.append((key, cid, contact, str(due), "phone", _purpose(kind, end, machines), KIND, manager, stamp))
    return followups.insert_generated(rows)
