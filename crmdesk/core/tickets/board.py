"""Read-only ticket queries of the board (工单看板); the Today lists are in ``core.tickets.alerts``.

``board`` runs one SQL statement (a sub-select per stage, glued with UNION ALL, tickets joined
with customer and staff, filtered, ordered and limited in SQL) and computes each card's time
left in Python with one SLA policy and one calendar snapshot, reading the stored times as text.
Archived tickets are left out unless asked for. Open stages are ordered by their next due (most
urgent first); resolved, callback and archived by resolution time (newest first), read backwards
along the ``resolved_at`` index so that a column of 30,000 finished tickets costs no more than its
first ``limit_per_stage`` cards (``all_open`` lifts the limit of the open stages: a desk sees every
open ticket). ``stage_counts`` gives the column totals (unfiltered, from the stage index alone);
``columns`` gives what the board widget shows: cards, header counts and the clock they were read at.

The search text matches part of a ticket number or of a customer's name. Matching customers and
numbers are looked up once per call (one pass over the covering name or number index): when few
match, their tickets drive the query — on SQLite through a temporary table, on a server as a list
parameter (``t.id = ANY(?)``, no temporary table: DESIGN §9.4); when many do ("公司", "2026"), each
row is checked instead. SQLite's planner hints come from the dialect (nothing on a server, which
plans by its statistics).

A card's clock is the ticket's *next* due: the response due until the first response, then the
resolution due; frozen at ``paused_at`` while paused and at ``resolved_at`` once resolved (a
resolved card is red when it was resolved late). ``state`` is ok / amber (under 25 % of the
allowance left) / red (breached), or "" for tickets without due times (imported history).
``retime`` moves live cards on to a later "now" without a query (the board's clock ticks).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from crmdesk.core.customers import search
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import filters as custom_filters
from crmdesk.core.customfields.filters import CustomFilter
from crmdesk.core.firm import workcal
from crmdesk.core.store import db
from crmdesk.core.store.models import stored_text
from crmdesk.core.tickets import sla
from crmdesk.core.tickets.records import OPEN_STAGES, STAGES


class Card(NamedTuple):
    """One ticket on the board (a named tuple: cheap to make by the ten thousand)."""

    id: int
    number: str
    customer_id: int
    customer: str
    category: str
    priority: str
    severity: str
    assignee: str
    stage: str
    due: dt.datetime | None  # the next due (response, then resolution)
    due_kind: str  # response / resolution / ""
    seconds_left: int | None  # in the due's clock (working or calendar seconds); negative when breached
    allowance_seconds: int | None
    calendar: bool  # True: the clock counts 24×7; False: working time
    state: str  # ok / amber / red / ""
    paused: bool
    pause_reason: str
    stopped_at: dt.datetime | None = None  # where the clock stands still (the resolution, or the pause)
    created_at: dt.datetime | None = None
    summary: str = ""  # the problem in one line (the start of the description)
    model: str = ""  # the product model of the machine the ticket is about ('' for none)


@dataclass
class BoardFilter:
    """What the board shows; every criterion is optional."""

    stages: tuple[str, ...] | None = None  # None: every stage but archived (unless include_archived)
    include_archived: bool = False
    assignee_id: int | None = None
    unassigned: bool = False
    department_id: int | None = None  # 部门工单: tickets the department is responsible for (else its members')
    customer_id: int | None = None
    category: str | None = None
    priority: str | None = None
    text: str = ""  # part of the number or of the customer's name
    created_from: dt.datetime | None = None
    created_to: dt.datetime | None = None
    states: frozenset[str] | None = None  # keep only cards in these states (e.g. {"amber", "red"})
    overdue: bool = False  # only breached tickets (the red cards), filtered in SQL
    custom: tuple[CustomFilter, ...] = ()  # conditions on the tickets' custom fields (all must hold)
    limit_per_stage: int | None = 500  # the first N cards of each stage (None: all of them)
    all_open: bool = False  # every card of the open stages, whatever limit_per_stage says

    def narrows(self) -> bool:
        """Whether anything but the stages narrows the board (else the counts come from the stage index)."""
        return bool(self.assignee_id is not None or self.unassigned or self.customer_id is not None
                    or self.department_id is not None
                    or self.category or self.priority or (self.text or "").strip() or self.created_from
                    or self.created_to or self.overdue or bool(self.custom))

    def limit_of(self, stage: str) -> int | None:
        """How many cards of ``stage`` the board reads at most."""
        return None if self.all_open and stage in OPEN_STAGES else self.limit_per_stage


UNASSIGNED = -1  # a saved view's (and the board's assignee filter's) "nobody yet"


def filter_from_state(state: dict[str, object], operator_id: int | None = None) -> tuple[BoardFilter, list[str]]:
    """The filter of a saved board view (``core.saved_views``, scope ``tickets``), every card of it
    (no per-stage limit), and in words the conditions left out (a custom field removed or sealed
    since). ``operator_id``: whose tickets “mine” means (``None``: the condition is left out)."""
    text = str(state.get("text") or "").strip()
    assignee = state.get("assignee")
    if state.get("mine"):
        assignee = operator_id
    priority, category = state.get("priority"), state.get("category")
    custom, dropped = custom_filters.from_states(state.get("custom"), customfields.fields("ticket"))
    return BoardFilter(assignee_id=assignee if isinstance(assignee, int) and assignee != UNASSIGNED else None,
                       unassigned=assignee == UNASSIGNED, priority=str(priority) if priority else None,
                       category=str(category) if category else None, text=text if len(text) >= 2 else "",
                       overdue=bool(state.get("overdue")), custom=tuple(custom), limit_per_stage=None,
                       all_open=True), dropped


def card_ids(filters: BoardFilter, now: dt.datetime | None = None) -> list[int]:
    """The ids of the cards ``filters`` selects, column by column in the board's order."""
    cols = columns(filters, now)
    return [card.id for stage in STAGES for card in cols.cards.get(stage, [])]


