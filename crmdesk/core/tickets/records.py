"""A ticket's row and history: stages, loading, writing, logging events, dues and the paused clock.

The low layer shared by ``tickets`` (the workflow) and ``callbacks``: nothing here checks
whether a move is allowed; the callers do (see ``tickets`` for the rules). It also answers the
two reads the ticket form needs before a ticket exists: who is calling (``find_callers``, by
name, code, the last digits of a mobile or a machine's serial number, through the search index)
and the contacts of that customer (``contacts_of``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from peewee import JOIN

from crmdesk.core.customers import search
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.store import db, versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import TICKET_STAGES, Contact, Customer, Staff, Ticket, TicketEvent, dicts, tuples
from crmdesk.core.tickets import sla
from crmdesk.core.tickets.stages import (  # noqa: F401 - the stage rules are part of this module's API
    FORWARD,
    OPEN_STAGES,
    REDISPATCHABLE,
    REOPENABLE,
    RESOLVED_STAGES,
    STAGES,
)
from crmdesk.core.validation import mask_mobile

log = logging.getLogger(__name__)


def stage_label(stage: str) -> str:
    """The stage's name in the current language."""
    return TICKET_STAGES.label(stage)


def allowed_targets(stage: str) -> list[str]:
    """Stages a ticket at ``stage`` may be moved to (forward, skips, re-dispatch and reopen)."""
    targets = list(FORWARD.get(stage, ()))
    if stage in REDISPATCHABLE and "dispatched" not in targets:
        targets.append("dispatched")
    if stage in REOPENABLE:
        targets.append("in_progress")
    return [s for s in STAGES if s in targets]


def operator_name(operator: Staff | None) -> str:
    """The name written next to a history line."""
    return operator.name if operator is not None else ""


def load(ticket_id: int) -> Ticket:
    """A live (not deleted) ticket, or ``KnownError``."""
    ticket = Ticket.get_or_none((Ticket.id == ticket_id) & Ticket.deleted_at.is_null())
    if ticket is None:
        raise KnownError(_("Ticket not found (it may have been deleted)."))
    return ticket


@dataclass(frozen=True)
class TicketBrief:
    """What the board's menu and the move dialogs need to know about a ticket, read in one go."""

    id: int
    number: str
    customer_id: int
    customer_name: str
    stage: str
    category: str
    priority: str
    severity: str
    assignee_id: int | None
    solution: str
    root_cause: str
    reopen_count: int
    redispatch_count: int
    paused: bool


def brief(ticket_id: int) -> TicketBrief | None:
    """A live ticket in brief, or ``None`` when it was deleted meanwhile (the board is out of date)."""
    t = (Ticket.select(Ticket, Customer.name).join(Customer, JOIN.LEFT_OUTER, on=(Ticket.customer == Customer.id))
         .where((Ticket.id == ticket_id) & Ticket.deleted_at.is_null()).objects().first())
    if t is None:
        return None
    return TicketBrief(t.id, t.number, t.customer_id, t.name or "", t.stage, t.category, t.priority, t.severity or "",
                       t.assignee_id, t.solution or "", t.root_cause or "", t.reopen_count, t.redispatch_count,
                       bool(t.paused))


def changes_of(ticket: Ticket, **flags: bool) -> Changes:
    """The change-set of a change to ``ticket`` (plus ``flags``)."""
    return Changes(tickets=True, customer_ids={ticket.customer_id}, **flags)


def write(ticket: Ticket, at: dt.datetime, *, by: Staff | bool | None = False, **values: object) -> None:
    """Write ``values`` to the ticket's row and to the instance, if the row is still at the version the
    instance was read with (several writers, schema 12: a read-modify-write of a ticket that another PC
    changed meanwhile raises ``ConflictError`` instead of writing over its change). ``by``: the operator
    of a user's change, recorded as ``updated_by`` (``False``: a consequence of a change, the name stays).
    """
    values["updated_at"] = at
    if by is not False:
        values["updated_by"] = versions.operator_name(by if isinstance(by, Staff) else None)
    done = Ticket.update(**values, version=Ticket.version + 1).where(
        (Ticket.id == ticket.id) & (Ticket.version == ticket.version)).execute()
    if not done:
        raise versions.conflict(Ticket, ticket.id)
    values["version"] = ticket.version + 1
    for key, value in values.items():
        setattr(ticket, key, value)


