"""Opening, creating and migrating the SQLite database.

- WAL journal, foreign keys on, a busy timeout; every write in a transaction.
- ``PRAGMA application_id`` marks the file as ours; ``PRAGMA user_version`` is the
  schema version. Migrations are numbered SQL files in ``core/store/migrations`` with an
  optional Python step that the domain owning the data registers (the search index fills
  itself: ``core.customers.search``); each runs in one transaction, after a copy of the file
  has been taken into the backups folder (not for steps that only add indexes or change only a
  server's schema).
- A database newer than this app is refused before anything is written to it.
- A rollback journal left by a killed writer (a "hot journal") is rolled back by
  :func:`recover_hot_journal` with write access before anything reads the file read-only
  (a read-only connection cannot roll it back and would call the file "read-only").
- :func:`quick_check` is SQLite's ``PRAGMA quick_check``: writers run it before their first
  write and refuse a damaged file (:class:`DamagedDatabaseError`).

Opening a database for a piece of work goes through ``core.session.open_session``, which
uses these steps in the right order; :func:`open_database` alone is for tests and tools.
Raw SQL on the opened database goes through :func:`sql` (see ``core.store``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

from peewee import SqliteDatabase

from crmdesk.core.i18n import _
from crmdesk.core.store import models
from crmdesk.core.store.dialect import SQLITE, Dialect
from crmdesk.core.store.errors import KnownError, NotACrmDatabaseError, SchemaTooNewError, classify_sqlite_error


class DamagedDatabaseError(KnownError):
    """``PRAGMA quick_check`` found a damaged database: nothing may be written into it."""

# Dates and times go to SQLite as the same ISO text peewee stores; registered here because the
# sqlite3 module's own default adapters are deprecated from Python 3.12 (and warnings fail tests).
sqlite3.register_adapter(dt.datetime, lambda value: value.isoformat(" "))
sqlite3.register_adapter(dt.date, lambda value: value.isoformat())

log = logging.getLogger(__name__)

APPLICATION_ID = 0x43524D44  # "CRMD"


class Migration(NamedTuple):
    """One schema step: an SQL script, then (``data_step``) a step in Python on the same connection,
    which the domain that owns the data registers (:func:`register_data_step`)."""

    version: int
    script: str
    data_step: str = ""  # what the Python step does, for the message when its domain is not loaded
    # nothing in a file changes (a step of the server's schema, numbered alike): no copy is taken before it
    server_only: bool = False
    # the step only adds indexes: no row changes, and its one transaction rolls back whole, so no copy either
    index_only: bool = False


MIGRATIONS: list[Migration] = [
    Migration(1, "0001_initial.sql"),
    Migration(2, "0002_search_index.sql", "fill the customer search index (core.customers.search)"),
    Migration(3, "0003_registry_sort.sql"),
    Migration(4, "0004_ticket_due_indexes.sql"),
    Migration(5, "0005_kpi_indexes.sql"),
    Migration(6, "0006_followup_assignee_index.sql"),
    Migration(7, "0007_complaints_defaults_import_warnings.sql"),
    Migration(8, "0008_equipment_attachments.sql"),
    Migration(9, "0009_custom_fields_saved_views.sql"),
    Migration(10, "0010_departments_routing.sql"),
    Migration(11, "0011_equipment_custom_fields.sql"),
    Migration(12, "0012_versions_code_counter.sql"),
    Migration(13, "0013_custom_value_cleanup_server.sql", server_only=True),  # the server's triggers
    Migration(14, "0014_change_feed.sql", server_only=True),  # the server's change feed (core.store.feed)
    Migration(15, "0015_primary_contact_statement.sql", server_only=True),  # the server's primary-contact trigger
    Migration(16, "0016_open_work_index.sql", index_only=True),  # the open tickets' covering index
]
SCHEMA_VERSION = MIGRATIONS[-1].version
_data_steps: dict[int, Callable[[sqlite3.Connection], object]] = {}


_data_step_loaders: list[Callable[[], object]] = []


def load_data_steps_with(loader: Callable[[], object]) -> None:
    """``loader`` imports the domains that register the migrations' Python steps; it is called the first
    time a pending migration needs a step not registered yet (``core.session`` registers it, so that opening
    a current file loads no domain, while every caller of :func:`prepare` still gets the steps)."""
    _data_step_loaders.append(loader)


def register_data_step(version: int, step: Callable[[sqlite3.Connection], object]) -> None:
    """The Python step of migration ``version`` (its domain calls this once, at import)."""
    if not any(m.version == version and m.data_step for m in MIGRATIONS):
        raise ValueError(f"migration {version} has no data step")
    _data_steps[version] = step


class FileInfo(NamedTuple):
    """What a database file says about itself without being changed."""

    application_id: int
    user_version: int
    empty: bool


def recover_hot_journal(path: Path) -> bool:
    """Roll back a transaction a killed writer left in ``<db>-journal``; True when a journal was there.

    SQLite rolls a hot journal back on the first read of a connection that may write; a
    journal that belongs to a live writer (it holds its lock) is left alone by SQLite itself.
    A read-only file or folder raises a :class:`KnownError` that says so, naming the journal.
    """
    journal = Path(f"{path}-journal")
    if not journal.exists():
        return False
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=10)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", 0) or 0
        if code & 0xFF in (8, 14):  # SQLITE_READONLY (incl. READONLY_ROLLBACK), SQLITE_CANTOPEN
            raise KnownError(_(
                "{path} was left half-written by a program that was stopped, and it cannot be repaired here because "
                "the file or its folder is read-only ({detail}). Make it writable (or copy the file together with "
                "{journal} to a writable folder) and open it again.",
                path=str(path), detail=str(exc), journal=journal.name)) from exc
        known = classify_sqlite_error(exc, str(path))
        if known is not None:
            raise known from exc
        raise
    log.info("rolled back the unfinished transaction left in %s", journal)
    return True


def quick_check(conn: sqlite3.Connection) -> str:
    """``PRAGMA quick_check``: ``"ok"`` or the first problems found, in one line."""
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:  # a page so damaged that the check itself stops
        return str(exc)
    lines = [line.strip() for row in rows for line in str(row[0]).splitlines()
             if line.strip() and not line.startswith("***")]
    return "ok" if lines == ["ok"] else "; ".join(lines[:3])  # one line: it goes into a message


def refuse_if_damaged(path: Path, conn: sqlite3.Connection) -> None:
    """Raise :class:`DamagedDatabaseError` with the repair advice when the quick check fails."""
    result = quick_check(conn)
    if result != "ok":
        log.error("%s failed its quick check: %s", path, result)
        raise DamagedDatabaseError(_(
            "{path} is damaged: {detail}. CRMDesk does not write into a damaged database. Restore it from a "
            "backup (File → Restore from backup, or crmdesk restore FILE); the damaged file is kept as it is.",
            path=str(path), detail=result))


def inspect_file(path: Path) -> FileInfo | None:
    """Read the header pragmas read-only; ``None`` when the file does not exist."""
    if not path.exists():
        return None
    if path.stat().st_size == 0:
        return FileInfo(0, 0, True)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            # the header's two numbers read no schema; counting tables parses all of it (~1 ms on the
            # reference data), and only a file without our mark can be empty
            tables = 1 if app_id else conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        known = classify_sqlite_error(exc, str(path))
        if known is not None:
            raise known from exc
        raise NotACrmDatabaseError(_("{path} is not a database file or it is damaged.", path=str(path))) from exc
    return FileInfo(app_id, version, tables == 0 and app_id == 0)


def check_compatible(path: Path) -> FileInfo | None:
    """Refuse foreign or too-new files; return what the file says (``None`` if missing)."""
    info = inspect_file(path)
    if info is None or info.empty:
        return info
    if info.application_id != APPLICATION_ID:
        raise NotACrmDatabaseError(_("{path} is not a CRMDesk database.", path=str(path)))
    if info.user_version > SCHEMA_VERSION:
        raise SchemaTooNewError(_(
            "The database {path} was written by a newer version of CRMDesk (schema {found}, this version "
            "understands up to {supported}). Please update CRMDesk; the file was left untouched.",
            path=str(path), found=info.user_version, supported=SCHEMA_VERSION))
    return info


def _read_script(name: str) -> str:
    return resources.files("crmdesk.core.store.migrations").joinpath(name).read_text(encoding="utf-8")


def _split_statements(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _data_step(migration: Migration) -> Callable[[sqlite3.Connection], object]:
    step = _data_steps.get(migration.version)
    if step is None:
        for loader in _data_step_loaders:
            loader()
        step = _data_steps.get(migration.version)
    if step is None:  # a bug: migrating without it would leave the data behind the schema
        raise RuntimeError(f"migration {migration.version} needs its data step ({migration.data_step}), "
                           "and the module that registers it is not loaded")
    return step


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the pending migrations up to ``target``, each in its own transaction."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version <= current or migration.version > target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split_statements(_read_script(migration.script)):
                conn.execute(statement)
            if migration.data_step:
                _data_step(migration)(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
        log.info("database migrated to schema %s", migration.version)
    return applied


def backup_file(source: Path, target: Path) -> Path:
    """Copy a database with SQLite's online backup API (consistent even while in use)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    private_file(target)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA synchronous = NORMAL")


