"""Callbacks (回访) after a ticket is resolved (docs/spec.md §3, §5).

``tickets.resolve`` plans one callback follow-up (kind ``callback``) due by ``callback_due``:
within 24 hours of the resolution, days off not counted, moved back into business hours.
``record_callback`` records what came of a try:

- reached: the five-dimension survey of the ticket is written (one survey per ticket: a later
  callback after a reopen replaces the earlier scores), the ticket's satisfaction is the overall
  score, an interaction is logged, the follow-up is done and the ticket moves to 回访;
- not reached: ``attempts`` grows by one and the follow-up moves to the
  ``callback_retry_working_days``-th working day after the try (default 1: the next working day),
  at the same time of day when that is business time, else at the start of business; after
  ``callback_max_tries`` tries (default 3) it is closed as 未联系上 (status ``skipped``), which
  counts as due-but-not-done in the callback completion rate, and the ticket can be archived.

Reads for the callback form: ``info`` (the ticket, customer, contact and the questions the
customer's tier asks, ``questionnaire``), ``open_callback`` and ``last_callback`` of a ticket.
``callback_due`` and ``callback_assignee`` say when and by whom ``tickets.resolve`` plans it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crmdesk.core.firm import settings, workcal
from crmdesk.core.i18n import _, data_text
from crmdesk.core.safety import secrets
from crmdesk.core.store import versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import (
    FOLLOWUP_METHODS,
    SURVEY_DIMENSIONS,
    SURVEY_METHODS,
    Contact,
    Customer,
    FollowUp,
    Interaction,
    Staff,
    Survey,
    Ticket,
    TicketEvent,
    TierPolicy,
    database_proxy,
    now,
)
from crmdesk.core.store.units import unit_of_work
from crmdesk.core.tickets import records as ticket_records
from crmdesk.core.validation import mask_mobile

if TYPE_CHECKING:
    from peewee import Expression

UNREACHABLE = data_text("Not reached")  # stored as the skip reason: the records' language

def callback_assignee(ticket: Ticket) -> int | None:
    """Who makes the callback: the customer's account manager, else whoever registered the ticket,
    else its assignee."""
    customer = Customer.select(Customer.account_manager).where(Customer.id == ticket.customer_id).first()
    if customer is not None and customer.account_manager_id:
        return customer.account_manager_id
    creator = (TicketEvent.select(TicketEvent.operator).where((TicketEvent.ticket == ticket.id)
                                                              & TicketEvent.operator.is_null(False))
               .order_by(TicketEvent.at, TicketEvent.id).first())
    if creator is not None:
        return creator.operator_id
    return ticket.assignee_id


CALLBACK_WITHIN = dt.timedelta(hours=24)


def callback_due(resolved_at: dt.datetime, cal: workcal.WorkCalendar | None = None) -> dt.datetime:
    """When the callback of a ticket resolved at ``resolved_at`` is due — the one statement of the rule:

    *within 24 hours of the resolution, days off not counted; when that moment falls outside
    business hours, the last moment of business hours before it.*

    - the 24 hours run on working days only: a day off (weekend, holiday) does not count, and a
      ticket resolved on a day off starts counting at the next working day's 00:00;
    - a moment inside business hours is the due itself (resolved Tuesday 16:00 → Wednesday 16:00);
    - a moment outside them moves back to the end of the business period before it, so the call
      is still asked within the 24 hours (resolved 07:00 → 18:00 the same day, not 09:00 the
      next day; resolved 22:30 → 18:00 the next day; resolved 12:45 → 12:00 the next day).

    Across a weekend the due can be three calendar days later (Friday 10:00 → Monday 10:00):
    every message shows the actual due time, never "24 小时内".
    """
    cal = cal or workcal.current()
    moment, left = resolved_at, CALLBACK_WITHIN
    for _day in range(3660):  # ten years without a working day means a broken calendar
        midnight = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time())
        if cal.is_workday(moment.date()):
            step = min(left, midnight - moment)
            moment, left = moment + step, left - step
            if not left:
                break
        moment = midnight
    if cal.is_working_time(moment):
        return moment
    return last_business_moment(moment, cal)


def last_business_moment(moment: dt.datetime, cal: workcal.WorkCalendar) -> dt.datetime:
    """The end of the last business period that ends at or before ``moment``."""
    day = moment.date()
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    for _day in range(3660):
        if cal.is_workday(day):
            ends = [end for _start, end in cal.periods if end <= seconds]
            if ends:
                return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=max(ends))
        day -= dt.timedelta(days=1)
        seconds = workcal.DAY_SECONDS
    raise RuntimeError("no working day found")


def _scores(scores: Mapping[str, object] | None) -> dict[str, int]:
    """The given scores, checked: each 1–5, the overall score required."""
    clean: dict[str, int] = {}
    for key, value in (scores or {}).items():
        if key not in SURVEY_DIMENSIONS:
            raise ValidationError(key, _("a score from 1 to 5"), key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError(key, _("a score from 1 to 5"), SURVEY_DIMENSIONS[key])
        clean[key] = value
    if "overall" not in clean:
        raise ValidationError("overall", _("required when the customer was reached"), SURVEY_DIMENSIONS["overall"])
    return clean


def questionnaire(tier: str) -> list[str]:
    """The survey dimensions the tier's policy asks (§2 客户等级策略), in the standard order; all five
    when the policy sets none. The overall score is always asked: a reached callback needs it."""
    row = TierPolicy.get_or_none(TierPolicy.tier == tier)
    try:
        asked = set(json.loads(row.questionnaire)) if row is not None and row.questionnaire else set()
    except ValueError:
        asked = set()
    asked &= set(SURVEY_DIMENSIONS)
    if not asked:
        return list(SURVEY_DIMENSIONS)
    return [key for key in SURVEY_DIMENSIONS if key in asked or key == "overall"]


@dataclass(frozen=True)
class CallbackInfo:
    """What the callback form shows about one planned callback."""

    followup_id: int
    ticket_id: int
    number: str
    customer: str
    tier: str
    contact: str
    mobile_masked: str
    customer_id: int
    contact_id: int | None
    description: str
    solution: str
    due_at: dt.datetime
    attempts: int
    max_tries: int
    questions: list[str]


def _is_planned_callback() -> Expression:
    return (FollowUp.kind == "callback") & (FollowUp.status == "planned") & FollowUp.deleted_at.is_null()


def _planned(followup_id: int) -> FollowUp:
    """The planned (still open) ticket callback ``followup_id``, or ``KnownError``."""
    followup = FollowUp.get_or_none((FollowUp.id == followup_id) & _is_planned_callback()
                                    & FollowUp.ticket.is_null(False))
    if followup is None:
        raise KnownError(_("This callback was not found, or it is already closed."))
    return followup


def open_callback(ticket_id: int) -> int | None:
    """The id of the ticket's planned callback, or ``None``."""
    row = (FollowUp.select(FollowUp.id).where((FollowUp.ticket == ticket_id) & _is_planned_callback())
           .order_by(FollowUp.id.desc()).first())
    return row.id if row is not None else None


