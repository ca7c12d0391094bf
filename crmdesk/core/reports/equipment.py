"""Equipment KPIs (设备报表): tickets by product model, repeat faults per serial number, in/out of warranty.

With P the period, counting tickets created in P that are not deleted:

- 按型号工单 by model = tickets about a machine, grouped by its product model (folded like the
  serial number's uniqueness: case, width, spaces), with their fault tickets and how many machines;
  tickets about no machine are counted apart (未关联设备), so the shares add up honestly;
- 重复故障 repeat faults = fault tickets (故障报修) whose machine had another fault ticket created in
  the ``REPEAT_DAYS`` (30) days before; per serial number, the machines with at least one;
  重复故障率 = repeat faults / fault tickets about a machine;
- 保内占比 share in warranty = tickets about a machine whose cover on the day the ticket came in was
  维保合同内 or 在保 (``core.equipment.warranty``, one rule with the dossier and the ticket form) /
  tickets about a machine whose cover is known; 过保 and 保修未登记 are counted too.

``detail_*`` list the tickets behind each number (``core.reports.items.Detail``), as every KPI does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from crmdesk.core.equipment.warranty import state_sql
from crmdesk.core.i18n import N_, _
from crmdesk.core.reports.items import LIMIT, Detail, Row
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store import db
from crmdesk.core.store.models import TICKET_CATEGORIES, WARRANTY_STATES, database_proxy, stored_datetime, stored_text
from crmdesk.core.tickets.records import stage_label

REPEAT_DAYS = 30
_IN_P = "t.created_at >= ? AND t.created_at < ? AND t.deleted_at IS NULL"
_STATE = state_sql("substr(t.created_at, 1, 10)")
# a fault ticket with another fault ticket of the same machine in the 30 days before it
_REPEAT = (f"t.category = 'fault' AND EXISTS (SELECT 1 FROM ticket p WHERE p.equipment_id = t.equipment_id "
           f"AND p.id != t.id AND p.category = 'fault' AND p.deleted_at IS NULL AND p.created_at <= t.created_at "
           f"AND p.created_at >= datetime(t.created_at, '-{REPEAT_DAYS} days'))")


@dataclass(frozen=True)
class ModelLine:
    """Tickets of one product model."""

    model: str
    model_key: str
    tickets: int
    faults: int
    machines: int
    share: float  # of the tickets about a machine


@dataclass(frozen=True)
class RepeatLine:
    """A machine that came back with a fault within 30 days."""

    equipment_id: int
    customer_id: int
    customer: str
    model: str
    serial: str
    repeats: int  # fault tickets in P that came within 30 days of the one before
    faults: int  # fault tickets of this machine in P


@dataclass
class EquipmentReport:
    """The equipment KPIs of a period."""

    period: Period
    by_model: list[ModelLine] = field(default_factory=list)
    unlinked: int = 0  # tickets about no machine
    repeats: list[RepeatLine] = field(default_factory=list)
    faults: int = 0  # fault tickets about a machine
    warranty: dict[str, int] = field(default_factory=dict)  # state -> tickets

    @property
    def linked(self) -> int:
        """Tickets about a machine."""
        return sum(line.tickets for line in self.by_model)

    @property
    def repeat_count(self) -> int:
        return sum(line.repeats for line in self.repeats)

    @property
    def repeat_rate(self) -> float | None:
        """重复故障率 (None without fault tickets on machines)."""
        return self.repeat_count / self.faults if self.faults else None

    @property
    def in_warranty_share(self) -> float | None:
        """保内占比 over the tickets whose machine's cover is known (None when there are none)."""
        known = sum(n for state, n in self.warranty.items() if state != "unknown")
        covered = self.warranty.get("contract", 0) + self.warranty.get("warranty", 0)
        return covered / known if known else None


def _bounds(period: Period) -> list[str]:
    return [f"{period.start.isoformat()} 00:00:00", f"{period.end.isoformat()} 00:00:00"]


