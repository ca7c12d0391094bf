"""The ticket service (服务工单, docs/spec.md §3): numbers, stages, SLA dues, pauses, resolution.

Seven stages: received 接收 → classified 分级 → dispatched 分派 → in_progress 处理 → resolved
反馈 → callback 回访 → archived 归档. Allowed moves (``allowed_targets``):

- forward one step, and these skips, which match how a desk works:
  received → dispatched (classified while dispatching: the clerk sets the priority on the phone);
  received / classified / dispatched → resolved (answered on the spot, e.g. a 使用咨询 settled
  during the call; the operator becomes the assignee when there is none);
  resolved → archived only once its callback is closed (done, or closed as 未联系上 after the
  last try); resolved → callback only through ``callbacks.record_callback`` (it needs the survey);
- re-dispatch: dispatched / in_progress → dispatched to *another* assignee (``redispatch_count``);
- reopen: resolved / callback → in_progress (``reopen_count``; the open callback is closed, the
  resolution time and one-time flag are cleared, the resolution due is kept).

What a target needs: an assignee for dispatched; a solution for resolved, plus the root cause for
complaints; a complaint needs its severity before it leaves received. Refusals are
``ValidationError`` (naming the field) or ``KnownError`` (naming both stages).

Numbers are ``GD`` + YYYYMMDD + ``-`` + a daily sequence of at least three digits taken from
``ticket_counter`` inside the creating transaction, so they are never reused, not even after a
ticket is deleted for good. ``first_response_at`` is set by the first move out of received (or by
``log_response``). Dues come from ``core.tickets.sla`` and are recomputed when the priority, category or
severity change (completed pauses are replayed). ``paused_seconds`` counts the seconds of the
ticket's resolution clock (working or calendar) that pauses took out.

Every mutating function writes in one transaction and returns a ``Changes`` (``create`` returns
a ``Created`` that holds one).

Related modules: ``records`` (the row, its history and the paused clock; its names are
re-exported here), ``callbacks`` (recording a callback), ``board`` (board, overdue,
near-due and 重大 complaint queries), ``knowledge`` (articles and suggestions), ``sla`` (dues).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crmdesk.core.customfields import values as custom_values
from crmdesk.core.i18n import _, data_text
from crmdesk.core.org import routing
from crmdesk.core.store import db, recycle_bin, versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ConflictError, KnownError, ValidationError
from crmdesk.core.store.models import (
    PAUSE_REASONS,
    PRIORITIES,
    SEVERITIES,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    Contact,
    Customer,
    Equipment,
    FollowUp,
    Staff,
    Ticket,
    database_proxy,
    now,
)
from crmdesk.core.store.units import unit_of_work
from crmdesk.core.tickets import sla
from crmdesk.core.tickets.callbacks import callback_assignee, callback_due
from crmdesk.core.tickets.records import (  # noqa: F401 - the stage rules and history are part of this API
    FORWARD,
    OPEN_STAGES,
    REDISPATCHABLE,
    REOPENABLE,
    RESOLVED_STAGES,
    STAGES,
    Caller,
    HistoryLine,
    TicketBrief,
    active_staff_member,
    allowed_targets,
    brief,
    changes_of,
    check_choice,
    contacts_of,
    event,
    find_callers,
    history,
    load,
    recompute_dues,
    record_transition,
    refusal,
    require_severity,
    resume_clock,
    stage_label,
    write,
)


@dataclass(frozen=True)
class Created:
    """What ``create`` made."""

    ticket_id: int
    number: str
    changes: Changes


def _next_number(day: dt.date) -> str:
    """The next free number of ``day`` (call inside the creating transaction)."""
    key = day.strftime("%Y%m%d")
    while True:
        # one round trip; the counter row stays locked to the commit, so two PCs never take one number
        last = db.sql("INSERT INTO ticket_counter (day, last) VALUES (?, 1) "
                      "ON CONFLICT(day) DO UPDATE SET last = ticket_counter.last + 1 RETURNING last", [key]).fetchone()[0]
        number = f"GD{key}-{last:03d}"
        # an imported ledger may already hold this number: take the next one
        if not Ticket.select().where(Ticket.number == number).exists():
            return number


# --------------------------------------------------------------------------- creating and editing


def _machine(customer_id: int, equipment_id: int) -> Equipment:
    """The customer's machine ``equipment_id`` (not in the recycle bin), or a ``ValidationError``."""
    machine = Equipment.get_or_none((Equipment.id == equipment_id) & Equipment.deleted_at.is_null())
    if machine is None or machine.customer_id != customer_id:
        raise ValidationError("equipment", _("the machine belongs to another customer or was deleted"), _("Machine"))
    return machine


