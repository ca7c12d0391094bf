"""Today's at-risk list (``core.overview.at_risk_customers``): the least recently contacted first
(never contacted before all), only live active customers, at most ``limit`` lines, and the count of
them all — on both engines (its SQL names a SQLite index that PostgreSQL does without)."""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core import overview
from crmdesk.core.customers import lifecycle
from crmdesk.core.store.models import Customer
from tests.helpers.factories import make_customer

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)


def test_least_recently_contacted_first_and_only_live_customers(db) -> None:
    base = dt.datetime(2026, 3, 1, 9, 0)
    contacted = {}
    for days, name in ((30, "甲"), (90, "乙"), (10, "丙"), (90, "丁")):
        cid = make_customer(f"风险{name}", at_risk=True)
        Customer.update(last_contact_at=base - dt.timedelta(days=days)).where(Customer.id == cid).execute()
        contacted[name] = cid
    never = make_customer("风险从未联系", at_risk=True)
    make_customer("安全客户", at_risk=False)
    lost = make_customer("风险已归档", at_risk=True)
    Customer.update(status="archived").where(Customer.id == lost).execute()
    deleted = make_customer("风险已删", at_risk=True)
    lifecycle.delete_customer(deleted)

    lines, total = overview.at_risk_customers(limit=10)
    assert total == 5
    older_first, older_second = sorted((contacted["乙"], contacted["丁"]))  # same last contact: by id
    assert [line.customer_id for line in lines] == [never, older_first, older_second, contacted["甲"], contacted["丙"]]
    assert lines[0].last_contact is None and lines[1].last_contact == base - dt.timedelta(days=90)

    first, total = overview.at_risk_customers(limit=2)
    assert [line.customer_id for line in first] == [never, older_first] and total == 5
