"""Custom fields against docs/spec.md §9 (issue #17): 100,000 customers with 10 custom fields.

    python bench/custom_fields_bench.py [--customers 100000] [--seed 1] [--runs 5] [--base reference|ledger]

Takes the reference database of ``bench/run.py`` (``crmdesk demo --customers N``, cached), copies it
once to ``bench/.cache/custom-N-sS.db`` and gives every customer's record 10 custom fields the
way an owner would set them up (经销商 and two more choices, 验收日期, an amount, a number, yes/no,
two texts, and a sensitive ID number), about 85 % of them filled. Then it times, as the registry
table does it (the id statement into the display table, then the first block of 100 rows with
the custom columns), each filter and sort by a custom field, one combined with a built-in filter,
the one-box search finding a custom value, and opening a dossier: budget 100 ms for sorting and
filtering (50 ms for search-as-you-type). Medians of ``--runs``; prints one line per measure (wall
time against the budget, and in brackets the CPU time of this process, which a busy machine does not
inflate) and exits 1 when one is over its budget. Two built-in sorts and filters are measured too,
for comparison on the same machine at the same moment.

``--base ledger`` starts instead from the 100,000 customers (and their contacts) that
``crmdesk import`` makes of ``bench/import_bench.py``'s messy ledger: the registry's queries read
only customers, contacts, tags, the search index and the custom values, so this is the same
measure without the tickets, interactions and surveys of the reference data (whose generation
takes an hour on a busy machine).

The schema behind it (migration 0009): one typed row per value in ``custom_value`` with the
indexes ``(field_id, entity_id)`` (unique: a record's value) and ``(field_id, value, entity_id)``
(a filter or a sort reads one range of one field).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as reference  # noqa: E402 - the shared reference database and its timing helpers

FIELDS = [  # label, kind, choices, sensitive
    ("经销商", "choice", ["华东一部", "华东二部", "华南一部", "华南二部", "华北一部", "西南一部", "西北一部", "东北一部"], False),
    ("验收日期", "date", [], False),
    ("年采购预算", "amount", [], False),
    ("设备台数", "number", [], False),
    ("是否VIP", "yes_no", [], False),
    ("服务区域", "choice", ["一区", "二区", "三区", "四区", "五区", "六区"], False),
    ("行业细分", "choice", ["注塑", "冲压", "机加工", "电子组装", "食品包装", "医疗器械", "物流仓储"], False),
    ("合同编号", "text", [], False),
    ("对接群名称", "text", [], False),
    ("法人身份证号", "text", [], True),
]


def _ledger_db(customers: int, seed: int) -> Path:
    """A database of the customers ``crmdesk import`` makes of the import bench's ledger (cached)."""
    path = reference.CACHE / f"ledger-customers-{customers}-s{seed}.db"
    if path.exists():
        return path
    import import_bench

    partial = path.with_suffix(".partial.db")
    for leftover in reference.CACHE.glob(partial.name + "*"):
        leftover.unlink()
    result = import_bench._run_child("import", str(import_bench.ledger(customers, seed)), str(partial))
    print(f"imported {result['created']} customers in {result['seconds']:.1f} s", flush=True)
    for suffix in ("-wal", "-shm", ".lock"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path


def custom_db(customers: int, seed: int, base: str = "reference") -> Path:
    """The base database with 10 custom fields filled in (built once, cached)."""
    path = reference.CACHE / f"custom-{base}-{customers}-s{seed}.db"
    if path.exists():
        return path
    source = reference.reference_db(customers, seed) if base == "reference" else _ledger_db(customers, seed)
    partial = path.with_suffix(".partial.db")
    shutil.copy(source, partial)
    print(f"adding 10 custom fields to {customers} customers (once) ...", flush=True)
    started = time.perf_counter()
    database = reference._open(partial)
    from crmdesk.core.customfields import admin, values
    from crmdesk.core.store.models import database_proxy

    rnd = random.Random(seed)
    made = [admin.add("customer", label, kind, choices=choices, sensitive=sensitive)[0]
            for label, kind, choices, sensitive in FIELDS]
    conn = database.connection()
    ids = [row[0] for row in conn.execute("SELECT id FROM customer ORDER BY id")]
    with database_proxy.atomic():
        for field in made:
            rows = []
            for cid in ids:
                if rnd.random() > 0.85:
                    continue
                if field.kind == "choice":
                    value: object = rnd.choice(field.choices)
                elif field.kind == "date":
                    value = f"{rnd.randint(2015, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
                elif field.kind == "amount":
                    value = rnd.randint(1, 500) * 100_000
                elif field.kind == "number":
                    value = rnd.randint(1, 60)
                elif field.kind == "yes_no":
                    value = rnd.randint(0, 1)
                elif field.sensitive:
                    value = f"{rnd.randint(110000, 659999)}19{rnd.randint(50, 99)}{rnd.randint(1000000, 9999999):07d}"
                else:
                    value = f"HT{rnd.randint(2015, 2026)}-{rnd.randint(1, 99999):05d}"
                rows.append((field.id, cid, values.seal(field, value)))
            conn.executemany("INSERT INTO custom_value (field_id, entity_id, value) VALUES (?, ?, ?)", rows)
        from crmdesk.core.customers import search

        search.reindex(conn)  # the choice and text values are searchable
    conn.execute("ANALYZE")
    database.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def _measure(fn, runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``fn`` (CPU: this process's own, unaffected by a busy machine)."""
    import statistics

    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def _line(label: str, fn, runs: int, budget: float) -> reference.Line:
    fn()  # warm the page cache
    wall, cpu = _measure(fn, runs)
    return reference.Line(f"{label} (cpu {cpu:.0f})", wall, None, "ms", budget)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--base", choices=("reference", "ledger"), default="reference")
    args = parser.parse_args()
    os.environ.update(reference._env())
    path = custom_db(args.customers, args.seed, args.base)
    print(f"database: {path.name}", flush=True)
    database = reference._open(path)
    from crmdesk.core.customers import dossier, registry
    from crmdesk.core.customers.registry import RegistryQuery
    from crmdesk.core.customfields import fields
    from crmdesk.core.customfields.filters import CustomFilter

    by_label = {f.label: f for f in fields.fields("customer")}
    dealer, accepted, budget, units = (by_label[k] for k in ("经销商", "验收日期", "年采购预算", "设备台数"))
    id_card, contract = by_label["法人身份证号"], by_label["合同编号"]
    cases = [
        ("filter: 经销商 = 华南二部", RegistryQuery(custom=(CustomFilter(dealer.id, "is", "华南二部"),))),
        ("filter: 验收日期 in 2024", RegistryQuery(custom=(CustomFilter(accepted.id, "range", "2024-01-01",
                                                                     "2024-12-31"),))),
        ("filter: 年采购预算 ≥ 40万", RegistryQuery(custom=(CustomFilter(budget.id, "range", "40万", ""),))),
        ("filter: 设备台数 1 to 5", RegistryQuery(custom=(CustomFilter(units.id, "range", "1", "5"),))),
        ("filter: 经销商 empty", RegistryQuery(custom=(CustomFilter(dealer.id, "empty"),))),
        ("filter: 合同编号 contains '2024-1'", RegistryQuery(custom=(CustomFilter(contract.id, "contains", "2024-1"),))),
        ("filter: 身份证号 filled (sensitive)", RegistryQuery(custom=(CustomFilter(id_card.id, "filled"),))),
        ("filter: 经销商 + 验收日期 + tier core", RegistryQuery(tier="core", custom=(
            CustomFilter(dealer.id, "is", "华东一部"), CustomFilter(accepted.id, "range", "2020-01-01", "")))),
        ("sort: 验收日期", RegistryQuery(sort_key=accepted.key)),
        ("sort: 验收日期, descending", RegistryQuery(sort_key=accepted.key, descending=True)),
        ("sort: 经销商", RegistryQuery(sort_key=dealer.key)),
        ("sort: 年采购预算 descending, at risk only", RegistryQuery(sort_key=budget.key, descending=True,
                                                               at_risk=True)),
        ("sort: 设备台数, include archived", RegistryQuery(sort_key=units.key, include_archived=True)),
        ("sort: code, filter 经销商 = 华东一部", RegistryQuery(custom=(CustomFilter(dealer.id, "is", "华东一部"),))),
    ]
    custom = fields.fields("customer")
    lines = []
    for label, query in cases:
        def once(query: RegistryQuery = query) -> None:
            registry.materialize(query)
            registry.fetch_rows(registry.view_ids(0, reference.FIRST_BLOCK), custom=custom)

        lines.append(_line(label, once, args.runs, 100))
    for label, text in (("search: a custom choice '华南二部'", "华南二部"), ("search: 2 characters '西北'", "西北")):
        def keystroke(text: str = text) -> None:
            registry.materialize(RegistryQuery(text=text))
            registry.fetch_rows(registry.view_ids(0, reference.FIRST_BLOCK), custom=custom)

        lines.append(_line(label, keystroke, args.runs, 50))
    some = database.connection().execute("SELECT entity_id FROM custom_value WHERE field_id = ? LIMIT 1 OFFSET 5000",
                                          (dealer.id,)).fetchone()[0]
    lines.append(_line("dossier: open one with 10 custom fields", lambda: dossier.load(some), args.runs, 100))
    builtin = [("sort: name (built-in, for comparison)", RegistryQuery(sort_key="name")),
               ("filter: industry + at risk (built-in)", RegistryQuery(industry="电子", at_risk=True))]
    for label, query in builtin:
        def plain(query: RegistryQuery = query) -> None:
            registry.materialize(query)
            registry.fetch_rows(registry.view_ids(0, reference.FIRST_BLOCK), custom=custom)

        lines.append(_line(label, plain, args.runs, 100))
    database.close()
    for line in lines:
        print(line, flush=True)
    return 0 if all(line.passed for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
