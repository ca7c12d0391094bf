"""Backups of the database (docs/spec.md §7): made, verified, rotated, listed, described and restored.

Making a backup (:func:`make_backup`):

- SQLite's online backup API copies the live file page by page while the app keeps working
  in WAL mode, inside one read transaction, so the copy is one consistent snapshot
  (``core.store.sqlite_files.online_copy``).
- The copy is written under a hidden temporary name (``core.store.atomic``, owner-only), then
  VERIFIED — ``PRAGMA integrity_check``, our ``application_id``, the source's schema version —
  and only then renamed to its final name and flushed to the disk. A copy that fails is deleted and a
  ``KnownError`` raised, so a file under a backup name is always a verified backup.
  (Verifying before the rename rather than after it gives the same guarantee without a
  moment in which an unverified file carries a backup's name.)
- Names say what they are: ``<db>-YYYYMMDD-HHMM-<kind>.db``, kind ``daily``, ``monthly``
  or ``manual`` (``crmdesk-20261122-0930-daily.db``); ``<db>`` is the stem of the database
  file, so ``crmdesk.db`` and ``demo.db`` can share the backups folder and are rotated
  apart. A backup is one self-contained file (rollback journal), safe to copy to a stick.
- When this PC has a second backup folder for the database (``core.firm.workstation``; a
  database from before keeps its old setting ``backup_second_folder``, read from the backup
  itself, so no bound database is needed), the verified file is also copied there. That folder must
  already exist — it is never created, so an unplugged USB stick does not turn into a
  folder on the local disk. A failure there is reported in
  ``BackupInfo.second_copy_error`` and is not fatal.

Automatic backups (:func:`auto_backup_if_due`) run at most once a day: a day counts as
done when the folder holds a daily/monthly backup of this database made that day *and*
the database's setting ``last_backup`` names that day (so deleting today's file, or a
second database with the same file name, brings a new backup). The first automatic backup
of a month is also kept as that month's monthly copy: a hard link named ``…-monthly.db``
(no extra space; a plain copy where links are impossible). Rotation keeps the newest 30
daily and 12 monthly files of the database, in the backups folder and in the second
folder; manual backups and the ``before-restore``/``before-migration`` copies are never
deleted.

:func:`restore` refuses a foreign, damaged or too-new file before anything is touched,
keeps a copy of the current database, then swaps the file atomically. The CALLER must
hold the writer lock (``core.store.lock.DatabaseLock``) and have closed its connections; the UI
closes the peewee database, restores, then reopens through its session (``core.session``,
which checks and migrates an older backup). A database still open elsewhere is detected and refused.

Qt-free; long functions take ``progress(done, total)`` and ``cancelled()``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crmdesk.core import jobs
from crmdesk.core.firm import workstation
from crmdesk.core.i18n import _
from crmdesk.core.store import atomic, paths
from crmdesk.core.store.db import APPLICATION_ID, recover_hot_journal
from crmdesk.core.store.errors import KnownError, OperationCancelled, classify_sqlite_error
from crmdesk.core.store.sqlite_files import (
    Cancelled,
    Examination,
    Progress,
    copy_file,
    examine,
    header,
    is_sqlite,
    online_copy,
    read_setting,
    remove_leftovers,
)

log = logging.getLogger(__name__)

KINDS = ("daily", "monthly", "manual")
KEEP_DAILY = 30
KEEP_MONTHLY = 12
VERIFY_WEIGHT = 7  # verifying takes about seven times as long as copying (progress bar shares)

_NAME = re.compile(r"^(?P<db>.+)-(?P<stamp>\d{8}-\d{4})-(?P<kind>daily|monthly|manual)(?:-\d+)?\.db$")
_SAFETY = re.compile(r"^before-(?P<what>restore|migration)-(?P<db>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.db$")


class BackupVerificationError(KnownError):
    """A fresh backup did not pass its check; the copy was deleted."""


class RestoreRefusedError(KnownError):
    """The chosen file cannot be restored; the current database was not touched."""


@dataclass
class BackupInfo:
    """One backup file and, once examined, what it holds."""

    path: Path
    created: dt.datetime
    size: int
    kind: str = "other"  # daily / monthly / manual / before-restore / before-migration / other
    database: str = ""  # stem of the database file it was taken from ("" when unknown)
    counts: dict[str, int] | None = None
    verified: bool | None = None  # None: not examined; True: ours, readable, integrity ok
    schema_version: int | None = None
    integrity: str | None = None  # "ok" or the first problems found (None: not checked)
    problems: list[str] = field(default_factory=list)
    second_copy: Path | None = None
    second_copy_error: str | None = None
    monthly_copy: Path | None = None
    stamp: tuple[int, int] | None = field(default=None, repr=False)  # (size, mtime) when examined

    @property
    def restorable(self) -> bool:
        """Fully examined and without problems."""
        return self.verified is True and not self.problems

    def take(self, found: Examination, *, checked: bool = True) -> BackupInfo:
        """Copy what :func:`sqlite_files.examine` found into this record."""
        self.schema_version, self.counts = found.schema_version, found.counts
        self.integrity, self.problems = found.integrity, list(found.problems)
        self.verified = (not self.problems) if checked or self.problems else None
        return self


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore` did."""

    db_path: Path
    restored: BackupInfo
    kept: Path | None  # the copy of the database as it was before the restore