def planned_due(ticket_id: int) -> dt.datetime | None:
    """When the ticket's planned callback is due (``None`` when none is planned)."""
    row = (FollowUp.select(FollowUp.due_at).where((FollowUp.ticket == ticket_id) & _is_planned_callback())
           .order_by(FollowUp.id.desc()).first())
    return row.due_at if row is not None else None


def last_callback(ticket_id: int) -> FollowUp | None:
    """The ticket's newest callback follow-up in any state (the ticket form shows how it went)."""
    return (FollowUp.select().where((FollowUp.ticket == ticket_id) & (FollowUp.kind == "callback")
                                    & FollowUp.deleted_at.is_null()).order_by(FollowUp.id.desc()).first())


def info(followup_id: int) -> CallbackInfo:
    """The planned callback ``followup_id`` with its ticket, customer, contact and questions."""
    followup = _planned(followup_id)
    assert followup.ticket_id is not None, "a callback follow-up belongs to a ticket"
    ticket = ticket_records.load(followup.ticket_id)
    customer = Customer.get_by_id(ticket.customer_id)
    contact = Contact.get_or_none(Contact.id == (followup.contact_id or ticket.contact_id))
    if contact is None:  # nobody was named on the ticket: whom to call is the primary contact
        contact = (Contact.select().where((Contact.customer == customer.id) & Contact.deleted_at.is_null()
                                          & (Contact.has_left == False))  # noqa: E712 - peewee expression
                   .order_by(Contact.is_primary.desc(), Contact.id).first())
    mobile = secrets.reveal("contact", "mobile", contact.mobile) if contact is not None else ""
    return CallbackInfo(followup.id, ticket.id, ticket.number, f"{customer.code} {customer.name}", customer.tier,
                        contact.name if contact is not None else "", mask_mobile(mobile), customer.id,
                        contact.id if contact is not None else None, ticket.description,
                        ticket.solution, followup.due_at, followup.attempts,
                        max_tries(), questionnaire(customer.tier))