@dataclass
class Columns:
    """What the board widget shows: each column's cards and header count, and the moment and
    working calendar they were counted with (what ``retime`` needs to move them on)."""

    cards: dict[str, list[Card]]
    counts: dict[str, int]  # a stage left uncounted has no entry
    now: dt.datetime
    cal: workcal.WorkCalendar
    more: frozenset[str] = frozenset()  # stages known to hold more tickets than their count (the cards shown)


@dataclass(frozen=True)
class _TextMatch:
    """The search text and how it is matched: ``few`` when the matching tickets were written into
    ``temp.board_match`` (then they drive the query), else each row is checked. On a server ``ids``
    holds the matching tickets instead of the temporary table."""

    text: str
    few: bool
    ids: list[int] | None = None


_COLUMNS = ("t.id, t.number, t.customer_id, c.name, c.tier, t.category, t.priority, t.severity, "
            "COALESCE(s.name, t.assignee_name), t.stage, t.first_response_at, t.response_due, t.resolution_due, "
            "t.resolved_at, t.paused, t.paused_at, t.pause_reason, t.created_at, substr(t.description, 1, 120), "
            "t.sla_override, e.model")
# the next due: the response due until the first response (and before resolution), then the resolution due
_NEXT_DUE = ("CASE WHEN t.first_response_at IS NULL AND t.resolved_at IS NULL AND t.response_due IS NOT NULL "
             "THEN t.response_due ELSE t.resolution_due END")


def _live() -> str:
    """The board leaves out deleted customers through their (few, indexed) ids (``db.customers_in_bin``)."""
    return f"t.deleted_at IS NULL AND t.customer_id NOT IN {db.customers_in_bin()}"


def _card_from(index: str) -> str:
    return (f"FROM ticket t{index} LEFT JOIN customer c ON c.id = t.customer_id "
            f"LEFT JOIN staff s ON s.id = t.assignee_id LEFT JOIN equipment e ON e.id = t.equipment_id WHERE {_live()}")
# breached (what ``board`` paints red): the next due lies before the moment the clock stands at
_BREACHED = ("(CASE WHEN t.first_response_at IS NULL AND t.resolved_at IS NULL AND t.response_due IS NOT NULL "
             "THEN t.response_due < ? ELSE t.resolution_due < COALESCE(t.resolved_at, "
             "CASE WHEN t.paused THEN t.paused_at END, ?) END)")
_FEW = 5000  # up to this many matching customers (or numbers), their tickets drive the query
_WALKED = ("callback", "archived")  # the columns that grow without end
_WINDOW = 15_000  # a walk visits at most the newest this many resolved tickets (then the stage index)
_NUMBER_CHARS = frozenset("GD0123456789-")
# the tickets the search text matches, with their stage, when they are few (one per connection)
_MATCHED = "t.id IN (SELECT id FROM temp.board_match WHERE stage = ?) AND +t.stage = ?"
# the same on a server: the matching tickets as a list parameter
_MATCHED_IDS = "t.id = ANY(?) AND t.stage = ?"