@unit_of_work
def create(customer_id: int, description: str, *, category: str = "fault", priority: str = "normal",
           severity: str = "", channel: str = "phone", contact_id: int | None = None,
           assignee_id: int | None = None, notes: str = "", complaint_type: str = "", product_model: str = "",
           accept_proposal: bool = True, operator: Staff | None = None, at: dt.datetime | None = None,
           custom: dict[int, str] | None = None, equipment_id: int | None = None) -> Created:
    """Register a ticket at stage received, numbered, with its SLA dues, the machine it is about and its
    custom field values (``custom``: ``{field id: text}``), routed (``core.org.routing``; routing by model
    takes the machine's model when none is typed).

    The routing's proposed person becomes the assignee when none is given and ``accept_proposal``
    holds (the form passes ``False`` when the clerk chose to dispatch later)."""
    at = at or now()
    description = (description or "").strip()
    if not description:
        raise ValidationError("description", _("required"), _("Description"))
    check_choice(category, TICKET_CATEGORIES, "category", _("Category"))
    check_choice(priority, PRIORITIES, "priority", _("Priority"))
    check_choice(channel, TICKET_CHANNELS, "channel", _("Channel"))
    severity = severity if category == "complaint" else ""
    if severity:
        check_choice(severity, SEVERITIES, "severity", _("Complaint severity"))
    complaint_type = _short_text(complaint_type if category == "complaint" else "", 30, "complaint_type",
                                 _("Complaint type"))
    product_model = _short_text(product_model, 100, "product_model", _("Product model"))
    clean = _custom(custom, None)
    with database_proxy.atomic():
        customer = Customer.get_or_none((Customer.id == customer_id) & Customer.deleted_at.is_null())
        if customer is None:
            raise KnownError(_("Customer not found (it may have been deleted)."))
        if contact_id is not None:
            contact = Contact.get_or_none(Contact.id == contact_id)
            if contact is None or contact.customer_id != customer_id:
                raise ValidationError("contact", _("the contact belongs to another customer"), _("Contact"))
        if assignee_id is not None:
            active_staff_member(assignee_id)
        if equipment_id is not None:
            machine = _machine(customer_id, equipment_id)
            product_model = product_model or machine.model
        response_due, resolution_due = sla.due_times(at, priority, category, severity, customer.tier)
        ticket = Ticket.create(number=_next_number(at.date()), customer=customer_id, contact=contact_id,
                               channel=channel, category=category, priority=priority, severity=severity,
                               description=description, assignee=assignee_id, notes=(notes or "").strip(),
                               stage="received", created_at=at, updated_at=at, response_due=response_due,
                               resolution_due=resolution_due, complaint_type=complaint_type,
                               product_model=product_model, equipment=equipment_id)
        event(ticket, "transition", at, operator, "", "", "received")
        if severity == "critical":
            event(ticket, "escalation", at, operator, _("Critical complaint: escalated to the owner."))
        routing.route(ticket, at, operator, take_proposal=accept_proposal)
        custom_values.write("ticket", ticket.id, clean)
    return Created(ticket.id, ticket.number, changes_of(ticket))


def _short_text(value: str | None, limit: int, field: str, label: str) -> str:
    """A one-line text field, spaces folded, refused past ``limit`` characters."""
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise ValidationError(field, _("at most {n} characters", n=limit), label)
    return value


def custom_texts(ticket_id: int) -> dict[int, str]:
    """The ticket's custom field values as the form edits them (``{field id: text}``)."""
    return custom_values.edit_texts("ticket", ticket_id)


def _custom(custom: dict[int, str] | None, ticket_id: int | None) -> dict[int, object | None]:
    """The checked custom values of a ticket form (the first refusal raised, naming its field)."""
    errors: list[ValidationError] = []
    clean = custom_values.check("ticket", custom or {}, entity_id=ticket_id, errors=errors)
    if errors:
        raise errors[0]
    return clean


_CHOICES = {"priority": PRIORITIES, "category": TICKET_CATEGORIES, "severity": SEVERITIES}


