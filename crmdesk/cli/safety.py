"""``crmdesk backup [--to DIR]``, ``crmdesk restore FILE``, ``crmdesk check`` (docs/spec.md §7, §8).

With ``--db postgresql://…`` they work on the shared database (issue #19): ``backup`` writes a
verified snapshot of the server as a CRMDesk database file (``core.server_snapshot``; it opens on
any PC with the database's key or recovery code), ``restore`` replaces the server's rows by a backup
file's under the maintenance lock — refused while another PC is connected, and every PC that
starts meanwhile is refused with "维护中" — keeping a snapshot of the server first
(``core.server_transfer``), and ``check`` checks the server (``core.server_check``). The output
and the exit statuses are those of a file.

- ``backup`` only reads the database (it works while the app is open) and prints the new
  file, its size and counts; exit 1 when it could not be made or verified.
- ``restore`` takes the writer lock, so it refuses while the app (or another command) has
  the database open; the previous database is kept in the backups folder. The restored
  file is then opened for writing (``core.session``): upgraded, its key made active and
  stray clear values encrypted; a backup whose key is not on this PC is restored and the
  note says that its recovery code opens it.
- ``check`` prints one line per check — ``OK``, ``INFO``, ``WARN`` or ``FAIL``, the check and
  what it found — and exits 1 when any check failed (warnings do not fail). When no
  ``--db`` is given and the default database does not exist yet (a fresh install), it
  says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from crmdesk.cli.common import opened_database, progress_printer
from crmdesk.core.session import KEY_LATER
from crmdesk.core.store import paths, server
from crmdesk.core.store.lock import DatabaseLock

if TYPE_CHECKING:
    from crmdesk.core.safety.backup import BackupInfo

STATUS = {"ok": "OK", "info": "INFO", "warning": "WARN", "fail": "FAIL"}


def _counts_text(counts: dict[str, int] | None) -> str:
    return ", ".join(f"{table} {count}" for table, count in (counts or {}).items())


def _server(args: argparse.Namespace) -> server.ServerTarget | None:
    """The shared database the command works on, or ``None`` for a file."""
    return server.ServerTarget.parse(args.db) if args.db and server.is_server(args.db) else None


def run_backup(args: argparse.Namespace) -> int:
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.safety import backup

    target = _server(args)
    if target is not None:
        return _backup_server(args, target)
    db_path = paths.resolve_db_path(args.db)
    info = backup.make_backup(db_path, to=args.to, kind="manual", progress=progress_printer("backup"))
    print(f"{info.path} ({info.size / 1_000_000:.1f} MB, verified; {_counts_text(info.counts)})")
    if info.second_copy is not None:
        print(f"copy: {info.second_copy}")
    if info.second_copy_error:
        print(info.second_copy_error)
    return 0


def _backup_server(args: argparse.Namespace, target: server.ServerTarget) -> int:
    """A snapshot of the shared database as a CRMDesk file (``core.server_snapshot``)."""
    # start-up: as above
    from crmdesk.core import server_snapshot

    with opened_database(args.db, write=False, key=KEY_LATER):  # the maintenance lock held shared: not during a restore
        info = server_snapshot.snapshot(target, to=args.to, progress=progress_printer("backup"))
    print(f"{info.path} ({info.size / 1_000_000:.1f} MB, verified; {_counts_text(info.counts)})")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.safety import backup

    target = _server(args)
    if target is not None:
        return _restore_server(args, target)
    db_path = paths.resolve_db_path(args.db)
    with DatabaseLock(db_path) as lock:
        result = backup.restore(args.file, db_path, keep_dir=paths.backups_dir(), progress=progress_printer("restore"))
        note = _open_restored(args.db, lock)
    _print_restored(str(db_path), result.restored, result.restored.counts, result.kept, note)
    return 0


def _open_restored(db: str | None, lock: DatabaseLock | None = None) -> str | None:
    """Open the restored database as the writer opens it: upgraded if older, its key made active (created
    for an old keyless backup) and any personal value in clear encrypted; the note when the key is not here."""
    # start-up: as above
    from crmdesk.core.safety import secrets

    try:
        with opened_database(db, write=True, lock=lock):
            pass
    except (secrets.KeyMissing, secrets.KeyStoreUnavailable, secrets.WrongKey) as error:
        return error.message  # a backup from another PC: its recovery code opens it
    return None


def _print_restored(where: str, info: BackupInfo, counts: dict[str, int] | None, kept: object, note: str | None) -> None:
    print(f"{where}: restored from {info.path} ({info.created:%Y-%m-%d %H:%M}, schema {info.schema_version}; "
          f"{_counts_text(counts)})")
    if kept is not None:
        print(f"previous database kept as {kept}")
    if note:
        print(note)


def _restore_server(args: argparse.Namespace, target: server.ServerTarget) -> int:
    """Replace the shared database's rows by a backup file's (``core.server_transfer``)."""
    # start-up: as above
    from crmdesk.core import domains, server_transfer  # noqa: F401 - domains: the steps after a copy (search index)

    def table_done(table: str, rows: int) -> None:
        print(f"  {table}: {rows}", file=sys.stderr)

    result = server_transfer.restore_to_server(args.file, target, keep_dir=paths.backups_dir(), progress=table_done)
    note = _open_restored(args.db)
    _print_restored(str(target), result.restored, result.counts, result.kept.path if result.kept else None, note)
    return 0


def run_check(args: argparse.Namespace) -> int:
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core import server_check
    from crmdesk.core.safety import integrity

    target = _server(args)
    if target is not None:
        report = server_check.run_checks(target)
    else:
        db_path = paths.resolve_db_path(args.db)
        if args.db is None and not db_path.exists():
            print(f"INFO  no database yet at {db_path} (it is created when CRMDesk first starts)")
            return 0
        report = integrity.run_checks(db_path, progress=progress_printer("check"))
    for result in report:
        print(f"{STATUS.get(result.level, result.level.upper()):<5} {result.title or result.name}: {result.message}")
    return 0 if report.all_ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``backup``, ``restore`` and ``check`` commands."""
    backup = sub.add_parser("backup", help="备份数据库并校验备份（程序开着时也可以）")
    backup.add_argument("--to", metavar="DIR", help="备份存放的文件夹（默认：备份文件夹）")
    backup.set_defaults(func=run_backup)
    restore = sub.add_parser("restore", help="用备份替换数据库（当前数据库会留一份副本）")
    restore.add_argument("file", metavar="FILE", help="要恢复的备份文件")
    restore.set_defaults(func=run_restore)
    check = sub.add_parser("check", help="检查数据库：完整性、引用、结构版本、最近的备份")
    check.set_defaults(func=run_check)
