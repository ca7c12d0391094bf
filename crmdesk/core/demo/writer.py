"""Realistic demo data: ``crmdesk demo --customers N [--seed S]`` (docs/spec.md §8, §9).

A Chinese small firm's service desk: staff, customers with contacts and orders, tickets
with their stage history and SLA dues, interactions, surveys, follow-ups, tags, tiers and
churn flags. Everything is relative to ``today`` (generated "now" is today 08:00), so the
data always looks current; tiers and churn flags follow the rules of ``core.customers.tiers``, so the
app's own recomputation finds nothing to change. Planned follow-ups are what a desk plans by
hand (a quarter of the customers have one in the coming weeks, a handful slipped into last
week); the tier cadence and the weekly 挽回 calls are left to the app's planner
(``core.followups.cadence``), which plans them on the first start from today forward within each
person's capacity, as it would for an imported ledger.

Speed (100,000 customers, ~4 million rows, in about a minute): rows are generated per
chunk of customers and written with ``executemany`` on raw SQL, inside one transaction
that also drops and rebuilds the indexes of the filled tables and runs with a rollback
journal instead of the WAL (see :func:`_bulk_mode`). Times are integer seconds on a day
axis formatted through lookup tables, since ``datetime`` arithmetic would dominate.

Deterministic: a first pass (:meth:`_Generator.plan`) draws creation dates and ticket
times from its own ``random.Random``, the main pass everything else from another; the
same seed and ``today`` give identical rows.

The package: ``schema`` (tables and numbers), ``generator`` with its mixins ``people``,
``service`` and ``activity`` (the rows), and this module (the transaction that writes them).

Kill-safety (``crmdesk demo`` and ``crmdesk --demo`` go through :func:`build_database`):
the rows are generated into a hidden staging copy beside the database, the key is created
(or the database's own is used) and the personal data encrypted there, and only the
finished, verified file is moved into place with one rename. A kill at any moment leaves
the database as it was (or absent) and a staging file that the next run removes — never a
file in clear or one that cannot be opened.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from crmdesk.core import session
from crmdesk.core.customers import search
from crmdesk.core.demo import words as W
from crmdesk.core.demo.generator import _Generator
from crmdesk.core.demo.schema import CHUNK, CHUNK_TABLES, ID_TABLES, PAST_DAYS, _insert_sql
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.safety.backup import take_over
from crmdesk.core.store import db as crm_db
from crmdesk.core.store.errors import KnownError, OperationCancelled, classify_sqlite_error
from crmdesk.core.store.lock import DatabaseLock
from crmdesk.core.store.sqlite_files import online_copy, part_name, read_setting, remove_leftovers

log = logging.getLogger(__name__)


def _bulk_mode(conn: sqlite3.Connection) -> None:
    """Settings for one big write: a rollback journal instead of the WAL, no sync until the commit.

    In WAL mode every page of the new file would be written twice (WAL, then checkpoint); with
    a rollback journal only the few pages that existed before are journaled, and cancelling
    still rolls everything back. If another connection holds the file open in WAL mode the
    journal mode cannot change; the run then simply stays in WAL mode.
    """
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB, so index builds stay in memory
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")


def _normal_mode(conn: sqlite3.Connection) -> None:
    """Back to the WAL journal that every CRMDesk database uses (docs/spec.md §7; ``prepare`` also sets it)."""
    try:
        conn.execute("PRAGMA synchronous = NORMAL")
        if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:  # never hide the error that got us here; the next open sets WAL again
        log.warning("could not switch %s back to WAL", conn, exc_info=True)


def _sync_file(path: Path) -> None:
    """Flush the file to disk once (the bulk write ran without syncs)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fixed_rows(conn: sqlite3.Connection, gen_today: dt.date, bases: dict[str, int]) -> tuple[list[int], dict[str, int], dict[str, int]]:
    """Staff, tags, knowledge articles and the firm name; existing rows of the same name are reused."""
    counts = {"staff": 0, "tag": 0, "knowledge_article": 0}
    stamp = f"{(gen_today - dt.timedelta(days=PAST_DAYS)).isoformat()} 09:00:00"
    existing = dict(conn.execute("SELECT name, id FROM staff").fetchall())
    staff_ids = []
    for name, role, phone in W.STAFF:
        if name not in existing:
            bases["staff"] += 1
            existing[name] = bases["staff"]
            conn.execute(_insert_sql("staff"), (bases["staff"], name, role, phone, 1, stamp))
            counts["staff"] += 1
        staff_ids.append(existing[name])
    _departments(conn, stamp)
    tags = dict(conn.execute("SELECT name, id FROM tag").fetchall())
    for name in W.TAGS:
        if name not in tags:
            bases["tag"] += 1
            tags[name] = bases["tag"]
            conn.execute(_insert_sql("tag"), (bases["tag"], name))
            counts["tag"] += 1
    for i, (category, title, problem, solution, keywords) in enumerate(W.KNOWLEDGE):
        bases["knowledge_article"] += 1
        at = f"{(gen_today - dt.timedelta(days=700 - 30 * i)).isoformat()} 10:00:00"
        conn.execute(_insert_sql("knowledge_article"),
                     (bases["knowledge_article"], title, problem, solution, keywords, category, at, at))
        counts["knowledge_article"] += 1
    conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES ('firm_name', ?)", (f'"{W.FIRM_NAME}"',))
    return staff_ids, tags, counts


