"""``crmdesk holidays import FILE`` and ``crmdesk holidays status``: the working calendar's years.

``import`` loads a year's holiday arrangement from the State Council's notice saved as text
(``.txt``: the numbered items “一、元旦：1月1日放假……”) or from an ``.ics`` holiday calendar, stores
it (open tickets' dues and planned follow-ups are re-counted, as when it is entered in the app)
and prints what it set. ``--dry-run`` only reads and prints; ``--json`` prints one object
``{"years": [{"year", "holidays", "workdays", "warnings", "tickets_moved", "followups_moved"}],
"stored"}``. A notice whose stated weekdays or day counts do not fit its dates is not stored
without ``--force`` (the warnings say what does not fit, often a wrong ``--year``).

``status`` prints, for last year to the year after next, whether the shipped calendar covers
it, the owner entered it, or it is missing. Exit status: 0 done, 1 the file could not be read or
stored (or warnings without ``--force``), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from crmdesk.cli.common import opened_database
from crmdesk.core.i18n import N_, _

# how a year's arrangement was entered (core.firm.holidays.SOURCES)
SOURCE_NAMES = {"notice": N_("notice"), "ics": N_("ics"), "table": N_("table")}


def _arrangements(path: Path, year: int | None) -> list[tuple[int, list, list[str]]]:
    """(year, days, warnings) of each year the file arranges."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.firm import holiday_notice
    from crmdesk.io import holiday_files

    if path.suffix.lower() == ".ics":
        years = holiday_files.read_ics(path)
        return [(y, days, []) for y, days in sorted(years.items()) if year is None or y == year]
    arrangement = holiday_notice.parse(holiday_files.read_notice_file(path), year)
    days = [d for d in arrangement.days if d.date.year == arrangement.year]
    return [(arrangement.year, days, arrangement.warnings)]


def run_import(args: argparse.Namespace) -> int:
    """Read the file, show what it sets, store it unless it is a dry run or it looks wrong."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.firm import holidays

    found = _arrangements(Path(args.file), args.year)
    warned = any(warnings for _y, _d, warnings in found)
    store = not args.dry_run and (args.force or not warned)
    report = []
    with opened_database(args.db, write=store, must_exist=True):
        for year, days, warnings in found:
            line = {"year": year, "holidays": sum(not d.is_workday for d in days),
                    "workdays": sum(d.is_workday for d in days), "warnings": warnings,
                    "tickets_moved": 0, "followups_moved": 0}
            if store:
                stored = holidays.store_year(year, days, "ics" if Path(args.file).suffix.lower() == ".ics"
                                             else "notice")
                line["tickets_moved"], line["followups_moved"] = len(stored.tickets), stored.followups
            report.append(line)
    if args.json:
        print(json.dumps({"years": report, "stored": store}, ensure_ascii=False))
    else:
        for line in report:
            print(_("{year}: {holidays} holiday(s), {workdays} make-up working day(s)", **line))
            for warning in line["warnings"]:
                print(f"  ! {warning}", file=sys.stderr)
            print(_("  stored: due times of {tickets} open ticket(s) and {followups} follow-up(s) moved",
                    tickets=line["tickets_moved"], followups=line["followups_moved"]) if store
                  else _("  not stored (dry run)"))
    if warned and not store and not args.dry_run:
        print(_("Not stored: the warnings above say what does not fit. Check --year, or add --force to store "
                "anyway."), file=sys.stderr)
        return 1
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Each year around now: shipped, entered or missing."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core.firm import holidays

    this = dt.date.today().year
    with opened_database(args.db, write=False, must_exist=True):
        entered = holidays.entered_years()
        for year in range(this - 1, this + 3):
            status = holidays.year_status(year)
            if status == "package":
                text = _("shipped calendar")
            elif status == "entered":
                info = entered[year]
                source = SOURCE_NAMES.get(info.get("source", ""), SOURCE_NAMES["table"])
                text = _("entered ({source}, {at})", source=_(source), at=info.get("at", ""))
            else:
                text = _("missing: SLA dues count Monday–Friday only")
            print(f"{year}  {text}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``holidays`` command."""
    parser = sub.add_parser("holidays", help="工作日历：导入某年的放假安排，查看各年份情况")
    kinds = parser.add_subparsers(dest="holidays_command", metavar="COMMAND", required=True, title="操作")
    load = kinds.add_parser("import", help="导入放假安排：国务院办公厅通知的正文（.txt）或 .ics 日历")
    load.add_argument("file", metavar="FILE", help="通知正文（.txt）或 .ics 文件")
    load.add_argument("--year", type=int, metavar="YYYY", help="通知未写明年份时，指定年份")
    load.add_argument("--dry-run", action="store_true", help="只读取并显示，不保存")
    load.add_argument("--force", action="store_true", help="即使通知中的星期与日期不符也保存")
    load.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    load.set_defaults(func=run_import)
    status = kinds.add_parser("status", help="查看哪些年份已有放假数据")
    status.set_defaults(func=run_status)
