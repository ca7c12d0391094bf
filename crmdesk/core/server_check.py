"""``crmdesk check`` on the shared database: what a PC can check of a PostgreSQL server (issue #19).

The same report as the data check of a file (``core.safety.integrity``: lines ``OK``/``INFO``/
``WARN``/``FAIL``, only ``FAIL`` fails), with the server's checks:

- the connection: server version, database, role;
- the schema version (``schema_migration``) against this CRMDesk's;
- search: pg_trgm installed and able to cut Chinese into trigrams under the database's locale;
- encryption: the key record on the server, this PC's key matching it (else the recovery code
  enrols the PC), and no personal value stored in clear — the same conditions as on a file;
- the last snapshot in this PC's backups folder (``core.server_snapshot``), and the last
  ``pg_dump`` when the server guide's script records it in the setting ``last_server_dump``;
- the PCs connected now (``application_name`` of every CRMDesk connection).

There is no page-level integrity check: the server checks its own pages (data checksums,
``amcheck``) — the administrator's tools. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from crmdesk.core import server_init, server_snapshot
from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.safety.backup import list_backups
from crmdesk.core.safety.integrity import BACKUP_WARN_DAYS, CheckReport, CheckResult, schema_result
from crmdesk.core.store import models, paths, server, server_locks
from crmdesk.core.store.db import SCHEMA_VERSION
from crmdesk.core.store.dialect import POSTGRESQL
from crmdesk.core.store.errors import KnownError


def run_checks(target: server.ServerTarget, *, backups: Path | None = None,
               now: dt.datetime | None = None) -> CheckReport:
    """Every check of the server (read-only)."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    report = CheckReport()
    try:
        database = server.connect(target, read_only=True)
    except KnownError as error:
        report.append(CheckResult.make("server", _("Server"), "fail", error.message))
        return report
    previous = models.database_proxy.obj
    models.database_proxy.initialize(database)
    try:
        version, role = database.execute_sql("SELECT current_setting('server_version'), current_user").fetchone()
        report.append(CheckResult.make("server", _("Server"), "ok", _(
            "PostgreSQL {version}, database {dbname}, role {role}", version=version, dbname=target.dbname, role=role)))
        schema = server.schema_version(database)
        report.append(_schema(schema))
        if schema is None or schema == 0 or schema > SCHEMA_VERSION:
            return report
        report.append(_search(database))
        report.append(_encryption(database))
        report.append(_last_snapshot(target, backups or paths.backups_dir(), now))
        report.append(_last_dump(database, now))
        report.append(_connected(database))
    finally:
        secrets.activate(secrets.PlainCipher())
        database.close()
        models.database_proxy.initialize(previous)
    return report


def _schema(found: int | None) -> CheckResult:
    title = _("Schema version")
    if found is None:
        return CheckResult.make("schema", title, "fail", _("tables of another program: not a CRMDesk database"))
    if found == 0:
        return CheckResult.make("schema", title, "fail", _("empty: prepare it with crmdesk server init"))
    return schema_result(found)


def _search(database: server.ServerDatabase) -> CheckResult:
    title = _("Search")
    row = database.execute_sql("SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'").fetchone()
    if row is None:
        return CheckResult.make("search", title, "fail", _("the pg_trgm extension is missing: CREATE EXTENSION pg_trgm;"))
    grams = server_init.trigrams(database)
    if not grams:
        return CheckResult.make("search", title, "fail", _(
            "the database's locale cannot cut Chinese into trigrams: create it again with a UTF-8 locale "
            "(see the server guide)"))
    return CheckResult.make("search", title, "ok", _("pg_trgm {version}; Chinese trigram search works",
                                                     version=row[0]))


def _clear_rows(database: server.ServerDatabase) -> int:
    """Rows holding a personal value in clear (the file check's conditions, spelled for the server)."""
    total = 0
    for table in secrets.SENSITIVE:
        total += database.execute_sql(POSTGRESQL.sql(
            f"SELECT count(*) FROM {table} WHERE {secrets.clear_condition(table)}")).fetchone()[0]
    for table, columns in secrets.SENSITIVE_BLOBS.items():
        sealed = " OR ".join(f"(length({c}) > 0 AND get_byte({c}, 0) <> {secrets.BLOB_SEALED[0]})" for c in columns)
        total += database.execute_sql(f"SELECT count(*) FROM {table} WHERE {sealed}").fetchone()[0]
    return total + len(secrets.clear_custom_values())


def _encryption(database: server.ServerDatabase) -> CheckResult:
    title = _("Encryption")
    row = database.execute_sql("SELECT value FROM setting WHERE key = 'encryption'").fetchone()
    text = json.loads(row[0]) if row else ""
    if not text:
        return CheckResult.make("encryption", title, "fail", _(
            "the server has no key record: prepare it with crmdesk server init (or move a database file onto it)"))
    clear = _clear_rows(database)
    if clear:
        return CheckResult.make("encryption", title, "fail", _(
            "{count} row(s) hold personal values in clear in an encrypted database; CRMDesk encrypts them (and "
            "logs it) when it next opens the database for writing", count=clear))
    try:
        secrets.key_from_store(secrets.KeyRecord.from_json(text))
    except secrets.WrongKey as error:
        return CheckResult.make("encryption", title, "fail", error.message)
    except KnownError as error:  # this PC is not enrolled yet: the recovery code does it
        return CheckResult.make("encryption", title, "warning", error.message)
    return CheckResult.make("encryption", title, "ok", _("personal data encrypted; the key on this computer matches"))


def _last_snapshot(target: server.ServerTarget, folder: Path, now: dt.datetime) -> CheckResult:
    title = _("Last backup")
    mine = [b for b in list_backups(folder)
            if b.database == server_snapshot.stem(target) and b.kind in ("daily", "monthly", "manual")]
    if not mine:
        return CheckResult.make("last_backup", title, "warning", _("no snapshot of the server yet in {folder} (crmdesk "
                                                                   "backup --db URL)", folder=str(folder)))
    newest = mine[0]
    age = now - newest.created
    level = "warning" if age > dt.timedelta(days=BACKUP_WARN_DAYS) else "ok"
    return CheckResult.make("last_backup", title, level, _("{when}: {path}", when=f"{newest.created:%Y-%m-%d %H:%M}",
                                                           path=str(newest.path)))


def _last_dump(database: server.ServerDatabase, now: dt.datetime) -> CheckResult:
    title = _("Server dump")
    row = database.execute_sql("SELECT value FROM setting WHERE key = 'last_server_dump'").fetchone()
    try:
        when = dt.datetime.fromisoformat(str(json.loads(row[0]))[:19]) if row else None
    except ValueError:
        when = None
    if when is None:
        return CheckResult.make("server_dump", title, "info", _(
            "no pg_dump recorded (the server guide's scheduled dump records itself here)"))
    level = "warning" if now - when > dt.timedelta(days=BACKUP_WARN_DAYS) else "ok"
    return CheckResult.make("server_dump", title, level, _("last pg_dump {when}", when=f"{when:%Y-%m-%d %H:%M}"))


def _connected(database: server.ServerDatabase) -> CheckResult:
    pcs = [h.describe() for h in server_locks.holders(database, server.MAINTENANCE_LOCK)]
    if not pcs:
        return CheckResult.make("connected", _("Connected PCs"), "info", _("no other PC is connected"))
    return CheckResult.make("connected", _("Connected PCs"), "info", "; ".join(pcs))
