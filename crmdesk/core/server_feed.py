"""Other PCs' changes, as they happen: the shared database's change feed (docs/spec.md §12, issue #19 stage 5).

On a file one program writes, and its views refresh from its own broadcast (``ui.operations.runner``).
On a server every PC writes; each write adds a row to ``change_feed`` in its own transaction (the
triggers of ``migrations/postgresql/0014_change_feed.sql``: every path — window, command line, import,
daily jobs — is covered) and ``pg_notify('crmdesk_feed', <row id>)`` wakes the other PCs at its commit.

- :data:`KINDS`: which views a written table concerns (the flags of ``core.store.changes.Changes``).
- :class:`FeedPosition`: how far a PC has read. Ids are taken when a transaction writes, so a long
  transaction may commit its row after a later one: ids skipped over are remembered as gaps for
  :data:`GAP_SECONDS` and read again; a notification names its row, so a live PC misses none. After a
  sleep or a lost connection the PC reads what came after its position; when that part of the feed
  is gone (kept :data:`RETENTION_DAYS`, pruned by the daily jobs) or the feed restarted (a database
  rebuilt), the answer is "everything changed": a full refresh.
- :class:`FeedListener`: the loop of a thread with a connection of its own: LISTEN, wait with a timeout,
  a ping when quiet (a cut network is noticed within seconds), reconnect with back-off. It holds the
  maintenance lock *shared* like every open session, so while the lock is held exclusively elsewhere
  (a restore, an upgrade) it reports :data:`MAINTENANCE` and tries again. It reports its state
  (:data:`CONNECTED`, :data:`LOST`, :data:`MAINTENANCE`) and the other PCs' changes through callbacks;
  it never raises: a lost connection is a state, not a traceback.

Qt-free: the window runs the listener in a thread and turns its callbacks into its broadcast
(``ui.server_watch``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from crmdesk.core import jobs
from crmdesk.core.i18n import _
from crmdesk.core.store import server
from crmdesk.core.store.changes import ALL, Changes
from crmdesk.core.store.errors import classify_server_error
from crmdesk.core.store.server_locks import bound_server

log = logging.getLogger(__name__)

CHANNEL = "crmdesk_feed"
RETENTION_DAYS = 7  # rows older than this are pruned by the daily jobs
GAP_SECONDS = 600.0  # how long an id skipped over is awaited (a transaction still running)
MAX_ROWS = 5000  # more rows than this to catch up on: a full refresh instead
PING_SECONDS = 5.0  # a quiet connection is checked this often
CONNECTED, LOST, MAINTENANCE = "connected", "lost", "maintenance"

# the written table → the views it concerns (every table with a feed trigger is here: a test holds them equal)
KINDS: dict[str, tuple[str, ...]] = {
    "customer": ("customers",), "customer_tag": ("customers",), "tag": ("customers",),
    "customer_order": ("customers",), "contact": ("contacts",),
    "custom_value": ("customers", "contacts", "tickets", "equipment"),
    "ticket": ("tickets",), "ticket_event": ("tickets",), "follow_up": ("followups",),
    "interaction": ("interactions",), "survey": ("surveys",), "improvement_item": ("surveys",),
    "equipment": ("equipment",), "attachment": ("attachments",),
    "staff": ("staff",), "department": ("staff",), "routing_rule": ("staff",),
    "setting": ("settings",), "tier_policy": ("settings",), "custom_field": ("settings",),
    "calendar_day": ("settings",), "saved_view": ("settings",), "saved_view_default": ("settings",),
    "knowledge_article": ("settings",), "mapping_preset": ("settings",),
}
# kinds whose rows name customers: one that names none (more than 200 written) changes "everything"
_PER_CUSTOMER = frozenset({"customer", "contact", "customer_tag", "customer_order"})


@dataclass(frozen=True)
class FeedRow:
    """One row of the feed: a table written by one transaction."""

    id: int
    kind: str
    record_id: int | None
    customer_ids: tuple[int, ...] | None  # None: several (more than 200), or a table without customers
    client: str


def changes_of(rows: Iterable[FeedRow]) -> Changes:
    """The change-set of feed rows, as the views' broadcast carries it."""
    changes = Changes()
    for row in rows:
        for flag in KINDS.get(row.kind, ("everything",)):
            setattr(changes, flag, True)
        if row.customer_ids is not None:
            changes.customer_ids.update(row.customer_ids)
        elif row.kind in _PER_CUSTOMER:  # too many customers to name: every view of a customer reloads
            changes.everything = True
    return changes


@dataclass
class FeedPosition:
    """How far this PC has read the feed (see the module documentation); ``client`` its own changes' mark."""

    client: str
    floor: int | None = None  # every id up to here is read (or given up as a rolled-back transaction's)
    gaps: dict[int, float] = field(default_factory=dict)  # ids above a read one, not seen yet → since when

    def read(self, conn: Any, notified: Iterable[int] = ()) -> Changes:
        """Read what is new since the last read on ``conn`` (a psycopg connection); the other PCs'
        changes (:data:`ALL` when the feed no longer reaches back to this position)."""
        issued, first = conn.execute(
            "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_feed_id_seq), "
            "(SELECT min(id) FROM change_feed)").fetchone()
        if self.floor is None:  # the first connection: from now on (the window has just loaded)
            self.floor = int(issued)
            return Changes()
        if issued < self.floor or (issued > self.floor and (first is None or first > self.floor + 1)):
            # the feed restarted (a database rebuilt) or was pruned past this position: all of it
            log.info("change feed: position %s out of reach (first %s, last %s): full refresh", self.floor, first,
                     issued)
            self.floor, self.gaps = int(issued), {}
            return ALL
        asked = sorted(set(self.gaps) | {int(i) for i in notified})
        rows = [FeedRow(r[0], r[1], r[2], tuple(r[3]) if r[3] is not None else None, r[4]) for r in conn.execute(
            "SELECT id, kind, record_id, customer_ids, client FROM change_feed WHERE id > %s OR id = ANY(%s) "
            "ORDER BY id LIMIT %s", (self.floor, asked, MAX_ROWS + 1)).fetchall()]
        if len(rows) > MAX_ROWS:
            self.floor, self.gaps = int(issued), {}
            return ALL
        self._advance([row.id for row in rows])
        return changes_of(row for row in rows if row.client != self.client)

    def _advance(self, seen: list[int]) -> None:
        now = time.monotonic()
        assert self.floor is not None
        for row_id in seen:
            self.gaps.pop(row_id, None)
        top = max(seen, default=self.floor)
        if top > self.floor:
            found = set(seen)
            for row_id in range(self.floor + 1, top):
                if row_id not in found:
                    self.gaps.setdefault(row_id, now)
            self.floor = top
        for row_id, since in list(self.gaps.items()):
            if now - since > GAP_SECONDS:  # a transaction that rolled back (or was still running an import)
                del self.gaps[row_id]


