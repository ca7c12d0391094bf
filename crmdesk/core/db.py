"""Opening, creating and migrating the SQLite database.

- WAL journal, foreign keys on, a busy timeout; every write in a transaction.
- ``PRAGMA application_id`` marks the file as ours; ``PRAGMA user_version`` is the
  schema version. Migrations are numbered SQL files in ``core/migrations`` with an
  optional Python step; each runs in one transaction, after a copy of the file has
  been taken into the backups folder.
- A database newer than this app is refused before anything is written to it.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from peewee import SqliteDatabase

from crmdesk.core import models
from crmdesk.core.errors import NotACrmDatabaseError, SchemaTooNewError, classify_sqlite_error
from crmdesk.core.i18n import _

# Dates and times go to SQLite as the same ISO text peewee stores; registered here because the
# sqlite3 module's own default adapters are deprecated from Python 3.12 (and warnings fail tests).
sqlite3.register_adapter(dt.datetime, lambda value: value.isoformat(" "))
sqlite3.register_adapter(dt.date, lambda value: value.isoformat())

log = logging.getLogger(__name__)

APPLICATION_ID = 0x43524D44  # "CRMD"


def _fill_search_index(conn: sqlite3.Connection) -> None:
    from crmdesk.core import search

    search.reindex(conn)


@dataclass(frozen=True)
class Migration:
    """One schema step: an SQL script, then an optional data step on the same connection."""

    version: int
    script: str
    after: Callable[[sqlite3.Connection], None] | None = None


MIGRATIONS: list[Migration] = [
    Migration(1, "0001_initial.sql"),
    Migration(2, "0002_search_index.sql", _fill_search_index),
    Migration(3, "0003_registry_sort.sql"),
    Migration(4, "0004_ticket_due_indexes.sql"),
    Migration(5, "0005_kpi_indexes.sql"),
    Migration(6, "0006_followup_assignee_index.sql"),
    Migration(7, "0007_complaints_defaults_import_warnings.sql"),
]
SCHEMA_VERSION = MIGRATIONS[-1].version


@dataclass(frozen=True)
class FileInfo:
    """What a database file says about itself without being changed."""

    application_id: int
    user_version: int
    empty: bool


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
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
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
    return resources.files("crmdesk.core.migrations").joinpath(name).read_text(encoding="utf-8")


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
            if migration.after is not None:
                migration.after(conn)
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


def prepare(path: Path, *, backups: Path | None = None) -> FileInfo | None:
    """Check, create or migrate the file at ``path`` so the current models can use it."""
    info = check_compatible(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if info is not None and not info.empty and info.user_version < SCHEMA_VERSION and backups is not None:
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
        known = classify_sqlite_error(exc, str(path))
        if known is not None:
            raise known from exc
        raise
    return info


class CrmDatabase(SqliteDatabase):
    """peewee's SQLite database with our pragmas on every (thread-local) connection."""

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)
        _configure(conn)


def open_database(path: Path | str, *, backups: Path | None = None) -> CrmDatabase:
    """Prepare the file and bind the models to it; the caller holds the writer lock."""
    path = Path(path)
    prepare(path, backups=backups)
    db = CrmDatabase(str(path), pragmas={"journal_mode": "wal"})
    models.database_proxy.initialize(db)
    db.connect(reuse_if_open=True)
    return db


