"""Satisfaction surveys on their own and the improvement list (满意度调查, 改进清单; docs/spec.md §5).

A survey comes from a ticket's callback (``core.tickets.callbacks.record_callback``) or on its own: a
periodic questionnaire, an e-mail, a visit or a phone call (``record``). The questions a
tier is asked come from the tier policy table (``questions_for``); the overall score is
always asked, since CSAT is its mean.

The improvement list holds a free-text action per low-score item with an owner and a due
date. A report of a period lists the items created in it and every earlier item still
open, so an action stays in the reports until it is done (``improvements_for``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.firm import settings
from crmdesk.core.i18n import _
from crmdesk.core.reports.kpi import Period
from crmdesk.core.reports.measures import LOW_SCORE
from crmdesk.core.store import db, versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import (
    SURVEY_DIMENSIONS,
    SURVEY_METHODS,
    Customer,
    ImprovementItem,
    Staff,
    Survey,
    Ticket,
    TierPolicy,
    database_proxy,
    now,
)
from crmdesk.core.tickets.callbacks import _scores as checked_scores


def questions_for(customer_id: int) -> list[str]:
    """The survey dimensions a customer's tier asks (tier policy table), the overall score always."""
    settings.ensure_tier_policy()
    customer = Customer.get_or_none(Customer.id == customer_id)
    policy = TierPolicy.get_or_none(TierPolicy.tier == (customer.tier if customer else "ordinary"))
    keys = [k for k in json.loads(policy.questionnaire or "[]") if k in SURVEY_DIMENSIONS] if policy else []
    keys = keys or list(SURVEY_DIMENSIONS)
    if "overall" not in keys:
        keys.append("overall")
    return [k for k in SURVEY_DIMENSIONS if k in keys]


def find_customers(text: str, limit: int = 20) -> list[tuple[int, str, str]]:
    """(id, code, name) of live customers matching a search (code, name, contact, phone tail), by code."""
    if len((text or "").strip()) < 2:
        return []
    sql, params = RegistryQuery(text=text.strip(), include_archived=True).sql()
    return [(cid, code, name) for cid, code, name in db.sql(
        f"SELECT c.id, c.code, c.name FROM customer c WHERE c.id IN (SELECT id FROM ({sql}) LIMIT ?) ORDER BY c.code",
        [*params, limit])]


@dataclass(frozen=True)
class Recorded:
    """What ``record`` wrote."""

    survey_id: int
    changes: Changes


def record(customer_id: int, scores: Mapping[str, object] | None, *, method: str = "questionnaire",
           date: dt.date | None = None, comment: str = "", ticket_id: int | None = None,
           operator: Staff | None = None, today: dt.date | None = None) -> Recorded:
    """Record a survey that did not come from a callback (periodic questionnaire, e-mail, visit, call).

    Scores are 1–5 per dimension, the overall score required; a ticket, when named, must be
    the customer's and takes the overall score as its satisfaction if it has none yet.
    """
    today = today or dt.date.today()
    date = date or today
    clean = checked_scores({k: v for k, v in (scores or {}).items() if v not in (None, "")})
    if method not in SURVEY_METHODS:
        raise ValidationError("method", _("unknown value {value}", value=method), _("Survey method"))
    if date > today:
        raise ValidationError("date", _("the date lies in the future"), _("Survey date"))
    with database_proxy.atomic():
        customer = Customer.get_or_none((Customer.id == customer_id) & Customer.deleted_at.is_null())
        if customer is None:
            raise KnownError(_("Customer not found (it may have been deleted)."))
        ticket = None
        if ticket_id is not None:
            ticket = Ticket.get_or_none((Ticket.id == ticket_id) & Ticket.deleted_at.is_null())
            if ticket is None or ticket.customer_id != customer_id:
                raise ValidationError("ticket", _("the ticket belongs to another customer"), _("Ticket"))
        survey = Survey.create(customer=customer_id, ticket=ticket_id, date=date, method=method,
                               comment=(comment or "").strip(), staff_name=operator.name if operator else "",
                               created_at=now(), **{k: clean.get(k) for k in SURVEY_DIMENSIONS})
        if ticket is not None and ticket.satisfaction is None:
            Ticket.update(**versions.derived(Ticket, satisfaction=clean["overall"])).where(
                Ticket.id == ticket.id).execute()
        contact_at = dt.datetime.combine(date, dt.time(12))
        if method != "questionnaire" and (customer.last_contact_at is None or customer.last_contact_at < contact_at):
            Customer.update(**versions.derived(Customer, last_contact_at=contact_at)).where(
                Customer.id == customer_id).execute()
    return Recorded(survey.id, Changes(surveys=True, customers=True, tickets=ticket is not None,
                                       customer_ids={customer_id}))


# --------------------------------------------------------------------------- the improvement list


