"""The interaction log (互动记录): what happened when the firm talked to a customer.

``record`` writes one interaction and moves the customer's last-contact time forward;
completing a planned follow-up (``core.followups.service.complete``) goes through it too, so the
30-day rule of ``core.followups.reminders`` and the dormant rule of ``core.customers.tiers`` see every contact.
"""

from __future__ import annotations

import datetime as dt

from crmdesk.core.i18n import _
from crmdesk.core.store import versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.store.models import FOLLOWUP_METHODS, Customer, Interaction, Staff, database_proxy, now
from crmdesk.core.store.units import unit_of_work


@unit_of_work
def record(customer_id: int, *, summary: str, method: str = "phone", feedback: str = "", next_step: str = "",
           staff: Staff | None = None, at: dt.datetime | None = None, contact_id: int | None = None,
           ticket_id: int | None = None) -> Interaction:
    """Write one interaction (inside the caller's transaction, if any) and return it."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError("summary", _("please write what was discussed"), _("Interaction summary"))
    if method not in FOLLOWUP_METHODS:
        raise ValidationError("method", _("unknown method {method}", method=method), _("Interaction method"))
    at = at or now()
    if at > now() + dt.timedelta(minutes=5):
        raise ValidationError("at", _("cannot be later than now"), _("Interaction time"))
    with database_proxy.atomic():
        interaction = Interaction.create(
            customer=customer_id, contact=contact_id, at=at, method=method, summary=summary,
            feedback=(feedback or "").strip(), next_step=(next_step or "").strip(), staff=staff,
            staff_name=staff.name if staff else "", ticket=ticket_id)
        # One conditional UPDATE: a back-dated entry never moves the last contact backwards.
        Customer.update(**versions.derived(Customer, last_contact_at=at)).where(
            (Customer.id == customer_id)
            & (Customer.last_contact_at.is_null() | (Customer.last_contact_at < at))).execute()
    return interaction


def log(customer_id: int, *, summary: str, method: str = "phone", feedback: str = "", next_step: str = "",
        staff: Staff | None = None, at: dt.datetime | None = None, contact_id: int | None = None) -> Changes:
    """Record an interaction and move the customer's last-contact date forward."""
    record(customer_id, summary=summary, method=method, feedback=feedback, next_step=next_step, staff=staff,
           at=at, contact_id=contact_id)
    return Changes(interactions=True, customers=True, customer_ids={customer_id})