def _departments(conn: sqlite3.Connection, stamp: str) -> None:
    """The demo firm's departments, its staff's membership and its routing table (docs/spec.md §13),
    written only into a database that has no department yet (a firm's own set-up is never touched)."""
    if conn.execute("SELECT 1 FROM department LIMIT 1").fetchone() is not None:
        return
    staff = {name: (sid, role) for sid, name, role in conn.execute("SELECT id, name, role FROM staff")}
    ids: dict[str, int] = {}
    for position, (name, roles, head, default) in enumerate(W.DEPARTMENTS):
        cursor = conn.execute(
            "INSERT INTO department (name, head_id, default_person_id, active, position, created_at) "
            "VALUES (?, ?, ?, 1, ?, ?)", (name, staff.get(head, (None,))[0], staff.get(default, (None,))[0], position, stamp))
        ids[name] = int(cursor.lastrowid or 0)
        members = [sid for sid, role in staff.values() if role in roles]
        conn.executemany("UPDATE staff SET department_id = ? WHERE id = ? AND department_id IS NULL",
                         [(ids[name], sid) for sid in members])
    conn.executemany(
        "INSERT INTO routing_rule (position, category, complaint_type, product_model, tier, department_id, pick, role, "
        "response_hours, resolution_amount, resolution_unit, note, active, last_assigned_id, created_at, updated_at) "
        "VALUES (?, ?, '', '', '', ?, ?, ?, NULL, NULL, '', '', 1, NULL, ?, ?)",
        [(position, category, ids[department], pick, role, stamp, stamp)
         for position, (category, department, pick, role) in enumerate(W.ROUTING)])


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the indexes of the tables being filled; returns the statements that recreate them.

    Building an index once from sorted rows is much faster than updating it row by row.
    Everything happens inside the one transaction, so the schema is never seen without them.
    """
    marks = ", ".join("?" * len(CHUNK_TABLES))
    rows = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        f"AND tbl_name IN ({marks})", CHUNK_TABLES).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _ticket_counters(conn: sqlite3.Connection, gen: _Generator) -> int:
    """The last ticket sequence used per day, so the app continues after the generated numbers."""
    rows = [(gen.compact[day], last) for day, last in gen.ticket_counters]
    conn.executemany("INSERT INTO ticket_counter (day, last) VALUES (?, ?) "
                     "ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)", rows)
    return len(rows)


def staging_path(path: Path) -> Path:
    """The hidden file a demo database is built in before it is moved into place."""
    return part_name(path, ".demo-part")


def build_database(path: Path, customers: int, seed: int = 1, *, lock: DatabaseLock, today: dt.date | None = None,
                   new_passphrase: str | None = None, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> tuple[dict[str, int], secrets.UnlockResult]:
    """Fill the database at ``path`` with demo data, kill-safely; returns (row counts, unlock result).

    The caller holds the writer lock of ``path`` (``lock``). A database that already holds
    customers is refused untouched. An existing empty database is copied into the staging
    file first, so its settings and key go along; otherwise the staging file gets a new key
    (the unlock result then carries the recovery code for the caller to show). The key is
    stored before anything is generated — no key store and no passphrase is refused at once.
    """
    path = Path(path)
    staging = staging_path(path)
    remove_leftovers(path.parent, prefix=f".{path.name}.")  # a build killed earlier (we hold the lock)
    crm_db.recover_hot_journal(path)
    info = crm_db.check_compatible(path) if path.is_file() else None
    copy_first = info is not None and not info.empty
    if info is not None and not info.empty and info.user_version >= 1:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            has_customers = conn.execute("SELECT 1 FROM customer LIMIT 1").fetchone() is not None
        finally:
            conn.close()
        if has_customers:
            raise KnownError(_("The database {path} already holds customers; demo data is only "
                               "generated into an empty database.", path=str(path)))
    has_record = False
    try:
        if copy_first:
            take_over(path)  # its WAL folded in: the copy holds everything, no stale -wal can follow it
            online_copy(path, staging, live=False)
            conn = sqlite3.connect(f"{staging.resolve().as_uri()}?mode=ro", uri=True)
            try:
                has_record = bool(read_setting(conn, "encryption", ""))
            finally:
                conn.close()
        if not has_record:
            secrets.ensure_key_can_be_stored(new_passphrase)  # before a long run whose data could not be sealed
        counts = generate(staging, customers, seed, today=today, progress=progress, cancelled=cancelled)
        built = session.open_session(staging, write=True, lock=lock, key=session.KEY_LATER)
        try:
            # the default rows, then the key: created here, and the generated personal data encrypted
            result = built.finish_opening(new_passphrase=new_passphrase)
            built.database.execute_sql("ANALYZE")  # statistics for the query planner on the fresh data
            built.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            built.close()
        _single_file(staging)
        os.replace(staging, path)
        _sync_dir(path.parent)
    except BaseException:
        staging.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)
        raise
    return counts, result


def _single_file(path: Path) -> None:
    """Make the file self-contained before it is renamed: no -wal may follow it (nor be left behind).

    It stays in WAL mode like every CRMDesk database (the first writer would otherwise switch it
    and change its header); only if its log cannot be emptied does it leave WAL mode.
    """
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    _sync_file(path)


def _sync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def generate(path: Path, customers: int, seed: int = 1, *, today: dt.date | None = None,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> dict[str, int]:
    """Fill the database at ``path`` with ``customers`` generated customers and their history.

    The file is created or migrated first. Everything is written in one transaction: on
    cancel (``cancelled()`` is checked between chunks of customers) it is rolled back and
    :class:`OperationCancelled` is raised. A database that already holds customers is
    refused with a :class:`KnownError`. ``progress(done, total)`` is called after each
    chunk, and with ``(total, total)`` at the end. All dates are relative to ``today``
    (default: the real date); the same seed and day give identical data. Returns the
    number of rows written per table.
    """
    if customers < 0:
        raise ValueError("customers must be >= 0")
    path = Path(path)
    today = today or dt.date.today()
    crm_db.prepare(path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived tuples and no cycles: the collector would only cost time
    try:
        _bulk_mode(conn)
        try:
            counts = _fill(conn, path, customers, seed, today, progress, cancelled)
        finally:
            _normal_mode(conn)
    except sqlite3.Error as exc:
        known = classify_sqlite_error(exc, str(path))
        if known is not None:
            raise known from exc
        raise
    finally:
        if collecting:
            gc.enable()
        conn.close()
    _sync_file(path)
    if progress is not None:
        progress(customers, customers)
    return counts


def _fill(conn: sqlite3.Connection, path: Path, customers: int, seed: int, today: dt.date,
          progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> dict[str, int]:
    """The one transaction of :func:`generate`."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM customer LIMIT 1").fetchone() is not None:
            raise KnownError(_("The database {path} already holds customers; demo data is only "
                               "generated into an empty database.", path=str(path)))
        bases = {t: conn.execute(f'SELECT coalesce(max(id), 0) FROM "{t}"').fetchone()[0] for t in ID_TABLES}
        staff_ids, tag_ids, fixed = _fixed_rows(conn, today, bases)
        gen = _Generator(seed, today, customers, bases, staff_ids, tag_ids)
        gen.plan(seed)
        indexes = _drop_indexes(conn)
        for start in range(0, customers, CHUNK):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            for k in range(start, min(start + CHUNK, customers)):
                gen.customer(k)
            gen.flush(conn)
            done = min(start + CHUNK, customers)
            if progress is not None and done < customers:
                progress(done, customers)
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        counters = _ticket_counters(conn, gen)
        for statement in indexes:
            conn.execute(statement)
        search.reindex(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return {**fixed, **gen.counts, "ticket_counter": counters}