@dataclass(frozen=True)
class ImprovementLine:
    """An item of the improvement list as a report shows it."""

    id: int
    survey_id: int | None
    customer: str
    item: str
    action: str
    owner_id: int | None
    owner: str
    due: dt.date | None
    done: bool
    created_at: dt.datetime
    carried: bool  # opened before the period and still open


def default_item(survey_id: int) -> str:
    """The low-score item of a survey in words: 产品质量 2分、服务响应 3分：comment."""
    survey = Survey.get_or_none(Survey.id == survey_id)
    if survey is None:
        raise KnownError(_("This survey was not found."))
    low = [f"{label} {getattr(survey, key)}分" for key, label in SURVEY_DIMENSIONS.items()
           if getattr(survey, key) is not None and getattr(survey, key) < LOW_SCORE]
    text = "、".join(low) or f"{SURVEY_DIMENSIONS['overall']} {survey.overall}分"
    return f"{text}：{survey.comment}" if survey.comment else text


def _owner(owner_id: int | None) -> int | None:
    if owner_id is not None and Staff.get_or_none(Staff.id == owner_id) is None:
        raise ValidationError("owner", _("no such staff member"), _("Owner"))
    return owner_id


def add_improvement(item: str, action: str = "", *, owner_id: int | None = None, due: dt.date | None = None,
                    survey_id: int | None = None, at: dt.datetime | None = None) -> tuple[int, Changes]:
    """Add an action to the improvement list (for a low-score survey, or free-standing)."""
    item = (item or "").strip()
    if not item and survey_id is not None:
        item = default_item(survey_id)
    if not item:
        raise ValidationError("item", _("required"), _("Improvement item"))
    if survey_id is not None and Survey.get_or_none(Survey.id == survey_id) is None:
        raise KnownError(_("This survey was not found."))
    row = ImprovementItem.create(survey=survey_id, item=item, action=(action or "").strip(), owner=_owner(owner_id),
                                 due=due, done=False, created_at=at or now())
    return row.id, Changes(surveys=True)


def update_improvement(item_id: int, *, item: str | None = None, action: str | None = None,
                       owner_id: int | None = None, due: dt.date | None = None, done: bool | None = None,
                       clear_owner: bool = False, clear_due: bool = False) -> Changes:
    """Edit an item; ``None`` leaves a field as it is (``clear_owner``/``clear_due`` empty them)."""
    row = ImprovementItem.get_or_none(ImprovementItem.id == item_id)
    if row is None:
        raise KnownError(_("This improvement item was not found."))
    values: dict[str, object] = {}
    if item is not None:
        if not item.strip():
            raise ValidationError("item", _("required"), _("Improvement item"))
        values["item"] = item.strip()
    if action is not None:
        values["action"] = action.strip()
    if owner_id is not None or clear_owner:
        values["owner"] = None if clear_owner else _owner(owner_id)
    if due is not None or clear_due:
        values["due"] = None if clear_due else due
    if done is not None:
        values["done"] = bool(done)
    if values:
        ImprovementItem.update(**values).where(ImprovementItem.id == item_id).execute()
    return Changes(surveys=True)


def set_done(item_id: int, done: bool = True) -> Changes:
    """Mark an item done (it leaves later reports) or open again."""
    return update_improvement(item_id, done=done)


def improvements_for(period: Period, *, open_only: bool = False) -> list[ImprovementLine]:
    """The items of a period's report: opened in it, plus earlier ones still open (carried).

    An item for a low-score survey is opened on the survey's date (an action decided early
    in November for an October survey belongs to the October report); a free-standing item
    on the day it was created.
    """
    d = db.dialect()
    opened = f"COALESCE({d.day('v.date')}, {d.day('i.created_at')})"  # compared as YYYY-MM-DD text
    rows = db.sql(
        "SELECT i.id, i.survey_id, COALESCE(c.name, ''), i.item, i.action, i.owner_id, COALESCE(s.name, ''), "
        f"i.due, i.done, i.created_at, {opened} FROM improvement_item i "
        "LEFT JOIN survey v ON v.id = i.survey_id LEFT JOIN customer c ON c.id = v.customer_id "
        "LEFT JOIN staff s ON s.id = i.owner_id "
        f"WHERE {opened} < ? AND ({opened} >= ? OR i.done = FALSE) "
        f"{'AND i.done = FALSE ' if open_only else ''}"
        "ORDER BY i.done, i.due IS NULL, i.due, i.id", [period.end.isoformat(), period.start.isoformat()])
    out = []
    for iid, sid, customer, item, action, owner_id, owner, due, done, created, day in rows:
        created_at = created if isinstance(created, dt.datetime) else dt.datetime.fromisoformat(str(created))
        out.append(ImprovementLine(iid, sid, customer, item, action, owner_id, owner,
                                   dt.date.fromisoformat(str(due)[:10]) if due else None, bool(done), created_at,
                                   dt.date.fromisoformat(str(day)[:10]) < period.start and not done))
    return out