def _stages(f: BoardFilter) -> list[str]:
    if f.stages:
        return [s for s in STAGES if s in f.stages]
    return [s for s in STAGES if f.include_archived or s != "archived"]


def _match_text(text: str) -> _TextMatch | None:
    """Look the search text up once: the customers whose name holds it, the tickets whose number does.

    When few match, their tickets go into the connection's ``temp.board_match`` with their stage,
    so each column reads only its own matches.
    """
    text = search.without_controls(text or "").strip()  # a pasted NUL or zero-width space matches nothing
    if not text:
        return None

    def ids(sql: str, value: str) -> list[int] | None:
        found = [row[0] for row in db.sql(sql, [value, _FEW + 1])]
        return None if len(found) > _FEW else found

    d = db.dialect()
    customers = ids(f"SELECT id FROM customer WHERE {d.contains('name')} LIMIT ?", text)
    number = text.upper()
    tickets = ids(f"SELECT id FROM ticket WHERE {d.contains('number')} LIMIT ?", number) \
        if set(number) <= _NUMBER_CHARS else []
    if customers is None or tickets is None:
        return _TextMatch(text, False)
    if not d.tuning:  # a server: the matching tickets go into the statements as a list
        return _TextMatch(text, True, [row[0] for row in db.sql(
            "SELECT id FROM ticket WHERE customer_id = ANY(?) OR id = ANY(?)", [customers, tickets])])
    db.sql("CREATE TEMP TABLE IF NOT EXISTS board_match (id INTEGER PRIMARY KEY, stage TEXT)")
    db.sql("DELETE FROM temp.board_match")
    for column, found in (("customer_id", customers), ("id", tickets)):
        if found:  # integers read from the database, written into the statement as they are
            db.sql(
                "INSERT OR IGNORE INTO temp.board_match (id, stage) SELECT id, stage FROM ticket "
                f"WHERE {column} IN ({','.join(str(int(i)) for i in found)})")
    return _TextMatch(text, True)


def _where(f: BoardFilter, now: dt.datetime | None, match: _TextMatch | None) -> tuple[str, list[object]]:
    """The filters other than the stages, as `` AND …`` conditions on ``ticket t`` (and ``customer c``
    when the text matches many tickets)."""
    sql = ""
    params: list[object] = []
    # unary + keeps SQLite on the stage (or resolved_at) index: an engineer, a category or a priority
    # holds tens of thousands of tickets, mostly archived
    plus = db.dialect().no_index
    if f.assignee_id is not None:
        sql += f" AND {plus('t.assignee_id')} = ?"
        params.append(f.assignee_id)
    if f.unassigned:
        sql += " AND t.assignee_id IS NULL"
    if f.department_id is not None:  # the routed department, else the assignee's (tickets from before routing)
        sql += (f" AND COALESCE({plus('t.department_id')}, (SELECT s2.department_id FROM staff s2 WHERE s2.id = t.assignee_id))"
                " = ?")
        params.append(f.department_id)
    if f.customer_id is not None:
        sql += " AND t.customer_id = ?"
        params.append(f.customer_id)
    if f.category:
        sql += f" AND {plus('t.category')} = ?"
        params.append(f.category)
    if f.priority:
        sql += f" AND {plus('t.priority')} = ?"
        params.append(f.priority)
    if f.created_from is not None:
        sql += " AND t.created_at >= ?"
        params.append(stored_text(f.created_from))
    if f.created_to is not None:
        sql += " AND t.created_at < ?"
        params.append(stored_text(f.created_to))
    if f.overdue:
        sql += f" AND {_BREACHED}"
        moment = stored_text(now or dt.datetime.now())
        params.extend([moment, moment])
    for condition in f.custom:  # each an indexed id list of one field's values (core.customfields.filters)
        custom_sql, custom_params = custom_filters.condition(condition, "t.id")
        sql += f" AND {custom_sql}"
        params.extend(custom_params)
    if match is not None and not match.few:  # (few matches: the stage condition reads temp.board_match)
        d = db.dialect()
        sql += f" AND ({d.contains('c.name')} OR {d.contains('t.number')})"
        params.extend([match.text, match.text.upper()])
    return sql, params


