"""The command line (docs/spec.md §8): parses arguments, calls core/io, prints.

``crmdesk`` alone opens the desktop app. The subcommands serve the owner's scripts
and scheduled tasks (``crmdesk daily`` runs the daily jobs where the window is not open);
their names, options, JSON and exit codes are a contract (README "Command line"):
0 success, 1 the work could not be done (the message says why), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import re
import sys
from typing import NoReturn

from crmdesk import __version__
from crmdesk.core.firm import staff
from crmdesk.core.i18n import set_language
from crmdesk.core.store import paths
from crmdesk.core.store.errors import KnownError, classify_server_error, classify_sqlite_error
from crmdesk.logsetup import setup_logging

OPERATOR_HELP = "记为操作人的员工姓名（默认：这台电脑上为该数据库选定的当前用户）"


def command_modules() -> list[str]:
    """Every module of this package except the shared helpers: each adds its subcommands
    with ``register(subparsers)``."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in ("common",))


# argparse's own words (usage, group titles, its error messages) in the app's language
_ARGPARSE_WORDS = [
    (re.compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (re.compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$"), r"参数 \1：无效的选项 \2（可选：\3）"),
    (re.compile(r"^argument (.*?): invalid (\S+) value: (.*)$"), r"参数 \1：无效的值 \3"),
    (re.compile(r"^argument (.*?): expected one argument$"), r"参数 \1：需要一个值"),
    (re.compile(r"^argument (.*?): (.*)$"), r"参数 \1：\2"),
    (re.compile(r"^ambiguous option: (.*?) could match (.*)$"), r"有歧义的选项：\1 可能是 \2"),
]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # noqa: ANN001 - argparse's signature
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An argument parser that speaks Chinese: its help, titles and usage errors (exit status 2)."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - argparse's signature
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_help(self) -> str:
        # argparse ends each section title with ":"; Chinese text takes the full-width colon
        return re.sub(r"^(\S[^\n:]*):$", r"\1：", super().format_help(), flags=re.M)

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _ARGPARSE_WORDS:
            if pattern.match(message):
                message = pattern.sub(chinese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The argument parser of every command (``commands=False``: only the options of the window)."""
    parser = Parser(
        prog="crmdesk", description="客户服务台（CRMDesk）：离线的客户档案、工单、跟进和报表。不带命令时打开程序窗口。")
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}", help="显示版本号并退出")
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认：数据文件夹中的 crmdesk.db）")
    parser.add_argument("--demo", action="store_true", help="在演示数据库上打开程序（含模拟的真实数据）")
    parser.add_argument("--lang", default=None, choices=["zh_CN", "en"],
                        help="界面语言（默认：设置中选择的语言，否则为 zh_CN 简体中文）")
    parser.add_argument("--operator", metavar="NAME", help=OPERATOR_HELP)
    parser.add_argument("--no-err-windows", action="store_true", help="出错时写入日志和标准错误输出，不弹出对话框")
    parser.add_argument("-v", "--verbose", action="store_true", help="日志中记录更多细节")
    parser.add_argument("--exit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令",
                                help="下列命令之一（不带命令时打开程序窗口）")
    for module in command_modules():
        importlib.import_module(f"crmdesk.cli.{module}").register(sub)
    return parser


def _add_db_option_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after the subcommand too (``crmdesk demo --db x.db``)."""
    for action in parser._subparsers._group_actions if parser._subparsers else []:  # noqa: SLF001
        for sub in getattr(action, "choices", {}).values():
            sub.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="数据库文件")
            sub.add_argument("--operator", metavar="NAME", default=argparse.SUPPRESS, help=OPERATOR_HELP)


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

        code = run_gui(args)
    else:
        setup_logging(paths.log_file(), verbose=args.verbose, to_stderr=True)
        staff.use_operator_name(args.operator)  # else the user chosen on this PC (core.firm.workstation)
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
    if isinstance(error, OSError):
        logging.getLogger("crmdesk").error("%s", error, exc_info=True)
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}", file=sys.stderr)
        return 1
    known = classify_sqlite_error(error) or classify_server_error(error)
    if known is None:
        raise error
    logging.getLogger("crmdesk").error("%s", known.message, exc_info=True)
    print(known.message, file=sys.stderr)
    return known.exit_code


def gui_main() -> None:
    """Entry point of the windowed executable (no console on Windows)."""
    main()


if __name__ == "__main__":
    main()
