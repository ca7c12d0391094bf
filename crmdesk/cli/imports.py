"""``crmdesk import FILE [--kind K] [--dry-run] [--errors OUT.xlsx] [--json]`` (docs/spec.md §6, §8).

Reads a legacy ledger (.xlsx/.xlsm/.xls/.csv), checks every row and imports the good ones
in one transaction; rejected rows go to an error workbook (``--errors``, by default
``<FILE>_错误行.xlsx`` beside the file when there are any). ``--dry-run`` checks and
counts without writing to the database. ``--json`` prints exactly one object
``{"rows", "created", "updated", "duplicates", "errors", "batch"}`` on stdout (batch is
null on a dry run). Exit status 0 when the import ran (rejected rows included), 1 when
the file could not be imported at all (the reason on stderr), 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from crmdesk.cli.common import opened_database, progress_printer
from crmdesk.core.firm import staff
from crmdesk.core.i18n import _
from crmdesk.core.store import db as dbmod
from crmdesk.core.store import paths

if TYPE_CHECKING:
    from crmdesk.io.importing.service import Preview

# Kept here (not imported from crmdesk.io) so that building the parser does not load the io layer.
KINDS = ["customers", "tickets", "interactions", "surveys", "equipment", "staff", "routing"]
# the firm's own set-up (docs/spec.md §13), applied as a whole sheet, not as a ledger batch
SHEET_KINDS = ("staff", "routing")


def run(args: argparse.Namespace) -> int:
    """Preview the file, then commit it unless ``--dry-run``."""
    if args.kind in SHEET_KINDS:
        return run_sheet(args)
    db_path = paths.resolve_db_path(args.db)
    started = time.perf_counter()
    if args.dry_run and not db_path.is_file():
        # Checking a ledger before the first database exists: against an empty schema in a
        # temporary folder, so a dry run never creates the database (nor its key).
        import tempfile

        with tempfile.TemporaryDirectory(prefix="crmdesk-dry-run-") as folder:
            empty = Path(folder) / "empty.db"
            dbmod.prepare(empty)
            summary, written, result = _run(args, str(empty))
    else:
        summary, written, result = _run(args, args.db)
    warned = len(result.warning_rows)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    if result.source_label:
        print(_("recognised as: {source}", source=result.source_label))
    for notice in result.notices:
        print(notice)
    print(_("{file}: {rows} rows read, {created} created, {updated} updated, {duplicates} duplicates skipped, "
            "{errors} rejected ({seconds:.1f} s)", file=args.file, seconds=time.perf_counter() - started, **{
                k: v for k, v in summary.items() if k != "batch"}))
    if summary["batch"] is None:
        print(_("dry run: nothing was written to the database"))
    else:
        print(_("import batch {batch} (undo it in the app: File → Import history)", batch=summary["batch"]))
    if warned:
        print(_("{count} rows were imported without some optional values; the values and the reasons are in the "
                "sheet 警告", count=warned))
    if written is not None:
        if warned:
            print(_("rejected rows and values set aside, with their reasons, written to {path}", path=str(written)))
        else:
            print(_("rejected rows written to {path}: fix them in Excel or WPS and import that file again",
                    path=str(written)))
    return 0


def run_sheet(args: argparse.Namespace) -> int:
    """``--kind staff|routing``: the staff-and-departments sheet or the routing table, checked as a whole and
    applied in one transaction (``--dry-run``: checked only). The same counts as a ledger import."""
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.excel import org_sheets

    started = time.perf_counter()
    work = org_sheets.import_people if args.kind == "staff" else org_sheets.import_routing
    with opened_database(args.db, write=not args.dry_run, must_exist=args.dry_run) as session:
        if not args.dry_run:
            session.verify()
        outcome = work(args.file, dry_run=args.dry_run)
    summary = outcome.as_json()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    print(_("{file}: {rows} rows read, {created} created, {updated} updated, {duplicates} duplicates skipped, "
            "{errors} rejected ({seconds:.1f} s)", file=args.file, seconds=time.perf_counter() - started, **{
                k: v for k, v in summary.items() if k != "batch"}))
    if args.dry_run:
        print(_("dry run: nothing was written to the database"))
    return 0


def _run(args: argparse.Namespace, db: str | None) -> tuple[Mapping[str, object], Path | None, Preview]:
    """The preview (and the commit) in the command's session: a writer's unless ``--dry-run``.

    Returns the summary, the workbook of rejected rows (if written) and the preview.
    """
    # start-up: the parser imports every command module; a command loads its own domain when it runs
    from crmdesk.io.importing import service as importer

    # A writer creates the key first if there is none: imported personal data is stored encrypted.
    with opened_database(db, write=not args.dry_run) as session:
        try:
            result = importer.preview(args.file, args.kind, progress=progress_printer("check"))
        except BaseException:
            # a file that cannot be imported leaves no database behind that this command created
            session.discard_if_created()
            raise
        errors_path: Path | None = Path(args.errors) if args.errors else None
        if args.dry_run:
            written = importer.write_errors(result, errors_path) if errors_path else None
            counts = result.counts
            created, updated = result.planned
            return {"rows": len(result.rows), "created": created, "updated": updated,
                    "duplicates": counts["duplicate"], "errors": counts["error"], "batch": None}, written, result
        if errors_path is None and (result.counts["error"] or result.warning_rows):
            errors_path = importer.default_error_path(args.file)
        session.verify()  # the quick check ran beside the preview: its verdict before the first write
        outcome = importer.commit(result, operator=staff.current_operator(), error_path=errors_path,
                                  progress=progress_printer("import"))
        return outcome.as_json(), outcome.error_workbook, result


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` command."""
    parser = sub.add_parser("import", help="导入旧的 Excel/CSV 台账")
    parser.add_argument("file", metavar="FILE", help=".xlsx、.xlsm、.xls 或 .csv 文件")
    parser.add_argument("--kind", choices=KINDS, default=None, metavar="K",
                        help="导入内容，可选：" + " ".join(KINDS) + "（默认：按表头判断；员工与部门表 staff、"
                             "分派规则表 routing 须指定）")
    parser.add_argument("--dry-run", action="store_true", help="只检查和计数，不写入数据库")
    parser.add_argument("--errors", metavar="OUT.xlsx", help="被拒绝的行写入哪个文件")
    parser.add_argument("--json", action="store_true", help="以一个 JSON 对象输出各项计数")
    parser.set_defaults(func=run)
