"""``crmdesk backup [--to DIR]``, ``crmdesk restore FILE``, ``crmdesk check`` (docs/spec.md §7, §8).

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

from crmdesk.cli.common import opened_database, progress_printer
from crmdesk.core.store import paths
from crmdesk.core.store.lock import DatabaseLock

STATUS = {"ok": "OK", "info": "INFO", "warning": "WARN", "fail": "FAIL"}


def _counts_text(counts: dict[str, int] | None) -> str:
    return ", ".join(f"{table} {count}" for table, count in (counts or {}).items())


def run_backup(args: argparse.Namespace) -> int:
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.safety import backup

    db_path = paths.resolve_db_path(args.db)
    info = backup.make_backup(db_path, to=args.to, kind="manual", progress=progress_printer("backup"))
    print(f"{info.path} ({info.size / 1_000_000:.1f} MB, verified; {_counts_text(info.counts)})")
    if info.second_copy is not None:
        print(f"copy: {info.second_copy}")
    if info.second_copy_error:
        print(info.second_copy_error)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.safety import backup, secrets

    db_path = paths.resolve_db_path(args.db)
    note = None
    with DatabaseLock(db_path) as lock:
        result = backup.restore(args.file, db_path, keep_dir=paths.backups_dir(), progress=progress_printer("restore"))
        # The restored file is opened as the writer opens it: upgraded if older, its key made
        # active (created for an old keyless backup) and any personal value in clear encrypted.
        try:
            with opened_database(args.db, write=True, lock=lock):
                pass
        except (secrets.KeyMissing, secrets.KeyStoreUnavailable, secrets.WrongKey) as error:
            note = error.message  # a backup from another PC: its recovery code opens it
    info = result.restored
    print(f"{db_path}: restored from {info.path} ({info.created:%Y-%m-%d %H:%M}, schema {info.schema_version}; "
          f"{_counts_text(info.counts)})")
    if result.kept is not None:
        print(f"previous database kept as {result.kept}")
    if note:
        print(note)
    return 0


def run_check(args: argparse.Namespace) -> int:
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.safety import integrity

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
