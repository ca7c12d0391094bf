"""Backups of the shared database: a snapshot of the server as a CRMDesk database file (issue #19).

``crmdesk backup`` on a ``postgresql://`` target, the daily job on the PC that runs the day's jobs,
and the copy a restore keeps first all write the same thing: a SQLite file of the current schema,
made by the file migrations, holding every row the server held at one moment. It opens on any PC
as a single-PC database (with the key of this database: the key store entry, or the recovery
code), so it is also the way back from the server.

- One ``REPEATABLE READ, READ ONLY, DEFERRABLE`` transaction on the server: one consistent view,
  and no lock that would stop the other PCs.
- The file is built under a hidden temporary name (``core.store.atomic``): rows inserted with the
  indexes and triggers dropped, which are then built once; the search index filled
  (``customers.search.reindex``); the journal mode set back to a rollback journal (one
  self-contained file, safe to copy to a stick).
- Verified like every backup (``sqlite_files.examine``: integrity check, identity, schema), and
  the rows of every table equal to the counts read inside the server's snapshot; only then is it
  renamed to its name, ``<database>-server-YYYYMMDD-HHMM-<kind>.db`` in the form of a file's
  backups, so the backups list, rotation and restore treat it as any other backup.

The daily job: at most one snapshot a day for the whole office — the first PC of the day that
gets the daily-jobs lock (``core.store.server_locks``) makes it when the server's ``last_snapshot``
is not today — kept in that PC's backups folder with the usual rotation (30 daily, 12 monthly).
The server's own scheduled ``pg_dump`` (docs/server-guide.zh.md) is the administrator's part.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from crmdesk.core import jobs
from crmdesk.core.customers import search
from crmdesk.core.firm import settings
from crmdesk.core.i18n import _
from crmdesk.core.safety import backup
from crmdesk.core.store import atomic, models, paths, server
from crmdesk.core.store import db as dbmod
from crmdesk.core.store.sqlite_files import Progress, copy_file, examine, remove_leftovers

log = logging.getLogger(__name__)

BATCH = 5000


def _lite(value: object) -> object:
    """A server value as the file stores it (peewee's text for times, 0/1 for booleans)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def stem(target: server.ServerTarget) -> str:
    """The name the snapshots of ``target`` go by in a backups folder: ``<database>-server``, apart from
    the backups of a file of the same name (``crmdesk.db``) in their dating and rotation."""
    return f"{target.dbname}-server"


def _name(target: server.ServerTarget, kind: str, now: dt.datetime) -> str:
    if kind == "before-restore":
        return f"before-restore-{stem(target)}-{now:%Y%m%d-%H%M%S}"
    return f"{stem(target)}-{now:%Y%m%d-%H%M}-{kind}"


def snapshot(target: server.ServerTarget, *, to: Path | str | None = None, kind: str = "manual",
             now: dt.datetime | None = None, progress: Progress | None = None) -> backup.BackupInfo:
    """Write a verified snapshot of ``target`` into ``to`` (default: the backups folder); see the module."""
    if kind not in (*backup.KINDS, "before-restore"):
        raise ValueError(kind)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = Path(to) if to is not None else paths.backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a --to may name a new folder
    except OSError as error:
        raise atomic.write_error(folder, error) from error
    remove_leftovers(folder)  # temporary files of snapshots killed earlier
    final = backup._free_name(folder, _name(target, kind, now))  # noqa: SLF001 - the backups' own naming rule
    staged = atomic.AtomicFile(final, durable=True)
    try:
        dbmod.prepare(staged.temp)
        counts = _fill(staged.temp, target, progress)
        found = examine(staged.temp)
        problems = list(found.problems)
        with closing(sqlite3.connect(f"{staged.temp.resolve().as_uri()}?mode=ro", uri=True)) as check:
            for table, expected in counts.items():  # against the counts read inside the server's snapshot
                written = check.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                if written != expected:
                    problems.append(f"{table}: {expected} → {written}")
        if problems:
            raise backup.BackupVerificationError(_("The backup {path} failed its check and was deleted: {reason}",
                                                   path=str(final), reason="; ".join(problems)))
        staged.commit()
    except BaseException:
        staged.discard()
        raise
    info = backup.BackupInfo(final, now, final.stat().st_size, kind, stem(target)).take(found)
    info.counts = counts
    log.info("snapshot of %s: %s (%s bytes)", target, final, info.size)
    return info


def _fill(path: Path, target: server.ServerTarget, progress: Progress | None) -> dict[str, int]:
    """Every row of the server into the freshly migrated file at ``path``; the rows per table."""
    lite = sqlite3.connect(path, isolation_level=None)
    try:
        lite.execute("PRAGMA synchronous = OFF")  # a new file, verified before it gets its name
        built = lite.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                             "AND sql IS NOT NULL").fetchall()
        lite.execute("BEGIN")
        for kind, name, _sql in built:
            lite.execute(f'DROP {kind.upper()} "{name}"')
        counts: dict[str, int] = {}
        database = server.connect(target, read_only=True)
        try:
            conn = database.connection()
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY, DEFERRABLE")
            version = server.check_compatible(database)
            if version != dbmod.SCHEMA_VERSION:
                raise backup.BackupVerificationError(_(
                    "{target} has schema {found}; this CRMDesk writes backups of schema {expected}. Open the server "
                    "with this version first.", target=str(target), found=version, expected=dbmod.SCHEMA_VERSION))
            total = sum(database.execute_sql(f'SELECT count(*) FROM "{m._meta.table_name}"').fetchone()[0]
                        for m in models.ALL_MODELS)
            done = 0
            for model in models.ALL_MODELS:
                table = model._meta.table_name
                present = {row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')}
                columns = [f.column_name for f in model._meta.sorted_fields if f.column_name in present]
                names = ", ".join(f'"{c}"' for c in columns)
                insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
                counts[table] = 0
                with conn.cursor(name=f"crmdesk_snapshot_{table}") as cursor:  # streamed, not held in memory
                    cursor.execute(f'SELECT {names} FROM "{table}"')
                    while part := cursor.fetchmany(BATCH):
                        lite.executemany(insert, [tuple(map(_lite, row)) for row in part])
                        counts[table] += len(part)
                        done += len(part)
                        if progress is not None:
                            progress(done, max(total, done))
            conn.execute("COMMIT")
        finally:
            database.close()
        for *_names, sql in built:
            lite.execute(sql)
        search.reindex(lite)
        lite.execute("COMMIT")
        lite.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, like every backup
    finally:
        lite.close()
    return counts


# --------------------------------------------------------------------------- the daily job on a server


def daily_snapshot(ctx: jobs.JobContext) -> backup.BackupInfo | None:
    """Today's snapshot of the server unless the office has one (the server's ``last_snapshot``; a moved
    file's ``last_backup`` was about the file)."""
    last = str(settings.get("last_snapshot") or "")
    if last[:10] == ctx.today.isoformat():
        return None
    target = server.ServerTarget.parse(ctx.location)
    folder = paths.backups_dir()
    info = snapshot(target, to=folder, kind="daily", now=ctx.now, progress=ctx.progress)
    automatic = [b for b in backup.list_backups(folder) if b.database == stem(target) and b.kind == "monthly"]
    if not any((b.created.year, b.created.month) == (ctx.today.year, ctx.today.month) for b in automatic):
        monthly = backup._free_name(folder, _name(target, "monthly", ctx.now))  # noqa: SLF001 - as above
        info.monthly_copy = copy_file(info.path, monthly)
    backup.rotate(folder, stem(target))
    return info


def record_daily_snapshot(ctx: jobs.JobContext, info: backup.BackupInfo) -> None:
    """The time of today's snapshot on the server, so the other PCs do not make another."""
    del ctx
    settings.put("last_snapshot", info.created.isoformat(timespec="seconds"))


backup.on_server(daily_snapshot, record_daily_snapshot)
