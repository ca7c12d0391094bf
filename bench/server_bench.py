"""Round trips per user action on both engines: what a PC on the office network pays per click (issue #19).

    python bench/server_bench.py [--customers 1000] [--seed 1] [--server URL] [--runs 5] [--rtt-ms 0.5]

Generates a demo database of ``--customers`` customers (a file), moves it onto a new database of the
PostgreSQL server ``--server`` names (default ``CRMDESK_TEST_PG``, e.g. the throwaway cluster of
``source .ci/pg.sh; pg_start``; the database is dropped at the end) with ``crmdesk move-to-server``'s
code, then performs the core calls behind each user action on the file and on the server, in a
reading session of each, and counts the SQL statements each sends:

- SQLite: every statement the connection runs (``sqlite3``'s trace callback); in-process, no network;
- PostgreSQL: every ``execute``/``executemany`` of psycopg (one round trip each; a COPY would be one
  per call too), counted in the client.

Actions (the calls the window's widgets make):

- opening the registry: the industry filter's values, the sorted id list, the first block of 100 rows;
- opening a dossier: ``core.customers.dossier.load`` of a customer with tickets;
- opening a ticket: the ticket, its custom fields, its history, the customer's contacts;
- opening the board: ``core.tickets.board.columns`` with the archive counted.

It also times the move (``move-to-server``), a snapshot of the server (``backup --db URL``) and an import
of ``--import-rows`` rows (10,000 by default; 0 skips it) of ``bench/import_bench.py``'s messy ledger into
the demo database on each engine (``io.importing.service.preview`` + ``commit`` in a writing session, as
``crmdesk import`` runs them; the preview and the commit timed apart).

Prints, per action and engine, the statements, the median time of ``--runs`` warm runs on this
machine (a local server over a Unix socket), and the estimated time on a LAN: the server's time plus
``statements × --rtt-ms`` (0.5 ms: a switched office LAN; Wi-Fi is often 2–5 ms). An action that
fails on an engine prints the reason instead (a piece of SQL not yet ported: the later stages of #19).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class MemoryKeyring:
    """This run's key store (the bench must not touch the OS key store of the machine)."""

    priority = 10

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def _use_memory_keyring() -> None:
    import keyring
    import keyring.backend

    class Backend(MemoryKeyring, keyring.backend.KeyringBackend):
        def __init__(self) -> None:
            MemoryKeyring.__init__(self)

    keyring.set_keyring(Backend())