def event(ticket: Ticket, kind: str, at: dt.datetime, operator: Staff | None, note: str = "",
          from_stage: str = "", to_stage: str = "") -> None:
    """Append a line to the ticket's history."""
    TicketEvent.create(ticket=ticket.id, kind=kind, from_stage=from_stage, to_stage=to_stage, at=at,
                       operator=operator, operator_name=operator_name(operator), note=(note or "").strip())


def refusal(ticket: Ticket | TicketBrief, target: str) -> KnownError:
    """The error for a move the rules do not allow, naming both stages."""
    if ticket.stage == "archived":
        return KnownError(_("Ticket {number} is archived and can no longer be changed.", number=ticket.number))
    return KnownError(_("Ticket {number} is at stage “{current}”: it cannot move to “{target}”.",
                        number=ticket.number, current=stage_label(ticket.stage), target=stage_label(target)))


def record_transition(ticket: Ticket, target: str, at: dt.datetime, operator: Staff | None, note: str,
                      kind: str = "transition", **values: object) -> None:
    """Move the ticket (the caller has checked the move) and log it."""
    source = ticket.stage
    if source == "received" and ticket.first_response_at is None:
        values["first_response_at"] = at
    write(ticket, at, by=operator, stage=target, **values)
    event(ticket, kind, at, operator, note, source, target)
    # Inside the caller's transaction: should its commit fail, the error is logged right after.
    log.info("ticket %s %s: %s -> %s; staff %s", ticket.id, kind, source, target, operator.id if operator else "-")


def check_choice(value: str, choices: Mapping[str, str], field: str, label: str) -> str:
    """``value`` if it is one of ``choices``, else a ``ValidationError`` naming the field."""
    if value not in choices:
        raise ValidationError(field, _("unknown value {value}", value=value), label)
    return value


def active_staff_member(staff_id: int) -> Staff:
    """The staff member who can take a ticket, or a ``ValidationError`` on the assignee."""
    person = Staff.get_or_none(Staff.id == staff_id)
    if person is None:
        raise ValidationError("assignee", _("no such staff member"), _("Assignee"))
    if not person.active:
        raise ValidationError("assignee", _("{name} is no longer active", name=person.name), _("Assignee"))
    return person


def require_severity(ticket: Ticket) -> None:
    """A complaint needs its severity before it is classified or dispatched."""
    if ticket.category == "complaint" and not ticket.severity:
        raise ValidationError("severity", _("required for a complaint before it is classified or dispatched"),
                              _("Complaint severity"))


def tier_of(ticket: Ticket) -> str:
    """The tier of the ticket's customer (its SLA may differ per tier)."""
    row = Customer.select(Customer.tier).where(Customer.id == ticket.customer_id).first()
    return row.tier if row is not None else ""


def completed_pauses(ticket: Ticket) -> list[tuple[dt.datetime, dt.datetime]]:
    """The completed pauses of a ticket, from its history."""
    pairs: list[tuple[dt.datetime, dt.datetime]] = []
    started: dt.datetime | None = None
    for kind, at in tuples(TicketEvent.select(TicketEvent.kind, TicketEvent.at)
                           .where((TicketEvent.ticket == ticket.id) & TicketEvent.kind.in_(("pause", "resume")))
                           .order_by(TicketEvent.at, TicketEvent.id)):
        if kind == "pause":
            started = at
        elif started is not None:
            pairs.append((started, at))
            started = None
    return pairs


