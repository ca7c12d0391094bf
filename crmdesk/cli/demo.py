"""``crmdesk demo --customers N [--seed S]``: fill an empty database with generated data."""

from __future__ import annotations

import argparse
import time

from crmdesk.cli.common import opened_database, progress_printer
from crmdesk.core import paths


def run(args: argparse.Namespace) -> int:
    from crmdesk.core import demo
    from crmdesk.core.lock import DatabaseLock

    from crmdesk.core import secrets

    db_path = paths.resolve_db_path(args.db)
    secrets.ensure_key_can_be_stored()  # before a long run whose data then could not be encrypted
    started = time.perf_counter()
    with DatabaseLock(db_path):
        counts = demo.generate(db_path, args.customers, seed=args.seed, progress=progress_printer("demo"))
        # Unlocking creates the key and encrypts the generated personal data (SPEC §7).
        with opened_database(args.db, write=True, take_lock=False) as database:
            database.execute_sql("ANALYZE")  # statistics for the query planner on the fresh data
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{table} {count}" for table, count in counts.items())
    print(f"{db_path}: {summary} ({elapsed:.1f} s)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command."""
    demo = sub.add_parser("demo", help="在空数据库中生成演示数据")
    demo.add_argument("--customers", type=int, required=True, metavar="N", help="客户数量")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子（相同的种子生成相同的数据，默认 1）")
    demo.set_defaults(func=run)
