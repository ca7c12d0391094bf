"""The §9 reads on the reference data, on the file and on the company server side by side (issue #19).

    source .ci/pg.sh && pg_start
    python bench/server_speed.py [--customers 100000] [--seed 1] [--server URL] [--runs 5] [--rtt-ms 0.5]

Copies the reference database of bench/run.py (bench/.cache/reference-N-sS.db, built once if missing;
the cached file itself is never opened, only its copy in a temporary folder) and moves the copy onto a
new database of the PostgreSQL server ``--server`` names (default ``CRMDESK_TEST_PG``; dropped at the
end) with ``crmdesk move-to-server``'s code, timed. Then, in a writing session of each (as the window:
the registry builds its view table), it performs the reads bench/run.py times on SQLite
(bench/registry_cases.py: per keystroke search, registry sorts and filters) and the calls behind the
user actions of bench/server_bench.py (opening the registry, a dossier, a ticket, the board), plus the
今日 list, and counts the SQL statements each sends (server_bench's counter: SQLite's trace callback,
psycopg's execute calls — one round trip each on the server).

One line per measure: the median of ``--runs`` warm runs on SQLite and on PostgreSQL (a local server
over a Unix socket, so no network), their ratio, the statements of one run on each engine, and the
estimated time on an office LAN: the server's time plus ``statements × --rtt-ms`` (0.5 ms: a switched
LAN; Wi-Fi is often 2–5 ms). Times depend on the machine and its load (printed); ratios much less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  - bench/run.py: the reference database and its passphrase
import server_bench  # noqa: E402  - the statement counter, the user actions, a throwaway server database
from bench_keyring import STORE  # noqa: E402

Result = tuple[int, float, object] | str  # (statements of one run, median seconds, what it found) or why it failed


def _use_reference_keyring() -> None:
    """This run's key store in memory, holding the reference database's key (bench/.cache/keyring.json
    is read, never written: the cache is shared)."""
    import keyring
    import keyring.backend

    class Backend(server_bench.MemoryKeyring, keyring.backend.KeyringBackend):
        def __init__(self) -> None:
            server_bench.MemoryKeyring.__init__(self)

    backend = Backend()
    stored = json.loads(STORE.read_text()) if STORE.exists() else {}
    for name, password in stored.items():
        service, _, username = name.rpartition("/")
        backend.set_password(service, username, password)
    keyring.set_keyring(backend)


def cases(search: list[tuple[str, str]]) -> list[tuple[str, Callable[[], object]]]:
    """The measures, in print order; ``search``: (label, text) of bench/registry_cases.search_terms."""
    from registry_cases import first_screen, sort_filter_cases

    from crmdesk.core import today
    from crmdesk.core.customers import registry
    from crmdesk.core.customfields import fields as customfields

    out: list[tuple[str, Callable[[], object]]] = []
    for label, text in search:
        out.append((label, lambda text=text: first_screen(registry.RegistryQuery(text=text))))
    for label, query in sort_filter_cases():
        out.append((label, lambda query=query: first_screen(query)))
    for field in customfields.fields("customer"):  # custom fields' sorts, when the data has them
        if field.sortable:
            query = registry.RegistryQuery(sort_key=field.key)
            out.append((f"sort: custom {field.kind} {field.label}", lambda query=query: first_screen(query)))
    out.extend(server_bench.actions())
    out.append(("open 今日 (Today)", lambda: today.read(dt.datetime.now())))
    return out


def measure(location: str, counter: server_bench.Counter, runs: int,
            search: list[tuple[str, str]] | None) -> tuple[dict[str, Result], list[tuple[str, str]]]:
    """Every case on the database at ``location``; the search terms (picked here when ``search`` is None:
    the SQLite file)."""
    from registry_cases import search_terms

    from crmdesk.core import session
    from crmdesk.core.store import models

    out: dict[str, Result] = {}
    with session.open_session(location, write=True):
        database = models.database_proxy.obj
        raw = database.connection()
        if search is None:
            search = search_terms(raw)
        if hasattr(raw, "set_trace_callback"):
            raw.set_trace_callback(counter.trace)
        for name, action in cases(search):
            try:
                action()  # warm: caches, plans
                counter.count = 0
                action()
                statements = counter.count
                found = action()
                out[name] = (statements, run._median_time(action, runs), found)
            except Exception as exc:  # noqa: BLE001 - a bench reports what fails and goes on
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                out[name] = f"fails: {first[:80]}"
                try:
                    database.rollback()
                except Exception:  # noqa: BLE001
                    pass
        if hasattr(raw, "set_trace_callback"):
            raw.set_trace_callback(None)
    return out, search


def _cell(found: Result) -> str:
    return found if isinstance(found, str) else f"{found[1] * 1000:9.1f} ms"


def report(results: dict[str, dict[str, Result]], rtt_ms: float) -> None:
    print(f"\n{'measure (median of warm runs)':<34} {'SQLite':>12} {'PostgreSQL':>12} {'ratio':>7} "
          f"{'statements':>11} {'LAN at ' + format(rtt_ms, 'g') + ' ms':>14}  customers listed")
    for name, lite in results["SQLite"].items():
        pg = results["PostgreSQL"].get(name, "not run")
        if isinstance(lite, str) or isinstance(pg, str):
            print(f"{name:<34} {_cell(lite):>12} {_cell(pg):>12}")
            continue
        ratio = pg[1] / lite[1] if lite[1] else float("nan")
        lan = pg[1] * 1000 + pg[0] * rtt_ms
        listed = ""  # the registry's cases: both engines must list the same customers
        if isinstance(lite[2], int) and isinstance(pg[2], int):
            listed = f"{lite[2]:,}" if lite[2] == pg[2] else f"{lite[2]:,} ≠ {pg[2]:,} (differs!)"
        print(f"{name:<34} {_cell(lite):>12} {_cell(pg):>12} {ratio:6.1f}x {lite[0]:>4} / {pg[0]:<4} "
              f"{'~' + format(lan, '.0f') + ' ms':>13}  {listed}")


@contextmanager
def _server_database(admin_url: str, moved: str, keep: bool) -> Iterator[str]:
    """The server database to measure: ``moved`` as it is, else a new one (dropped unless ``keep``)."""
    if moved:
        yield moved
    else:
        with server_bench.server_database(admin_url, keep=keep, prefix="crm_speed") as url:
            yield url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    server_bench.server_arguments(parser)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rtt-ms", type=float, default=0.5)
    parser.add_argument("--reference", type=Path, default=None,
                        help="another database file to copy (e.g. bench/.cache/custom-reference-100000-s1.db of "
                             "bench/custom_fields_bench.py, whose customers have 10 custom fields)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the server's database afterwards (its URL is printed): for EXPLAIN, or --moved")
    parser.add_argument("--moved", default="",
                        help="a server database already moved from the same reference (a --keep run's): no move")
    args = parser.parse_args()
    if server_bench.no_server(args):
        return 2
    reference = args.reference or run.reference_db(args.customers, args.seed)
    os.environ.setdefault("CRMDESK_PASSPHRASE", run._env()["CRMDESK_PASSPHRASE"])
    _use_reference_keyring()
    from crmdesk.core import domains, server_transfer  # noqa: F401 - domains: the steps after a copy (search index)
    from crmdesk.core.store import server

    print(f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)", flush=True)
    counter = server_bench.Counter()
    with tempfile.TemporaryDirectory(prefix="crmdesk-server-speed-") as tmp:
        os.environ["CRMDESK_HOME"] = str(Path(tmp) / "home")
        path = Path(tmp) / reference.name
        shutil.copyfile(reference, path)  # the cache is shared: only the copy is opened
        for suffix in ("-wal",):  # a cache left mid-write would be inconsistent without it
            if Path(str(reference) + suffix).exists():
                shutil.copyfile(str(reference) + suffix, str(path) + suffix)
        print(f"reference: {reference.name}, {path.stat().st_size / 1e6:.0f} MB (copied)", flush=True)
        with _server_database(args.server, args.moved, args.keep) as url:
            if not args.moved:
                moved = server_transfer.move_to_server(str(path), server.ServerTarget.parse(url))
                print(f"moved to the server (crmdesk move-to-server): {sum(moved.counts.values()):,} rows in "
                      f"{moved.seconds:.1f} s, {moved.compared} decrypted values compared", flush=True)
            lite, search = measure(str(path), counter, args.runs, None)
            pg, _ = measure(url, counter, args.runs, search)
    report({"SQLite": lite, "PostgreSQL": pg}, args.rtt_ms)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