def _field_label(field: str) -> str:
    return {"priority": _("Priority"), "category": _("Category"), "severity": _("Complaint severity")}[field]


def _apply_classification(ticket: Ticket, at: dt.datetime, operator: Staff | None, *, priority: str | None,
                          category: str | None, severity: str | None) -> bool:
    """Change priority/category/severity; log each change; recompute the dues. True if anything changed."""
    wanted = {"priority": priority, "category": category, "severity": severity}
    if category is not None and category != "complaint" and severity is None:
        wanted["severity"] = ""
    changed: dict[str, str] = {}
    for field, value in wanted.items():
        if value is None or value == getattr(ticket, field):
            continue
        choices = _CHOICES[field]
        if value != "" or field != "severity":
            check_choice(value, choices, field, _field_label(field))
        changed[field] = value
    if not changed:
        return False
    if (changed.get("category", ticket.category) != "complaint") and changed.get("severity", ticket.severity):
        changed["severity"] = ""
    old = {field: getattr(ticket, field) for field in changed}
    write(ticket, at, by=operator, **changed)
    for field, value in changed.items():
        choices = _CHOICES[field]
        event(ticket, "change", at, operator, _("{field}: {old} → {new}", field=_field_label(field),
                                                 old=choices.get(str(old[field]), "—"),
                                                 new=choices.get(str(value), "—")))
    if changed.get("severity") == "critical":
        event(ticket, "escalation", at, operator, _("Critical complaint: escalated to the owner."))
    recompute_dues(ticket, at)
    if "category" in changed or "severity" in changed:  # what routing looks at (the priority is not)
        _reroute(ticket, at, operator)
    return True


def _reroute(ticket: Ticket, at: dt.datetime, operator: Staff | None) -> None:
    """Route again after what routing looks at changed, while the ticket is not yet dispatched."""
    if ticket.stage in ("received", "classified"):
        routing.route(ticket, at, operator, reroute=True)


def _handling_edits(ticket: Ticket, at: dt.datetime, operator: Staff | None, *, assignee_id: int | None,
                    solution: str | None, root_cause: str | None, complaint_result: str | None,
                    one_time_resolved: bool | None) -> dict[str, object]:
    """The checked values of the handling fields ``update`` was given (see there); logs what needs logging."""
    values: dict[str, object] = {}
    finished = ticket.stage in RESOLVED_STAGES
    if assignee_id is not None and assignee_id != ticket.assignee_id:
        if ticket.stage not in ("received", "classified"):
            raise ValidationError("assignee", _("re-dispatch the ticket to change its assignee"), _("Assignee"))
        new = active_staff_member(assignee_id)
        old = Staff.get_or_none(Staff.id == ticket.assignee_id) if ticket.assignee_id else None
        event(ticket, "change", at, operator, _("{field}: {old} → {new}", field=_("Assignee"),
                                                 old=old.name if old else (ticket.assignee_name or "—"), new=new.name))
        values["assignee"] = new.id
    texts = {"solution": (solution, _("Solution")), "root_cause": (root_cause, _("Root cause")),
             "complaint_result": (complaint_result, _("Complaint outcome"))}
    for field, (value, label) in texts.items():
        if value is None or value.strip() == getattr(ticket, field):
            continue
        if finished and not value.strip() and (field == "solution"
                                               or (field == "root_cause" and ticket.category == "complaint")):
            raise ValidationError(field, _("required once the ticket is resolved"), label)
        values[field] = value.strip()
        if finished:  # a draft may change freely; the result told to the customer is audited
            event(ticket, "change", at, operator, _("{field} edited", field=label))
    if one_time_resolved is not None and finished and bool(one_time_resolved) != bool(ticket.one_time_resolved):
        values["one_time_resolved"] = bool(one_time_resolved)
        event(ticket, "change", at, operator, _("{field}: {old} → {new}", field=_("Resolved at the first attempt"),
                                                 old=_("yes") if ticket.one_time_resolved else _("no"),
                                                 new=_("yes") if one_time_resolved else _("no")))
    return values


