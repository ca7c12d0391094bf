"""Planned follow-ups (跟进计划, docs/spec.md §4): plan, edit, reschedule, complete, skip, delete.

- A follow-up that falls on a non-working day moves to the next working day (the calendar of
  the ticket SLA, ``core.firm.workcal``), keeping its time of day; the result says where it went.
- Editing or moving a generated follow-up (cadence, reminders) sets ``moved_by_user``, so the
  generators never move it back or remove it.
- Completing one writes an interaction (summary, customer feedback, next step) and can plan
  the next follow-up; a visit booked 3 or more days ahead gets a thank-you task 24 h after.
- Skipping needs a reason. Deleting moves the follow-up to the recycle bin; its
  ``generated_key`` stays, so the cadence does not plan it again.
- Callbacks (kind ``callback``) record a survey: they go through ``core.tickets.callbacks`` instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crmdesk.core.customers import interactions, search
from crmdesk.core.firm import workcal
from crmdesk.core.i18n import _
from crmdesk.core.store import db, recycle_bin, versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import FOLLOWUP_METHODS, Contact, Customer, FollowUp, Staff, database_proxy, now
from crmdesk.core.store.units import unit_of_work

THANKS_AFTER = dt.timedelta(hours=24)
THANKS_BOOKED_AHEAD = dt.timedelta(days=3)


def _bin_label(row: FollowUp) -> str:
    customer = Customer.get_by_id(row.customer_id)
    return _("Follow-up {purpose} ({code} {name}, {due})", purpose=row.purpose, code=customer.code,
             name=customer.name, due=f"{row.due_at:%Y-%m-%d %H:%M}")


# Follow-ups join the generic recycle bin (one entry each, restorable for ``recycle_bin_days``).
recycle_bin.register("followup", recycle_bin.BinKind(FollowUp, _bin_label, lambda f: f.customer_id, "followups"))


@dataclass
class FollowUpInput:
    """What the follow-up form edits."""

    customer_id: int
    due_at: dt.datetime
    method: str = "phone"
    purpose: str = ""
    contact_id: int | None = None
    assignee_id: int | None = None
    version: int | None = None  # when the form loaded it (schema 12): the save writes only that version


@dataclass
class Saved:
    """A created or changed follow-up; ``moved_to`` is set when a non-working day moved it."""

    id: int
    due_at: dt.datetime
    changes: Changes
    moved_to: dt.date | None = None


@dataclass
class Completed:
    """What completing a follow-up wrote."""

    interaction_id: int
    changes: Changes
    next_id: int | None = None
    thanks_id: int | None = None
    notes: list[str] = field(default_factory=list)


def on_working_day(due: dt.datetime, cal: workcal.WorkCalendar | None = None) -> dt.datetime:
    """``due`` itself on a working day, else the same time on the next working day (docs/spec.md §4)."""
    cal = cal or workcal.current()
    day = cal.roll_forward(due.date())
    return due if day == due.date() else dt.datetime.combine(day, due.time())


def _checked(data: FollowUpInput) -> tuple[FollowUpInput, str]:
    """The input with a clean purpose; raises ``ValidationError`` naming the bad field."""
    if not isinstance(data.due_at, dt.datetime):
        raise ValidationError("due_at", _("not a date and time"), _("Due time"))
    if data.method not in FOLLOWUP_METHODS:
        raise ValidationError("method", _("unknown method {method}", method=data.method), _("Follow-up method"))
    purpose = " ".join((data.purpose or "").split())
    if not purpose:
        raise ValidationError("purpose", _("required"), _("Follow-up purpose"))
    if len(purpose) > 200:
        raise ValidationError("purpose", _("at most 200 characters"), _("Follow-up purpose"))
    customer = Customer.get_or_none((Customer.id == data.customer_id) & Customer.deleted_at.is_null())
    if customer is None:
        raise ValidationError("customer", _("the customer does not exist or is in the recycle bin"), _("Follow-up customer"))
    if data.contact_id is not None and not Contact.select().where(
            (Contact.id == data.contact_id) & (Contact.customer == data.customer_id)).exists():
        raise ValidationError("contact", _("the contact does not belong to this customer"), _("Follow-up contact"))
    return data, purpose


def _changes(customer_id: int) -> Changes:
    return Changes(followups=True, customer_ids={customer_id})


@unit_of_work
def create(data: FollowUpInput, *, kind: str = "manual", key: str | None = None) -> Saved:
    """Plan a follow-up."""
    data, purpose = _checked(data)
    due = on_working_day(data.due_at)
    with database_proxy.atomic():
        row = FollowUp.create(customer=data.customer_id, contact=data.contact_id, due_at=due, method=data.method,
                              purpose=purpose, kind=kind, assignee=data.assignee_id, status="planned",
                              generated_key=key)
    return Saved(row.id, due, _changes(data.customer_id), due.date() if due != data.due_at else None)


def _planned(followup_id: int) -> FollowUp:
    row = FollowUp.get_or_none((FollowUp.id == followup_id) & (FollowUp.status == "planned")
                               & FollowUp.deleted_at.is_null())
    if row is None:
        raise KnownError(_("This follow-up was not found, or it is no longer planned."))
    return row


@unit_of_work
def update(followup_id: int, data: FollowUpInput, *, operator: Staff | None = None) -> Saved:
    """Change a planned follow-up (a generated one becomes the user's: generators leave it alone).
    ``data.version``: the version the form loaded; another one raises ``ConflictError``."""
    data, purpose = _checked(data)
    due = on_working_day(data.due_at)
    with database_proxy.atomic():
        row = _planned(followup_id)
        if row.kind == "callback" and data.customer_id != row.customer_id:
            raise ValidationError("customer_id", _("A ticket's callback stays with the ticket's customer."),
                                  _("Follow-up customer"))
        versions.guarded_update(FollowUp, row.id, data.version if data.version is not None else row.version, {
            "customer": data.customer_id, "contact": data.contact_id, "due_at": due, "method": data.method,
            "purpose": purpose, "assignee": data.assignee_id, "moved_by_user": True}, operator)
    changes = _changes(data.customer_id) | _changes(row.customer_id)
    return Saved(row.id, due, changes, due.date() if due != data.due_at else None)


@unit_of_work
def reschedule(followup_id: int, when: dt.date | dt.datetime) -> Saved:
    """Move a planned follow-up to another day (keeping its time) or to another moment."""
    with database_proxy.atomic():
        row = _planned(followup_id)
        wanted = when if isinstance(when, dt.datetime) else dt.datetime.combine(when, row.due_at.time())
        due = on_working_day(wanted)
        versions.guarded_update(FollowUp, row.id, row.version, {"due_at": due, "moved_by_user": True}, None)
    return Saved(row.id, due, _changes(row.customer_id), due.date() if due != wanted else None)


@unit_of_work
def complete(followup_id: int, *, summary: str, feedback: str = "", next_step: str = "", method: str | None = None,
             at: dt.datetime | None = None, operator: Staff | None = None,
             next_plan: FollowUpInput | None = None) -> Completed:
    """Mark a follow-up done: log the interaction, plan the next one if asked, thank after a visit."""
    at = at or now()
    with database_proxy.atomic():
        row = _planned(followup_id)
        if row.kind == "callback":
            raise KnownError(_("A callback records the satisfaction survey: record it from its ticket."))
        interaction = interactions.record(row.customer_id, summary=summary, method=method or row.method,
                                          feedback=feedback, next_step=next_step, staff=operator, at=at,
                                          contact_id=row.contact_id, ticket_id=row.ticket_id)
        # only the version read above: two PCs completing one follow-up at once log one interaction
        versions.guarded_update(FollowUp, row.id, row.version, {
            "status": "done", "done_at": at, "interaction": interaction.id, "attempts": row.attempts + 1}, operator, at)
        result = Completed(interaction.id, _changes(row.customer_id) | Changes(
            interactions=True, customers=True, customer_ids={row.customer_id}))
        if next_plan is not None:
            next_plan.customer_id = row.customer_id
            if next_plan.contact_id is None:
                next_plan.contact_id = row.contact_id
            result.next_id = create(next_plan).id
        if row.method == "visit" and row.due_at - row.created_at >= THANKS_BOOKED_AHEAD:
            result.thanks_id = _plan_thanks(row, at)
    return result


def _plan_thanks(visit: FollowUp, done_at: dt.datetime) -> int | None:
    """The thank-you task 24 h after a visit booked ahead (once per visit, by its key)."""
    due = on_working_day(done_at + THANKS_AFTER)
    FollowUp.insert(customer=visit.customer_id, contact=visit.contact_id, due_at=due, method="phone",
                    purpose=_("Thank-you after the visit"), kind="thanks", assignee=visit.assignee_id,
                    status="planned", attempts=0, skip_reason="", moved_by_user=False, created_at=now(),
                    generated_key=f"thanks:{visit.id}").on_conflict_ignore().execute()
    row = FollowUp.get_or_none(FollowUp.generated_key == f"thanks:{visit.id}")
    return row.id if row is not None else None


def insert_generated(rows: list[tuple]) -> int:
    """Insert follow-ups planned by the generators (cadence, reminders), one tuple each:
    (key, customer, contact, due, method, purpose, kind, assignee, created). A row whose key
    exists already is ignored, so generating twice adds nothing; returns how many were added."""
    if not rows:
        return 0
    rows.sort()  # in key order: the unique key index is filled front to back
    tuning = db.dialect().tuning
    cache = 0
    if tuning:
        (cache,) = db.sql("PRAGMA cache_size").fetchone()
        db.sql("PRAGMA cache_size = -65536")  # 64 MB while nine indexes grow, then back
    try:
        # rowcount of executemany: the rows added, summed over the parameter rows (sqlite3 and psycopg alike)
        return db.sql(
            "INSERT INTO follow_up (generated_key, customer_id, contact_id, due_at, method, purpose, kind, "
            "assignee_id, created_at, status, attempts, skip_reason, moved_by_user) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', 0, '', FALSE) ON CONFLICT DO NOTHING", rows, many=True).rowcount
    finally:
        if tuning:
            db.sql(f"PRAGMA cache_size = {int(cache)}")


@unit_of_work
def skip(followup_id: int, reason: str, operator: Staff | None = None) -> Changes:
    """Close a planned follow-up without contact; the reason is required."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("skip_reason", _("required"), _("Skip reason"))
    with database_proxy.atomic():
        row = _planned(followup_id)
        if row.kind == "callback":
            raise KnownError(_("A callback records the satisfaction survey: record it from its ticket."))
        note = f"{reason}（{operator.name}）" if operator else reason
        versions.guarded_update(FollowUp, row.id, row.version, {"status": "skipped", "skip_reason": note,
                                                               "done_at": now()}, operator)
    return _changes(row.customer_id)


def delete(followup_id: int, operator: Staff | None = None) -> Changes:
    """Move a follow-up to the recycle bin."""
    return recycle_bin.move_to_bin("followup", followup_id, operator) | Changes(followups=True)


# -- what the form needs ------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpView:
    """One follow-up with the names the form and the agenda show."""

    id: int
    customer_id: int
    customer: str
    contact_id: int | None
    due_at: dt.datetime
    method: str
    purpose: str
    kind: str
    status: str
    assignee_id: int | None
    ticket_id: int | None
    skip_reason: str
    generated: bool
    version: int = 1

    def as_input(self) -> FollowUpInput:
        """What the form edits, at this version (the conflict dialog compares it with the user's)."""
        return FollowUpInput(self.customer_id, self.due_at, self.method, self.purpose, self.contact_id,
                             self.assignee_id, self.version)


def load(followup_id: int) -> FollowUpView:
    """A follow-up for the form (raises ``KnownError`` when it is gone)."""
    row = FollowUp.get_or_none((FollowUp.id == followup_id) & FollowUp.deleted_at.is_null())
    if row is None:
        raise KnownError(_("This follow-up was not found, or it is no longer planned."))
    customer = Customer.get_by_id(row.customer_id)
    return FollowUpView(row.id, row.customer_id, f"{customer.code} {customer.name}", row.contact_id, row.due_at,
                        row.method, row.purpose, row.kind, row.status, row.assignee_id, row.ticket_id,
                        row.skip_reason, row.generated_key is not None, row.version)


def find_customers(text: str, limit: int = 20) -> list[tuple[int, str]]:
    """Live customers matching the search box text (code, name, contact, phone tail), as (id, label)."""
    clause = search.match_clause(text)
    if clause is None:
        return []
    where, params = clause
    rows = db.sql(
        f"SELECT id, code, name FROM customer WHERE deleted_at IS NULL AND merged_into_id IS NULL AND ({where}) "
        "ORDER BY status = 'archived', code LIMIT ?", [*params, limit])
    return [(cid, f"{code} {name}") for cid, code, name in rows]


def contacts_of(customer_id: int) -> list[tuple[int, str, bool]]:
    """A customer's contacts still there as (id, label, is_primary), the primary first."""
    rows = (Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null())
            .order_by(Contact.is_primary.desc(), Contact.has_left, Contact.id))
    return [(c.id, c.name + (f"（{c.title}）" if c.title else ""), bool(c.is_primary)) for c in rows]