def recompute_dues(ticket: Ticket, at: dt.datetime) -> None:
    """Dues from the creation time with the current priority/category/severity, pauses replayed."""
    pol = sla.policy()
    tier = tier_of(ticket)
    response_due, resolution_due = pol.due_times(ticket.created_at, ticket.priority, ticket.category,
                                                 ticket.severity, tier, ticket.sla_override)
    calendar = pol.resolution(ticket.priority, ticket.category, ticket.severity, tier, ticket.sla_override).calendar
    paused = 0
    for start, end in completed_pauses(ticket):
        resolution_due = sla.resolution_due_with_pause(resolution_due, start, end, calendar, pol.cal)
        paused += sla.paused_clock_seconds(start, end, calendar, pol.cal)
    write(ticket, at, response_due=response_due, resolution_due=resolution_due, paused_seconds=paused)


def resume_clock(ticket: Ticket, at: dt.datetime, operator: Staff | None, note: str) -> None:
    """End the ticket's pause at ``at``: add the paused clock time, move the resolution due, log it."""
    pol = sla.policy()
    calendar = pol.resolution(ticket.priority, ticket.category, ticket.severity, tier_of(ticket),
                              ticket.sla_override).calendar
    started = ticket.paused_at or at
    took = sla.paused_clock_seconds(started, at, calendar, pol.cal)
    due = ticket.resolution_due
    if due is not None:
        due = sla.resolution_due_with_pause(due, started, at, calendar, pol.cal)
    write(ticket, at, by=operator, paused=False, pause_reason="", paused_at=None,
          paused_seconds=ticket.paused_seconds + took,
          resolution_due=due)
    text = _("Resumed after {hours} h of the clock", hours=f"{took / 3600:.1f}")
    event(ticket, "resume", at, operator, f"{text}；{note}" if note.strip() else text, ticket.stage, ticket.stage)


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryLine:
    """One line of the stage history."""

    at: dt.datetime
    kind: str
    from_stage: str
    to_stage: str
    operator: str
    note: str


def history(ticket_id: int) -> list[HistoryLine]:
    """The ticket's history, oldest first (operator names as they are now)."""
    rows = (TicketEvent.select(TicketEvent, Staff.name.alias("staff_name"))
            .join(Staff, JOIN.LEFT_OUTER, on=(Staff.id == TicketEvent.operator))
            .where(TicketEvent.ticket == ticket_id).order_by(TicketEvent.at, TicketEvent.id))
    return [HistoryLine(e["at"], e["kind"], e["from_stage"], e["to_stage"], e["staff_name"] or e["operator_name"], e["note"])
            for e in dicts(rows)]


# --------------------------------------------------------------------------- who is calling


@dataclass(frozen=True)
class Caller:
    """A customer the ticket form's picker offers; ``contact_id`` is the contact whose mobile (or
    name) matched, so the form can preselect the person on the phone."""

    customer_id: int
    code: str
    name: str
    archived: bool
    contact_id: int | None
    contact_name: str
    mobile_masked: str
    equipment_id: int | None = None  # the machine whose serial number matched (the form preselects it)
    equipment: str = ""  # that machine as the picker shows it: 型号（序列号）· 过保


_PHONE_TEXT = re.compile(r"\+?[\d\s\-()]+")


def _phone_digits(text: str) -> str:
    """The digits of a phone-like query (``"+86 138-1234"`` → ``"861381234"``), or ``""``."""
    text = search.fold(text)
    return re.sub(r"\D", "", text) if _PHONE_TEXT.fullmatch(text) else ""


def _by_mobile_tail(digits: str, limit: int) -> list[Caller]:
    """Contacts whose mobile ends with ``digits`` (4+): the indexed 4-digit tail narrows the rows
    to a handful, the longer tail is then compared in clear (mobiles may be encrypted)."""
    digits = digits[-11:]
    tail_key = secrets.index_keys(digits)[1]
    rows = db.sql(
        "SELECT ct.id, ct.name, ct.mobile, c.id, c.code, c.name, c.status FROM contact ct "
        "JOIN customer c ON c.id = ct.customer_id WHERE ct.mobile_tail = ? AND ct.deleted_at IS NULL "
        "AND c.deleted_at IS NULL AND c.merged_into_id IS NULL ORDER BY c.status = 'archived', c.code, ct.id",
        [tail_key])
    found: list[Caller] = []
    for contact_id, contact_name, mobile, cid, code, name, status in rows:
        number = secrets.reveal("contact", "mobile", mobile or "")
        if not re.sub(r"\D", "", number).endswith(digits):
            continue
        found.append(Caller(cid, code, name, status == "archived", contact_id, contact_name, mask_mobile(number)))
        if len(found) >= limit:
            break
    return found