@unit_of_work
def update(ticket_id: int, *, priority: str | None = None, category: str | None = None,
           severity: str | None = None, description: str | None = None, channel: str | None = None,
           contact_id: int | None = None, notes: str | None = None, assignee_id: int | None = None,
           solution: str | None = None, root_cause: str | None = None, complaint_result: str | None = None,
           one_time_resolved: bool | None = None, complaint_type: str | None = None,
           product_model: str | None = None, operator: Staff | None = None,
           at: dt.datetime | None = None, custom: dict[int, str] | None = None,
           equipment_id: int | None = None, version: int | None = None) -> Changes:
    """Edit a ticket's fields (``None``: leave as it is); a change of priority, category or severity
    recomputes its dues. ``equipment_id`` 0 takes the machine off the ticket (a change is logged).
    ``custom``: custom field values (``{field id: text}``), each change a line of the ticket's history.

    The handling fields: ``assignee_id`` before dispatch only (afterwards ``dispatch`` re-dispatches,
    counted); ``solution``, ``root_cause`` and ``complaint_result`` (投诉处理结果) at any stage before
    archiving, as a draft while open and logged once resolved, when the solution (and a complaint's
    root cause) can no longer be emptied; ``one_time_resolved`` once resolved (``resolve`` sets it
    first, an open ticket ignores it).

    ``version``: the ticket's version when the form loaded it; another one raises ``ConflictError``
    (several writers). Every write of a ticket is conditional on the version it was read with.
    """
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if version is not None and ticket.version != version:
            raise versions.conflict(Ticket, ticket_id)
        if ticket.stage == "archived":
            raise refusal(ticket, "archived")
        plain: dict[str, object] = _handling_edits(
            ticket, at, operator, assignee_id=assignee_id, solution=solution, root_cause=root_cause,
            complaint_result=complaint_result, one_time_resolved=one_time_resolved)
        if description is not None:
            if not description.strip():
                raise ValidationError("description", _("required"), _("Description"))
            plain["description"] = description.strip()
        if channel is not None:
            plain["channel"] = check_choice(channel, TICKET_CHANNELS, "channel", _("Channel"))
        if contact_id is not None:
            contact = Contact.get_or_none(Contact.id == contact_id)
            if contact is None or contact.customer_id != ticket.customer_id:
                raise ValidationError("contact", _("the contact belongs to another customer"), _("Contact"))
            plain["contact"] = contact_id
        if notes is not None:
            plain["notes"] = notes.strip()
        routed_on = _routing_edits(ticket, at, operator, complaint_type, product_model)
        for change in custom_values.write("ticket", ticket.id, _custom(custom, ticket.id)):
            event(ticket, "change", at, operator, _("{field}: {old} → {new}", field=change.field.label,
                                                     old=change.old or "—", new=change.new or "—"))
            plain.setdefault("notes", ticket.notes)  # touches updated_at
        if equipment_id is not None and (equipment_id or None) != ticket.equipment_id:
            new = _machine(ticket.customer_id, equipment_id) if equipment_id else None
            old = Equipment.get_or_none(Equipment.id == ticket.equipment_id) if ticket.equipment_id else None
            event(ticket, "change", at, operator, _("{field}: {old} → {new}", field=_("Machine"),
                                                     old=_("{model} ({serial})", model=old.model, serial=old.serial)
                                                     if old else "—",
                                                     new=_("{model} ({serial})", model=new.model, serial=new.serial)
                                                     if new else "—"))
            plain["equipment"] = new.id if new else None
        if plain:
            write(ticket, at, by=operator, **plain)
        if not _apply_classification(ticket, at, operator, priority=priority, category=category,
                                     severity=severity) and routed_on:
            _reroute(ticket, at, operator)
    return changes_of(ticket)


def _routing_edits(ticket: Ticket, at: dt.datetime, operator: Staff | None, complaint_type: str | None,
                   product_model: str | None) -> bool:
    """Write a changed complaint type or product model (logged); True when one changed."""
    changed = False
    for field, value, limit, label in (("complaint_type", complaint_type, 30, _("Complaint type")),
                                       ("product_model", product_model, 100, _("Product model"))):
        if value is None:
            continue
        value = _short_text(value, limit, field, label)
        if value == getattr(ticket, field):
            continue
        event(ticket, "change", at, operator, _("{field}: {old} → {new}", field=label,
                                                 old=getattr(ticket, field) or "—", new=value or "—"))
        write(ticket, at, by=operator, **{field: value})
        changed = True
    return changed


@unit_of_work
def log_response(ticket_id: int, *, operator: Staff | None = None, note: str = "",
                 at: dt.datetime | None = None) -> Changes:
    """Record a first response to the customer without moving the ticket."""
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if ticket.first_response_at is None:
            write(ticket, at, by=operator, first_response_at=at)
        event(ticket, "response", at, operator, note)
    return changes_of(ticket)