def needs_migration(info: FileInfo | None) -> bool:
    """Whether ``prepare`` would write to the file (create or upgrade its schema)."""
    return info is None or info.empty or info.user_version < SCHEMA_VERSION


def prepare(path: Path, *, backups: Path | None = None, verify: bool = False) -> FileInfo | None:
    """Check, create or migrate the file at ``path`` so the current models can use it.

    ``verify``: run the quick check before the first write (a migration is a write).
    A new file is created owner-only (0600 on POSIX): it will hold personal data.
    """
    recover_hot_journal(path)
    info = check_compatible(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if info is None:
        private_file(path)
    try:
        if verify and info is not None and not info.empty and info.user_version < SCHEMA_VERSION:
            verify_file(path)  # a migration is a write: never into a damaged file
        if info is not None and not info.empty and _changes_file(info.user_version) and backups is not None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_file(path, backups / f"before-migration-v{info.user_version}-{stamp}.db")
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                log.warning("WAL journal not available for %s", path)
            _configure(conn)
            migrate(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        _raise_known(exc, path)
    return info


def _changes_file(version: int) -> bool:
    """Whether migrating a file from schema ``version`` changes more than its version number (then a copy
    is taken first: 36 s on the 100,000-customer file, not worth it for steps of the server's schema alone
    or for new indexes, which change no row)."""
    return any(not (m.server_only or m.index_only) for m in MIGRATIONS if m.version > version)


def _raise_known(exc: sqlite3.Error, path: Path | str) -> NoReturn:
    """Raise the friendly error of a SQLite failure, or the failure itself when it is a bug."""
    known = classify_sqlite_error(exc, str(path))
    if known is None:
        raise exc
    raise known from exc


def in_wal_mode(path: Path) -> bool:
    """Whether the file's header says WAL mode (bytes 18–19 are 2), read without opening it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[18] == 2 and head[19] == 2


def verify_file(path: Path) -> None:
    """The quick check on a read-only connection; raises :class:`DamagedDatabaseError`."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        refuse_if_damaged(path, conn)
    finally:
        conn.close()


def private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only (0600 on POSIX) if it does not exist yet.

    SQLite creates a database with the process's umask (usually 0644: readable by every
    account on the PC); its ``-wal``/``-shm`` and journals take the database file's mode.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class CrmDatabase(SqliteDatabase):
    """peewee's SQLite database with our pragmas on every (thread-local) connection.

    ``read_only``: every connection is opened ``mode=ro`` (a reading session cannot write,
    whatever code runs in it); ``path`` is the file. ``dialect`` spells raw SQL for it (``db.sql``).
    """

    dialect: Dialect = SQLITE

    def __init__(self, path: Path | str, *, read_only: bool = False, **kwargs: Any) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            super().__init__(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, **kwargs)
        else:
            super().__init__(str(self.path), pragmas={"journal_mode": "wal"}, **kwargs)

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)  # type: ignore[misc]  # peewee's hook, missing from its stubs
        _configure(conn)