def _free_name(folder: Path, base: str) -> Path:
    """``base.db`` in ``folder``, or ``base-2.db``, ``base-3.db`` … when taken."""
    candidate, n = folder / f"{base}.db", 2
    while candidate.exists():
        candidate, n = folder / f"{base}-{n}.db", n + 1
    return candidate


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _info_from_name(path: Path) -> BackupInfo:
    """Date, kind and database from the file name (the modification time when it says nothing)."""
    info = _named(path)
    info.stamp = _stamp(path)
    return info


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _named(path: Path) -> BackupInfo:
    stat = path.stat()
    match = _NAME.match(path.name)
    if match:
        return BackupInfo(path, dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M"), stat.st_size, match["kind"],
                          match["db"])
    match = _SAFETY.match(path.name)
    if match:
        return BackupInfo(path, dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"), stat.st_size,
                          f"before-{match['what']}", match["db"] if match["what"] == "restore" else "")
    return BackupInfo(path, dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0), stat.st_size)


def _copy_to_second(source: Path, folder: Path) -> tuple[Path | None, str | None]:
    if not folder.is_dir():
        return None, _("The second backup folder {folder} is not available (is the USB stick or network share "
                       "connected?).", folder=str(folder))
    try:
        return copy_file(source, folder / source.name), None
    except KnownError as exc:
        log.warning("second backup copy to %s failed: %s", folder, exc.message)
        return None, _("Could not copy the backup to the second folder {folder}: {reason}", folder=str(folder),
                       reason=exc.message)


# --------------------------------------------------------------------------- making and reading backups