@unit_of_work
def add_note(ticket_id: int, note: str, *, operator: Staff | None = None, at: dt.datetime | None = None) -> Changes:
    """Add a free note to the ticket's history."""
    at = at or now()
    if not (note or "").strip():
        raise ValidationError("note", _("required"), _("Note"))
    with database_proxy.atomic():
        ticket = load(ticket_id)
        event(ticket, "note", at, operator, note)
    return changes_of(ticket)


# --------------------------------------------------------------------------- the stages


@unit_of_work
def classify(ticket_id: int, *, priority: str | None = None, category: str | None = None,
             severity: str | None = None, operator: Staff | None = None, note: str = "",
             at: dt.datetime | None = None) -> Changes:
    """接收 → 分级: confirm (or change) priority, category and complaint severity."""
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if "classified" not in FORWARD[ticket.stage]:
            raise refusal(ticket, "classified")
        _apply_classification(ticket, at, operator, priority=priority, category=category, severity=severity)
        require_severity(ticket)
        if not routing.routed(ticket.id):  # registered before the firm had rules: routed when classified
            routing.route(ticket, at, operator)
        record_transition(ticket, "classified", at, operator, note)
    return changes_of(ticket)


@unit_of_work
def dispatch(ticket_id: int, assignee_id: int | None = None, *, operator: Staff | None = None, note: str = "",
             at: dt.datetime | None = None) -> Changes:
    """分派 to ``assignee_id`` (or the assignee already set); from dispatched/in progress to another
    person it is a re-dispatch (改派), counted."""
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if ticket.stage in REDISPATCHABLE:
            if assignee_id is None or assignee_id == ticket.assignee_id:
                raise ValidationError("assignee", _("choose another person to re-dispatch"), _("Assignee"))
            new = active_staff_member(assignee_id)
            old = Staff.get_or_none(Staff.id == ticket.assignee_id) if ticket.assignee_id else None
            text = _("Re-dispatched: {old} → {new}", old=old.name if old else (ticket.assignee_name or "—"),
                     new=new.name)
            record_transition(ticket, "dispatched", at, operator, f"{text}；{note}" if note.strip() else text,
                              kind="redispatch", assignee=new.id, redispatch_count=ticket.redispatch_count + 1)
            return changes_of(ticket)
        if "dispatched" not in FORWARD[ticket.stage]:
            raise refusal(ticket, "dispatched")
        require_severity(ticket)
        if not routing.routed(ticket.id):  # classified while dispatching: the clerk's choice stands
            routing.route(ticket, at, operator, take_proposal=assignee_id is None)
        target = assignee_id if assignee_id is not None else ticket.assignee_id
        if target is None:
            raise ValidationError("assignee", _("required to dispatch the ticket"), _("Assignee"))
        active_staff_member(target)
        record_transition(ticket, "dispatched", at, operator, note, assignee=target)
    return changes_of(ticket)


@unit_of_work
def start(ticket_id: int, *, operator: Staff | None = None, note: str = "", at: dt.datetime | None = None) -> Changes:
    """分派 → 处理: the assignee starts work."""
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if ticket.stage != "dispatched":
            raise refusal(ticket, "in_progress")
        record_transition(ticket, "in_progress", at, operator, note)
    return changes_of(ticket)


@unit_of_work
def pause(ticket_id: int, reason: str, *, operator: Staff | None = None, note: str = "",
          at: dt.datetime | None = None) -> Changes:
    """挂起: the ticket waits on the customer or on parts; its resolution clock stops."""
    at = at or now()
    check_choice(reason, PAUSE_REASONS, "pause_reason", _("Pause reason"))
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if ticket.stage not in OPEN_STAGES:
            raise KnownError(_("Only an open ticket can be paused."))
        if ticket.paused:
            raise KnownError(_("Ticket {number} is already paused.", number=ticket.number))
        write(ticket, at, by=operator, paused=True, pause_reason=reason, paused_at=at)
        text = _("Paused: {reason}", reason=PAUSE_REASONS[reason])
        event(ticket, "pause", at, operator, f"{text}；{note}" if note.strip() else text, ticket.stage, ticket.stage)
    return changes_of(ticket)