def _state(day: str, warranty_end: str | None, contract_start: str | None, contract_end: str | None) -> str:
    """:func:`~crmdesk.core.equipment.warranty.state_sql` in Python, on the same ISO texts (a test holds
    the two together)."""
    if contract_end is not None and day <= contract_end and (contract_start is None or contract_start <= day):
        return "contract"
    if warranty_end is not None and day <= warranty_end:
        return "warranty"
    if warranty_end is not None or contract_end is not None:
        return "expired"
    return "unknown"


def _before(created_at: str, days: int) -> str:
    """SQLite's ``datetime(created_at, '-N days')`` of a stored time, as text."""
    moment = stored_datetime(created_at)
    return stored_text(moment - dt.timedelta(days=days)) if moment else created_at


def compute(period: Period) -> EquipmentReport:
    """Every equipment KPI of ``period``.

    A year holds some 100,000 tickets on the reference data; reading their rows once per figure
    took 2 s a statement (the rows are wide and scattered). Two covering indexes answer instead —
    the KPIs' (created_at, deleted_at, category, …) for each live ticket's category and the
    machines' (equipment_id, created_at) for which ticket names which machine — and the figures
    are counted here in one pass, the repeat rule with the 30 days before the period included.
    """
    bounds = _bounds(period)
    since = _before(bounds[0], REPEAT_DAYS)
    report = EquipmentReport(period)
    live: dict[int, str] = dict(db.sql(
        "SELECT id, category FROM ticket WHERE created_at >= ? AND created_at < ? AND deleted_at IS NULL",
        [since, bounds[1]]))
    total = db.sql("SELECT count(*) FROM ticket WHERE created_at >= ? AND created_at < ? AND deleted_at IS NULL",
                   bounds).fetchone()[0]
    in_period: list[tuple[int, int, str]] = []  # (ticket, machine, created_at) of the period's linked tickets
    faults: dict[int, list[tuple[str, int]]] = defaultdict(list)  # machine → its live fault tickets, in time
    created = db.dialect().no_index("created_at")  # walk (equipment_id, created_at), never the rows by time
    for tid, equipment_id, stored in db.sql(
            f"SELECT id, equipment_id, created_at FROM ticket WHERE equipment_id IS NOT NULL "
            f"AND {created} >= ? AND {created} < ? ORDER BY equipment_id, created_at, id", [since, bounds[1]]):
        category = live.get(tid)
        if category is None:
            continue
        created_at = _text(stored)
        if category == "fault":
            faults[equipment_id].append((created_at, tid))
        if created_at >= bounds[0]:
            in_period.append((tid, equipment_id, created_at))
    machines = {row[0]: row[1:] for row in _machines({eid for _tid, eid, _at in in_period})}
    by_model: dict[str, list] = {}
    per_machine: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    report.warranty = dict.fromkeys(WARRANTY_STATES, 0)
    linked = 0
    for tid, eid, created_at in in_period:
        if eid not in machines:  # a machine purged from the file: its tickets name no machine any more
            continue
        linked += 1
        model_key, model, warranty_end, contract_start, contract_end = machines[eid]
        line = by_model.setdefault(model_key, [model, 0, 0, set()])
        line[0] = min(line[0], model)
        line[1] += 1
        line[3].add(eid)
        state = _state(created_at[:10], warranty_end, contract_start, contract_end)
        report.warranty[state] = report.warranty.get(state, 0) + 1
        if live[tid] == "fault":
            line[2] += 1
            earlier = _before(created_at, REPEAT_DAYS)
            repeat = any(other != tid and earlier <= at <= created_at for at, other in faults[eid])
            per_machine[eid][0] += int(repeat)
            per_machine[eid][1] += 1
    report.by_model = sorted((ModelLine(model, key, n, nf, len(ids), n / linked if linked else 0.0)
                              for key, (model, n, nf, ids) in by_model.items()), key=lambda m: (-m.tickets, m.model))
    report.unlinked = total - len(in_period)
    report.faults = sum(line.faults for line in report.by_model)
    repeated = [eid for eid, (repeats, _n) in per_machine.items() if repeats]
    for start in range(0, len(repeated), 500):
        chunk = repeated[start:start + 500]
        for eid, cid, name, model, serial in db.sql(
                f"SELECT e.id, c.id, c.name, e.model, e.serial FROM equipment e JOIN customer c ON c.id = e.customer_id "
                f"WHERE e.id IN ({','.join('?' * len(chunk))})", chunk):
            repeats, count = per_machine[eid]
            report.repeats.append(RepeatLine(eid, cid, name, model, serial, repeats, count))
    report.repeats.sort(key=lambda line: (-line.repeats, -line.faults, line.model, line.serial))
    return report