def _stage_condition(match: _TextMatch | None, stage: str, walk: bool = False) -> tuple[str, list[object]]:
    """The condition choosing one stage's tickets, and its parameters."""
    if match is not None and match.few:
        if match.ids is not None:
            return _MATCHED_IDS, [match.ids, stage]
        return _MATCHED, [stage, stage]
    return (f"{db.dialect().no_index('t.stage')} = ?" if walk else "t.stage = ?"), [stage]


def _walks(f: BoardFilter, match: _TextMatch | None) -> bool:
    """Whether the callback and archived columns walk the resolved_at index (newest first).

    They grow without end (tens of thousands of tickets); the walk stops at the column's limit instead
    of sorting the whole stage. A selective filter (one customer, a date range, a text few tickets
    hold) drives the query through its own index instead.
    """
    return f.states is None and not (f.customer_id is not None or (match is not None and match.few)
                                     or f.created_from or f.created_to)


def _window() -> str | None:
    """The resolution time of the ``_WINDOW``-th newest resolved ticket (None: there are fewer)."""
    row = db.sql(f"SELECT resolved_at FROM ticket{db.dialect().indexed_by('ticket_resolved_at')} WHERE "
                 "resolved_at IS NOT NULL ORDER BY resolved_at DESC LIMIT 1 OFFSET ?",
                 [_WINDOW - 1]).fetchone()
    return None if row is None else row[0]


def _board_sql(f: BoardFilter, now: dt.datetime, match: _TextMatch | None,
               window: str | None) -> tuple[str, list[object]]:
    """One statement: a sub-select per stage, each ordered (and limited) on its own, glued by UNION ALL.

    A walking column reads only tickets resolved since ``window`` (when given): the walk then visits
    a bounded number of rows even when a filter matches few of them (see ``_older_sql``).
    """
    where, params = _where(f, now, match)
    walk = _walks(f, match)
    parts: list[str] = []
    all_params: list[object] = []
    for stage in _stages(f):
        limit = f.limit_of(stage) if f.states is None else None
        index = ""
        extra: list[object] = []
        if stage in OPEN_STAGES:
            order = f"{_NEXT_DUE} IS NULL, {_NEXT_DUE}, t.id"
            condition, stage_params = _stage_condition(match, stage)
        else:
            order = f"{db.dialect().order_by('t.resolved_at', True)}, t.id DESC"
            walking = walk and stage in _WALKED
            condition, stage_params = _stage_condition(match, stage, walking)
            if walking and window is not None:
                condition += " AND t.resolved_at >= ?"
                extra = [window]
            elif not walking and not (match is not None and match.few) and f.customer_id is None:
                # SQLite would rather walk the whole resolved_at index than sort a stage (and the
                # resolved tickets are the newest few: a filter that matches none of them would
                # walk all of it looking for them)
                index = db.dialect().indexed_by("ticket_stage")
        tail = " LIMIT ?" if limit is not None else ""
        parts.append(f"SELECT * FROM (SELECT {_COLUMNS} {_card_from(index)} AND {condition}{where} "
                     f"ORDER BY {order}{tail}) AS part{len(parts)}")
        all_params += stage_params + extra + params + ([limit] if limit is not None else [])
    return " UNION ALL ".join(parts), all_params


def _older_sql(f: BoardFilter, stage: str, now: dt.datetime, match: _TextMatch | None, window: str,
               limit: int | None) -> tuple[str, list[object]]:
    """The rest of a walking column, resolved before ``window``, read through the stage index: a
    filter that matched too few of the newest tickets costs one pass over the stage, not the table."""
    where, params = _where(f, now, match)
    tail = " LIMIT ?" if limit is not None else ""
    order = db.dialect().order_by("t.resolved_at", True)
    sql = (f"SELECT {_COLUMNS} {_card_from(db.dialect().indexed_by('ticket_stage'))} AND t.stage = ? "
           f"AND (t.resolved_at < ? OR t.resolved_at IS NULL){where} ORDER BY {order}, t.id DESC{tail}")
    return sql, [stage, window, *params] + ([limit] if limit is not None else [])