@unit_of_work
def resume(ticket_id: int, *, operator: Staff | None = None, note: str = "", at: dt.datetime | None = None) -> Changes:
    """End a pause: the paused clock time is added to ``paused_seconds`` and the due moves on."""
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if not ticket.paused:
            raise KnownError(_("Ticket {number} is not paused.", number=ticket.number))
        resume_clock(ticket, at, operator, note)
    return changes_of(ticket)


@unit_of_work
def resolve(ticket_id: int, solution: str, *, root_cause: str = "", one_time_resolved: bool | None = None,
            operator: Staff | None = None, note: str = "", at: dt.datetime | None = None) -> Changes:
    """反馈: the result is told to the customer; a callback follow-up is planned, due by ``callback_due``."""
    at = at or now()
    solution = (solution or "").strip()
    root_cause = (root_cause or "").strip()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if "resolved" not in FORWARD[ticket.stage]:
            raise refusal(ticket, "resolved")
        if not solution:
            raise ValidationError("solution", _("required to resolve the ticket"), _("Solution"))
        if ticket.category == "complaint":
            require_severity(ticket)
            if not root_cause:
                raise ValidationError("root_cause", _("required to resolve a complaint"), _("Root cause"))
        assignee = ticket.assignee_id
        if assignee is None:  # answered on the spot: whoever answered is the assignee
            if operator is None:
                raise ValidationError("assignee", _("required to resolve the ticket"), _("Assignee"))
            assignee = operator.id
        if ticket.paused:
            resume_clock(ticket, at, operator, "")
        if one_time_resolved is None:
            one_time_resolved = ticket.reopen_count == 0 and ticket.redispatch_count == 0
        record_transition(ticket, "resolved", at, operator, note, solution=solution, root_cause=root_cause,
                          assignee=assignee, resolved_at=at, one_time_resolved=bool(one_time_resolved))
        FollowUp.create(customer=ticket.customer_id, contact=ticket.contact_id, due_at=callback_due(at),
                        method="phone", purpose=_("Callback: {number}", number=ticket.number), kind="callback",
                        assignee=callback_assignee(ticket), status="planned", ticket=ticket.id, created_at=at)
    return changes_of(ticket, followups=True)


def _close_open_callbacks(ticket: Ticket, at: dt.datetime, reason: str) -> int:
    return (FollowUp.update(status="skipped", skip_reason=reason, done_at=at, **versions.stamp(FollowUp, False, at))
            .where((FollowUp.ticket == ticket.id) & (FollowUp.kind == "callback") & (FollowUp.status == "planned")
                   & FollowUp.deleted_at.is_null()).execute())


@unit_of_work
def reopen(ticket_id: int, *, operator: Staff | None = None, note: str = "", at: dt.datetime | None = None) -> Changes:
    """反馈/回访 → 处理: the problem came back (counted in ``reopen_count``)."""
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if ticket.stage not in REOPENABLE:
            raise refusal(ticket, "in_progress")
        closed = _close_open_callbacks(ticket, at, data_text("reopened"))  # stored: the records' language
        parts = [note.strip()] if note.strip() else []
        if closed:
            parts.append(data_text("Reopened: the callback was closed."))
        record_transition(ticket, "in_progress", at, operator, data_text("; ").join(parts), kind="reopen",
                          reopen_count=ticket.reopen_count + 1, resolved_at=None, one_time_resolved=None)
    return changes_of(ticket, followups=bool(closed))


@unit_of_work
def archive(ticket_id: int, *, operator: Staff | None = None, note: str = "", at: dt.datetime | None = None) -> Changes:
    """归档: after the callback, or after a callback closed as 未联系上."""
    at = at or now()
    with database_proxy.atomic():
        ticket = load(ticket_id)
        if "archived" not in FORWARD[ticket.stage]:
            raise refusal(ticket, "archived")
        if ticket.stage == "resolved":
            pending = FollowUp.select().where((FollowUp.ticket == ticket.id) & (FollowUp.kind == "callback")
                                              & (FollowUp.status == "planned") & FollowUp.deleted_at.is_null())
            if pending.exists():
                raise KnownError(_("Ticket {number} still has a callback to do: record it, or close it after the "
                                   "last try, before archiving.", number=ticket.number))
        record_transition(ticket, "archived", at, operator, note, archived_at=at)
    return changes_of(ticket)