def _machines(ids: set[int]) -> list[tuple]:
    """(id, model_key, model, warranty_end, contract_start, contract_end) of the machines ``ids``, dates as ISO text."""
    wanted = sorted(ids)
    rows: list[tuple] = []
    for start in range(0, len(wanted), 900):
        chunk = wanted[start:start + 900]
        rows += db.sql(f"SELECT id, model_key, model, warranty_end, contract_start, contract_end FROM equipment "
                       f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    return [(eid, key, model, *(_iso(d) for d in dates)) for eid, key, model, *dates in rows]


def _text(value: object) -> str:
    """A stored time as the text SQLite keeps (a server returns a datetime)."""
    return stored_text(value) if isinstance(value, dt.datetime) else str(value)


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else (str(value)[:10] if value else None)


# --------------------------------------------------------------------------- the tickets behind a number

_COLUMNS = [N_("Ticket number"), N_("Customer"), N_("Machine"), N_("Type"), N_("Stage"), N_("Received"),
            N_("Warranty status")]


def _detail(title: str, formula: str, where: str, params: Sequence[object], counted: str = "NULL") -> Detail:
    conn = database_proxy.connection()
    sql = (f"SELECT t.id, t.customer_id, t.number, c.name, e.model, e.serial, t.category, t.stage, "
           f"t.created_at, {_STATE}, {counted} FROM ticket t JOIN equipment e ON e.id = t.equipment_id "
           f"JOIN customer c ON c.id = t.customer_id WHERE {_IN_P} AND {where} ORDER BY t.created_at, t.id")
    found = Detail(title, formula, [_(column) for column in _COLUMNS])
    for tid, cid, number, customer, model, serial, category, stage, at, state, is_counted in conn.execute(sql, params):
        found.total += 1
        if len(found.rows) < LIMIT:
            moment = stored_datetime(at)
            found.rows.append(Row("ticket", tid, tid, cid, [
                number, customer, _("{model} ({serial})", model=model, serial=serial), TICKET_CATEGORIES.get(category, category), stage_label(stage),
                moment.strftime("%Y-%m-%d %H:%M") if moment else "", WARRANTY_STATES.get(state, state)],
                None if is_counted is None else bool(is_counted)))
    return found


def detail_model(period: Period, model_key: str) -> Detail:
    """The tickets of one product model in the period."""
    return _detail(_("Tickets by model"), _("The tickets received in the period about machines of this model"),
                   "e.model_key = ?", [*_bounds(period), model_key])


def detail_repeats(period: Period, equipment_id: int | None = None) -> Detail:
    """The fault tickets about machines (or one machine), marked 是 when it came back within 30 days."""
    where, params = "t.category = 'fault'", list[object]([*_bounds(period)])
    if equipment_id is not None:
        where += " AND t.equipment_id = ?"
        params.append(equipment_id)
    return _detail(_("Repeat faults"), _("Repeat faults = fault tickets about a machine that had another fault ticket "
                                         "in the {days} days before / fault tickets about machines", days=REPEAT_DAYS),
                   where, params, _REPEAT)


def detail_warranty(period: Period, state: str | None = None) -> Detail:
    """The tickets about machines, marked 是 when the machine was covered (维保合同内 or 在保) that day."""
    where, params = "1", list[object]([*_bounds(period)])
    if state is not None:
        where = f"{_STATE} = ?"
        params.append(state)
    return _detail(_("Share in warranty"), _("Share in warranty = tickets about machines in warranty or under a "
                                             "maintenance contract when received / tickets about machines whose cover "
                                             "is known"), where, params, f"{_STATE} IN ('contract', 'warranty')")
