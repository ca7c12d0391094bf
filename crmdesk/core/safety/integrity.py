"""The data check (帮助 → 数据检查, ``crmdesk check``): a pluggable list of checks of one database.

Each check is a function ``check(ctx) -> CheckResult | list[CheckResult] | None`` registered
under a name with :func:`register_check`; ``None`` means "not applicable here". The database
is opened read-only (``mode=ro``), so the check runs while the app is open and never
changes the file. A result is one of four levels: ``ok``, ``info`` and ``warning`` do not
fail the check (``ok`` is True), ``fail`` does. The encryption check (docs/spec.md §7) wants the
key record, the key on this computer matching it, and no personal value stored in clear.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crmdesk.core.i18n import _
from crmdesk.core.safety import secrets
from crmdesk.core.safety.backup import list_backups
from crmdesk.core.store import paths
from crmdesk.core.store.db import APPLICATION_ID, SCHEMA_VERSION, recover_hot_journal
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.store.sqlite_files import Cancelled, Progress, header, integrity_check, is_sqlite

BACKUP_WARN_DAYS = 2


@dataclass(frozen=True)
class CheckResult:
    """One line of the data check."""

    name: str  # stable key: "database", "application_id", "schema", "integrity", "foreign_keys", …
    ok: bool
    message: str  # for the user, translated
    level: str = "ok"  # ok / info / warning / fail
    title: str = ""  # translated name of the check

    @classmethod
    def make(cls, name: str, title: str, level: str, message: str) -> CheckResult:
        """A result whose ``ok`` follows from its level (only ``fail`` fails)."""
        return cls(name, level != "fail", message, level, title)


class CheckReport(list):
    """The results of :func:`run_checks`, in order (a list of :class:`CheckResult`)."""

    @property
    def all_ok(self) -> bool:
        """True when no check failed (warnings and information do not fail)."""
        return all(result.ok for result in self)


@dataclass
class CheckContext:
    """What a check gets: the database (read-only connection, or None if it cannot be opened)."""

    db_path: Path
    conn: sqlite3.Connection | None
    now: dt.datetime
    backups: Path
    progress: Progress | None = None
    cancelled: Cancelled | None = None
    facts: dict[str, object] = field(default_factory=dict)


Check = Callable[[CheckContext], "CheckResult | list[CheckResult] | None"]
CHECKS: dict[str, Check] = {}


def register_check(name: str, check: Check, *, before: str | None = None) -> None:
    """Add a check (or replace the one of that name, keeping its place)."""
    if name in CHECKS or before is None or before not in CHECKS:
        CHECKS[name] = check
        return
    items = list(CHECKS.items())
    index = [key for key, _value in items].index(before)
    items.insert(index, (name, check))
    CHECKS.clear()
    CHECKS.update(items)


def all_ok(results: list[CheckResult]) -> bool:
    """True when no result failed."""
    return all(result.ok for result in results)


# --------------------------------------------------------------------------- the checks


def _check_file(ctx: CheckContext) -> CheckResult:
    title = _("Database file")
    if not ctx.db_path.is_file():
        return CheckResult.make("database", title, "fail", _("no database at {path}", path=str(ctx.db_path)))
    if ctx.conn is None:
        return CheckResult.make("database", title, "fail", str(ctx.facts.get("open_error", "")))
    size = ctx.db_path.stat().st_size / 1_000_000
    return CheckResult.make("database", title, "ok", _("{path} ({size} MB)", path=str(ctx.db_path),
                                                        size=f"{size:.1f}"))


def _check_application_id(ctx: CheckContext) -> CheckResult | None:
    if ctx.conn is None:
        return None
    found = ctx.conn.execute("PRAGMA application_id").fetchone()[0]
    ctx.facts["ours"] = found == APPLICATION_ID
    if found == APPLICATION_ID:
        return CheckResult.make("application_id", _("File identity"), "ok", _("a CRMDesk database"))
    return CheckResult.make("application_id", _("File identity"), "fail",
                            _("not a CRMDesk database (application id {found})", found=found))


def _check_schema(ctx: CheckContext) -> CheckResult | None:
    if ctx.conn is None or not ctx.facts.get("ours"):
        return None
    found = ctx.conn.execute("PRAGMA user_version").fetchone()[0]
    ctx.facts["schema"] = found
    return schema_result(found)


def schema_result(found: int) -> CheckResult:
    """The schema check's line for a database of schema ``found`` (a file's or a server's)."""
    title = _("Schema version")
    if found == SCHEMA_VERSION:
        return CheckResult.make("schema", title, "ok", _("schema {found} (current)", found=found))
    if found < SCHEMA_VERSION:
        return CheckResult.make("schema", title, "info", _("schema {found}: upgraded to {supported} when CRMDesk "
                                                           "opens it", found=found, supported=SCHEMA_VERSION))
    return CheckResult.make("schema", title, "fail", _("schema {found} is newer than this CRMDesk understands "
                                                       "(up to {supported})", found=found, supported=SCHEMA_VERSION))


