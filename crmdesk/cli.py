"""The command line (SPEC §8): parses arguments, calls core/io, prints.

``crmdesk`` alone opens the desktop app. The subcommands serve the owner's scripts
and scheduled tasks; their names, options, JSON and exit codes are a contract:
0 success, 1 the work could not be done (the message says why), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from crmdesk import __version__
from crmdesk.core import paths
from crmdesk.core.errors import KnownError


def _progress_printer(label: str) -> Callable[[int, int], None]:
    """A one-line progress bar on stderr when it is a terminal."""
    tty = sys.stderr.isatty()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if not tty or (now - last[0] < 0.2 and done < total):
            return
        last[0] = now
        width = 30
        filled = int(width * done / total) if total else width
        print(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        if done >= total:
            print(file=sys.stderr)

    return progress


def _cmd_demo(args: argparse.Namespace) -> int:
    from crmdesk.core import demo
    from crmdesk.core.lock import DatabaseLock

    db_path = paths.resolve_db_path(args.db)
    started = time.perf_counter()
    with DatabaseLock(db_path):
        counts = demo.generate(db_path, args.customers, seed=args.seed, progress=_progress_printer("demo"))
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{table} {count}" for table, count in counts.items())
    print(f"{db_path}: {summary} ({elapsed:.1f} s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="crmdesk", description="CRMDesk 客户服务台 — offline service desk. Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: crmdesk.db in the data folder)")
    parser.add_argument("--demo", action="store_true", help="open the app on a demo database with realistic data")
    parser.add_argument("--lang", default="zh_CN", choices=["zh_CN", "en"], help="user interface language")
    parser.add_argument("--no-err-windows", action="store_true",
                        help="write errors to the log and stderr instead of showing dialogs")
    parser.add_argument("-v", "--verbose", action="store_true", help="more detail in the log")
    parser.add_argument("--exit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="fill a database with generated demo data")
    demo.add_argument("--customers", type=int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.set_defaults(func=_cmd_demo)
    return parser


def _add_db_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after the subcommand too (``crmdesk demo --db x.db``)."""
    for action in parser._subparsers._group_actions if parser._subparsers else []:  # noqa: SLF001
        for sub in getattr(action, "choices", {}).values():
            sub.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns (and exits with) the exit status."""
    parser = build_parser()
    _add_db_option_everywhere(parser)
    args = parser.parse_args(argv)
    from crmdesk.core.i18n import set_language

    set_language(args.lang)
    if args.command is None:
        from crmdesk.app import run_gui

        code = run_gui(args)
    else:
        from crmdesk.logsetup import setup_logging

        setup_logging(paths.log_file(), verbose=args.verbose, to_stderr=True)
        try:
            code = args.func(args)
        except KnownError as error:
            print(error.message, file=sys.stderr)
            code = error.exit_code
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":
    main()
