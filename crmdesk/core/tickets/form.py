"""What a button of the ticket form does in the core, as one transaction.

The ticket form (``crmdesk.ui.tickets.ticket_dialog``) collects a ``StepRequest`` (the values,
what changed, the step); ``perform`` registers the ticket or writes its edits, re-dispatches when
the assignee of a dispatched ticket changed (a new assignee before dispatch is a plain edit), then
makes the step. Any refusal rolls all of it back, so a ticket is never left half-saved (a new
ticket that could not be dispatched is not registered either, and uses no number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmdesk.core.attachments import store as attachments
from crmdesk.core.store import versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.models import Staff, Ticket, database_proxy
from crmdesk.core.tickets import callbacks, knowledge
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets.records import REDISPATCHABLE, REOPENABLE

DRAFT_FIELDS = ("solution", "root_cause", "complaint_result")


@dataclass(frozen=True)
class StepRequest:
    """The form's state when a button was pressed. ``target`` is a stage, ``pause``, ``resume``,
    ``knowledge`` or ``None`` (save only); ``edits`` are the fields that differ from the stored
    ticket; ``reassign`` the newly chosen assignee (``None``: unchanged)."""

    ticket_id: int | None
    customer_id: int
    stage: str
    # the form's fields by name, each of its own type (text, id or None, flag): keyword arguments of
    # ``tickets.create``/``update``, which check them
    values: dict[str, Any]
    edits: dict[str, Any]
    reassign: int | None
    target: str | None
    operator: Staff | None
    note: str = ""
    pause_reason: str = ""
    accept_proposal: bool = True  # a new ticket: False when the clerk chose to dispatch later (no routed assignee)
    attach: tuple[Path, ...] = ()  # files chosen before a new ticket existed: stored with it
    version: int | None = None  # the ticket's version when the form loaded it (several writers: ConflictError)


@dataclass
class StepOutcome:
    """The ticket the step worked on and what changed (broadcast by the operation)."""

    ticket_id: int
    changes: Changes
    callback_due: dt.datetime | None = None  # when the step resolved the ticket: its callback's due time


def _step(req: StepRequest) -> Callable[[int], Changes] | None:
    values, operator, note = req.values, req.operator, req.note
    steps: dict[str, Callable[[int], Changes]] = {
        "classified": lambda tid: tickets.classify(tid, operator=operator, note=note),
        "dispatched": lambda tid: tickets.dispatch(tid, values["assignee_id"], operator=operator, note=note),
        "in_progress": (lambda tid: tickets.reopen(tid, operator=operator, note=note)) if req.stage in REOPENABLE
        else (lambda tid: tickets.start(tid, operator=operator, note=note)),
        "resolved": lambda tid: tickets.resolve(tid, str(values["solution"]), root_cause=str(values["root_cause"]),
                                                one_time_resolved=bool(values["one_time_resolved"]),
                                                operator=operator, note=note),
        "archived": lambda tid: tickets.archive(tid, operator=operator, note=note),
        "pause": lambda tid: tickets.pause(tid, req.pause_reason, operator=operator, note=note),
        "resume": lambda tid: tickets.resume(tid, operator=operator, note=note),
        "knowledge": lambda tid: knowledge.create_article_from_ticket(tid).changes,
    }
    return steps[req.target] if req.target is not None else None


def _register(req: StepRequest) -> tuple[int, Changes]:
    values = req.values
    created = tickets.create(req.customer_id, str(values["description"]), category=str(values["category"]),
                             priority=str(values["priority"]), severity=str(values["severity"]),
                             channel=str(values["channel"]), contact_id=values["contact_id"],
                             assignee_id=values["assignee_id"], complaint_type=str(values.get("complaint_type", "")),
                             product_model=str(values.get("product_model", "")),
                             accept_proposal=req.accept_proposal, operator=req.operator,
                             custom=values.get("custom") or {},
                             equipment_id=values.get("equipment_id"))
    changes = created.changes
    for path in req.attach:  # the photo of the fault taken during the call goes in with the ticket
        changes |= attachments.add(path, attachments.owner_of(ticket_id=created.ticket_id),
                                   operator=req.operator).changes
    drafts = {key: values[key] for key in DRAFT_FIELDS if values[key]}
    if drafts:
        changes |= tickets.update(created.ticket_id, **drafts, operator=req.operator)
    return created.ticket_id, changes


def perform(req: StepRequest) -> StepOutcome:
    """Save and step in one transaction."""
    step = _step(req)
    with database_proxy.atomic():
        if req.ticket_id is None:
            ticket_id, changes = _register(req)
        else:
            ticket_id, changes = req.ticket_id, Changes()
            versions.check(Ticket, ticket_id, req.version)  # the form's values are those of that version
            if req.edits:
                changes |= tickets.update(ticket_id, **req.edits, operator=req.operator)
            if req.reassign is not None and req.target != "dispatched":
                if req.stage in REDISPATCHABLE:  # a new person on a dispatched ticket is a re-dispatch
                    changes |= tickets.dispatch(ticket_id, req.reassign, operator=req.operator)
                elif req.stage in ("received", "classified"):
                    changes |= tickets.update(ticket_id, assignee_id=req.reassign, operator=req.operator)
        if step is not None:
            changes |= step(ticket_id)
        due = callbacks.planned_due(ticket_id) if req.target == "resolved" else None
    return StepOutcome(ticket_id, changes, due)