def max_tries() -> int:
    """How many tries an unreachable callback gets before it is closed as 未联系上."""
    return max(1, int(settings.get("callback_max_tries")))


def retry_due(tried_at: dt.datetime, cal: workcal.WorkCalendar | None = None) -> dt.datetime:
    """When an unreached callback is tried again (see the module doc)."""
    cal = cal or workcal.current()
    day = cal.working_day_after(tried_at.date(), max(1, int(settings.get("callback_retry_working_days"))))
    same_time = dt.datetime.combine(day, tried_at.time())
    return same_time if cal.is_working_time(same_time) else cal.business_start(day)


@unit_of_work
def record_callback(followup_id: int, scores: dict[str, int] | None, comment: str = "", reached: bool = True,
                    operator: Staff | None = None, *, method: str = "phone",
                    at: dt.datetime | None = None) -> Changes:
    """Record one try of a ticket's callback (reached with the scores, or not reached)."""
    at = at or now()
    comment = (comment or "").strip()
    clean = _scores(scores or {}) if reached else {}
    with database_proxy.atomic():
        followup = _planned(followup_id)
        assert followup.ticket_id is not None, "a callback follow-up belongs to a ticket"
        ticket = ticket_records.load(followup.ticket_id)
        if ticket.stage != "resolved":
            raise KnownError(_("Ticket {number} is not waiting for its callback (stage “{stage}”).",
                               number=ticket.number, stage=ticket_records.stage_label(ticket.stage)))
        attempts = followup.attempts + 1
        changes = Changes(tickets=True, followups=True, customer_ids={ticket.customer_id})
        if not reached:
            limit = max_tries()
            if attempts >= limit:
                FollowUp.update(attempts=attempts, status="skipped", skip_reason=UNREACHABLE, done_at=at,
                                **versions.stamp(FollowUp, operator, at)).where(FollowUp.id == followup.id).execute()
                text = _("Callback not reached (try {n} of {max}): closed as unreachable", n=attempts, max=limit)
            else:
                due = retry_due(at)
                FollowUp.update(attempts=attempts, due_at=due, **versions.stamp(FollowUp, operator, at)).where(
                    FollowUp.id == followup.id).execute()
                text = _("Callback not reached (try {n} of {max}); next try {when}", n=attempts, max=limit,
                         when=f"{due:%Y-%m-%d %H:%M}")
            ticket_records.event(ticket, "callback", at, operator, f"{text}；{comment}" if comment else text)
            return changes
        staff_name = operator.name if operator else ""
        interaction = Interaction.create(
            customer=ticket.customer_id, contact=followup.contact_id or ticket.contact_id, at=at,
            method=method if method in FOLLOWUP_METHODS else "phone",
            summary=_("Callback of ticket {number}", number=ticket.number), feedback=comment, staff=operator,
            staff_name=staff_name, ticket=ticket.id, created_at=at)
        FollowUp.update(attempts=attempts, status="done", done_at=at, interaction=interaction.id,
                        **versions.stamp(FollowUp, operator, at)).where(FollowUp.id == followup.id).execute()
        values = {key: clean.get(key) for key in SURVEY_DIMENSIONS}
        survey = {"date": at.date(), "method": method if method in SURVEY_METHODS else "phone", "comment": comment,
                  "staff_name": staff_name, **values}
        existing = Survey.get_or_none((Survey.ticket == ticket.id) & Survey.batch.is_null())
        if existing is None:
            Survey.create(customer=ticket.customer_id, ticket=ticket.id, created_at=at, **survey)
        else:  # one survey per ticket: a callback after a reopen replaces the earlier scores
            Survey.update(**survey).where(Survey.id == existing.id).execute()
        customer = Customer.get_by_id(ticket.customer_id)
        if customer.last_contact_at is None or customer.last_contact_at < at:
            Customer.update(**versions.derived(Customer, last_contact_at=at)).where(
                Customer.id == customer.id).execute()
        text = _("Satisfaction {score}", score=clean["overall"])
        ticket_records.record_transition(ticket, "callback", at, operator,
                                         f"{text}；{comment}" if comment else text,
                                         satisfaction=clean["overall"], callback_at=at)
    return changes | Changes(surveys=True, interactions=True, customers=True)
