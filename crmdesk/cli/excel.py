"""``crmdesk template NAME OUT.xlsx`` and ``crmdesk export KIND OUT.xlsx [--mask] [--view NAME]`` (docs/spec.md
§6, §8).

Exports only read the database (a reading session, ``core.session``), so they do not take the
writer lock (the app may be open on the same file); personal data is decrypted, then masked or
not; an unmasked export of personal data adds one row to the audit log. The owner's custom
fields (设置 → 自定义字段) are extra columns of the customer and ticket templates and exports;
a template reads their definitions from the database when there is one (no key needed).
``--view NAME`` exports the registry as a saved view (常用视图) shows it: its filters and order.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from crmdesk.cli.common import opened_database, progress_printer
from crmdesk.core.i18n import _
from crmdesk.core.store.errors import KnownError


class WrongUsage(KnownError):
    """An option that does not fit the command (``--view`` of a list without views, a view nobody saved)."""

    exit_code = 2


# Kept here (not imported from crmdesk.io) so that building the parser does not load the io layer.
TEMPLATE_NAMES = ["registration", "ticket", "tiers", "interactions", "changes", "complaint", "survey", "equipment"]
EXPORT_KINDS = ["customers", "tickets", "interactions", "tiers", "changes", "surveys", "complaints", "equipment", "staff",
                "routing"]


def run_template(args: argparse.Namespace) -> int:
    """Write an empty template (with the custom fields of the database, when there is one)."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core import session as sessions
    from crmdesk.io.excel.templates import get_template, spec_for, write_template

    get_template(args.name)  # an unknown name is refused before any database is looked at
    path = sessions.resolve(args.db)
    if not path.is_file() or path.stat().st_size == 0:
        spec = get_template(args.name)
        written = write_template(args.name, args.out, custom=False)
        print(_("{path}: template {title} ({columns} columns)", path=str(written), title=spec.title,
                columns=len(spec.columns)))
        return 0
    # field definitions are not personal data: the key is not needed (nor looked up)
    with sessions.open_session(args.db, write=False, key=sessions.KEY_LATER) as session:
        spec = spec_for(args.name)
        written = write_template(args.name, args.out)
        extra = len(spec.columns) - len(get_template(args.name).columns)
    if extra:
        print(_("{path}: template {title} ({columns} columns, {custom} of them custom fields of {db})",
                path=str(written), title=spec.title, columns=len(spec.columns), custom=extra, db=session.path.name))
    else:
        print(_("{path}: template {title} ({columns} columns)", path=str(written), title=spec.title,
                columns=len(spec.columns)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Export a list from the database: a reading session (personal data decrypted, then masked
    or not); an unmasked export of personal data appends its audit-log row."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.core import saved_views
    from crmdesk.core.customers import registry
    from crmdesk.core.tickets import board as ticket_board
    from crmdesk.io.excel.export import SOURCES, export
    from crmdesk.io.excel.templates import TEMPLATES

    if args.kind in ("staff", "routing"):
        return _export_sheet(args)
    started = time.perf_counter()
    # never creates an empty database just to export nothing, nor a key; a database whose key
    # is not on this PC is refused with the "enter the recovery code" message
    view_name = getattr(args, "view", None)
    scope = "tickets" if args.kind == "tickets" else "customers"
    if view_name and args.kind not in ("customers", "tiers", "tickets"):
        raise WrongUsage(_("--view applies to the customer list (customers, tiers) and the ticket board (tickets), "
                           "not to {kind}.", kind=args.kind))
    with opened_database(args.db, write=False, must_exist=True):
        only: Any = None  # a registry query, or the board's ticket ids
        if view_name:  # the list as the saved view shows it: its filters (and the registry's order)
            try:
                view = saved_views.get(scope, view_name)
            except KnownError as error:
                raise WrongUsage(error.message) from None
            if scope == "customers":
                saved = registry.query_from_state(view.state)
                only, dropped = saved.query, saved.dropped
            else:  # the board's cards, column by column ("mine" needs a user: left out here)
                board_filter, dropped = ticket_board.filter_from_state(view.state)
                if view.state.get("mine"):
                    dropped = [*dropped, _("only my tickets")]
                only = ticket_board.card_ids(board_filter)
            if dropped:
                print(_("The view “{view}” left out what does not apply here: {conditions}",
                        view=view_name, conditions="；".join(dropped)), file=sys.stderr)
        result = export(args.kind, args.out, mask=args.mask, progress=progress_printer("export"), only=only)
    if not SOURCES[args.kind].personal:
        privacy = _("no personal data")
    elif args.mask:
        privacy = _("personal data masked")
    else:
        privacy = _("personal data NOT masked, recorded in the audit log")
    print(_("{path}: {rows} rows of {title} ({privacy}, {seconds:.1f} s)", path=str(result.path), rows=result.rows,
            title=TEMPLATES[SOURCES[args.kind].template].title, privacy=privacy,
            seconds=time.perf_counter() - started))
    return 0


def _export_sheet(args: argparse.Namespace) -> int:
    """The staff-and-departments sheet or the routing table (docs/spec.md §13), ready to edit and import back."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.excel import org_sheets

    started = time.perf_counter()
    spec, write, rows = ((org_sheets.STAFF_SHEET, org_sheets.write_people, org_sheets.people_rows)
                         if args.kind == "staff" else
                         (org_sheets.ROUTING_SHEET, org_sheets.write_routing, org_sheets.routing_rows))
    with opened_database(args.db, write=False, must_exist=True):
        count = len(rows())
        path = write(args.out)
    print(_("{path}: {rows} rows of {title} ({privacy}, {seconds:.1f} s)", path=str(path), rows=count,
            title=spec.title, privacy=_("no personal data"), seconds=time.perf_counter() - started))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``template`` and ``export`` commands."""
    template = sub.add_parser("template", help="生成空白的 Excel 模板")
    template.add_argument("name", choices=TEMPLATE_NAMES, metavar="NAME",
                          help="模板名称，可选：" + " ".join(TEMPLATE_NAMES))
    template.add_argument("out", metavar="OUT.xlsx", help="要写入的 Excel 文件")
    template.set_defaults(func=run_template)

    export = sub.add_parser("export", help="按模板格式把列表导出到 Excel")
    export.add_argument("kind", choices=EXPORT_KINDS, metavar="KIND", help="导出内容，可选：" + " ".join(EXPORT_KINDS))
    export.add_argument("out", metavar="OUT.xlsx", help="要写入的 Excel 文件")
    export.add_argument("--mask", action="store_true", help="隐藏手机、电话、邮箱和地址（含设备安装地址）（脱敏）")
    export.add_argument("--view", metavar="NAME",
                        help="按已保存的常用视图导出（客户列表 customers、tiers：它的筛选和排序；工单 tickets：看板的筛选）")
    export.set_defaults(func=run_export)