class Counter:
    """Statements sent by this process: SQLite's trace callback, psycopg's cursor calls."""

    def __init__(self) -> None:
        self.count = 0
        import psycopg

        for name in ("execute", "executemany"):
            original = getattr(psycopg.Cursor, name)
            setattr(psycopg.Cursor, name, self._counting(original))

    def _counting(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def run(cursor: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(cursor, *args, **kwargs)
        return run

    def trace(self, _statement: str) -> None:
        self.count += 1


def actions() -> list[tuple[str, Callable[[], object]]]:
    """The core calls behind each user action (see the module)."""
    from crmdesk.core.customers import dossier, registry
    from crmdesk.core.store.models import Customer, Ticket
    from crmdesk.core.tickets import board
    from crmdesk.core.tickets import service as tickets

    customer = Customer.select().join(Ticket).order_by(Customer.id).first()
    ticket = Ticket.select().order_by(Ticket.id.desc()).first()

    def open_registry() -> object:
        registry.distinct_values("industry")
        count = registry.materialize(registry.RegistryQuery())
        ids = registry.view_ids(0, 100)
        return count, len(registry.fetch_rows(ids))

    def open_dossier() -> object:
        return dossier.load(customer.id)

    def open_ticket() -> object:
        loaded = tickets.load(ticket.id)
        tickets.custom_texts(ticket.id)
        tickets.history(ticket.id)
        return loaded, tickets.contacts_of(loaded.customer_id)

    def open_board() -> object:
        return board.columns(board.BoardFilter(), dt.datetime.now(), also_count=("archived",))

    return [("open the registry", open_registry), ("open a dossier", open_dossier),
            ("open a ticket", open_ticket), ("open the board", open_board)]


def measure(location: str, counter: Counter, runs: int) -> dict[str, tuple[int, float] | str]:
    """Per action: (statements of one run, median seconds) on the database at ``location``, or why it failed."""
    from crmdesk.core import session
    from crmdesk.core.store import models

    out: dict[str, tuple[int, float] | str] = {}
    with session.open_session(location, write=True):  # a writer, as the window: the registry builds a temporary table
        database = models.database_proxy.obj
        raw = database.connection()
        if hasattr(raw, "set_trace_callback"):
            raw.set_trace_callback(counter.trace)
        for name, action in actions():
            try:
                action()  # warm: caches, plans, the first connection's settings
                counter.count = 0
                action()
                statements = counter.count
                times = []
                for _ in range(runs):
                    started = time.perf_counter()
                    action()
                    times.append(time.perf_counter() - started)
                out[name] = (statements, statistics.median(times))
            except Exception as exc:  # noqa: BLE001 - a bench reports what is not ported yet
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                out[name] = f"fails: {first[:90]}"
                if hasattr(database, "rollback"):
                    try:
                        database.rollback()
                    except Exception:  # noqa: BLE001
                        pass
        if hasattr(raw, "set_trace_callback"):
            raw.set_trace_callback(None)
    return out


def import_ledger(location: str, ledger: Path) -> tuple[float, float, int, int, str]:
    """Preview and commit ``ledger`` into the database at ``location``: (preview s, commit s, created, updated,
    the commit's seconds by phase)."""
    from crmdesk.core import session
    from crmdesk.io.importing import service as importer
    from crmdesk.io.importing import sql as importer_sql

    spent = [0, 0.0]  # the server's id reservations: calls, seconds
    reserve = importer_sql.reserve_block

    def timed_reserve(*args: Any) -> int:
        started = time.perf_counter()
        try:
            return reserve(*args)
        finally:
            spent[0] += 1
            spent[1] += time.perf_counter() - started

    importer_sql.reserve_block = timed_reserve  # type: ignore[assignment]  # the bench's own measurement
    with session.open_session(location, write=True):
        started = time.perf_counter()
        planned = importer.preview(ledger, "customers")
        previewed = time.perf_counter()
        outcome = importer.commit(planned)
        committed = time.perf_counter() - previewed
        importer_sql.reserve_block = reserve  # type: ignore[assignment]
        phases = ", ".join(f"{name} {seconds:.1f}" for name, seconds in outcome.timing.seconds.items() if seconds >= 0.05)
        if spent[0]:
            phases += f"; ids reserved in {spent[0]} blocks, {spent[1]:.2f} s"
        return previewed - started, committed, outcome.created, outcome.updated, phases


@contextmanager
def server_database(admin_url: str, *, keep: bool = False, prefix: str = "crm_bench"):
    """A new, empty database on the server (dropped afterwards unless ``keep``: its URL is printed); its URL."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                      "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    parts = urlsplit(admin_url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    if keep:
        print(f"kept afterwards: {url}", flush=True)
        yield url
        return
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_arguments(parser: argparse.ArgumentParser) -> None:
    """The option every server bench takes: the PostgreSQL server to measure on (default ``CRMDESK_TEST_PG``)."""
    parser.add_argument("--server", default=os.environ.get("CRMDESK_TEST_PG", ""),
                        help="postgresql://user@host/db of a server the bench may create databases on")


def no_server(args: argparse.Namespace) -> bool:
    """True (and says how to get one) when no server was given: the bench then exits with status 2."""
    if args.server:
        return False
    print("no server: pass --server postgresql://… or set CRMDESK_TEST_PG (source .ci/pg.sh; pg_start)")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    server_arguments(parser)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rtt-ms", type=float, default=0.5)
    parser.add_argument("--import-rows", type=int, default=10_000)
    args = parser.parse_args()
    if no_server(args):
        return 2
    _use_memory_keyring()
    from crmdesk.core import domains, server_snapshot, server_transfer  # noqa: F401 - domains: the steps after a copy (the search rows), as the CLI loads them
    from crmdesk.core.demo import writer as demo
    from crmdesk.core.store import server

    counter = Counter()
    with tempfile.TemporaryDirectory(prefix="crmdesk-server-bench-") as tmp:
        os.environ["CRMDESK_HOME"] = tmp
        path = Path(tmp) / "bench.db"
        started = time.perf_counter()
        demo.generate(path, args.customers, seed=args.seed)
        print(f"demo database: {args.customers} customers ({time.perf_counter() - started:.1f} s)")
        with server_database(args.server) as url:
            moved = server_transfer.move_to_server(str(path), server.ServerTarget.parse(url))
            print(f"moved to the server: {sum(moved.counts.values())} rows in {moved.seconds:.1f} s, "
                  f"{moved.compared} decrypted values compared")
            started = time.perf_counter()
            snap = server_snapshot.snapshot(server.ServerTarget.parse(url), to=Path(tmp) / "snapshots")
            print(f"snapshot of the server (crmdesk backup --db URL): {snap.size / 1e6:.1f} MB, verified, "
                  f"in {time.perf_counter() - started:.1f} s")
            results = {"SQLite": measure(str(path), counter, args.runs),
                       "PostgreSQL": measure(url, counter, args.runs)}
            if args.import_rows:
                sys.path.insert(0, str(ROOT / "bench"))
                import import_bench

                ledger = import_bench.ledger(args.import_rows, args.seed)
                imports = {"SQLite": import_ledger(str(path), ledger), "PostgreSQL": import_ledger(url, ledger)}
    if args.import_rows:
        print(f"\nimport of a {args.import_rows:,}-row ledger into the demo database (preview + commit):")
        for engine, (planned, committed, created, updated, phases) in imports.items():
            print(f"  {engine:<11} {planned + committed:6.1f} s  (preview {planned:.1f} s, commit {committed:.1f} s: "
                  f"{phases}; {created:,} created, {updated:,} updated)")
    print(f"\n{'action':<20} {'SQLite':>24} {'PostgreSQL (local)':>26} {'PostgreSQL on a LAN':>22}")
    for name in results["SQLite"]:
        cells = []
        for engine in ("SQLite", "PostgreSQL"):
            found = results[engine][name]
            cells.append(found if isinstance(found, str) else f"{found[0]:>4} stmts {found[1] * 1000:7.1f} ms")
        pg = results["PostgreSQL"][name]
        lan = "" if isinstance(pg, str) else f"~{pg[1] * 1000 + pg[0] * args.rtt_ms:.0f} ms at {args.rtt_ms} ms RTT"
        print(f"{name:<20} {cells[0]:>24} {cells[1]:>26} {lan:>22}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
