"""Privacy actions that must leave a trace (个人信息保护法): revealing masked data, and the numbers
the person who must call is shown (a reveal for that purpose)."""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.core import secrets
from crmdesk.core.models import AuditLog, Contact, Customer, Staff


def record_reveal(customer_id: int, operator: Staff | None, what: str = "联系人手机等个人信息") -> None:
    """Log that ``operator`` revealed a customer's masked personal data."""
    customer = Customer.get_by_id(customer_id)
    AuditLog.create(operator=operator, action="reveal", entity="customer", entity_id=customer_id,
                    detail=f"{customer.code} {customer.name}：查看{what}")



@dataclass(frozen=True)
class Dialable:
    """A contact of a customer with the numbers to dial, unmasked."""

    contact_id: int
    name: str
    title: str
    mobile: str
    phone: str
    is_primary: bool


def dialable(customer_id: int) -> list[Dialable]:
    """The contacts to call a customer on, still with the firm and primary first, with full numbers.

    Showing them is a reveal of personal data: whoever shows one records it with ``record_reveal``.
    """
    query = (Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null()
                                    & (Contact.has_left == False))  # noqa: E712
             .order_by(Contact.is_primary.desc(), Contact.id))
    return [Dialable(c.id, c.name, c.title, secrets.reveal("contact", "mobile", c.mobile),
                     secrets.reveal("contact", "phone", c.phone), bool(c.is_primary)) for c in query]
