"""Ticket board and SLA timings on the reference database (docs/spec.md §3, §9).

    python bench/tickets_bench.py [--db bench/.cache/reference-100000-s1.db] [--runs 5]

The reference database is never modified: it is copied into a temporary folder first with
SQLite's online backup API from a read-only connection (a consistent snapshot even while
another benchmark has it open). Prints the median of ``--runs`` warm runs (and the first, cold
run, which builds the SLA policy and the working calendar) for:

- ``board()``: the non-archived tickets as cards with their time left, the first 500 of each
  column (the default), one SQL statement;
- ``board(limit_per_stage=None)``: every non-archived ticket as a card (some 40,000 here);
- ``board(states=…)``, ``board(include_archived=True)``, a filtered board, ``stage_counts()``;
- ``due_times``: per call, through the module function (one small settings query each) and
  through a ``Policy`` snapshot (what bulk code uses);
- ``overdue``, ``near_due``, ``critical_complaints`` (the Today view) and ``core.tickets.knowledge.suggest``.

No budget of docs/spec.md §9 names the board; the target here is "instant" for a desktop click (≤ 0.3 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "bench" / ".cache" / "reference-100000-s1.db"


def snapshot(source: Path, folder: Path) -> Path:
    """A private copy of ``source``, read through a read-only connection."""
    target = folder / "tickets-bench.db"
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """(cold seconds, median warm seconds, last result)."""
    started = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return cold, statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} does not exist: build it with `python bench/run.py` (or `crmdesk demo --customers "
              "100000 --seed 1 --db PATH`) and pass --db PATH")
        return 1

    with tempfile.TemporaryDirectory(prefix="crmdesk-tickets-bench-") as tmp:
        os.environ["CRMDESK_HOME"] = str(Path(tmp) / "home")
        started = time.perf_counter()
        path = snapshot(args.db, Path(tmp))
        print(f"snapshot of {args.db.name}: {time.perf_counter() - started:.1f} s")

        from crmdesk.core.store import db as dbmod
        from crmdesk.core.store.models import database_proxy
        from crmdesk.core.tickets import alerts as ticket_alerts
        from crmdesk.core.tickets import board as ticket_board
        from crmdesk.core.tickets import knowledge, sla

        database = dbmod.open_database(path, backups=Path(tmp) / "backups")
        try:
            total, open_count, stages = database_proxy.execute_sql(
                "SELECT count(*), sum(stage IN ('received','classified','dispatched','in_progress')), "
                "sum(stage != 'archived') FROM ticket WHERE deleted_at IS NULL").fetchone()
            latest = database_proxy.execute_sql("SELECT max(created_at) FROM ticket").fetchone()[0]
            now = dt.datetime.fromisoformat(str(latest)) + dt.timedelta(minutes=5)
            print(f"tickets {total}, open {open_count}, not archived {stages}; now = {now:%Y-%m-%d %H:%M}")

            engineer = database_proxy.execute_sql(
                "SELECT assignee_id FROM ticket WHERE assignee_id IS NOT NULL LIMIT 1").fetchone()[0]
            lines: list[tuple[str, float, float, str]] = []

            def run(name: str, fn: Callable[[], object], describe: Callable[[object], str]) -> None:
                cold, warm, result = timed(fn, args.runs)
                lines.append((name, cold, warm, describe(result)))

            def cards(result: object) -> str:
                by_stage = result  # type: ignore[assignment]
                count = sum(len(v) for v in by_stage.values())  # type: ignore[union-attr]
                states: dict[str, int] = {}
                for stage_cards in by_stage.values():  # type: ignore[union-attr]
                    for card in stage_cards:
                        states[card.state] = states.get(card.state, 0) + 1
                return f"{count} cards {dict(sorted(states.items()))}"

            run("board()  [500 a column]", lambda: ticket_board.board(now=now), cards)
            run("board(limit_per_stage=None)",
                lambda: ticket_board.board(ticket_board.BoardFilter(limit_per_stage=None), now=now), cards)
            run("board(states={amber, red})",
                lambda: ticket_board.board(ticket_board.BoardFilter(states=frozenset({"amber", "red"})), now=now),
                cards)
            run("board(open stages, {amber, red})",
                lambda: ticket_board.board(ticket_board.BoardFilter(stages=ticket_board.OPEN_STAGES,
                                                                    states=frozenset({"amber", "red"})), now=now),
                cards)
            run("board(include_archived=True)",
                lambda: ticket_board.board(ticket_board.BoardFilter(include_archived=True), now=now), cards)
            run("board(assignee, text='机械')",
                lambda: ticket_board.board(ticket_board.BoardFilter(assignee_id=engineer, text="机械"), now=now),
                cards)
            run("stage_counts()", ticket_board.stage_counts, str)
            run("overdue(now)", lambda: ticket_alerts.overdue(now), lambda r: f"{len(r)} lines")  # type: ignore[arg-type]
            run("near_due(now, 4 h)", lambda: ticket_alerts.near_due(now, 4), lambda r: f"{len(r)} lines")  # type: ignore[arg-type]
            run("critical_complaints()", ticket_alerts.critical_complaints, lambda r: f"{len(r)} lines")  # type: ignore[arg-type]
            text = "激光切割机开机报警E05，无法正常运行"
            run("knowledge.suggest(description)", lambda: knowledge.suggest(text),
                lambda r: f"{len(r.articles)} articles, {len(r.tickets)} tickets")  # type: ignore[attr-defined]

            rng = random.Random(1)
            cases = [(now - dt.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)),
                      rng.choice(("urgent", "important", "normal")),
                      rng.choice(("fault", "usage", "complaint", "suggestion")),
                      rng.choice(("minor", "serious", "critical")), rng.choice(("strategic", "core", "ordinary")))
                     for _ in range(10_000)]

            def module_calls() -> None:
                for case in cases:
                    sla.due_times(*case)

            def policy_calls() -> None:
                pol = sla.policy()
                for case in cases:
                    pol.due_times(*case)

            run("due_times × 10,000 (module)", module_calls, lambda _r: "")
            run("due_times × 10,000 (Policy)", policy_calls, lambda _r: "")
        finally:
            database.close()

    print(f"{'':<34} {'cold':>9} {'median':>9}  result")
    for name, cold, warm, result in lines:
        per_call = ""
        if name.startswith("due_times"):
            per_call = f"  ({warm / 10_000 * 1e6:.1f} µs per call)"
        print(f"{name:<34} {cold * 1000:>7.1f}ms {warm * 1000:>7.1f}ms  {result}{per_call}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