def board(filters: BoardFilter | None = None, now: dt.datetime | None = None) -> dict[str, list[Card]]:
    """The cards of each stage asked for (every such stage is a key, possibly empty).

    Open stages are ordered by their next due, most urgent first; resolved, callback and archived
    by the resolution time, newest first. ``limit_per_stage`` (default 500) caps each column;
    ``stage_counts`` gives the full numbers for the column headers.
    """
    f = filters or BoardFilter()
    return _board(f, now or dt.datetime.now(), _match_text(f.text), sla.policy())


def _board(f: BoardFilter, now: dt.datetime, match: _TextMatch | None, pol: sla.Policy) -> dict[str, list[Card]]:
    stages = _stages(f)
    if not stages:
        return {}
    # A state filter is applied to the computed cards, so the limit is applied after it: every ticket
    # of the stages asked for is read (use stages=OPEN_STAGES for an "at risk now" view).
    window = _window() if _walks(f, match) and any(s in _WALKED for s in stages) else None
    out: dict[str, list[Card]] = {s: [] for s in stages}
    caps = {s: f.limit_of(s) for s in stages}
    add = _card_maker(out, caps, f.states, now, pol)
    add(db.sql(*_board_sql(f, now, match, window)))
    for stage in stages:
        cap = caps[stage]
        short = cap is None or len(out[stage]) < cap
        if window is not None and stage in _WALKED and short:
            rest = None if cap is None else cap - len(out[stage])
            add(db.sql(*_older_sql(f, stage, now, match, window, rest)))
    return out


def _card_maker(out: dict[str, list[Card]], caps: dict[str, int | None], wanted: frozenset[str] | None,
                now: dt.datetime, pol: sla.Policy) -> Callable[[Iterable[Sequence[Any]]], None]:
    """A function that turns rows of ``_COLUMNS`` into cards appended to ``out`` (each stage up to its cap)."""
    position_text = pol.cal.position_text
    response = pol.response
    resolution = pol.resolution
    parse = dt.datetime.fromisoformat
    now_text = stored_text(now)
    now_position = pol.cal.position(now)

    def add(rows: Iterable[Sequence[Any]]) -> None:
        if not db.dialect().tuning:  # a server gives datetimes: the cards read them as SQLite stores them
            rows = ([str(v) if isinstance(v, dt.datetime) else v for v in row] for row in rows)
        for (tid, number, cid, cname, tier, category, priority, severity, assignee, stage, first, response_due,
             resolution_due, resolved_at, paused, paused_at, pause_reason, created, description, ruled, model) in rows:
            summary = " ".join((description or "").split())
            cards = out[stage]
            cap = caps[stage]
            if cap is not None and len(cards) >= cap:
                continue
            created_at = parse(created) if created else None
            if first is None and resolved_at is None and response_due is not None:
                allowance = response(priority, tier, ruled)
                due_text, kind, at_text = response_due, "response", None
            elif resolution_due is not None:
                allowance = resolution(priority, category, severity, tier, ruled)
                due_text, kind = resolution_due, "resolution"
                at_text = resolved_at or (paused_at if paused else None)
            else:
                if wanted is None:
                    cards.append(Card(tid, number, cid, cname, category, priority, severity, assignee or "", stage,
                                      None, "", None, None, False, "", bool(paused), pause_reason or "", None,
                                      created_at, summary, model or ""))
                continue
            due = parse(due_text)
            if allowance.calendar:
                left = round((due - (parse(at_text) if at_text else now)).total_seconds())
            else:
                left = round(position_text(due_text) - (position_text(at_text) if at_text else now_position))
            if (at_text or now_text) > due_text:
                state = "red"
            elif left < sla.AMBER_SHARE * allowance.seconds:
                state = "amber"
            else:
                state = "ok"
            if wanted is not None and state not in wanted:
                continue
            cards.append(Card(tid, number, cid, cname, category, priority, severity, assignee or "", stage, due,
                              kind, left, allowance.seconds, allowance.calendar, state, bool(paused),
                              pause_reason or "", parse(at_text) if at_text else None, created_at, summary,
                              model or ""))

    return add