def _by_search(text: str, limit: int) -> list[Caller]:
    """Customers the registry's one-box search finds (code, name, contact name, tags, phone); serial
    numbers are :func:`_by_serial`'s: the start of one shared by 20,000 machines would otherwise sort
    their 15,000 owners by code for each keystroke (175 ms on the reference data, budget 50)."""
    match = search.match_clause(text, serials=False)
    if match is None:
        return []
    clause, params = match
    rows = list(db.sql(
        f"SELECT id, code, name, status FROM customer WHERE deleted_at IS NULL AND merged_into_id IS NULL "
        f"AND {clause} ORDER BY status = 'archived', code LIMIT ?", [*params, limit]))
    if not rows:
        return []
    ids = [row[0] for row in rows]
    folded = search.fold(text)
    best: dict[int, tuple[int, str, str, int]] = {}  # customer → (rank, name, mobile, contact id)
    for contact_id, cid, name, mobile, primary in db.sql(
            f"SELECT id, customer_id, name, mobile, is_primary FROM contact WHERE customer_id IN "
            f"({','.join('?' * len(ids))}) AND deleted_at IS NULL ORDER BY id", ids):
        # the contact named in the query first, then the primary contact
        rank = 0 if folded and folded in search.fold(name) else (1 if primary else 2)
        if cid not in best or rank < best[cid][0]:
            best[cid] = (rank, name, mobile, contact_id)
    callers = []
    for cid, code, name, status in rows:
        rank, contact_name, mobile, contact_id = best.get(cid, (3, "", "", None))
        callers.append(Caller(cid, code, name, status == "archived", contact_id if rank < 3 else None, contact_name,
                              mask_mobile(secrets.reveal("contact", "mobile", mobile or ""))))
    return callers


def _by_serial(text: str, limit: int) -> list[Caller]:
    """The owners of machines whose serial number is ``text`` or starts with it (a serial typed alone
    finds the customer), each with that machine."""
    if not any(ch.isdigit() for ch in text):
        return []
    # start-up: the machines' service (and the customer and attachment services it needs) loads when a
    # caller is first looked up, not with the ticket queries of Today's first paint
    from crmdesk.core.equipment import service as equipment

    found = []
    machines = equipment.find_by_serial(text, limit=limit)
    owners = sorted({m.customer_id for m in machines})
    archived_ids = {cid for (cid,) in db.sql(
        f"SELECT id FROM customer WHERE status = 'archived' AND id IN ({', '.join('?' * len(owners))})", owners)} \
        if owners else set()
    for machine in machines:
        archived = machine.customer_id in archived_ids
        found.append(Caller(machine.customer_id, machine.customer_code, machine.customer_name, archived, None, "",
                            "", machine.id, f"{machine.label} · {machine.warranty.label}"))
    return found


def find_callers(text: str, limit: int = 20) -> list[Caller]:
    """Customers for the ticket form's picker: the last 4+ digits of a mobile (尾号) or a full
    number, a machine's serial number (or its start), a code, part of the name or of a contact's
    name, a tag. Phone matches come first, each with the contact it matched, then serial numbers,
    each with its machine; archived customers come after the active ones."""
    text = (text or "").strip()
    if not text:
        return []
    digits = _phone_digits(text)
    found = _by_mobile_tail(digits, limit) if len(digits) >= 4 else []
    found += _by_serial(text, limit)
    seen = {caller.customer_id for caller in found}
    for caller in _by_search(text, limit):
        if caller.customer_id not in seen:
            seen.add(caller.customer_id)
            found.append(caller)
    return found[:limit]


def contacts_of(customer_id: int) -> list[Contact]:
    """A customer's contacts for the form's contact list: primary first, those who left last."""
    return list(Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null())
                .order_by(Contact.has_left, Contact.is_primary.desc(), Contact.id))