def bind(path: Path | str, *, read_only: bool = False) -> CrmDatabase:
    """Bind the models to the (prepared) file and connect this thread."""
    db = CrmDatabase(path, read_only=read_only)
    models.database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except sqlite3.Error as exc:
        _raise_known(exc, path)
    return db


def open_database(path: Path | str, *, backups: Path | None = None) -> CrmDatabase:
    """Prepare the file and bind the models to it (tests and tools; work goes through ``core.session``)."""
    path = Path(path)
    prepare(path, backups=backups)
    return bind(path)


# --------------------------------------------------------------------------- raw SQL


def sql(statement: str, params: Sequence[Any] | Mapping[str, Any] = (), *, many: bool = False) -> Any:
    """Run one raw SQL statement on the database the models are bound to; returns its cursor.

    Core and io reach the database through the models, and through this function where a query
    is written in SQL (set-based updates, reports, the registry's sorted lists): never through a
    database object handed around, so that the one function that opens a database for work
    (``core.session``) decides which database — and which engine — every call uses. Statements are
    written with ``?`` placeholders and portable spellings (``core.store.dialect``); an engine whose
    driver takes another style gets them translated here. ``many``: run the statement once per
    parameter row of ``params`` (``executemany``).
    """
    database = models.database_proxy.obj
    if database is None:
        raise RuntimeError("no database is open: open a session (core.session) first")
    statement = database.dialect.sql(statement)
    if not many:
        return models.database_proxy.execute_sql(statement, params)
    cursor = models.database_proxy.cursor()
    cursor.executemany(statement, params)
    return cursor


def customers_in_bin() -> str:
    """``(SELECT id …)`` of the customers in the recycle bin, for ``customer_id NOT IN …``: they are few and
    indexed, so a list leaves them out without reading each row's customer (nor an inner join, for which
    SQLite first builds a Bloom filter over the whole customer table)."""
    return f"(SELECT id FROM customer{dialect().indexed_by('customer_deleted_at')} WHERE deleted_at IS NOT NULL)"


def dialect() -> Dialect:
    """The SQL spelling of the bound database's engine (``core.store.dialect``); SQLite's when none
    is bound yet, so statements can be built before a session opens."""
    database = models.database_proxy.obj
    return getattr(database, "dialect", SQLITE) if database is not None else SQLITE


def close_thread_connection() -> None:
    """Close this thread's connection to the bound database (peewee keeps one per thread), so the
    next piece of work on the thread starts clean and a restore can replace the file."""
    bound = models.database_proxy.obj
    if bound is not None and not bound.is_closed():
        bound.close()


def is_bound() -> bool:
    """Whether the models are bound to a database yet (a timer may fire before the window opened one)."""
    return models.database_proxy.obj is not None