def retime(cards: list[Card], since: dt.datetime, now: dt.datetime, cal: workcal.WorkCalendar) -> list[Card]:
    """The cards counted at ``since``, with their time left and state moved on to ``now``.

    No query: the working clock's advance is read once from ``cal`` (the calendar the cards were
    counted with) and taken off every live card; cards whose clock stands still (paused or
    resolved) and cards without a due stay as they are.
    """
    worked = cal.position(now) - cal.position(since)
    passed = (now - since).total_seconds()
    state_of = sla.state_of
    make = tuple.__new__  # a third of ``_replace``'s time: the board ticks thousands of cards
    out = []
    for card in cards:
        if card.due is None or card.seconds_left is None or card.allowance_seconds is None \
                or card.stopped_at is not None:
            out.append(card)
            continue
        left = round(card.seconds_left - (passed if card.calendar else worked))
        state = state_of(left, card.allowance_seconds, now > card.due)
        out.append(make(Card, (*card[:11], left, *card[12:14], state, *card[15:])))
    return out


def stage_counts(filters: BoardFilter | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """How many tickets each stage of the board holds under ``filters`` (states and limits aside;
    ``now`` is the moment an ``overdue`` filter compares the dues with). Unfiltered, the counts come
    from the stage index; filtered, every ticket of the stages is read."""
    f = filters or BoardFilter()
    stages = _stages(f)
    if not stages:
        return {}
    if not f.narrows():
        found = _plain_counts(stages)
    else:
        match = _match_text(f.text)
        where, params = _where(f, now, match)
        join = " LEFT JOIN customer c ON c.id = t.customer_id" if match is not None and not match.few else ""
        parts, all_params = [], []
        for stage in stages:
            condition, stage_params = _stage_condition(match, stage)
            parts.append(f"SELECT ?, count(*) FROM ticket t{join} WHERE {_live()} AND {condition}{where}")
            all_params += [stage, *stage_params, *params]
        sql = " UNION ALL ".join(parts)
        found = dict(db.sql(sql, all_params).fetchall())
    return {stage: found.get(stage, 0) for stage in stages}


def columns(filters: BoardFilter, now: dt.datetime | None = None, also_count: tuple[str, ...] = ()) -> Columns:
    """The board widget's load: ``board`` plus each column's header count (and the count of the
    stages in ``also_count`` whose cards are not read, e.g. a folded archive).

    A complete column is counted by its cards. A full one (the limit reached) is counted on the
    stage index when nothing filters the board; under a filter it is only known to hold more than
    its cards (``Columns.more``): counting it would read up to every finished ticket, so a folded
    column is then not counted at all.
    """
    now = now or dt.datetime.now()
    pol = sla.policy()
    cards = _board(filters, now, _match_text(filters.text), pol)
    counts: dict[str, int] = {}
    uncounted = [stage for stage in also_count if stage not in cards]
    more = set()
    for stage, stage_cards in cards.items():
        limit = filters.limit_of(stage)
        counts[stage] = len(stage_cards)
        if filters.states is not None or (limit is not None and len(stage_cards) >= limit):
            uncounted.append(stage)
    if uncounted and not filters.narrows() and filters.states is None:
        counts.update(_plain_counts(uncounted))
    else:
        more = {stage for stage in uncounted if stage in cards}
    return Columns(cards, counts, now, pol.cal, frozenset(more))


def _plain_counts(stages: list[str]) -> dict[str, int]:
    """Counts on the covering stage index, less the tickets in the recycle bin and those of deleted
    customers (both few and indexed): a 30,000-ticket callback column without reading its rows.

    The archive (most of the table) is the rest of the table's row count, which SQLite keeps
    cheaply, since every ticket is at one of the seven stages.
    """
    live = [stage for stage in STAGES if stage != "archived"]
    marks = ",".join("?" * len(live))
    index = db.dialect().indexed_by("ticket_stage")
    found = dict(db.sql(
        f"SELECT stage, count(*) FROM ticket{index} WHERE stage IN ({marks}) GROUP BY stage",
        live).fetchall())
    if "archived" in stages:
        total = db.sql("SELECT count(*) FROM ticket").fetchone()[0]
        found["archived"] = total - sum(found.values())
    marks = ",".join("?" * len(stages))
    hidden = db.sql(
        f"SELECT t.stage, count(*) FROM ticket t WHERE t.stage IN ({marks}) AND (t.id IN "
        "(SELECT entity_id FROM recycle_bin_entry WHERE entity = 'ticket') AND t.deleted_at IS NOT NULL "
        f"OR t.deleted_at IS NULL AND t.customer_id IN {db.customers_in_bin()}) GROUP BY t.stage", stages)
    for stage, count in hidden:
        found[stage] = found.get(stage, 0) - count
    return found
