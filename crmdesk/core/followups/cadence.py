"""Follow-up cadence by tier (跟进节奏, docs/spec.md §4), generated for a rolling window.

Each line of a tier's cadence in the tier policy table (``{method, purpose, every_days}``)
becomes one follow-up per period of ``every_days`` days; at-risk customers add a weekly 挽回 call
(key ``winback:<customer>:<iso week>``; the churn check re-plans the customers whose flag changed).
Occurrences are:

- wanted on a day: a customer's offset inside the period comes from its id, so 5,000 strategic
  customers do not all want their monthly visit on the same morning, and the offsets share out
  the period's weekdays, so weekends do not pile up on Mondays;
- placed by ``core.followups.planner`` within the account manager's capacity: on the least-loaded working
  day near the wanted one, at an hour spread over business hours, never in the past; the
  at-risk call first, then strategic, core, ordinary and dormant customers; what does not fit is
  not planned (``Generated.dropped``; ``planner.demand`` says so to the owner);
- keyed: ``cad:<customer>:<line signature>:<period number>`` in the unique ``generated_key``
  column, so running twice adds nothing, and a follow-up the user moved (``moved_by_user``) or
  deleted (recycle bin, the row stays) is never planned again;
- not doubled: a period in which the customer already has a follow-up with the same purpose
  (planned by hand, imported) is left alone.

``generate`` runs on start (``plan_window`` is the same, with the counts): a full run (the first,
or after the policy, the capacities or the planner changed) removes the untouched future
occurrences and plans the whole window from today forward; later runs only add the days that
entered the window since, plus the whole window for customers changed since (new, restored,
archived). ``after_tier_change`` redoes the window for customers whose tier or churn flag changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from crmdesk.core import jobs
from crmdesk.core.customers import tiers
from crmdesk.core.firm import settings, workcal
from crmdesk.core.followups import planner
from crmdesk.core.followups import service as followups
from crmdesk.core.followups.lines import ELIGIBLE, Line, tier_lines
from crmdesk.core.i18n import _
from crmdesk.core.store import db
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.models import database_proxy, now

STATE_KEY = "cadence_state"

EPOCH = dt.date(2024, 1, 1)  # a Monday; period numbers count from it
WINBACK_PURPOSE = "流失预警：挽回回访"  # as core.customers.tiers proposes it
_BATCH = 500


def _signature(lines: dict[str, list[Line]]) -> str:
    text = json.dumps({tier: [ln.signature for ln in items] for tier, items in sorted(lines.items())})
    return hashlib.sha1(text.encode("ascii")).hexdigest()[:12]


def offset_of(customer_id: int, line: Line) -> int:
    """Where in each period the customer's occurrence of ``line`` falls (spreads customers over the days)."""
    return (customer_id * 7919 + line.number * 11) % line.every_days


