"""``crmdesk template NAME OUT.xlsx`` and ``crmdesk export KIND OUT.xlsx [--mask]`` (docs/spec.md §6, §8).

Exports only read the database (a reading session, ``core.session``), so they do not take the
writer lock (the app may be open on the same file); personal data is decrypted, then masked or
not; an unmasked export of personal data adds one row to the audit log.
"""

from __future__ import annotations

import argparse
import time

from crmdesk.cli.common import opened_database, progress_printer
from crmdesk.core.i18n import _

# Kept here (not imported from crmdesk.io) so that building the parser does not load the io layer.
TEMPLATE_NAMES = ["registration", "ticket", "tiers", "interactions", "changes", "complaint", "survey", "equipment"]
EXPORT_KINDS = ["customers", "tickets", "interactions", "tiers", "changes", "surveys", "complaints", "equipment", "staff",
                "routing"]


def run_template(args: argparse.Namespace) -> int:
    """Write an empty template."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.excel.templates import get_template, write_template

    spec = get_template(args.name)
    path = write_template(args.name, args.out)
    print(_("{path}: template {title} ({columns} columns)", path=str(path), title=spec.title,
            columns=len(spec.columns)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Export a list from the database: a reading session (personal data decrypted, then masked
    or not); an unmasked export of personal data appends its audit-log row."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.excel.export import SOURCES, export
    from crmdesk.io.excel.templates import TEMPLATES

    if args.kind in ("staff", "routing"):
        return _export_sheet(args)
    started = time.perf_counter()
    # never creates an empty database just to export nothing, nor a key; a database whose key
    # is not on this PC is refused with the "enter the recovery code" message
    with opened_database(args.db, write=False, must_exist=True):
        result = export(args.kind, args.out, mask=args.mask, progress=progress_printer("export"))
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
    export.set_defaults(func=run_export)
