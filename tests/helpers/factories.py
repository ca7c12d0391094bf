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


def insert_customers(manager: int | None, tier: str, n: int, *, at_risk: int = 0, first: int = 0) -> list[int]:
    """``n`` bare customers of one tier and account manager in one statement (the first ``at_risk`` at
    risk), coded C2026<first>…; returns their ids. For tests that need a portfolio, not contacts."""
    rows = [{"code": f"C2026{first + i:04d}", "name": f"{tier}客户{first + i}", "name_norm": f"{tier}{first + i}",
             "tier": tier, "account_manager": manager, "at_risk": i < at_risk} for i in range(n)]
    Customer.insert_many(rows).execute()
    return [c.id for c in Customer.select(Customer.id).where(Customer.code.in_([r["code"] for r in rows]))]
