"""跟进日历 as an iCalendar (``.ics``) file, for Outlook, the phone's calendar or WeCom (docs/spec.md §4).

One VEVENT per follow-up in the chosen date range (with the calendar's filters). Times are the
desk's naive local times, written as floating times (no time zone): a calendar shows them at
the same wall-clock time, which is what the desk planned. The UID is stable per follow-up, so
importing a newer export updates the events instead of doubling them. No personal numbers are
written (docs/spec.md §2 privacy). ``icalendar`` is imported when an export runs, not at start.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from crmdesk.core.i18n import _
from crmdesk.core.overview import Filter
from crmdesk.core.store import atomic, db
from crmdesk.core.store.models import FOLLOWUP_KINDS, FOLLOWUP_METHODS, FOLLOWUP_STATUSES

DURATION = {"visit": dt.timedelta(hours=1)}
DEFAULT_DURATION = dt.timedelta(minutes=30)


def _rows(start: dt.date, end: dt.date, filters: Filter | None, include_closed: bool) -> Any:
    extra, params = (filters or Filter()).sql()
    status = "" if include_closed else " AND f.status = 'planned'"
    return db.sql(
        "SELECT f.id, f.due_at, f.method, f.purpose, f.kind, f.status, c.code, c.name, p.name, s.name, f.created_at "
        "FROM follow_up f JOIN customer c ON c.id = f.customer_id LEFT JOIN contact p ON p.id = f.contact_id "
        "LEFT JOIN staff s ON s.id = f.assignee_id WHERE f.due_at >= ? AND f.due_at < ? AND f.deleted_at IS NULL "
        f"AND c.deleted_at IS NULL{status}{extra} ORDER BY f.due_at, f.id",
        [dt.datetime.combine(start, dt.time()), dt.datetime.combine(end + dt.timedelta(days=1), dt.time()),
         *params]).fetchall()


def _as_datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def build(start: dt.date, end: dt.date, *, filters: Filter | None = None, include_closed: bool = False) -> bytes:
    """The calendar of follow-ups due from ``start`` to ``end`` (both included) as ``.ics`` bytes."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//CRMDesk//follow-ups//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("CRMDesk follow-ups"))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for fid, due, method, purpose, kind, status, code, customer, contact, staff, created in _rows(
            start, end, filters, include_closed):
        begin = _as_datetime(due)
        event = Event()
        event.add("uid", f"followup-{fid}@crmdesk")
        event.add("dtstamp", stamp)
        event.add("dtstart", begin)
        event.add("dtend", begin + DURATION.get(method, DEFAULT_DURATION))
        event.add("summary", f"{FOLLOWUP_METHODS.get(method, method)}｜{customer}｜{purpose}")
        lines = [f"{code} {customer}"]
        if contact:
            lines.append(_("Contact: {name}", name=contact))
        if staff:
            lines.append(_("Assignee: {name}", name=staff))
        lines.append(_("Kind: {kind}", kind=FOLLOWUP_KINDS.get(kind, kind)))
        lines.append(_("Status: {status}", status=FOLLOWUP_STATUSES.get(status, status)))
        event.add("description", "\n".join(lines))
        event.add("categories", [FOLLOWUP_KINDS.get(kind, kind)])
        event.add("status", "CANCELLED" if status == "skipped" else "CONFIRMED")
        if created:
            event.add("created", _as_datetime(created).astimezone(dt.UTC))  # local → UTC
        calendar.add_component(event)
    return calendar.to_ical()


def export(path: Path | str, start: dt.date, end: dt.date, *, filters: Filter | None = None,
           include_closed: bool = False) -> int:
    """Write the ``.ics`` file atomically (temporary file, then rename); returns the number of events."""
    data = build(start, end, filters=filters, include_closed=include_closed)
    path = Path(path)
    atomic.ensure_folder(path)
    atomic.write_bytes(path, data, mode=atomic.SHARED, durable=True)  # a calendar file to share
    return data.count(b"BEGIN:VEVENT")
