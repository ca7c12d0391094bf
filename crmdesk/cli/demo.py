"""``crmdesk demo --customers N [--seed S]``: fill an empty database with generated data.

Kill-safe (``core.demo.writer.build_database``): the data is generated and encrypted in a staging
file that replaces the database only when complete; the key is created first, under the
writer lock, and its recovery code printed once on stderr.
"""

from __future__ import annotations

import argparse
import time

from crmdesk.cli.common import print_recovery_code, progress_printer
from crmdesk.core.store import paths
from crmdesk.core.store.lock import DatabaseLock


def run(args: argparse.Namespace) -> int:
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.demo import writer as demo

    db_path = paths.resolve_db_path(args.db)
    started = time.perf_counter()
    with DatabaseLock(db_path) as lock:
        counts, result = demo.build_database(db_path, args.customers, seed=args.seed, lock=lock,
                                             progress=progress_printer("demo"))
        print_recovery_code(db_path, result)
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
