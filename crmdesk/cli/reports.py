"""``crmdesk report monthly|dossier|health|policy … --out FILE.pdf`` (docs/spec.md §5, §8, §13).

Reports only read the database, so they do not take the writer lock (they run while the
app is open, e.g. from a scheduled task on the first of the month). Exit status: 0 the PDF
was written; 1 it could not be (the message names why: no database, a month that is not
``YYYY-MM``, an unknown customer code, a folder that does not exist or cannot be written);
2 wrong usage (argparse).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from crmdesk.cli.common import opened_database
from crmdesk.core.i18n import _
from crmdesk.core.store.errors import KnownError


def _written(path: object, title: str, started: float) -> int:
    """Print what was written and how long it took; the exit status of success."""
    print(_("{path}: {title} ({seconds:.1f} s)", path=str(path), title=title, seconds=time.perf_counter() - started))
    return 0


def _month(text: str) -> object:
    """``--month``: a malformed month is wrong usage (argparse's message, exit status 2)."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.reports.kpi import Period

    try:
        return Period.parse_month(text)
    except KnownError as error:
        raise argparse.ArgumentTypeError(error.message) from error


def run_monthly(args: argparse.Namespace) -> int:
    """The monthly service report of ``--month`` (with the firm's written policy appended on ``--with-policy``)."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.pdf.monthly import document_title, write_monthly_report

    period = args.month
    started = time.perf_counter()
    with opened_database(args.db, write=False, must_exist=True):
        path = write_monthly_report(period, args.out, as_of=dt.datetime.now().replace(microsecond=0),
                                    with_policy=args.with_policy)
    return _written(path, document_title(period), started)


def run_policy(args: argparse.Namespace) -> int:
    """《售后服务流程规范》 and 《客户资料管理制度》 from the settings of the database."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.pdf.policy import HEADER, write_policy

    started = time.perf_counter()
    with opened_database(args.db, write=False, must_exist=True):
        path = write_policy(args.out)
    return _written(path, HEADER, started)


def run_dossier(args: argparse.Namespace) -> int:
    """One customer's dossier (personal numbers masked)."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.pdf.dossier import TITLE, customer_id_by_code, write_dossier

    started = time.perf_counter()
    with opened_database(args.db, write=False, must_exist=True):
        path = write_dossier(customer_id_by_code(args.code), args.out)
    return _written(path, f"{TITLE} {args.code}", started)


def run_health(args: argparse.Namespace) -> int:
    """The data-health report of the whole database."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.pdf.health import TITLE, write_health_report

    started = time.perf_counter()
    with opened_database(args.db, write=False, must_exist=True):
        path = write_health_report(args.out)
    return _written(path, TITLE, started)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` command with its three documents."""
    report = sub.add_parser("report", help="生成 PDF 报告：月度报告、客户档案或现状诊断")
    kinds = report.add_subparsers(dest="report", metavar="KIND", required=True, title="报告")
    monthly = kinds.add_parser("monthly", help="某个月的月度服务报告")
    monthly.add_argument("--month", required=True, type=_month, metavar="YYYY-MM", help="月份，例如 2026-10")
    monthly.set_defaults(func=run_monthly)
    dossier = kinds.add_parser("dossier", help="一位客户的客户档案（个人号码已隐藏）")
    dossier.add_argument("code", metavar="CODE", help="客户编号，例如 C2024001")
    dossier.set_defaults(func=run_dossier)
    health = kinds.add_parser("health", help="现状诊断报告：导入旧台账后的数据状况")
    health.set_defaults(func=run_health)
    policy = kinds.add_parser("policy", help="《售后服务流程规范》和《客户资料管理制度》（按当前设置生成）")
    policy.set_defaults(func=run_policy)
    monthly.add_argument("--with-policy", action="store_true", help="在月度报告后附上服务规范和客户资料管理制度")
    for parser in (monthly, dossier, health, policy):
        parser.add_argument("--out", required=True, metavar="FILE.pdf", help="要写入的 PDF 文件")
        parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_("database file"))
