"""Rows from a database file into the shared database: ``crmdesk move-to-server`` and ``crmdesk restore``
of a server (docs/spec.md §12, issue #19).

:func:`copy_rows` is the one copier: every table of ``models.ALL_MODELS`` in foreign-key order
with ``COPY … FROM STDIN``, values as the file stores them (SQLite's 0/1 booleans and ISO times are
valid PostgreSQL input), the key record included, then every id sequence set past the largest id.
It runs inside the caller's transaction, so a failure leaves nothing half-copied. The primary-
contact trigger is switched off for the copy (the file's ``customer.primary_contact`` is already
right) and on again before the transaction ends.

:func:`move_to_server` copies a single-PC file onto a server that holds no records yet:

1. the server is checked and, when empty, prepared as ``crmdesk server init`` would — without a
   key of its own: the file's key record travels with its rows, so the database id, and with it
   every enrolled PC's key-store entry and the file's recovery code, stay valid;
2. the file is opened as a writer (``core.session``: its writer lock held — nobody writes it
   meanwhile —, upgraded if older, its key active) and read through a read-only connection: the
   records in it are not changed;
3. under the server's maintenance lock held exclusively (no other PC connected) the rows are copied
   in one transaction and verified before it commits: the rows of every table counted on both
   sides, and a sample of up to :data:`SAMPLE` values of every sensitive column decrypted from both
   sides with the file's key and compared. A server that already holds records is refused
   (:class:`ServerNotEmptyError`), untouched.

:func:`restore_to_server` replaces the server's rows by a backup file's, under the same lock, after
a snapshot of the server as it was (``core.server_snapshot``).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import AutoField, sort_models  # type: ignore[attr-defined]  # in peewee, not in its stubs

from crmdesk.core import server_init, server_snapshot, session
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.safety.backup import BackupInfo, RestoreRefusedError, describe
from crmdesk.core.store import db as dbmod
from crmdesk.core.store import models, server, server_locks
from crmdesk.core.store.errors import KnownError

log = logging.getLogger(__name__)

SAMPLE = 200  # decrypted values compared per sensitive column
TableProgress = Callable[[str, int], None]  # (table, rows) after each table
_after_copy: list[Callable[[server.ServerDatabase], None]] = []


class ServerNotEmptyError(KnownError):
    """The server already holds records: moving a file onto it would mix two databases."""


class VerificationError(KnownError):
    """The copy on the server does not match the file; it was rolled back."""


def register_after_copy(step: Callable[[server.ServerDatabase], None]) -> None:
    """A step run in the copy's transaction after every row is in (a server-side index of its own)."""
    _after_copy.append(step)


def tables() -> list[type[models.BaseModel]]:
    """Every model in an order in which each row's foreign keys point to rows already copied."""
    return sort_models(models.ALL_MODELS)


def _columns(model: type[models.BaseModel]) -> list[str]:
    return [f.column_name for f in model._meta.sorted_fields]


def file_counts(source: sqlite3.Connection) -> dict[str, int]:
    """The rows of every table of a file."""
    return {m._meta.table_name: source.execute(f'SELECT count(*) FROM "{m._meta.table_name}"').fetchone()[0]
            for m in tables()}


def server_counts(database: server.ServerDatabase) -> dict[str, int]:
    """The rows of every table on the server (inside the caller's transaction, when there is one)."""
    return {m._meta.table_name: database.execute_sql(f'SELECT count(*) FROM "{m._meta.table_name}"').fetchone()[0]
            for m in tables()}


def copy_rows(source: sqlite3.Connection, database: server.ServerDatabase,
              progress: TableProgress | None = None) -> dict[str, int]:
    """Copy every row of ``source`` (a file) into the server's empty tables; the rows per table.

    The caller holds the transaction (``database.atomic()``) and the maintenance lock.
    """
    with database.connection().cursor() as cursor:
        counts = _copy_tables(source, cursor, progress)
    for step in _after_copy:
        step(database)
    return counts


def _copy_tables(source: sqlite3.Connection, cursor: Any, progress: TableProgress | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    cursor.execute('ALTER TABLE "contact" DISABLE TRIGGER USER')
    for model in tables():
        table = model._meta.table_name
        present = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
        names = ", ".join(f'"{c}"' for c in _columns(model) if c in present)  # newer columns: their defaults
        rows = 0
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in source.execute(f'SELECT {names} FROM "{table}"'):
                copy.write_row(row)
                rows += 1
        counts[table] = rows
        if progress is not None:
            progress(table, rows)
    cursor.execute('ALTER TABLE "contact" ENABLE TRIGGER USER')
    for model in tables():
        if isinstance(model._meta.primary_key, AutoField):
            table = model._meta.table_name
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                           f'coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)')
    return counts