def make_backup(db_path: Path | str, *, to: Path | str | None = None, kind: str = "manual",
                now: dt.datetime | None = None, progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> BackupInfo:
    """Back up the database (in use or not) into ``to`` (default: the backups folder), verified.

    Returns the new file's :class:`BackupInfo` (``verified`` True, with counts), with
    ``second_copy`` / ``second_copy_error`` when a second folder is set. Raises
    ``KnownError`` when the database is missing or not ours, when the copy cannot be
    written, or when it fails verification (the copy is then deleted);
    ``OperationCancelled`` when cancelled (nothing is left behind).
    """
    if kind not in KINDS:
        raise ValueError(kind)
    db_path = Path(db_path)
    if not db_path.is_file():
        raise KnownError(_("There is no database at {path}.", path=str(db_path)))
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = Path(to) if to is not None else paths.backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KnownError(_("Cannot write the backup to {folder}: {reason}", folder=str(folder),
                           reason=_reason(exc))) from exc
    final = _free_name(folder, f"{db_path.stem}-{now:%Y%m%d-%H%M}-{kind}")
    remove_leftovers(folder)  # full-size temporary files of backups killed earlier
    target = atomic.AtomicFile(final, durable=True)  # owner-only, flushed to the disk when renamed
    info = BackupInfo(final, now, 0, kind, db_path.stem)

    def refuse(reason: str) -> KnownError:
        return KnownError(_("{path} cannot be backed up: {reason}", path=str(db_path), reason=reason))

    def ours(conn: sqlite3.Connection) -> None:
        # read inside the snapshot: the header on disk can be older than the WAL
        found = conn.execute("PRAGMA application_id").fetchone()[0]
        if found != APPLICATION_ID:
            raise refuse(_("it is not a CRMDesk database (application id {found})", found=found))

    try:
        recover_hot_journal(db_path)  # a killed writer's journal: rolled back, not "read-only"
        if not is_sqlite(header(db_path)):
            raise refuse(_("it is not a SQLite database"))
        pages, source_version = online_copy(db_path, target.temp, live=True, progress=progress,
                                            cancelled=cancelled, weight=1 + VERIFY_WEIGHT, before=ours)
        found = examine(target.temp, settings=(workstation.OLD_SECOND_FOLDER,), progress=progress, cancelled=cancelled,
                        offset=pages, weight=VERIFY_WEIGHT)
        if not found.problems and found.schema_version != source_version:
            found.problems.append(_("the copy has schema {found} instead of {expected}",
                                    found=found.schema_version, expected=source_version))
        info.take(found)
        if found.problems:
            raise BackupVerificationError(_("The backup {path} failed its check and was deleted: {reason}",
                                            path=str(final), reason="; ".join(found.problems)))
        target.commit()
    except BaseException as exc:
        target.discard()
        if isinstance(exc, sqlite3.Error):
            raise (classify_sqlite_error(exc, str(db_path)) or exc) from exc
        if isinstance(exc, OSError):
            raise atomic.write_error(final, exc) from exc
        raise
    if progress is not None:
        progress((1 + VERIFY_WEIGHT) * pages, (1 + VERIFY_WEIGHT) * pages)
    info.size = final.stat().st_size
    # this PC's folder (core.firm.workstation); a database from before keeps its old setting's value once
    second = workstation.backup_folder(db_path, shared=lambda: found.settings.get(workstation.OLD_SECOND_FOLDER))
    if second and not (Path(second).is_dir() and Path(second).resolve() == folder.resolve()):
        info.second_copy, info.second_copy_error = _copy_to_second(final, Path(second).expanduser())
    log.info("backup %s (%s bytes, %s)", final, info.size, info.counts)
    return info


def list_backups(folder: Path | str | None = None, *, with_counts: bool = False) -> list[BackupInfo]:
    """The backup files in ``folder`` (default: the backups folder), newest first.

    Cheap: date, kind and database come from the name; ``with_counts`` also reads schema
    and row counts (no integrity check — that is :func:`describe`).
    """
    folder = Path(folder) if folder is not None else paths.backups_dir()
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in folder.iterdir():
        if path.suffix != ".db" or path.name.startswith(".") or not path.is_file():
            continue
        try:
            info = _info_from_name(path)
        except OSError:
            continue
        if with_counts:
            info.take(examine(path, integrity=False), checked=False)
        found.append(info)
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return found


def describe(path: Path | str, *, progress: Progress | None = None,
             cancelled: Cancelled | None = None) -> BackupInfo:
    """What a backup holds — date, schema, counts, integrity — read without changing the file.

    Problems (not a database, not ours, damaged, newer schema) are listed in ``problems``
    and ``verified`` is False; raises ``KnownError`` only when the file does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise KnownError(_("The file {path} does not exist.", path=str(path)))
    return _info_from_name(path).take(examine(path, progress=progress, cancelled=cancelled))


# --------------------------------------------------------------------------- daily backups and rotation


def _read_last_backup(db_path: Path) -> str:
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            return str(read_setting(conn, "last_backup", "") or "")
        finally:
            conn.close()
    except sqlite3.Error:
        return ""


def record_last_backup(db_path: Path | str, when: dt.datetime) -> None:
    """Store ``when`` in the database's setting ``last_backup`` (one tiny write of its own).

    The app calls it on its writer thread (``auto_backup_if_due(..., record=False)`` first);
    a failure is logged, never raised: the backup itself is made.
    """
    db_path = Path(db_path)
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=10)
        try:
            conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('last_backup', ?)",
                         [json.dumps(when.isoformat(timespec="seconds"))])
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("could not record the last backup in %s: %s", db_path, exc)


def rotate(folder: Path | str, database: str, *, keep_daily: int = KEEP_DAILY,
           keep_monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Delete all but the newest daily and monthly backups of ``database``; returns what was deleted.

    Manual backups and the before-restore/before-migration copies are never deleted.
    """
    backups = [b for b in list_backups(folder) if b.database == database]
    removed: list[Path] = []
    for kind, keep in (("daily", keep_daily), ("monthly", keep_monthly)):
        for old in [b for b in backups if b.kind == kind][keep:]:
            try:
                old.path.unlink()
                removed.append(old.path)
            except OSError as exc:
                log.warning("could not delete the old backup %s: %s", old.path, exc)
    return removed


def _link_or_copy(source: Path, target: Path) -> Path:
    """A second name for a backup: a hard link (no extra space), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        copy_file(source, target)
    return target


def auto_backup_if_due(db_path: Path | str, now: dt.datetime | None = None, *,
                       folder: Path | str | None = None, record: bool = True, progress: Progress | None = None,
                       cancelled: Cancelled | None = None) -> BackupInfo | None:
    """The daily backup on start: ``None`` when today's exists, else the new (verified) backup.

    Keeps the first backup of each month as its monthly copy, rotates old files (module
    documentation) and, with ``record``, stores the time in the setting ``last_backup``
    (the app passes ``record=False`` and calls :func:`record_last_backup` on its writer thread).
    """
    db_path = Path(db_path)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = Path(folder) if folder is not None else paths.backups_dir()
    database = db_path.stem
    automatic = [b for b in list_backups(folder) if b.database == database and b.kind in ("daily", "monthly")]
    if (any(b.created.date() == now.date() for b in automatic)
            and _read_last_backup(db_path)[:10] == now.date().isoformat()):
        return None
    info = make_backup(db_path, to=folder, kind="daily", now=now, progress=progress, cancelled=cancelled)
    if not any(b.kind == "monthly" and (b.created.year, b.created.month) == (now.year, now.month) for b in automatic):
        try:
            info.monthly_copy = _link_or_copy(info.path, _free_name(folder, f"{database}-{now:%Y%m%d-%H%M}-monthly"))
        except OSError as exc:
            log.warning("could not keep %s as the monthly backup: %s", info.path, exc)
        if info.monthly_copy is not None and info.second_copy is not None:
            _copy_to_second(info.monthly_copy, info.second_copy.parent)
    rotate(folder, database)
    if info.second_copy is not None:
        rotate(info.second_copy.parent, database)
    if record:
        record_last_backup(db_path, now)
    return info


# --------------------------------------------------------------------------- restore


def _in_use(db_path: Path) -> KnownError:
    return KnownError(_("The database {path} is still open in another window or program. Close it and try again; "
                        "nothing was changed.", path=str(db_path)))


def take_over(db_path: Path) -> None:
    """Fold the WAL into the main file and make sure nobody else has the database open.

    Leaving WAL mode needs the only connection: if SQLite says busy, someone still uses the
    file and nothing may be swapped. A file that is not a database has no WAL worth keeping
    (and it was copied aside): its stale ``-wal``/``-shm`` are simply removed.
    """
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=2)
        try:
            mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            raise _in_use(db_path) from exc
        mode = "delete"
    except sqlite3.DatabaseError:
        mode = "delete"
    if mode == "wal":
        raise _in_use(db_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _keep_current(db_path: Path, keep_dir: Path, now: dt.datetime) -> Path | None:
    """Copy the current database aside before it is replaced (a raw copy if SQLite cannot read it)."""
    if not db_path.is_file():
        return None
    keep_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(keep_dir)
    kept = _free_name(keep_dir, f"before-restore-{db_path.stem}-{now:%Y%m%d-%H%M%S}")
    target = atomic.AtomicFile(kept, durable=True)
    try:
        try:
            online_copy(db_path, target.temp, live=True)
        except sqlite3.DatabaseError:
            shutil.copyfile(db_path, target.temp)  # the raw bytes, over what SQLite began to write
            wal = Path(f"{db_path}-wal")
            if wal.is_file() and wal.stat().st_size:
                copy_file(wal, Path(f"{kept}-wal"))
        return target.commit()
    finally:
        target.discard()


def restore(backup_path: Path | str, db_path: Path | str, *, keep_dir: Path | str | None = None,
            checked: BackupInfo | None = None, now: dt.datetime | None = None, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> RestoreResult:
    """Replace the database with a checked backup, keeping a copy of the current file first.

    The caller holds the writer lock and has closed its connections. A missing, foreign,
    damaged or too-new file raises a ``KnownError`` (:class:`RestoreRefusedError`) naming the
    file and the reason, and the database is untouched. An older schema is fine: the next
    writer's ``core.session`` migrates it. The previous database is kept in ``keep_dir`` (default:
    the backups folder) as ``before-restore-<db>-YYYYMMDD-HHMMSS.db``.

    ``checked``: the :func:`describe` result the user just saw. When it is restorable and
    the file has not changed since (same size and modification time), its integrity check
    is not repeated (it takes 15–30 s on the reference data set); identity and schema are.
    """
    backup_path, db_path = Path(backup_path), Path(db_path)
    now = (now or dt.datetime.now()).replace(microsecond=0)

    def refused(reason: str) -> RestoreRefusedError:
        return RestoreRefusedError(_("{path} cannot be restored: {reason}. The current database was not changed.",
                                     path=str(backup_path), reason=reason))

    if backup_path.is_file() and db_path.is_file() and backup_path.samefile(db_path):
        raise refused(_("that is the database itself"))
    if not backup_path.is_file():
        raise refused(_("the file does not exist"))
    if (checked is not None and checked.restorable and checked.path == backup_path
            and checked.stamp == _stamp(backup_path)):
        info = _info_from_name(backup_path).take(examine(backup_path, integrity=False))
        info.integrity, info.verified = checked.integrity, not info.problems
    else:
        info = describe(backup_path, cancelled=cancelled)
    if not info.restorable:
        raise refused("; ".join(info.problems))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if db_path.is_file():
        recover_hot_journal(db_path)  # the copy kept aside is then the last committed state
    remove_leftovers(db_path.parent, prefix=f".{db_path.name}.")  # the caller holds the writer lock
    staged = atomic.AtomicFile(db_path, durable=True)
    kept: Path | None = None
    swapped = False
    try:
        _pages, version = online_copy(backup_path, staged.temp, live=False, progress=progress, cancelled=cancelled)
        copy = examine(staged.temp, integrity=False)
        if copy.problems or version != info.schema_version:
            raise refused("; ".join(copy.problems) or _("the copy has schema {found} instead of {expected}",
                                                        found=version, expected=info.schema_version))
        kept = _keep_current(db_path, Path(keep_dir) if keep_dir is not None else paths.backups_dir(), now)
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        if db_path.exists():
            take_over(db_path)
        staged.commit()
        swapped = True
    except BaseException as exc:
        staged.discard()
        if kept is not None and not swapped:  # nothing was restored: the copy aside is not needed
            kept.unlink(missing_ok=True)
            Path(f"{kept}-wal").unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise (classify_sqlite_error(exc, str(db_path)) or exc) from exc
        if isinstance(exc, OSError) and not swapped:
            raise refused(_reason(exc)) from exc
        raise
    log.info("restored %s from %s (previous database kept as %s)", db_path, backup_path, kept)
    return RestoreResult(db_path, info, kept)


# --------------------------------------------------------------------------- the daily job


ServerSteps = tuple[Callable[[jobs.JobContext], "BackupInfo | None"], Callable[[jobs.JobContext, BackupInfo], None]]
_server_steps: list[ServerSteps] = []


def on_server(make: Callable[[jobs.JobContext], BackupInfo | None],
              record: Callable[[jobs.JobContext, BackupInfo], None]) -> None:
    """The daily backup's two steps on a shared database (``core.server_snapshot`` registers its snapshot)."""
    _server_steps[:] = [(make, record)]


def _daily_backup(ctx: jobs.JobContext) -> BackupInfo | None:
    """The daily job's reading step: today's backup unless there is one (runs beside the writer)."""
    if ctx.location:  # the shared database: a snapshot of the server
        return _server_steps[0][0](ctx) if _server_steps else None
    return auto_backup_if_due(ctx.db_path, ctx.now, record=False, progress=ctx.progress, cancelled=ctx.cancelled)


def _record_daily_backup(ctx: jobs.JobContext, info: BackupInfo | None) -> jobs.Outcome:
    """Its writing step: the time of the backup in the setting ``last_backup``."""
    if info is None:
        return jobs.Outcome(False)
    if ctx.location:
        _server_steps[0][1](ctx, info)
    else:
        record_last_backup(ctx.db_path, info.created)
    counts = {"path": str(info.path), "size": info.size, "second_copy": str(info.second_copy or "") or None,
              "second_copy_error": info.second_copy_error}
    summary = str(info.path) + (f"; {info.second_copy_error}" if info.second_copy_error else "")
    return jobs.Outcome(True, counts, summary)


jobs.register(jobs.Job("backup", 10, lambda: _("Backup"), _record_daily_backup, prepare=_daily_backup))