def _check_integrity(ctx: CheckContext) -> CheckResult | None:
    if ctx.conn is None:
        return None
    try:
        result = integrity_check(ctx.conn, progress=ctx.progress, cancelled=ctx.cancelled)
    except sqlite3.DatabaseError as exc:  # a page so damaged that the check itself stops: still this check's failure
        result = str(exc)
    if result == "ok":
        return CheckResult.make("integrity", _("Integrity"), "ok", _("no problems found"))
    return CheckResult.make("integrity", _("Integrity"), "fail", _("problems found: {detail}", detail=result))


def _check_foreign_keys(ctx: CheckContext) -> CheckResult | None:
    if ctx.conn is None:
        return None
    violations = Counter((row[0], row[2]) for row in ctx.conn.execute("PRAGMA foreign_key_check"))
    if not violations:
        return CheckResult.make("foreign_keys", _("References"), "ok", _("every reference points to an existing row"))
    lines = [_("{table}: {count} row(s) refer to a missing {parent}", table=table, count=count, parent=parent)
             for (table, parent), count in sorted(violations.items())]
    return CheckResult.make("foreign_keys", _("References"), "fail", "; ".join(lines))


def _check_last_backup(ctx: CheckContext) -> CheckResult:
    title = _("Last backup")
    mine = [b for b in list_backups(ctx.backups)
            if b.database == ctx.db_path.stem and b.kind in ("daily", "monthly", "manual")]
    if not mine:
        return CheckResult.make("last_backup", title, "warning", _("no backup yet in {folder}",
                                                                   folder=str(ctx.backups)))
    newest = mine[0]
    age = ctx.now - newest.created
    if age > dt.timedelta(days=BACKUP_WARN_DAYS):
        return CheckResult.make("last_backup", title, "warning", _("the last backup is {days} days old: {path}",
                                                                   days=age.days, path=str(newest.path)))
    return CheckResult.make("last_backup", title, "ok", _("{when}: {path}", when=f"{newest.created:%Y-%m-%d %H:%M}",
                                                          path=str(newest.path)))


def _personal_rows(conn: sqlite3.Connection) -> int:
    """Rows that hold any personal value (encrypted or not)."""
    total = 0
    for table, columns in secrets.SENSITIVE.items():
        present = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        wanted = [c for c in columns if c in present]
        if wanted:
            condition = " OR ".join(f"{c} != ''" for c in wanted)
            total += conn.execute(f"SELECT count(*) FROM {table} WHERE {condition}").fetchone()[0]
    return total + len(secrets.clear_custom_values(conn))  # values of the owner's sensitive custom fields


def _clear_rows(conn: sqlite3.Connection) -> int:
    """Rows that hold a personal value (or the phone index, or an attachment's content) in clear, and
    values of sensitive custom fields in clear.

    Tables an older schema does not have yet are skipped (``check`` reads without migrating).
    """
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conditions = [(table, secrets.clear_condition(table)) for table in secrets.SENSITIVE]
    conditions += [(table, secrets.clear_blob_condition(table)) for table in secrets.SENSITIVE_BLOBS]
    return sum(conn.execute(f"SELECT count(*) FROM {table} WHERE {condition}").fetchone()[0]
               for table, condition in conditions if table in tables) + len(secrets.clear_custom_values(conn))


