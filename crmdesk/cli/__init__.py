"""The command line (docs/spec.md §8): parses arguments, calls core/io, prints.

``crmdesk`` alone opens the desktop app. The subcommands serve the owner's scripts
and scheduled tasks (``crmdesk daily`` runs the daily jobs where the window is not open);
their names, options, JSON and exit codes are a contract (README "Command line"):
0 success, 1 the work could not be done (the message says why), 2 wrong usage.

The help, argparse's own words and the messages follow ``--lang`` (Chinese by default): the
language is read from the arguments before the parser is built, since argparse formats the help
texts it was given.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from crmdesk import __version__
from crmdesk.core.firm import staff
from crmdesk.core.i18n import N_, _, set_language
from crmdesk.core.store import paths
from crmdesk.core.store.errors import KnownError, classify_server_error, classify_sqlite_error
from crmdesk.logsetup import setup_logging


def operator_help() -> str:
    """The help of ``--operator`` (the main parser and every subcommand take it)."""
    return _("name of the staff member recorded as the operator (default: the current user chosen for this "
             "database on this PC)")


def command_modules() -> list[str]:
    """Every module of this package except the shared helpers: each adds its subcommands
    with ``register(subparsers)``."""
    import pkgutil  # start-up: the window's arguments need no command modules

    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in ("common",))


# argparse's own words (usage, group titles, its error messages) in the app's language; the groups
# of each pattern fill {a}, {b}, {c}
_ARGPARSE_WORDS = [
    (re.compile(r"^the following arguments are required: (.*)$"), N_("the following arguments are required: {a}")),
    (re.compile(r"^unrecognized arguments: (.*)$"), N_("unrecognized arguments: {a}")),
    (re.compile(r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$"),
     N_("argument {a}: invalid choice: {b} (choose from {c})")),
    (re.compile(r"^argument (.*?): invalid (\S+) value: (.*)$"), N_("argument {a}: invalid {b} value: {c}")),
    (re.compile(r"^argument (.*?): expected one argument$"), N_("argument {a}: expected one argument")),
    (re.compile(r"^argument (.*?): (.*)$"), N_("argument {a}: {b}")),
    (re.compile(r"^ambiguous option: (.*?) could match (.*)$"), N_("ambiguous option: {a} could match {b}")),
]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An argument parser that speaks the chosen language: its help, titles and usage errors (exit status 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=_("show this help message and exit"))

    def format_help(self) -> str:
        # argparse ends each section title with ":"; Chinese text takes the full-width colon
        colon = _("{title}:", title="")
        return re.sub(r"^(\S[^\n:]*):$", lambda m: _("{title}:", title=m.group(1)), super().format_help(),
                      flags=re.M) if colon != ":" else super().format_help()

    def error(self, message: str) -> NoReturn:
        for pattern, words in _ARGPARSE_WORDS:
            if match := pattern.match(message):
                message = _(words, **dict(zip("abc", match.groups())))
                break
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {text}", prog=self.prog, text=message) + "\n")


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The argument parser of every command (``commands=False``: only the options of the window)."""
    parser = Parser(
        prog="crmdesk", description=_("CRMDesk: customer records, tickets, follow-ups and reports, offline. "
                                      "Without a command it opens the window."))
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}",
                        help=_("show the version number and exit"))
    parser.add_argument("--db", metavar="PATH", help=_("database file (default: crmdesk.db in the data folder)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the program on the demo database (with simulated realistic data)"))
    parser.add_argument("--lang", default=None, choices=["zh_CN", "en"],
                        help=_("interface language (default: the one chosen in the settings, else zh_CN "
                               "Simplified Chinese)"))
    parser.add_argument("--operator", metavar="NAME", help=operator_help())
    parser.add_argument("--no-err-windows", action="store_true",
                        help=_("on errors write to the log and standard error instead of showing a dialog"))
    parser.add_argument("-v", "--verbose", action="store_true", help=_("log more detail"))
    parser.add_argument("--exit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"),
                                help=_("one of the following commands (without one the window opens)"))
    for module in command_modules():
        importlib.import_module(f"crmdesk.cli.{module}").register(sub)
    return parser


def _add_db_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after the subcommand too (``crmdesk demo --db x.db``)."""
    for action in parser._subparsers._group_actions if parser._subparsers else []:  # noqa: SLF001 - argparse's own list
        for sub in getattr(action, "choices", {}).values():
            sub.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_("database file"))
            sub.add_argument("--operator", metavar="NAME", default=argparse.SUPPRESS, help=operator_help())


def _window_args(argv: list[str] | None) -> argparse.Namespace | None:
    """The arguments when they only open the window (no command, no help), else ``None``.

    start-up: the window then does not import every command module to build their parsers
    (~12 ms before the first paint); anything else goes through the full parser.
    """
    words = sys.argv[1:] if argv is None else argv
    if "-h" in words or "--help" in words:
        return None
    args, rest = build_parser(commands=False).parse_known_args(words)
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns (and exits with) the exit status."""
    gc.disable()  # start-up: the window's modules load without collections (see crmdesk.__main__)
    try:
        code = _run(argv)
    finally:
        gc.enable()  # a command's, and whatever ends before the window's first paint
    if argv is None:
        sys.exit(code)
    return code


def _run(argv: list[str] | None) -> int:
    set_language(_language_asked(sys.argv[1:] if argv is None else argv))  # the help is written in it
    args = _window_args(argv)
    if args is None:
        parser = build_parser()
        _add_db_option_everywhere(parser)
        args = parser.parse_args(argv)
    set_language(args.lang or "zh_CN")
    if args.command is None:
        from crmdesk.ui import import_scan  # start-up: before the window's modules (PySide6 reads each one)

        import_scan.install()
        from crmdesk.app import run_gui  # start-up: a command never loads Qt and the window

        return run_gui(args)  # collections resume after the first paint
    gc.enable()
    setup_logging(paths.log_file(), verbose=args.verbose, to_stderr=True)
    staff.use_operator_name(args.operator)  # else the user chosen on this PC (core.firm.workstation)
    try:
        code = args.func(args)
    except KnownError as error:
        print(error.message, file=sys.stderr)
        return error.exit_code
    except Exception as error:  # noqa: BLE001 - only what a user can cause becomes a message
        return _expected_failure(error)
    if code == 0:  # it worked on the server: the password given in the environment is kept
        from crmdesk.cli.common import remember_server_password  # start-up: not for the window

        remember_server_password(getattr(args, "db", None))
    return code


def _language_asked(argv: list[str]) -> str:
    """The ``--lang`` of ``argv`` before argparse reads it (``--lang en`` or ``--lang=en``); Chinese by default."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "zh_CN"


def _expected_failure(error: Exception) -> int:
    """A file the user named that cannot be read or written, or a database error we know (read-only,
    full disk, busy): its message on stderr and exit status 1, not a traceback. Anything else is a
    bug and is raised again."""
    if isinstance(error, OSError):
        logging.getLogger("crmdesk").error("%s", error, exc_info=error)
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}", file=sys.stderr)
        return 1
    known = classify_sqlite_error(error) or classify_server_error(error)
    if known is None:
        raise error
    logging.getLogger("crmdesk").error("%s", known.message, exc_info=error)
    print(known.message, file=sys.stderr)
    return known.exit_code


def gui_main() -> None:
    """Entry point of the windowed executable (no console on Windows)."""
    main()


if __name__ == "__main__":
    main()
