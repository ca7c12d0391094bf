"""The shared database's change feed (issue #19 stage 5): other PCs hear every change within a second,
catch up after a lost connection, reload everything when the feed no longer reaches back, and see
维护中 while another PC holds the maintenance lock. On a real server (``CRMDESK_TEST_PG``); skipped
with the reason without one."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from crmdesk.core import jobs, server_feed
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.firm import staff
from crmdesk.core.server_feed import CONNECTED, LOST, MAINTENANCE, FeedListener, FeedPosition
from crmdesk.core.store import db as store
from crmdesk.core.store import models, server
from crmdesk.core.store.changes import ALL
from crmdesk.core.store.errors import ConnectionLostError
from crmdesk.core.store.models import ChangeLog, Customer, Ticket, TicketEvent
from crmdesk.core.tickets import service as tickets
from tests.helpers import postgres

ROOT = Path(__file__).resolve().parents[2]


def _customer(name: str = "南京金陵机械有限公司") -> CustomerInput:
    return CustomerInput(name=name, type="customer", importance="B", contacts=[
        ContactInput(name="钱进", title="设备主管", mobile="13851230001", is_primary=True)])


@pytest.fixture
def shared() -> Iterator[tuple[str, str]]:
    """A prepared shared database bound in this process, its key on this PC; (URL, recovery code)."""
    with postgres.bound_clone() as opened:
        yield opened


def _params(url: str) -> dict[str, Any]:
    """psycopg's keywords for a connection of the test's own to the database at ``url``."""
    target = server.ServerTarget.parse(url)
    return {**server.connect_params(target), "dbname": target.dbname}


class Heard:
    """A listener of the feed in a thread, as another PC's window runs it (its own client mark)."""

    def __init__(self, url: str, start: int | None = None) -> None:
        self.changes: queue.Queue[tuple[float, Any]] = queue.Queue()
        self.states: list[str] = []
        self.listener = FeedListener(server.ServerTarget.parse(url), lambda c: self.changes.put((time.time(), c)),
                                     lambda state, _detail: self.states.append(state), start=start)
        self.listener.position.client = "another PC"
        self.thread = threading.Thread(target=self.listener.run, daemon=True)
        self.thread.start()

    def wait_state(self, state: str, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.states and self.states[-1] == state:
                return
            time.sleep(0.01)
        raise AssertionError(f"no {state} state within {seconds} s: {self.states}")

    def next(self, seconds: float = 5) -> tuple[float, Any]:
        return self.changes.get(timeout=seconds)

    def until(self, wanted: Any, seconds: float = 5) -> tuple[float, Any]:
        """The change-sets heard until ``wanted(merged)`` holds, merged; when the last one arrived."""
        merged, deadline = None, time.monotonic() + seconds
        while True:
            at, changes = self.next(max(deadline - time.monotonic(), 0.01))
            merged = changes if merged is None else merged | changes
            if wanted(merged):
                return at, merged

    def drain(self) -> None:
        while not self.changes.empty():
            self.changes.get()

    def stop(self) -> None:
        self.listener.stop()
        self.thread.join(5)


@pytest.fixture
def heard(shared) -> Iterator[Heard]:
    watcher = Heard(shared[0])
    watcher.wait_state(CONNECTED)
    yield watcher
    watcher.stop()


def test_a_change_is_written_to_the_feed_and_notified_to_another_connection_within_a_second(shared) -> None:
    url, _code = shared
    other = psycopg.connect(**_params(url), autocommit=True)
    try:
        li = staff.add("李晓梅", "clerk")
        other.execute("LISTEN crmdesk_feed")
        customer_id = customers.save(_customer(), operator=li).customer_id
        committed = time.perf_counter()
        notes, arrived = [], []
        for note in other.notifies(timeout=1.0):  # everything that arrives within a second
            notes.append(note)
            arrived.append(time.perf_counter())
        assert notes and arrived[0] - committed < 1.0
        rows = other.execute("SELECT id, kind, record_id, customer_ids, client, source FROM change_feed "
                             "WHERE id = ANY(%s) ORDER BY id", ([int(n.payload) for n in notes],)).fetchall()
    finally:
        other.close()
    by_kind = {row[1]: row for row in rows}
    assert by_kind["customer"][2] == customer_id and by_kind["customer"][3] == [customer_id]
    assert by_kind["contact"][3] == [customer_id]  # the same transaction's contact, its own row
    assert by_kind["customer"][4] == server.client_id() and by_kind["customer"][5].startswith("CRMDesk/")
    # one row per table and transaction, whatever the number of statements
    assert len([row for row in rows if row[1] == "customer"]) == 1


def test_another_pc_hears_a_moved_ticket_within_a_second_and_not_its_own_changes(shared, heard) -> None:
    li, wang = staff.add("李晓梅", "clerk"), staff.add("王工", "engineer")
    customer_id = customers.save(_customer(), operator=li).customer_id
    _at, first = heard.until(lambda c: c.customers)
    assert first.contacts and first.staff and customer_id in first.customer_ids
    ticket_id = tickets.create(customer_id, "切割头报警 E21", priority="normal").ticket_id
    tickets.dispatch(ticket_id, wang.id)
    heard.until(lambda c: c.tickets)
    time.sleep(0.2)
    heard.drain()
    tickets.move(ticket_id, "in_progress", operator=wang, seen_stage="dispatched")
    moved = time.time()
    at, changes = heard.next()
    assert changes.tickets and customer_id in changes.customer_ids
    assert at - moved < 1.0, f"heard after {at - moved:.3f} s"
    # this process's own writes are not broadcast again: its views refreshed from its own broadcast
    own = FeedPosition(server.client_id())
    with psycopg.connect(**_params(shared[0]), autocommit=True) as conn:
        own.read(conn)
        customers.save(_customer("本机新建"), operator=li)
        assert not own.read(conn)
    assert heard.until(lambda c: c.customers)[1].customers  # … while the other PC hears it


def test_a_pc_whose_connection_was_cut_catches_up_from_the_feed(shared, heard) -> None:
    li = staff.add("李晓梅", "clerk")
    admin = psycopg.connect(**_params(shared[0]), autocommit=True)
    try:
        pid = heard.listener._conn.info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        heard.wait_state(LOST)
        customer_id = customers.save(_customer("断线期间的客户"), operator=li).customer_id  # while it is away
        written = time.time()
        at, changes = heard.until(lambda c: c.customers, 10)
    finally:
        admin.close()
    assert changes.customers and customer_id in changes.customer_ids
    assert heard.states[-1] == CONNECTED and LOST in heard.states
    assert at - written < 3.0  # reconnected after 1 s and caught up at once


def test_a_gap_older_than_the_feed_is_a_full_refresh(shared) -> None:
    url, _code = shared
    li = staff.add("李晓梅", "clerk")
    position = FeedPosition("another PC")
    with psycopg.connect(**_params(url), autocommit=True) as conn:
        position.read(conn)  # the window has just loaded
        customers.save(_customer("甲公司"), operator=li)
        assert position.read(conn).customers
        customers.save(_customer("乙公司"), operator=li)  # … then the PC sleeps a fortnight
        store.sql("UPDATE change_feed SET at = at - interval '8 days'")
        outcome = _feed_job().run(jobs.JobContext(Path(), dt.date.today()), None)  # the daily job keeps a week
        assert outcome.done and outcome.counts["pruned"] >= 2
        assert position.read(conn) == ALL  # the rows after its position are gone: everything reloads
        customers.save(_customer("丙公司"), operator=li)
        changes = position.read(conn)  # and from there on it reads the feed again
        assert changes.customers and not changes.everything


def _feed_job() -> jobs.Job:
    import crmdesk.core.domains  # noqa: F401 - every daily job registered, as the window and `crmdesk daily` do

    return next(job for job in jobs.registered() if job.name == "feed")


def test_a_transaction_that_commits_after_a_later_one_is_not_missed(shared) -> None:
    url, _code = shared
    position = FeedPosition("another PC")
    with psycopg.connect(**_params(url), autocommit=True) as reader, \
            psycopg.connect(**_params(url)) as slow, \
            psycopg.connect(**_params(url)) as quick:
        position.read(reader)
        slow.execute("INSERT INTO tag (name) VALUES ('慢')")  # takes its feed id first, commits last
        quick.execute("INSERT INTO setting (key, value) VALUES ('feed_test', '快')")
        quick.commit()
        first = position.read(reader)
        assert first.settings and not first.customers and position.gaps
        slow.commit()
        assert position.read(reader).customers  # the id skipped over is read when it commits
        assert not position.gaps


def test_the_listener_shows_maintenance_while_another_pc_holds_the_lock(shared) -> None:
    url, _code = shared
    exclusive = server.MaintenanceLock(server.ServerTarget.parse(url), exclusive=True)
    # the test's own session holds nothing: the bound database takes no shared lock here
    exclusive.acquire()
    watcher = Heard(url)
    try:
        watcher.wait_state(MAINTENANCE)
        exclusive.release()
        watcher.wait_state(CONNECTED, 10)
    finally:
        exclusive.release()
        watcher.stop()


def test_a_write_while_the_server_is_unreachable_is_a_message_and_the_next_one_reconnects(shared) -> None:
    url, _code = shared
    li = staff.add("李晓梅", "clerk")
    with psycopg.connect(**_params(url), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND pid <> pg_backend_pid()")
    # the save is a unit of work: the cut connection comes out as the message the window shows, no traceback
    with pytest.raises(ConnectionLostError) as cut:
        customers.save(_customer("断线时保存"), operator=li)
    assert server.ServerTarget.parse(url).dbname in cut.value.message  # names the database it lost
    assert not Customer.select().where(Customer.name == "断线时保存").exists()  # the next statement reconnects
    customers.save(_customer("重连后保存"), operator=li)
    assert Customer.select().where(Customer.name == "重连后保存").exists()


# --------------------------------------------------------------------------- three PCs, three processes


def _pc(role: str, url: str, code: str, *args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CRMDESK_HOME": str(Path(os.environ["CRMDESK_HOME"]) / role),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "CRMDESK_RECOVERY_CODE": code}
    return subprocess.Popen([sys.executable, "-m", "tests.helpers.feed_pc", role, url, *map(str, args)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)


def _line(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise AssertionError(proc.stderr.read() if proc.stderr else "no output")
    return json.loads(line)


def test_two_pcs_edit_one_customer_and_move_one_ticket_a_third_sees_both_through_the_feed(shared, tmp_path) -> None:
    """Real processes: one wins, the other gets the conflict message; nothing is lost; a third PC hears both."""
    url, code = shared
    li, wang = staff.add("李晓梅", "clerk"), staff.add("王工", "engineer")
    customer_id = customers.save(_customer(), operator=li).customer_id
    ticket_id = tickets.create(customer_id, "切割头报警 E21", priority="normal").ticket_id
    tickets.dispatch(ticket_id, wang.id)
    store.close_thread_connection()
    watcher = _pc("watch", url, code)
    go = tmp_path / "go"
    pcs = [_pc("edit", url, code, customer_id, ticket_id, "李晓梅", "industry", "机械", go),
           _pc("edit", url, code, customer_id, ticket_id, "王工", "notes", "展会上认识", go)]
    try:
        assert _line(watcher) == {"state": CONNECTED}
        assert [_line(pc)["ready"] for pc in pcs] == [True, True]
        go.touch()
        outcomes = [_line(pc) for pc in pcs]
        heard: list[dict[str, Any]] = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not (any(h.get("tickets") for h in heard)
                                                   and sum(customer_id in h.get("customer_ids", ()) for h in heard)):
            heard.append(_line(watcher))
    finally:
        for proc in (*pcs, watcher):
            proc.communicate(timeout=20)  # closes its input (the watcher stops), reads the rest, waits
    moves = sorted(o["move"] for o in outcomes)
    assert moves == ["conflict", "moved"], outcomes
    loser = next(o for o in outcomes if o["move"] == "conflict")
    assert "处理" in loser["move_message"] or "已被" in loser["move_message"]
    # both loaded version 1: one save wins, the other is told who and when, reloads and saves its field again
    assert sorted(o["customer"] for o in outcomes) == ["conflict", "saved"], outcomes
    refused = next(o for o in outcomes if o["customer"] == "conflict")
    winner = next(o for o in outcomes if o["customer"] == "saved")
    assert refused["customer_message"].startswith("已被 ") and refused["customer_again"] == "saved"
    assert winner["operator"] in refused["customer_message"]
    stored = Customer.get_by_id(customer_id)
    assert (stored.industry, stored.notes) == ("机械", "展会上认识")  # nothing lost: both PCs' fields are there
    assert stored.version >= 3
    assert {c.new_value for c in ChangeLog.select().where(ChangeLog.customer == customer_id)} >= {"机械", "展会上认识"}
    assert Ticket.get_by_id(ticket_id).stage == "in_progress"
    assert TicketEvent.select().where((TicketEvent.ticket == ticket_id)
                                      & (TicketEvent.to_stage == "in_progress")).count() == 1
    assert any(h.get("tickets") for h in heard) and any(customer_id in h.get("customer_ids", ()) for h in heard), heard


# tables no view shows by themselves: they are written beside a table that is watched (the change log and
# the recycle bin beside the record, the import's journal beside its rows) or hold no one's records
UNWATCHED = {"import_batch", "import_journal", "audit_log", "change_log", "recycle_bin_entry", "merge_record",
             "attachment_chunk", "ticket_counter", "code_counter"}


def test_every_table_is_watched_for_its_views_or_named_as_unwatched(shared) -> None:
    watched = {row[0] for row in store.sql(
        "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE 'change_feed_%'")}
    assert watched == set(server_feed.KINDS)
    tables = {model._meta.table_name for model in models.ALL_MODELS}
    assert tables - watched == UNWATCHED and not UNWATCHED & watched


def test_a_window_hears_what_was_written_between_loading_its_views_and_listening(shared) -> None:
    """The app reads the feed's position before the views load; the listener, started after the first paint,
    reads from there: a change another PC made in between is not missed."""
    li = staff.add("李晓梅", "clerk")
    start = server_feed.last_id()
    customer_id = customers.save(_customer("首屏之前保存"), operator=li).customer_id  # before it listens
    watcher = Heard(shared[0], start)
    try:
        watcher.wait_state(CONNECTED)
        _at, changes = watcher.until(lambda c: c.customers)
        assert customer_id in changes.customer_ids
    finally:
        watcher.stop()