class Window:
    """The days of ``[start, end)`` worked out once per line, so planning a customer is a look-up.

    ``days(line)[offset]`` lists (period number, due date) of the customer offset's occurrences;
    ``weeks[offset]`` lists (ISO week, due date) of the weekly at-risk call for ``id % 5``; with
    ``catch_up`` a call whose weekday has passed in the first week is due on the first day instead.
    """

    def __init__(self, start: dt.date, end: dt.date, cal: workcal.WorkCalendar, catch_up: bool = True) -> None:
        self.start, self.end, self.cal = start, end, cal
        self._days: dict[int, dict[int, list[tuple[int, dt.date]]]] = {}
        self.weeks: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
        monday = start - dt.timedelta(days=start.weekday())
        while monday < end:
            year, week, _ = monday.isocalendar()
            for offset in range(5):
                day = monday + dt.timedelta(days=offset)
                if catch_up and day < start <= monday + dt.timedelta(days=6):
                    day = start  # this week's call is still owed: as soon as the window starts ...
                    if cal.roll_forward(day) > monday + dt.timedelta(days=6):
                        continue  # ... unless no working day is left in the week (next week's call follows)
                if start <= day < end:
                    self.weeks[offset].append((f"{year}-{week:02d}", cal.roll_forward(day)))
            monday += dt.timedelta(days=7)

    def days(self, line: Line) -> dict[int, list[tuple[int, dt.date]]]:
        """The customer offsets' days of ``line``: each period's Monday–Friday days are shared out
        evenly among the offsets (a weekend day would pile up on Monday); a holiday then moves a
        day to the next working day, as does a period without a weekday (``every_days`` = 1)."""
        every = line.every_days
        table = self._days.get(every)
        if table is None:
            table = defaultdict(list)
            for n in range((self.start - EPOCH).days // every, ((self.end - EPOCH).days - 1) // every + 1):
                period = [EPOCH + dt.timedelta(days=n * every + i) for i in range(every)]
                weekdays = [day for day in period if day.weekday() < 5]
                for offset in range(every):
                    day = weekdays[offset * len(weekdays) // every] if weekdays else period[offset]
                    if self.start <= day < self.end:
                        table[offset].append((n, self.cal.roll_forward(day)))
            self._days[every] = table
        return table


# -- the database side ----------------------------------------------------------------------------

_SELECT = ("SELECT c.id, c.account_manager_id, (SELECT p.id FROM contact p WHERE p.customer_id = c.id "
           "AND p.is_primary = TRUE AND p.deleted_at IS NULL LIMIT 1) FROM customer c WHERE " + ELIGIBLE)


def _select(condition: str, params: list[object], ids: set[int] | None) -> list[tuple]:
    """(id, account manager, primary contact) of eligible customers meeting ``condition``."""
    if ids is None:
        return db.sql(f"{_SELECT} AND {condition}", params).fetchall()
    id_list = sorted(ids)
    rows: list[tuple] = []
    for i in range(0, len(id_list), _BATCH):
        chunk = id_list[i:i + _BATCH]
        rows += db.sql(f"{_SELECT} AND {condition} AND c.id IN ({','.join('?' * len(chunk))})",
                       [*params, *chunk]).fetchall()
    return rows


def _offset_filter(column: str, factor: int, add: int, every: int, offsets: Iterable[int]) -> tuple[str, list]:
    """SQL keeping customers whose offset has an occurrence in the window (all of them for a long window)."""
    wanted = sorted(set(offsets))
    if len(wanted) >= every:
        return "TRUE", []
    return (f"({column} * {factor} + {add}) % {every} IN ({','.join('?' * len(wanted))})" if wanted else "FALSE",
            wanted)


_BULK = 20_000  # more candidate customers than this: one range scan instead of a look-up per customer


def _existing(start: dt.date, end: dt.date, lines: dict[str, list[Line]],
              customer_ids: set[int]) -> dict[tuple[int, str], list[int]]:
    """Days (ordinals) of same-purpose follow-ups not keyed by a cadence line (by hand, imported, from
    the demo, the churn check's weekly calls) within half a period of the window, by (customer, purpose)."""
    purposes = sorted({ln.purpose for items in lines.values() for ln in items} | {WINBACK_PURPOSE})
    half = max([ln.every_days for items in lines.values() for ln in items] + [7]) // 2 + 1
    sql = (f"SELECT customer_id, purpose, {db.dialect().day('due_at')} FROM follow_up WHERE due_at >= ? AND due_at < ? "
           f"AND purpose IN ({','.join('?' * len(purposes))}) AND status != 'skipped' AND deleted_at IS NULL "
           "AND (generated_key IS NULL OR NOT (generated_key >= 'cad:' AND generated_key < 'cad;'))")
    params: list[object] = [str(start - dt.timedelta(days=half)), str(end + dt.timedelta(days=half)), *purposes]
    if len(customer_ids) > _BULK:
        rows = db.sql(sql, params).fetchall()
    else:  # a day's worth of new occurrences: look up just those customers (by the customer index)
        id_list = sorted(customer_ids)
        rows = []
        for i in range(0, len(id_list), _BATCH):
            chunk = id_list[i:i + _BATCH]
            due = db.dialect().no_index("due_at")
            by_customer = sql.replace("due_at >= ? AND due_at < ?", f"{due} >= ? AND {due} < ?")
            rows += db.sql(f"{by_customer} AND customer_id IN ({','.join('?' * len(chunk))})",
                           [*params, *chunk]).fetchall()
    found: dict[tuple[int, str], list[int]] = defaultdict(list)
    for cid, purpose, due in rows:
        found[(cid, purpose)].append(dt.date.fromisoformat(due).toordinal())
    return found


PRIORITY = {"strategic": 1, "core": 2, "ordinary": 3, "dormant": 4}  # the at-risk call is 0: first


def tolerance(every_days: int) -> int:
    """How many days an occurrence may move to fill its person's days evenly (±1 for a week, ±2 for
    a fortnight, ±4 for a month, ±13 for a quarter; a daily line stays on its day)."""
    return every_days // 7


@dataclass(frozen=True, order=True)
class _Wanted:
    """One occurrence the cadence wants, before the planner gives it a day and an hour."""

    priority: int
    ideal: dt.date
    key: str
    customer: int
    contact: int | None
    method: str
    purpose: str
    kind: str
    assignee: int | None
    tolerance: int


def _known_keys(customer_ids: set[int]) -> set[str]:
    """The cadence keys already in the table (planned, done, moved or deleted) for these customers."""
    ranges = ("((generated_key >= 'cad:' AND generated_key < 'cad;') "
              "OR (generated_key >= 'winback:' AND generated_key < 'winback;'))")
    if len(customer_ids) > _BULK:
        return {key for (key,) in db.sql(f"SELECT generated_key FROM follow_up WHERE {ranges}")}
    id_list, found = sorted(customer_ids), set()
    for i in range(0, len(id_list), _BATCH):
        chunk = id_list[i:i + _BATCH]
        found |= {key for (key,) in db.sql(
            f"SELECT generated_key FROM follow_up WHERE {ranges} AND customer_id IN ({','.join('?' * len(chunk))})",
            chunk)}
    return found


def _plan(start: dt.date, end: dt.date, lines: dict[str, list[Line]], ids: set[int] | None = None,
          catch_up: bool = True, book: planner.LoadBook | None = None) -> list[tuple]:
    """The rows to insert for the customers (all eligible, or ``ids``) whose occurrences lie in ``[start, end)``.

    An occurrence is left out when the customer already has a follow-up of the same purpose within
    half a period (three days for the weekly call): planned by hand, imported, from the demo. The
    rest go to the planner in order of importance (the at-risk call, then strategic, core, ordinary,
    dormant): each gets the least-loaded working day of its account manager near the day it is
    wanted and an hour in business time, or is dropped when that person's days are full.
    """
    if start >= end:
        return []
    window = Window(start, end, workcal.current(), catch_up)
    book = book or planner.LoadBook(start, end, now=planner.moment_of(start))
    stamp = str(now())
    wanted: list[tuple[int, int | None, int | None, Line | None, str]] = []  # (customer, manager, contact, line)
    for tier, items in lines.items():
        for item in items:
            condition, params = _offset_filter("c.id", 7919, item.number * 11, item.every_days, window.days(item))
            wanted += [(cid, manager, contact, item, tier)
                       for cid, manager, contact in _select(f"c.tier = ? AND {condition}", [tier, *params], ids)]
    condition, params = _offset_filter("c.id", 1, 0, 5, window.weeks)
    wanted += [(cid, manager, contact, None, "") for cid, manager, contact in _select(f"c.at_risk = TRUE AND {condition}",
                                                                                     params, ids)]
    customers = {w[0] for w in wanted}
    existing = _existing(start, end, lines, customers)
    known = _known_keys(customers)
    occurrences: list[_Wanted] = []
    for cid, manager, contact, line, tier in wanted:
        if line is None:  # the weekly call of an at-risk customer
            taken = existing.get((cid, WINBACK_PURPOSE))
            for week, day in window.weeks.get(cid % 5, ()):
                key = f"winback:{cid}:{week}"
                if key not in known and not (taken and any(abs(d - day.toordinal()) < 3 for d in taken)):
                    occurrences.append(_Wanted(0, day, key, cid, None, "phone", WINBACK_PURPOSE, "winback",
                                               manager, 1))
            continue
        taken = existing.get((cid, line.purpose))
        half = max(1, line.every_days // 2)
        for n, day in window.days(line).get(offset_of(cid, line), ()):
            key = f"cad:{cid}:{line.signature}:{n}"
            if key not in known and not (taken and any(abs(d - day.toordinal()) < half for d in taken)):
                occurrences.append(_Wanted(PRIORITY.get(tier, 5), day, key, cid, contact, line.method, line.purpose,
                                           "cadence", manager, tolerance(line.every_days)))
    rows = []
    for o in sorted(occurrences):
        due = book.place(o.assignee, o.ideal, o.tolerance)
        if due is not None:
            rows.append((o.key, o.customer, o.contact, str(due), o.method, o.purpose, o.kind, o.assignee, stamp))
    return rows


def _clear_untouched(today: dt.date) -> int:
    """Before a full re-plan: remove the generated occurrences from today on that nobody touched
    (planned, not moved by the user, not in the recycle bin); they are planned anew."""
    return db.sql("DELETE FROM follow_up WHERE status = 'planned' AND moved_by_user = FALSE AND deleted_at IS NULL "
                  "AND due_at >= ? AND ((generated_key >= 'cad:' AND generated_key < 'cad;') "
                  "OR (generated_key >= 'winback:' AND generated_key < 'winback;'))",
                  [str(dt.datetime.combine(today, dt.time()))]).rowcount


def _remove_stale(today: dt.date, lines: dict[str, list[Line]], ids: set[int] | None) -> int:
    """Drop untouched future occurrences the cadence no longer wants: the customer left the plan
    (archived, deleted, erased), its tier's lines changed, or it is no longer at risk."""
    allowed: dict[int, set[str]] = {}
    signatures = {tier: {ln.signature for ln in items} for tier, items in lines.items()}
    for cid, tier, at_risk in _eligible(ids):
        allowed[cid] = signatures.get(tier, set()) | ({"winback"} if at_risk else set())
    sql = ("SELECT id, generated_key FROM follow_up WHERE status = 'planned' AND moved_by_user = FALSE "
           "AND deleted_at IS NULL AND due_at >= ? AND ((generated_key >= 'cad:' AND generated_key < 'cad;') "
           "OR (generated_key >= 'winback:' AND generated_key < 'winback;'))")
    params: list[object] = [str(dt.datetime.combine(today, dt.time()))]
    candidates: list[tuple[int, str]] = []
    if ids is None:
        candidates = db.sql(sql, params).fetchall()
    else:
        id_list = sorted(ids)
        for i in range(0, len(id_list), _BATCH):
            chunk = id_list[i:i + _BATCH]
            candidates += db.sql(f"{sql} AND customer_id IN ({','.join('?' * len(chunk))})",
                                 [*params, *chunk]).fetchall()
    stale = []
    for fid, key in candidates:
        kind, customer, rest = key.split(":", 2)
        if (rest.split(":")[0] if kind == "cad" else "winback") not in allowed.get(int(customer), ()):
            stale.append(fid)
    for i in range(0, len(stale), _BATCH):
        chunk = stale[i:i + _BATCH]
        db.sql(f"DELETE FROM follow_up WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    return len(stale)


def _eligible(ids: set[int] | None) -> list[tuple[int, str, int]]:
    sql = f"SELECT c.id, c.tier, c.at_risk FROM customer c WHERE {ELIGIBLE}"
    if ids is None:
        return db.sql(sql).fetchall()
    id_list = sorted(ids)
    rows: list[tuple[int, str, int]] = []
    for i in range(0, len(id_list), _BATCH):
        chunk = id_list[i:i + _BATCH]
        rows += db.sql(f"{sql} AND c.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
    return rows


def _regenerate(ids: set[int] | None, today: dt.date, end: dt.date, lines: dict[str, list[Line]],
                book: planner.LoadBook | None = None) -> tuple[int, int]:
    """The whole window for these customers (or everyone): insert what is missing, remove what is stale."""
    removed = _remove_stale(today, lines, ids)  # first: what leaves frees its day for what comes
    return followups.insert_generated(_plan(today, end, lines, ids, book=book)), removed


def _changed_since(stamp: str) -> set[int]:
    """Customers created or edited (restored, archived, …) since the last run."""
    return {cid for (cid,) in db.sql(
        "SELECT id FROM customer WHERE created_at >= ? OR updated_at >= ?", [stamp, stamp])}


@dataclass
class Generated:
    """What a generation run did (``dropped``: occurrences that did not fit their person's capacity)."""

    added: int
    removed: int
    full: bool
    changes: Changes
    dropped: int = 0


def generate(today: dt.date | None = None, weeks: int = 8) -> Changes:
    """Plan the cadence follow-ups of the next ``weeks`` weeks (cheap when already done today);
    the start-up job calls this after the window shows."""
    return plan_window(today, weeks).changes


def save_capacities(default: int, by_staff: dict[int, int | None]) -> Changes:
    """Store the follow-up capacities (``planner.set_capacities``) and re-plan the window within them
    at once, so the calendar shows the new load as soon as the change is saved."""
    return planner.set_capacities(default, by_staff) | generate()


PLANNER_VERSION = "capacity-1"  # a planner that places differently re-plans the window once


def plan_window(today: dt.date | None = None, weeks: int = 8) -> Generated:
    """:func:`generate`, saying how many follow-ups were added, removed and dropped, and whether it
    was a full run.

    A full run (the first, a changed policy or capacity, a new planner, a clock set back) removes
    the untouched generated occurrences from today on and plans the window anew, from today forward:
    nothing it plans is overdue. A later run adds the days that entered the window since and the
    whole window of customers changed since (new, restored, archived).
    """
    today = today or dt.date.today()
    end = today + dt.timedelta(days=7 * weeks)
    lines = tier_lines()
    signature = f"{_signature(lines)}|{planner.fingerprint()}|{PLANNER_VERSION}"
    state = settings.get(STATE_KEY) or {}
    stamp = str(now())
    with database_proxy.atomic():
        full = state.get("signature") != signature or not state.get("through") or today.isoformat() < \
            state.get("day", "")
        if full:
            removed = _clear_untouched(today)
            book = planner.LoadBook(today, end, now=planner.moment_of(today))
            added = followups.insert_generated(_plan(today, end, lines, book=book))
        else:
            book = planner.LoadBook(today, end, now=planner.moment_of(today))
            changed = _changed_since(state.get("ran_at") or stamp)
            added, removed = _regenerate(changed, today, end, lines, book) if changed else (0, 0)
            start = dt.date.fromisoformat(state["through"])  # the days that entered the window since
            added += followups.insert_generated(_plan(max(today, start), end, lines, catch_up=start < today,
                                                      book=book))
        through = max(end, dt.date.fromisoformat(state["through"])) if not full else end
        settings.put(STATE_KEY, {"signature": signature, "through": through.isoformat(), "ran_at": stamp,
                                 "day": today.isoformat(), "dropped": book.dropped})
    return Generated(added, removed, full, Changes(followups=True) if added or removed else Changes(), book.dropped)


def after_tier_change(customer_ids: Iterable[int], today: dt.date | None = None, weeks: int = 8) -> Changes:
    """Redo the window for customers whose tier or churn flag changed (``core.customers.tiers`` calls this)."""
    ids = set(customer_ids)
    if not ids:
        return Changes()
    today = today or dt.date.today()
    through = (settings.get(STATE_KEY) or {}).get("through")
    end = dt.date.fromisoformat(through) if through else today + dt.timedelta(days=7 * weeks)
    with database_proxy.atomic():
        added, removed = _regenerate(ids, today, max(end, today), tier_lines())
    return Changes(followups=True, customer_ids=ids) if added or removed else Changes()


# A tier or churn change re-plans those customers; an edited tier policy re-plans the window.
tiers.on_tiers_changed(after_tier_change)
tiers.on_policy_saved(generate)


def _cadence_job(ctx: jobs.JobContext, _prepared: object) -> jobs.Outcome:
    """The daily job: the window moves on a day (after the tiers, which it follows)."""
    result = plan_window(ctx.today)
    counts = {"added": result.added, "removed": result.removed, "dropped": result.dropped, "full": result.full}
    if not (result.added or result.removed):
        return jobs.Outcome(False, counts)
    return jobs.Outcome(True, counts, _("{added} follow-up(s) planned, {removed} removed, {dropped} beyond capacity",
                                        added=result.added, removed=result.removed, dropped=result.dropped),
                        result.changes)


jobs.register(jobs.Job("cadence", 40, lambda: _("Follow-up cadence"), _cadence_job))
