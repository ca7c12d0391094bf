"""Equipment and attachments on the reference data (issue #17 "Speed"; docs/spec.md §9 budgets).

    python bench/equipment_bench.py [--db bench/.cache/reference-100000-s1.db] [--runs 7] [--ledger-rows 100000]

The reference database (``crmdesk demo --customers 100000 --seed 1``, built by ``bench/run.py``) holds
about 150,000 machines (1.5 a customer) and 290,000 tickets, a third of them naming a machine. It is
copied first (never modified) and opened with its key as the window opens it. Times are medians of
``--runs`` runs after a first one; the customer chosen is the one with the most machines (the worst case).

- finding a machine by serial number, as the ticket form's caller box does per keystroke
  (``find_callers``: phone tails, serial numbers, the search index) — a whole serial, and its first
  6 characters: budget 50 ms (search-as-you-type);
- the ticket form's data for a caller: contacts, the machine list with each cover, the chosen
  machine's cover — budget 100 ms (a filter); and the whole ``TicketDialog`` built and shown,
  offscreen — budget 300 ms (a window opening, as the board's);
- the dossier's data: ``dossier.load`` with the machines, their service history and the attachments
  listed — budget 100 ms; the whole ``DossierDialog`` built and shown — 300 ms;
- the board with the machine's model on every card: ``board()`` — 300 ms (the board's budget);
- the equipment KPIs of a month and of a year, and the daily renewal reminders over every machine;
- attachments: a 20 MB file added (sealed piece by piece), listed, read back and saved; the peak of
  Python memory while listing and while reading (``tracemalloc``): listing reads no content, reading
  holds one piece, never the file;
- importing a 设备台账 of ``--ledger-rows`` rows end to end (preview + commit, site addresses sealed)
  against python-calamine's bare read of the same file: budget 2.5× (the import budget of §9).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DEFAULT_DB = ROOT / "bench" / ".cache" / "reference-100000-s1.db"


class Report:
    """Lines of ``name  measured  budget  PASS/FAIL``."""

    def __init__(self) -> None:
        self.passed = True

    def line(self, name: str, value: float, unit: str, budget: float | None, note: str = "") -> None:
        ok = budget is None or value <= budget
        self.passed &= ok
        limit = "-" if budget is None else f"<= {budget:g} {unit}"
        verdict = "" if budget is None else ("PASS" if ok else "FAIL")
        print(f"{name:<52} {value:>10.1f} {unit:<3} budget {limit:<12} {verdict:<4} {note}", flush=True)


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of ``runs`` runs after a first (cold) one, in ms, and the last result."""
    result = fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def _ledger(path: Path, rows: int, codes: list[str]) -> None:
    """A 设备台账 of ``rows`` machines of existing customers, as a firm's old equipment ledger."""
    from openpyxl import Workbook

    r = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("设备台账")
    sheet.append(["客户编号", "客户名称", "产品型号", "序列号", "安装日期", "安装地址", "保修期至", "维保合同号", "合同到期",
                  "备注"])
    models = ["注塑机 HT-260", "空压机 GA37", "激光打标机 F20", "折弯机 WE67K", "冷水机 LS-10"]
    for i in range(rows):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=r.randrange(2000))
        sheet.append([r.choice(codes), "", r.choice(models), f"BX{i:07d}", day,
                      f"广东省东莞市长安镇振安路{r.randrange(1, 999)}号" if r.random() < 0.3 else None,
                      day + dt.timedelta(days=365), f"WB{i}" if r.random() < 0.1 else None,
                      day + dt.timedelta(days=730) if r.random() < 0.1 else None, None])
    book.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--ledger-rows", type=int, default=100_000)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} does not exist: build it with `python bench/run.py --only none`")
        return 1
    from run import _env  # the reference data's passphrase and the benchmark key store
    from tickets_bench import snapshot

    os.environ.update({k: v for k, v in _env().items() if k in ("CRMDESK_PASSPHRASE",)})
    report = Report()
    with tempfile.TemporaryDirectory(prefix="crmdesk-equipment-bench-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["CRMDESK_HOME"] = str(tmp / "home")
        path = snapshot(args.db, tmp)
        from crmdesk.core.attachments import store
        from crmdesk.core.customers import dossier
        from crmdesk.core.equipment import reminders as renewals
        from crmdesk.core.equipment import service as equipment
        from crmdesk.core.reports import equipment as equipment_report
        from crmdesk.core.reports.kpi import Period
        from crmdesk.core.safety import secrets
        from crmdesk.core.store import db as dbmod
        from crmdesk.core.store.models import database_proxy
        from crmdesk.core.tickets import board
        from crmdesk.core.tickets.records import contacts_of, find_callers

        database = dbmod.open_database(path, backups=tmp / "backups")
        secrets.unlock()
        conn = database_proxy.connection()
        machines, linked = conn.execute("SELECT (SELECT count(*) FROM equipment), "
                                        "(SELECT count(*) FROM ticket WHERE equipment_id IS NOT NULL)").fetchone()
        cid, most = conn.execute("SELECT customer_id, count(*) FROM equipment GROUP BY customer_id "
                                 "ORDER BY 2 DESC LIMIT 1").fetchone()
        serial = conn.execute("SELECT serial FROM equipment WHERE id = (SELECT max(id) / 2 FROM equipment)").fetchone()[0]
        print(f"reference: {args.db.name}: {machines} machines, {linked} tickets naming one; "
              f"customer {cid} has {most} machines", flush=True)

        ms, hits = median_ms(lambda: find_callers(serial), args.runs)
        report.line(f"find by serial number '{serial}'", ms, "ms", 50, f"{len(hits)} hit(s)")  # type: ignore[arg-type]
        ms, hits = median_ms(lambda: find_callers(serial[:6]), args.runs)
        report.line(f"find by the start of a serial '{serial[:6]}'", ms, "ms", 50, f"{len(hits)} hit(s)")  # type: ignore[arg-type]

        def ticket_form_data() -> object:
            listed = equipment.of_customer(cid)
            return contacts_of(cid), listed, equipment.get(listed[0].id)

        ms, _ = median_ms(ticket_form_data, args.runs)
        report.line(f"ticket form: contacts and {most} machines with cover", ms, "ms", 100)

        def dossier_data() -> object:
            return dossier.load(cid), equipment.register_of(cid), store.listing(customer_id=cid)

        ms, _ = median_ms(dossier_data, args.runs)
        report.line("dossier: everything, machines with service history", ms, "ms", 100)

        latest = conn.execute("SELECT max(created_at) FROM ticket").fetchone()[0]
        now = dt.datetime.fromisoformat(str(latest)) + dt.timedelta(minutes=5)
        ms, cards = median_ms(lambda: board.board(now=now), args.runs)
        with_model = sum(1 for column in cards.values() for card in column if card.model)  # type: ignore[union-attr]
        report.line("board() with the machine's model on the cards", ms, "ms", 300, f"{with_model} cards name a model")

        month = Period.last_complete_month(now.date())
        ms, found = median_ms(lambda: equipment_report.compute(month), max(3, args.runs // 2))
        report.line(f"equipment KPIs of {month.label}", ms, "ms", None,
                    f"{found.linked} tickets, {len(found.repeats)} machines back")  # type: ignore[attr-defined]
        year = Period(now.date() - dt.timedelta(days=365), now.date())
        ms, found = median_ms(lambda: equipment_report.compute(year), 1)
        report.line("equipment KPIs of the last 12 months", ms, "ms", 3000,
                    f"{found.linked} tickets, in warranty {found.in_warranty_share or 0:.0%}")  # type: ignore[attr-defined]

        started = time.perf_counter()
        with database_proxy.atomic() as transaction:
            planned = renewals.plan(now.date())
            transaction.rollback()  # the reference data stays as it was
        report.line("renewal reminders over every machine", (time.perf_counter() - started) * 1000, "ms", None,
                    f"{planned} follow-ups")

        big = tmp / "现场录像.mp4"
        with open(big, "wb") as handle:
            for _ in range(20):
                handle.write(os.urandom(1024 * 1024))
        started = time.perf_counter()
        added = store.add(big, store.owner_of(customer_id=cid))
        report.line("attach a 20 MB file (sealed in 80 pieces)", (time.perf_counter() - started) * 1000, "ms", None)
        photo = tmp / "照片.jpg"
        from PIL import Image

        Image.new("RGB", (4000, 3000), (120, 60, 30)).save(photo, "JPEG")
        for _ in range(30):
            store.add(photo, store.owner_of(customer_id=cid))
        tracemalloc.start()
        ms, lines = median_ms(lambda: store.listing(customer_id=cid), args.runs)
        listing_peak = tracemalloc.get_traced_memory()[1] / 1024
        tracemalloc.reset_peak()
        report.line(f"list {len(lines)} attachments (no content read)", ms, "ms", 100,  # type: ignore[arg-type]
                    f"peak Python memory {listing_peak:.0f} KB")
        started = time.perf_counter()
        size = sum(len(piece) for piece in store.content(added.attachment_id))
        reading_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
        report.line(f"read the {size // (1024 * 1024)} MB file back", (time.perf_counter() - started) * 1000, "ms",
                    None, f"peak Python memory {reading_peak:.1f} MB (one piece is 0.25 MB)")
        report.line("  peak memory while reading (MB)", reading_peak, "MB", 2)
        started = time.perf_counter()
        store.save_as(added.attachment_id, tmp / "copy.mp4")
        report.line("save it as a file", (time.perf_counter() - started) * 1000, "ms", None)
        report.line("database grew by the attachments (MB)", (path.stat().st_size - args.db.stat().st_size) / 2**20,
                    "MB", None)

        _widgets(report, cid, args.runs)

        codes = [c for (c,) in conn.execute("SELECT code FROM customer WHERE deleted_at IS NULL LIMIT 20000")]
        database.close()
        if args.ledger_rows:
            _import(report, tmp, path, codes, args.ledger_rows)
    return 0 if report.passed else 1


def _widgets(report: Report, cid: int, runs: int) -> None:
    """The two windows built, shown and painted offscreen at 1366×768."""
    from PySide6.QtWidgets import QApplication

    from crmdesk.ui import screen_fit
    from crmdesk.ui.customers.dossier import DossierDialog
    from crmdesk.ui.i18n import install_translators
    from crmdesk.ui.operations import runner
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translators(app, "zh_CN")
    screen_fit.install(app)
    runner.set_runner(runner.SyncRunner())

    def show(make: Callable[[], object]) -> Callable[[], object]:
        def step() -> object:
            widget = make()
            widget.show()  # type: ignore[attr-defined]
            app.processEvents()
            widget.close()  # type: ignore[attr-defined]
            widget.deleteLater()  # type: ignore[attr-defined]
            return widget

        return step

    ms, _ = median_ms(show(lambda: TicketDialog(customer_id=cid)), runs)
    report.line("TicketDialog for the caller, shown", ms, "ms", 300)
    ms, _ = median_ms(show(lambda: DossierDialog(cid)), runs)
    report.line("DossierDialog, shown", ms, "ms", 300)


def _import(report: Report, tmp: Path, reference: Path, codes: list[str], rows: int) -> None:
    """The 设备台账 import against calamine's bare read (each in this process, best of two)."""
    from python_calamine import CalamineWorkbook

    from crmdesk.core.session import open_session
    from crmdesk.io.importing.service import commit, preview

    ledger = tmp / "设备台账.xlsx"
    _ledger(ledger, rows, codes)
    best_read = min(_timed(lambda: CalamineWorkbook.from_path(str(ledger)).get_sheet_by_index(0).to_python())
                    for _ in range(2))
    times = []
    for attempt in range(2):
        target = tmp / f"import-{attempt}.db"
        shutil.copy(reference, target)
        with open_session(target, write=True):
            started = time.perf_counter()
            result = preview(ledger, "equipment")
            done = commit(result)
            times.append(time.perf_counter() - started)
        target.unlink()
    best = min(times)
    report.line(f"calamine reads the {rows:,}-row 设备台账", best_read * 1000, "ms", None)
    report.line(f"import it: preview + commit ({done.created:,} created)", best * 1000, "ms", None,
                f"{done.duplicates} duplicates, {done.errors} errors")
    report.line("  import / calamine read", best / best_read, "x", 2.5)


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