def verify(source: sqlite3.Connection, database: server.ServerDatabase, copied: dict[str, int]) -> int:
    """Counts on both sides and a decrypted sample of every sensitive column; the values compared.

    Raises :class:`VerificationError` on any difference. The values are decrypted with the active
    key (``core.safety.secrets``: the file's), or compared as stored when no key is active (a restore).
    """
    expected = file_counts(source)
    found = server_counts(database)
    wrong = [f"{t}: {expected[t]} → {found[t]}" for t in expected if expected[t] != found[t] or copied[t] != found[t]]
    if wrong:
        raise VerificationError(_("The copy on the server does not match the file ({detail}); nothing was kept.",
                                  detail="; ".join(wrong)))
    compared = 0
    cipher = secrets.current()
    for table, columns in secrets.SENSITIVE.items():
        for column in columns:
            rows = source.execute(f"SELECT id, {column} FROM {table} WHERE {column} != '' ORDER BY id LIMIT ?",
                                  (SAMPLE,)).fetchall()
            if not rows:
                continue
            there = dict(database.execute_sql(f"SELECT id, {column} FROM {table} WHERE id = ANY(%s)",
                                              ([r[0] for r in rows],)).fetchall())
            name = f"{table}.{column}"
            for row_id, value in rows:
                if row_id not in there or not _same(cipher, name, there[row_id], value):
                    raise VerificationError(_("The copy on the server does not match the file ({detail}); nothing "
                                              "was kept.", detail=f"{name} #{row_id}"))
                compared += 1
    return compared


def _same(cipher: secrets.PlainCipher, column: str, copied: str, original: str) -> bool:
    """Whether a copied value is the original: decrypted with the active key, or byte for byte without one."""
    if not getattr(cipher, "encrypted", False):
        return copied == original
    return cipher.decrypt(copied, column) == cipher.decrypt(original, column)


