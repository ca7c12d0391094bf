"""The change feed on a real server (issue #19 stage 5): how soon another PC hears a change, how long a PC
that was away takes to catch up, and what the feed's triggers cost a bulk write.

    python bench/feed_bench.py [--server URL] [--writes 50] [--pending 1000] [--rows 100000]

Creates a database on the PostgreSQL server ``--server`` names (default ``CRMDESK_TEST_PG``, e.g. the
throwaway cluster of ``source .ci/pg.sh; pg_start``), builds the schema with the product's runner
(``core.store.server.prepare``), and drops it at the end. Measures:

- latency: ``--writes`` transactions of one writer connection (a tag each, one every 50 ms); for each,
  the time from the writer's commit returning to the listener of another connection
  (``core.server_feed.FeedListener``, as the window runs it) handing over the change-set —
  median, 95th percentile and maximum;
- catch-up: ``--pending`` transactions written while a PC was away, then one ``FeedPosition.read``
  (what the listener does after reconnecting) — its time, and that it named the change;
- bulk cost: ``--rows`` single-row INSERT statements (``executemany``, as the importer sends them on a
  server) into one table in one transaction, with the feed's triggers and with them disabled.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from server_bench import no_server, server_arguments, server_database  # noqa: E402 - the scratch database of the server bench, after the path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    server_arguments(parser)
    parser.add_argument("--writes", type=int, default=50)
    parser.add_argument("--pending", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    if no_server(args):
        return 2
    with server_database(args.server) as url:
        _measure(url, args)
    return 0


def _measure(url: str, args: argparse.Namespace) -> None:
    import psycopg

    from crmdesk.core.server_feed import CONNECTED, FeedListener, FeedPosition
    from crmdesk.core.store import server

    target = server.ServerTarget.parse(url)
    params: dict[str, Any] = {**server.connect_params(target), "dbname": target.dbname}
    database = server.connect(target)
    server.prepare(database)
    database.close()

    heard: queue.Queue[tuple[float, Any]] = queue.Queue()
    states: list[str] = []
    listener = FeedListener(target, lambda changes: heard.put((time.perf_counter(), changes)),
                            lambda state, _detail: states.append(state))
    listener.position.client = "bench listener"
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    while CONNECTED not in states:
        time.sleep(0.01)
    latencies = []
    with psycopg.connect(**params, autocommit=True) as writer:
        for i in range(args.writes):
            writer.execute("INSERT INTO tag (name) VALUES (%s)", (f"bench {i}",))
            committed = time.perf_counter()
            at, _changes = heard.get(timeout=10)
            latencies.append((at - committed) * 1000)
            time.sleep(0.05)
    listener.stop()
    thread.join(5)
    latencies.sort()
    print(f"latency over {args.writes} writes: median {statistics.median(latencies):.1f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms, max {latencies[-1]:.1f} ms")

    with psycopg.connect(**params, autocommit=True) as conn:
        position = FeedPosition("bench listener")
        position.read(conn)
        for i in range(args.pending):
            conn.execute("INSERT INTO tag (name) VALUES (%s)", (f"away {i}",))
        started = time.perf_counter()
        changes = position.read(conn)
        caught = (time.perf_counter() - started) * 1000
        print(f"catch-up after {args.pending} transactions away: {caught:.1f} ms "
              f"(customers changed: {changes.customers})")

        for label, switch in (("with the feed's triggers", "ENABLE"), ("triggers disabled", "DISABLE")):
            rows = [(f"bulk {switch} {i}",) for i in range(args.rows)]  # tag names are unique
            conn.execute(f"ALTER TABLE tag {switch} TRIGGER USER")
            with conn.transaction():
                started = time.perf_counter()
                with conn.cursor() as cursor:
                    for start in range(0, len(rows), 5000):
                        cursor.executemany("INSERT INTO tag (name) VALUES (%s)", rows[start:start + 5000])
                spent = time.perf_counter() - started
            print(f"{args.rows} single-row inserts, {label}: {spent:.2f} s")
        conn.execute("ALTER TABLE tag ENABLE TRIGGER USER")


if __name__ == "__main__":
    sys.exit(main())