class FeedListener:
    """The loop of the window's feed thread (see the module documentation). ``on_changes(changes)`` and
    ``on_state(state, detail)`` are called on that thread; :meth:`stop` ends the loop within a second."""

    def __init__(self, target: server.ServerTarget, on_changes: Callable[[Changes], None],
                 on_state: Callable[[str, str], None], *, start: int | None = None) -> None:
        self.target = target
        self.on_changes = on_changes
        self.on_state = on_state
        # start: the feed's position when the views loaded (last_id), so nothing written since is missed
        self.position = FeedPosition(server.client_id(), start)
        self.state = ""
        self._stop = threading.Event()
        self._conn: Any = None

    def stop(self) -> None:
        """Ask the loop to end (it closes its connection)."""
        self._stop.set()

    def _report(self, state: str, detail: str = "") -> None:
        if state != self.state:
            log.info("change feed of %s: %s %s", self.target, state, detail)
        self.state = state
        self.on_state(state, detail)

    def run(self) -> None:
        """Connect, listen, reconnect, until :meth:`stop` (the thread's body; it never raises)."""
        delay = 1.0
        while not self._stop.is_set():
            try:
                if self._session():
                    delay = 1.0
                    continue
                wait = 3.0  # under maintenance: ask again soon
            except Exception as exc:  # a lost connection is a state; a bug is logged, then retried
                known = classify_server_error(exc, str(self.target))
                if known is None:
                    log.exception("change feed of %s failed", self.target)
                self._report(LOST, known.message if known is not None else str(exc))
                wait, delay = delay, min(delay * 2, 30.0)
            finally:
                self._close()
            self._stop.wait(wait)

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # closing a cut connection
                log.debug("closing the feed connection failed", exc_info=True)

    def _session(self) -> bool:
        """One connection's life; False when the server is under maintenance (the lock held exclusively)."""
        import psycopg  # start-up: the driver of a server (core.store.pg_driver)

        params = {**server.connect_params(self.target), "dbname": self.target.dbname}
        # a cut network shows within seconds: unacknowledged data gives up after 10 s, a silent peer after ~11 s
        params.update(autocommit=True, keepalives_idle=5, keepalives_interval=2, keepalives_count=3,
                      tcp_user_timeout=10000)
        self._conn = conn = psycopg.connect(**params)
        shared = conn.execute("SELECT pg_try_advisory_lock_shared(%s)", (server.MAINTENANCE_LOCK,)).fetchone()
        if not (shared and shared[0]):
            self._report(MAINTENANCE)
            return False
        conn.execute(f"LISTEN {CHANNEL}")
        caught_up = self.position.read(conn)
        self._report(CONNECTED)
        if caught_up:
            self.on_changes(caught_up)
        self._listen(conn)
        return True

    def _listen(self, conn: Any) -> None:
        quiet_since = time.monotonic()
        while not self._stop.is_set():
            notified = [int(n.payload) for n in conn.notifies(timeout=0.5, stop_after=1) if n.payload.isdigit()]
            if notified:  # more of the same burst (other tables of one transaction, other PCs) in one read
                notified += [int(n.payload) for n in conn.notifies(timeout=0.005) if n.payload.isdigit()]
                changes = self.position.read(conn, notified)
                if changes:
                    self.on_changes(changes)
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > PING_SECONDS:
                conn.execute("SELECT 1")  # raises on a cut connection
                quiet_since = time.monotonic()


def last_id() -> int | None:
    """The feed's position now on the bound server (read before the window loads its views); ``None`` on a file."""
    database = bound_server()
    if database is None:
        return None
    row = database.execute_sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_feed_id_seq")
    return int(row.fetchone()[0])


def prune(days: int = RETENTION_DAYS) -> int:
    """Remove the feed's rows older than ``days`` on the bound server (0 on a file: it has no feed)."""
    database = bound_server()
    if database is None:
        return 0
    cursor = database.execute_sql("DELETE FROM change_feed WHERE at < now() - make_interval(days => %s)", (days,))
    return int(cursor.rowcount or 0)


def _prune_job(ctx: jobs.JobContext, _prepared: object) -> jobs.Outcome:
    """The daily job on a server: the feed keeps a week (a PC away longer reloads everything)."""
    del ctx
    pruned = prune()
    if not pruned:
        return jobs.Outcome(False, {"pruned": 0})
    return jobs.Outcome(True, {"pruned": pruned}, _("{count} old change notice(s) removed", count=pruned))


jobs.register(jobs.Job("feed", 60, lambda: _("Change notices of other PCs"), _prune_job))