def _check_encryption(ctx: CheckContext) -> CheckResult | None:
    """Key record present, the key on this PC opens it, no personal value left in clear.

    Fails — never merely warns — on personal values in clear, in an encrypted database as in
    one that has no key yet: docs/spec.md §7 promises they are stored encrypted.
    """
    import json

    schema = ctx.facts.get("schema", 0)
    if ctx.conn is None or not ctx.facts.get("ours") or not isinstance(schema, int) or schema < 1:
        return None
    title = _("Encryption")
    row = ctx.conn.execute("SELECT value FROM setting WHERE key = 'encryption'").fetchone()
    record_text = json.loads(row[0]) if row else ""
    if not record_text:
        personal = _personal_rows(ctx.conn)
        if personal:
            return CheckResult.make("encryption", title, "fail", _(
                "no key: personal data of {count} row(s) is stored in clear. Open the database in CRMDesk (or run "
                "a writing command such as crmdesk import) on the PC that should keep its key; it is encrypted then",
                count=personal))
        return CheckResult.make("encryption", title, "info",
                                _("no key yet and no personal data: the key is created by the first writer"))
    clear = _clear_rows(ctx.conn)
    if clear:
        return CheckResult.make("encryption", title, "fail", _(
            "{count} row(s) hold personal values in clear in an encrypted database; CRMDesk encrypts them (and "
            "logs it) when it next opens the database for writing", count=clear))
    try:
        record = secrets.KeyRecord.from_json(record_text)
        secrets.key_from_store(record)
    except secrets.WrongKey as error:
        return CheckResult.make("encryption", title, "fail", error.message)
    except KnownError as error:  # key missing here: the recovery code opens it
        return CheckResult.make("encryption", title, "warning", error.message)
    return CheckResult.make("encryption", title, "ok", _("personal data encrypted; the key on this computer matches"))


for _name, _check in [("database", _check_file), ("application_id", _check_application_id),
                      ("schema", _check_schema), ("integrity", _check_integrity),
                      ("foreign_keys", _check_foreign_keys), ("last_backup", _check_last_backup),
                      ("encryption", _check_encryption)]:
    register_check(_name, _check)


# --------------------------------------------------------------------------- running them


def _open(db_path: Path, facts: dict[str, object]) -> sqlite3.Connection | None:
    if not db_path.is_file():
        return None
    try:
        recover_hot_journal(db_path)  # a killed writer's unfinished transaction: rolled back first
    except KnownError as error:
        facts["open_error"] = error.message
        return None
    try:
        if not is_sqlite(header(db_path)):
            facts["open_error"] = _("{path} is not a SQLite database", path=str(db_path))
            return None
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except (OSError, sqlite3.Error) as exc:
        facts["open_error"] = _("{path} cannot be opened: {detail}", path=str(db_path), detail=str(exc))
        return None


def run_checks(db_path: Path | str, *, backups: Path | str | None = None, now: dt.datetime | None = None,
               progress: Progress | None = None, cancelled: Cancelled | None = None) -> CheckReport:
    """Run every registered check on the database (read-only); see :class:`CheckReport`.

    A check that raises is reported as a failure of that check, never as a crash
    (``OperationCancelled`` excepted).
    """
    db_path = Path(db_path)
    facts: dict[str, object] = {}
    conn = _open(db_path, facts)
    ctx = CheckContext(db_path, conn, (now or dt.datetime.now()).replace(microsecond=0),
                       Path(backups) if backups is not None else paths.backups_dir(), progress, cancelled, facts)
    report = CheckReport()
    try:
        for name, check in list(CHECKS.items()):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            try:
                outcome = check(ctx)
            except OperationCancelled:
                raise
            except (sqlite3.Error, OSError) as exc:
                outcome = CheckResult.make(name, name, "fail", _("could not run: {detail}", detail=str(exc)))
            if outcome is None:
                continue
            report.extend(outcome if isinstance(outcome, list) else [outcome])
    finally:
        if conn is not None:
            conn.close()
    return report