def _reader(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def _analyze(database: server.ServerDatabase) -> None:
    """Fresh statistics for the planner: the tables were empty a moment ago."""
    database.execute_sql("ANALYZE")


# --------------------------------------------------------------------------- move-to-server


@dataclass
class MoveResult:
    """What :func:`move_to_server` did."""

    target: str
    source: Path
    counts: dict[str, int] = field(default_factory=dict)
    compared: int = 0  # decrypted values compared
    initialised: bool = False  # the server was empty and was prepared now
    key_replaced: bool = False  # a key made by ``server init`` was replaced by the file's
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {"target": self.target, "source": str(self.source), "initialised": self.initialised,
                "rows": sum(self.counts.values()), "tables": self.counts, "decrypted_sample": self.compared,
                "key_replaced": self.key_replaced, "seconds": round(self.seconds, 2)}


def _records(database: server.ServerDatabase) -> dict[str, int]:
    """Tables holding records (the default rows ``server init`` writes do not count)."""
    found = {m._meta.table_name: n for m in tables() if m not in (models.Setting, models.TierPolicy)
             for n in [database.execute_sql(f'SELECT count(*) FROM "{m._meta.table_name}"').fetchone()[0]] if n}
    return found


def _prepare_server(target: server.ServerTarget) -> bool:
    """Make an empty database a CRMDesk one without a key; True when it was built now."""
    result = server_init.initialise(target, create_key=False)
    if not result.accepted:
        failed = "; ".join(f"{c.name}: {c.found}. {c.advice}" for c in result.checks if not (c.ok or c.warning))
        raise KnownError(_("{target} cannot hold a CRMDesk database: {reason}", target=str(target), reason=failed))
    return result.initialised


def exclusive_maintenance(target: server.ServerTarget) -> server.MaintenanceLock:
    """The maintenance lock held exclusively, or :class:`server_locks.LockBusy` naming the PCs still connected."""
    try:
        return server.MaintenanceLock(target, exclusive=True).acquire()
    except KnownError:
        database = server.connect(target)
        try:
            who = "; ".join(h.describe() for h in server_locks.holders(database, server.MAINTENANCE_LOCK))
        finally:
            database.close()
        raise server_locks.LockBusy(_(
            "{target} is in use ({who}): close CRMDesk on those PCs (and stop their scheduled tasks), then try "
            "again.", target=str(target), who=who or _("a PC that is closing"))) from None


def move_to_server(location: str | None, target: server.ServerTarget, *,
                   progress: TableProgress | None = None) -> MoveResult:
    """Copy the database file ``location`` (``None``: the default one) onto ``target``; see the module."""
    if location is not None and server.is_server(location):
        raise KnownError(_("move-to-server copies a database file: give the file with --db (not {location}).",
                           location=location))
    started = time.perf_counter()
    probe = server.connect(target)
    try:
        empty = server.check_compatible(probe) == 0
    finally:
        probe.close()
    initialised = _prepare_server(target) if empty else False
    with session.open_session(location, write=True, must_exist=True) as opened:
        path = opened.path
        result = MoveResult(str(target), path, initialised=initialised)
        source = _reader(path)
        lock = exclusive_maintenance(target)
        database = server.connect(target)
        try:
            version = server.check_compatible(database)
            if version != dbmod.SCHEMA_VERSION:
                raise KnownError(_("{target} has schema {found}, the file {path} schema {expected}: open the server "
                                   "with this version of CRMDesk first, then move again.", target=str(target),
                                   found=version, path=str(path), expected=dbmod.SCHEMA_VERSION))
            held = _records(database)
            if held:
                raise ServerNotEmptyError(_(
                    "{target} already holds records ({detail}); moving {path} onto it would mix two databases. "
                    "Move into a new, empty database (see the server guide).", target=str(target), path=str(path),
                    detail=", ".join(f"{t} {n}" for t, n in list(held.items())[:4])))
            old_key = database.execute_sql("SELECT value FROM setting WHERE key = 'encryption'").fetchone()
            file_key = source.execute("SELECT value FROM setting WHERE key = 'encryption'").fetchone()
            with database.atomic():
                database.execute_sql("DELETE FROM setting")
                database.execute_sql("DELETE FROM tier_policy")
                result.counts = copy_rows(source, database, progress)
                result.compared = verify(source, database, result.counts)
            result.key_replaced = old_key is not None and (file_key is None or old_key[0] != file_key[0])
            _analyze(database)
        finally:
            database.close()
            lock.release()
            source.close()
    result.seconds = time.perf_counter() - started
    log.info("moved %s to %s: %s rows, %s values compared", result.source, target, sum(result.counts.values()),
             result.compared)
    return result


# --------------------------------------------------------------------------- restore into the server


@dataclass
class ServerRestoreResult:
    """What :func:`restore_to_server` did."""

    target: str
    restored: BackupInfo
    kept: BackupInfo | None  # the snapshot of the server taken first
    counts: dict[str, int] = field(default_factory=dict)


def restore_to_server(file: Path | str, target: server.ServerTarget, *, keep_dir: Path | None = None,
                      progress: TableProgress | None = None) -> ServerRestoreResult:
    """Replace every row on ``target`` by the backup ``file``'s (verified first; an older one upgraded in
    a copy), under the maintenance lock held exclusively; the server as it was is kept as a snapshot."""
    probe = server.connect(target)
    try:
        if server.check_compatible(probe) == 0:
            raise KnownError(_("{target} is empty: copy a database file onto it with crmdesk move-to-server.",
                               target=str(target)))
    finally:
        probe.close()
    info = describe(file)
    if not info.restorable:
        raise RestoreRefusedError(_("{path} cannot be restored: {reason}", path=str(file),
                                    reason="; ".join(info.problems)))
    with tempfile.TemporaryDirectory(prefix="crmdesk-restore-") as scratch:
        path = Path(file)
        if (info.schema_version or 0) < dbmod.SCHEMA_VERSION:  # upgrade a copy; the backup stays as it is
            path = Path(scratch) / "upgraded.db"
            shutil.copyfile(file, path)
            dbmod.prepare(path)
        lock = exclusive_maintenance(target)
        try:
            kept = server_snapshot.snapshot(target, to=keep_dir, kind="before-restore")
            database = server.connect(target)
            source = _reader(path)
            try:
                with database.atomic():
                    names = ", ".join(f'"{m._meta.table_name}"' for m in tables())
                    database.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
                    counts = copy_rows(source, database, progress)
                    verify(source, database, counts)
                _analyze(database)
            finally:
                source.close()
                database.close()
        finally:
            lock.release()
    log.info("restored %s from %s at %s (the server as it was: %s)", target, file, dt.datetime.now(), kept.path)
    return ServerRestoreResult(str(target), info, kept, counts)
