"""The command line (SPEC §8): parses arguments, calls core/io, prints.

``crmdesk`` alone opens the desktop app. The subcommands serve the owner's scripts
and scheduled tasks; their names, options, JSON and exit codes are a contract:
0 success, 1 the work could not be done (the message says why), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from crmdesk import __version__
from crmdesk.core import paths
from crmdesk.core.errors import KnownError



def command_modules() -> list[str]:
    """Every module of this package except the shared helpers: each adds its subcommands
    with ``register(subparsers)``."""
    import pkgutil

    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in ("common",))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="crmdesk", description="CRMDesk 客户服务台 — offline service desk. Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: crmdesk.db in the data folder)")
    parser.add_argument("--demo", action="store_true", help="open the app on a demo database with realistic data")
    parser.add_argument("--lang", default=None, choices=["zh_CN", "en"],
                        help="user interface language (default: the one chosen in the settings, else zh_CN)")
    parser.add_argument("--no-err-windows", action="store_true",
                        help="write errors to the log and stderr instead of showing dialogs")
    parser.add_argument("-v", "--verbose", action="store_true", help="more detail in the log")
    parser.add_argument("--exit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules():
        importlib.import_module(f"crmdesk.cli.{module}").register(sub)
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

    set_language(args.lang or "zh_CN")
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
        except Exception as error:  # noqa: BLE001 - only what a user can cause becomes a message
            code = _expected_failure(error)
    if argv is None:
        sys.exit(code)
    return code


def _expected_failure(error: Exception) -> int:
    """A file the user named that cannot be read or written, or a database error we know (read-only,
    full disk, busy): its message on stderr and exit status 1, not a traceback. Anything else is a
    bug and is raised again."""
    import logging

    from crmdesk.core.errors import classify_sqlite_error

    if isinstance(error, OSError):
        logging.getLogger("crmdesk").error("%s", error, exc_info=True)
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}", file=sys.stderr)
        return 1
    known = classify_sqlite_error(error)
    if known is None:
        raise error
    logging.getLogger("crmdesk").error("%s", known.message, exc_info=True)
    print(known.message, file=sys.stderr)
    return known.exit_code


if __name__ == "__main__":
    main()
