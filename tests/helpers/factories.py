"""Factories of test data shared by several test modules."""

from __future__ import annotations

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.store.models import Customer


def make_customer(name: str, *, tier: str = "ordinary", at_risk: bool = False, birthday: str = "",
                  lunar: bool = False, manager_id: int | None = None) -> int:
    """A customer with one primary contact (helper shared by the follow-up tests)."""
    mobile = f"139{abs(hash(name)) % 10**8:08d}"
    cid = customers.save(CustomerInput(
        name=name, type="customer", account_manager_id=manager_id,
        contacts=[ContactInput(name=f"{name[:1]}经理", title="经理", mobile=mobile, birthday=birthday,
                               birthday_lunar=lunar, is_primary=True)])).customer_id
    Customer.update(tier=tier, at_risk=at_risk).where(Customer.id == cid).execute()
    return cid
