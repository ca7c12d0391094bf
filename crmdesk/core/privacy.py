"""Privacy actions that must leave a trace (个人信息保护法): revealing masked data."""

from __future__ import annotations

from crmdesk.core.models import AuditLog, Customer, Staff


def record_reveal(customer_id: int, operator: Staff | None, what: str = "联系人手机等个人信息") -> None:
    """Log that ``operator`` revealed a customer's masked personal data."""
    customer = Customer.get_by_id(customer_id)
    AuditLog.create(operator=operator, action="reveal", entity="customer", entity_id=customer_id,
                    detail=f"{customer.code} {customer.name}：查看{what}")