@unit_of_work
def move(ticket_id: int, target: str, *, operator: Staff | None = None, note: str = "",
         assignee_id: int | None = None, solution: str = "", root_cause: str = "",
         at: dt.datetime | None = None, seen_stage: str | None = None) -> Changes:
    """Move a ticket to ``target`` (what a drag on the board does); routes to the functions above.

    ``seen_stage``: the stage the board showed; when another PC has moved the ticket since, nothing is
    written and ``ConflictError`` says who moved it where ("工单已被 王工 移到 处理"). The move itself
    writes only the version it read, so two PCs moving one ticket at once cannot both move it.
    """
    ticket = load(ticket_id)
    if seen_stage is not None and ticket.stage != seen_stage:
        raise moved_meanwhile(ticket)
    try:
        return _move(ticket, target, operator=operator, note=note, assignee_id=assignee_id, solution=solution,
                     root_cause=root_cause, at=at)
    except KnownError as refused:  # moved by another PC between the look above and the step's own
        if seen_stage is None or isinstance(refused, ConflictError):
            raise
        current = Ticket.get_or_none(Ticket.id == ticket_id)
        if current is None or current.stage == seen_stage:
            raise
        raise moved_meanwhile(current) from refused


def _move(ticket: Ticket, target: str, *, operator: Staff | None, note: str, assignee_id: int | None,
          solution: str, root_cause: str, at: dt.datetime | None) -> Changes:
    ticket_id = ticket.id
    if target == "classified":
        return classify(ticket_id, operator=operator, note=note, at=at)
    if target == "dispatched":
        return dispatch(ticket_id, assignee_id, operator=operator, note=note, at=at)
    if target == "in_progress":
        if ticket.stage in REOPENABLE:
            return reopen(ticket_id, operator=operator, note=note, at=at)
        return start(ticket_id, operator=operator, note=note, at=at)
    if target == "resolved":
        return resolve(ticket_id, solution or ticket.solution, root_cause=root_cause or ticket.root_cause,
                       operator=operator, note=note, at=at)
    if target == "callback" and ticket.stage == "resolved":
        raise KnownError(_("Ticket {number} moves to “Callback done” when its callback is recorded.",
                           number=ticket.number))
    if target == "archived":
        return archive(ticket_id, operator=operator, note=note, at=at)
    raise refusal(ticket, target)


def moved_meanwhile(ticket: Ticket) -> ConflictError:
    """The conflict of a move from a stage the ticket has left: who moved it, where and when."""
    error = versions.conflict(Ticket, ticket.id)
    if error.gone:
        return error
    error.message = _("Ticket {number} was moved to “{stage}” by {who} at {time}; the board is refreshed.",
                      number=ticket.number, stage=stage_label(ticket.stage), who=error.who or _("someone else"),
                      time=versions.moment_text(error.when))
    error.args = (error.message,)
    return error


# --------------------------------------------------------------------------- deletion (recycle bin hooks)


def delete(ticket_id: int, operator: Staff | None = None) -> Changes:
    """Move a ticket to the recycle bin (its number stays used)."""
    return recycle_bin.move_to_bin("ticket", ticket_id, operator) | Changes(tickets=True, followups=True)


def bin_label(ticket: Ticket) -> str:
    """How the recycle bin shows a ticket."""
    customer = Customer.get_or_none(Customer.id == ticket.customer_id)
    who = f"{customer.code} {customer.name}" if customer is not None else ""
    if who:
        return data_text("Ticket {number} ({who})", number=ticket.number, who=who)
    return data_text("Ticket {number}", number=ticket.number)


def after_delete(ticket: Ticket) -> None:
    """A deleted ticket takes its planned callback with it into the bin."""
    FollowUp.update(deleted_at=now(), **versions.stamp(FollowUp, False)).where(
        (FollowUp.ticket == ticket.id) & (FollowUp.kind == "callback")
                                            & (FollowUp.status == "planned") & FollowUp.deleted_at.is_null()).execute()


def after_restore(ticket: Ticket) -> None:
    """A restored ticket brings its planned callback back."""
    FollowUp.update(deleted_at=None, **versions.stamp(FollowUp, False)).where(
        (FollowUp.ticket == ticket.id) & (FollowUp.kind == "callback")
                                           & (FollowUp.status == "planned")
                                           & FollowUp.deleted_at.is_null(False)).execute()


recycle_bin.register("ticket", recycle_bin.BinKind(Ticket, bin_label, lambda t: t.customer_id, "tickets",
                                                   after_delete=after_delete, after_restore=after_restore))
