"""Units of work on a server (issue #19): a deadlock or a serialization failure is run again, a lost
connection is a message and nothing half-written.

"Two PCs" are two threads with their own connections (peewee gives each thread one) to a real
PostgreSQL server; the failures are the server's own, provoked by the order of the writes. On SQLite
a unit is the service's own transaction (one writer at a time: nothing to retry), checked last.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pytest

from crmdesk.core.customers import lifecycle, tiers
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.store import db as store
from crmdesk.core.store import units
from crmdesk.core.store.errors import ConnectionLostError, KnownError, RetryableError
from crmdesk.core.store.models import Customer
from tests.helpers import postgres
from tests.helpers.pcs import at_once

pytestmark = pytest.mark.both_engines


def _customer(name: str, mobile: str) -> int:
    return customers.save(CustomerInput(name=name, type="customer", importance="B", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile=mobile, is_primary=True)])).customer_id


def _server_only(engine: str) -> None:
    if engine != "postgresql":
        pytest.skip("a SQLite file has one writer at a time: the server's deadlocks need a server")


def test_two_pcs_that_deadlock_both_succeed_once_the_server_s_victim_is_run_again(db, engine, caplog) -> None:
    _server_only(engine)
    a, b = _customer("南京金陵机械有限公司", "13851230001"), _customer("苏州工业园区精密模具厂", "13851230002")
    both_hold_one = threading.Barrier(2, timeout=20)
    runs: dict[str, int] = {"core": 0, "strategic": 0}

    def pin(first: int, second: int, tier: str) -> Callable[[], None]:
        def work() -> None:  # one PC pins two customers, in its own order, as one unit
            runs[tier] += 1
            tiers.set_pinned(first, tier)
            if runs[tier] == 1:
                both_hold_one.wait()  # each holds one customer's row and now wants the other's: a deadlock
            tiers.set_pinned(second, tier)
        return lambda: units.run_unit(work)

    with caplog.at_level(logging.INFO, logger="crmdesk.core.store.units"):
        results = at_once(pin(a, b, "core"), pin(b, a, "strategic"))
    assert results == [None, None]  # no error reached either PC
    assert sorted(runs.values()) == [1, 2]  # the server ended one of them once; it ran again and succeeded
    again = next(tier for tier, n in runs.items() if n == 2)
    assert [Customer.get_by_id(i).tier for i in (a, b)] == [again, again]  # the unit ran again whole, last
    assert "DeadlockDetected" in caplog.text and "attempt 2 of 4" in caplog.text


def test_a_serialization_failure_is_run_again_on_fresh_data(db, engine) -> None:
    _server_only(engine)
    customer_id = _customer("南京金陵机械有限公司", "13851230001")
    read, written = threading.Event(), threading.Event()
    seen: list[str] = []

    def careful() -> None:  # a unit under REPEATABLE READ that reads, then writes what it read
        store.sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        notes = store.sql("SELECT notes FROM customer WHERE id = ?", [customer_id]).fetchone()[0]
        seen.append(notes)
        if len(seen) == 1:
            read.set()
            written.wait(20)  # another PC changes the row and commits meanwhile
        store.sql("UPDATE customer SET notes = ? WHERE id = ?", [notes + "；回访已约", customer_id])

    def other_pc() -> None:
        read.wait(20)
        store.sql("UPDATE customer SET notes = ? WHERE id = ?", ["客户要求周三上门", customer_id])
        written.set()

    assert at_once(lambda: units.run_unit(careful), other_pc) == [None, None]
    assert seen == ["", "客户要求周三上门"]  # the second run read the other PC's change
    assert Customer.get_by_id(customer_id).notes == "客户要求周三上门；回访已约"  # nothing lost


def test_a_unit_that_keeps_failing_gives_up_with_a_message_and_writes_nothing(db, engine, monkeypatch) -> None:
    _server_only(engine)
    import psycopg

    customer_id = _customer("南京金陵机械有限公司", "13851230001")
    monkeypatch.setattr(units, "PAUSE", 0.001)
    runs = []

    def doomed() -> None:
        runs.append(1)
        store.sql("UPDATE customer SET notes = 'x' WHERE id = ?", [customer_id])
        raise psycopg.errors.DeadlockDetected("deadlock detected")

    with pytest.raises(RetryableError, match="同一时刻"):
        units.run_unit(doomed)
    assert len(runs) == units.ATTEMPTS and Customer.get_by_id(customer_id).notes == ""


def test_a_connection_lost_in_the_middle_is_a_message_and_nothing_is_half_written(db, engine) -> None:
    _server_only(engine)
    import psycopg

    a, b = _customer("南京金陵机械有限公司", "13851230001"), _customer("苏州工业园区精密模具厂", "13851230002")

    def archive_both() -> None:
        lifecycle.archive([a])
        pid = store.sql("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(postgres.clone_url(db), autocommit=True) as admin:  # the server restarts, say
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        lifecycle.archive([b])

    with pytest.raises(ConnectionLostError) as lost:
        units.run_unit(archive_both)
    assert isinstance(lost.value, KnownError) and "数据库服务器" in lost.value.message
    # the next unit connects anew; the server rolled the first archive back with the connection
    assert [Customer.get_by_id(i).status for i in (a, b)] == ["active", "active"]
    lifecycle.archive([a, b])
    assert [Customer.get_by_id(i).status for i in (a, b)] == ["archived", "archived"]


def test_services_are_units_and_sqlite_runs_them_once(db, engine) -> None:
    assert all(hasattr(service, "__wrapped__") for service in (
        customers.save, lifecycle.archive, tiers.recompute, tiers.set_pinned))
    if engine != "sqlite":
        return
    runs = []
    units.run_unit(lambda: runs.append(1))
    assert runs == [1]
