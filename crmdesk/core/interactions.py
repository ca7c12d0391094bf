"""The interaction log (互动记录): what happened when the firm talked to a customer."""

from __future__ import annotations

import datetime as dt

from crmdesk.core.changes import Changes
from crmdesk.core.errors import ValidationError
from crmdesk.core.models import FOLLOWUP_METHODS, Customer, Interaction, Staff, database_proxy, now


def log(customer_id: int, *, summary: str, method: str = "phone", feedback: str = "", next_step: str = "",
        staff: Staff | None = None, at: dt.datetime | None = None, contact_id: int | None = None) -> Changes:
    """Record an interaction and move the customer's last-contact date forward."""
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError("summary", "请填写沟通内容摘要", "沟通内容摘要")
    if method not in FOLLOWUP_METHODS:
        raise ValidationError("method", f"未知的互动方式：{method}", "互动方式")
    at = at or now()
    if at > now() + dt.timedelta(minutes=5):
        raise ValidationError("at", "互动时间不能晚于现在", "互动时间")
    with database_proxy.atomic():
        Interaction.create(customer=customer_id, contact=contact_id, at=at, method=method, summary=summary,
                           feedback=feedback.strip(), next_step=next_step.strip(), staff=staff,
                           staff_name=staff.name if staff else "")
        customer = Customer.get_by_id(customer_id)
        if customer.last_contact_at is None or customer.last_contact_at < at:
            Customer.update(last_contact_at=at).where(Customer.id == customer_id).execute()
    return Changes(interactions=True, customers=True, customer_ids={customer_id})
