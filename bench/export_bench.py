"""Export budget of docs/spec.md §9: exporting 100,000 customers within 1.3× openpyxl's own write-only time.

    python bench/export_bench.py [--db /tmp/ref.db] [--customers 100000] [--runs 3] [--mask]

Builds the reference database with ``crmdesk demo`` if the file does not exist (1–3 min),
then times, interleaved run by run:

- measured: ``crmdesk.io.excel.export.export("customers", …)`` end to end (SQL, joins, labels,
  masking, styled header, validations, dates, atomic rename);
- baseline "strings": a bare openpyxl write-only loop (``ws.append`` + ``save``) over the same
  number of rows × columns, every cell the same text the export writes, prefetched in memory
  (the SQL is not part of the baseline);
- baseline "values": the same loop over the very values the export writes (dates as
  ``datetime``, numbers as numbers) — what openpyxl costs for exactly these rows.

Prints wall and CPU seconds (minimum over the runs; the machine may be shared) and the
ratios measured / baseline; the budget is ratio ≤ 1.3.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BUDGET = 1.3


def ensure_reference(path: Path, customers: int) -> None:
    """Generate the reference database once (``crmdesk demo``)."""
    if path.exists():
        return
    print(f"building {path} with {customers} customers (once) ...", flush=True)
    env = dict(os.environ, CRMDESK_HOME=str(Path(tempfile.gettempdir()) / "crmdesk-bench-home"))
    subprocess.run([sys.executable, "-m", "crmdesk", "demo", "--db", str(path), "--customers", str(customers)],
                   cwd=ROOT, check=True, env=env)


def fetch_rows(mask: bool) -> tuple[list[str], list[tuple], list[tuple]]:
    """The header and the rows the export writes: as text, and as typed values."""
    from crmdesk.core.safety import secrets
    from crmdesk.core.store import db
    from crmdesk.io.excel import export as ex

    statement = ex.source_sql("customers", mask=mask)
    spec = statement.spec
    cipher = secrets.current()
    rows = [statement.shape(row, cipher) for row in db.sql(statement.sql, statement.params)]
    epoch = dt.datetime(1899, 12, 30)
    dates = [(i, c.kind == "date") for i, c in enumerate(spec.columns) if c.kind in ex.DATE_KINDS]
    typed = []
    for row in rows:
        values = list(row)
        for i, date_only in dates:
            if values[i] is not None:
                moment = epoch + dt.timedelta(days=values[i])
                values[i] = moment.date() if date_only else moment
        typed.append(tuple(values))
    texts = [tuple(None if v is None else str(v) for v in row) for row in typed]
    return spec.headers, texts, typed


def bare_openpyxl(header: list[str], rows: list[tuple], out: Path) -> None:
    """openpyxl's own write-only time: append every row, save."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("customers")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(out)


def timed(fn) -> tuple[float, float]:
    """(wall, cpu) seconds of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/ref.db")
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mask", action="store_true", help="time the masked export")
    args = parser.parse_args()
    db_path = Path(args.db)
    ensure_reference(db_path, args.customers)

    from crmdesk.core.safety import secrets
    from crmdesk.core.store import db as dbmod
    from crmdesk.io.excel.export import export

    database = dbmod.open_database(db_path)
    secrets.unlock()  # the reference data is encrypted (bench/run.py: CRMDESK_PASSPHRASE, the bench key store)
    header, texts, typed = fetch_rows(args.mask)
    print(f"{db_path}: {len(typed)} customers × {len(header)} columns, runs {args.runs}, "
          f"mask={args.mask}", flush=True)
    results: dict[str, list[tuple[float, float]]] = {"measured": [], "strings": [], "values": []}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for run in range(args.runs):
            results["strings"].append(timed(lambda: bare_openpyxl(header, texts, out / "strings.xlsx")))
            results["measured"].append(timed(lambda: export("customers", out / "export.xlsx", mask=args.mask,
                                                            operator=None)))
            results["values"].append(timed(lambda: bare_openpyxl(header, typed, out / "values.xlsx")))
            print(f"run {run + 1}: " + "  ".join(f"{k} {v[-1][0]:.2f}s wall / {v[-1][1]:.2f}s cpu"
                                                 for k, v in results.items()), flush=True)
        sizes = {name: (out / f"{name}.xlsx").stat().st_size for name in ("export", "strings", "values")}
    database.close()
    best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in results.items()}
    measured = best["measured"]
    print(f"file sizes: {sizes}")
    for name in ("strings", "values"):
        base = best[name]
        for label, i in (("wall", 0), ("cpu", 1)):
            ratio = measured[i] / base[i]
            print(f"export customers ({label}): measured {measured[i]:.2f} s  baseline[{name}] {base[i]:.2f} s  "
                  f"ratio {ratio:.2f}x  budget <= {BUDGET}x  {'PASS' if ratio <= BUDGET else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
