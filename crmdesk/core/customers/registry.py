"""Queries behind the registry list (客户档案): ids first, rows on demand (docs/architecture.md, pattern 4).

``RegistryQuery`` turns the search box, the filters and the sort column into one
SQL statement that returns only customer ids, in order; ``fetch_rows`` then reads
the visible rows by id in blocks. Sorting and filtering happen in SQLite on
indexed columns, never in Python. The queries read the database the models are bound to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crmdesk.core.customers import search
from crmdesk.core.safety import secrets
from crmdesk.core.store import db
from crmdesk.core.store.models import CUSTOMER_TYPES, TIERS
from crmdesk.core.validation import mask_mobile

# column key -> the customer column the registry sorts it by (each has a covering index, schema 3).
# The masked mobile sorts by the primary contact: ordering by a keyed hash would mean nothing.
COLUMNS: list[tuple[str, str]] = [
    ("code", "code"),
    ("name", "name"),
    ("type", "type"),
    ("importance", "importance"),
    ("tier", "tier"),
    ("industry", "industry"),
    ("contact", "primary_contact"),
    ("mobile", "primary_contact"),
    ("manager", "account_manager_id"),
    ("last_contact", "last_contact_at"),
    ("at_risk", "at_risk"),
]
COLUMN_KEYS = [key for key, _ in COLUMNS]
_SORT = dict(COLUMNS)


@dataclass
class RegistryQuery:
    """The search text, filters and sort order of the registry list."""

    text: str = ""
    type: str = ""
    tier: str = ""
    importance: str = ""
    industry: str = ""
    tag: str = ""
    manager_id: int | None = None
    at_risk: bool = False
    include_archived: bool = False
    sort_key: str = "code"
    descending: bool = False
    phone_keys: tuple[str, str] | None = field(default=None, repr=False)

    def where(self) -> tuple[str, list[object]]:
        """The WHERE clause (without the keyword) and its parameters."""
        # The unary + keeps SQLite from driving the query by these low-selectivity columns'
        # own indexes: the covering sort index answers them without a table lookup (schema 3).
        d = db.dialect()
        parts = [f"{d.no_index('deleted_at')} IS NULL", f"{d.no_index('merged_into_id')} IS NULL"]
        params: list[object] = []
        if not self.include_archived:
            parts.append(f"{d.no_index('status')} = 'active'")
        for column, value in (("type", self.type), ("tier", self.tier),
                              ("importance", self.importance), ("industry", self.industry)):
            if value:
                parts.append(f"{column} = ?")
                params.append(value)
        if self.manager_id is not None:
            parts.append("account_manager_id = ?")
            params.append(self.manager_id)
        if self.at_risk:
            parts.append("at_risk = TRUE")
        if self.tag:
            parts.append("id IN (SELECT l.customer_id FROM customer_tag l JOIN tag t ON t.id = l.tag_id "
                         "WHERE t.name = ?)")
            params.append(self.tag)
        match = search.match_clause(self.text, phone_keys=self.phone_keys)
        if match is not None:
            parts.append(match[0])
            params.extend(match[1])
        return " AND ".join(parts), params

    def sql(self) -> tuple[str, list[object]]:
        """``SELECT id FROM customer …`` in display order."""
        where, params = self.where()
        order = db.dialect().order_by(_SORT.get(self.sort_key, "code"), self.descending)  # NULLs as on SQLite
        direction = "DESC" if self.descending else "ASC"
        return (f"SELECT id FROM customer WHERE {where} ORDER BY {order}, id {direction}", params)


def customer_ids(query: RegistryQuery) -> list[int]:
    """The ids of the customers the query selects, in display order."""
    if query.sort_key == "manager":
        return _ids_by_manager(query)
    sql, params = query.sql()
    return [row[0] for row in db.sql(sql, params)]


VIEW_TABLE = "temp.registry_view"


def materialize(query: RegistryQuery, table: str = VIEW_TABLE) -> int:
    """Write the query's ids, in display order, into a temporary table; return how many.

    The table's rowid is the display position (1-based), so the list model asks for a block
    of rows by position without ever holding 100,000 Python ints: building that list costs
    more than the sorted index scan itself. The table belongs to the calling thread's
    connection (the GUI thread's) and is rebuilt on every refresh. An export of "the list as
    filtered" fills its own ``table`` on the exporting thread's connection the same way.
    """
    db.sql(f"DROP TABLE IF EXISTS {table}")
    db.sql(f"CREATE TABLE {table} (id INTEGER NOT NULL)")
    if query.sort_key == "manager":
        for sql, params in _manager_groups(query):
            db.sql(f"INSERT INTO {table} (id) {sql}", params)
    else:
        sql, params = query.sql()
        db.sql(f"INSERT INTO {table} (id) {sql}", params)  # rowids follow the ORDER BY
    return db.sql(f"SELECT count(*) FROM {table}").fetchone()[0]


def view_ids(start: int, stop: int) -> list[int]:
    """The ids at display positions ``start`` ≤ position < ``stop`` (0-based) of the last materialize."""
    return [row[0] for row in db.sql(
        f"SELECT id FROM {VIEW_TABLE} WHERE rowid > ? AND rowid <= ? ORDER BY rowid", [start, stop])]


def view_position(customer_id: int) -> int:
    """The 0-based display position of a customer in the last materialize, or -1."""
    row = db.sql(f"SELECT rowid FROM {VIEW_TABLE} WHERE id = ?", [customer_id]).fetchone()
    return -1 if row is None else row[0] - 1


def _manager_groups(query: RegistryQuery) -> list[tuple[str, list[object]]]:
    """One id query per account manager, in the managers' name order (no manager first).

    Staff is a handful of rows, so this avoids sorting 100,000 customers by a joined name:
    each group is a range of the (account_manager_id, id, …) covering index.
    """
    where, params = query.where()
    direction = "DESC" if query.descending else "ASC"
    managers = [row[0] for row in db.sql("SELECT id FROM staff ORDER BY name, id")]
    groups = [(f"SELECT id FROM customer WHERE {where} AND account_manager_id IS NULL ORDER BY id {direction}",
               list(params))]
    groups += [(f"SELECT id FROM customer WHERE {where} AND account_manager_id = ? ORDER BY id {direction}",
                [*params, manager]) for manager in managers]
    if query.descending:
        groups.reverse()
    return groups


def _ids_by_manager(query: RegistryQuery) -> list[int]:
    """Sorted by the account manager's name (see :func:`_manager_groups`)."""
    return [row[0] for sql, params in _manager_groups(query) for row in db.sql(sql, params)]


@dataclass(frozen=True)
class RegistryRow:
    """One line of the registry list."""

    id: int
    code: str
    name: str
    type: str
    importance: str
    tier: str
    industry: str
    contact: str
    mobile_masked: str
    manager: str
    last_contact: dt.datetime | None
    at_risk: bool
    risk_reasons: str
    status: str

    def display(self, key: str) -> str:
        """The text shown in column ``key``."""
        if key == "type":
            return CUSTOMER_TYPES.get(self.type, self.type)
        if key == "tier":
            return TIERS.get(self.tier, self.tier)
        if key == "mobile":
            return self.mobile_masked
        if key == "last_contact":
            return self.last_contact.strftime("%Y-%m-%d") if self.last_contact else ""
        if key == "at_risk":
            return "⚠" if self.at_risk else ""
        return str(getattr(self, key))


def _as_datetime(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def fetch_rows(ids: list[int], *, reveal: bool = False) -> dict[int, RegistryRow]:
    """The rows of the given customers, keyed by id (one query for the block)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    # Two indexed lookups instead of a correlated join per row: customers by id, then their primary contacts.
    mobiles = {cid: mobile for cid, mobile in db.sql(
        f"SELECT customer_id, mobile FROM contact WHERE customer_id IN ({marks}) AND is_primary = TRUE "
        "AND deleted_at IS NULL ORDER BY id DESC", ids)}
    managers = {sid: name for sid, name in db.sql("SELECT id, name FROM staff")}
    rows: dict[int, RegistryRow] = {}
    for (cid, code, name, ctype, importance, tier, industry, contact, manager_id, last_contact, at_risk, reasons,
         status) in db.sql(
            "SELECT id, code, name, type, importance, tier, industry, primary_contact, account_manager_id, "
            f"last_contact_at, at_risk, risk_reasons, status FROM customer WHERE id IN ({marks})", ids):
        number = secrets.reveal("contact", "mobile", mobiles.get(cid) or "")
        rows[cid] = RegistryRow(
            cid, code, name, ctype, importance, tier, industry, contact or "",
            number if reveal else mask_mobile(number), managers.get(manager_id, ""),
            _as_datetime(last_contact), bool(at_risk), reasons or "", status)
    return rows


def distinct_values(column: str) -> list[str]:
    """The values in use for a filter drop-down (industry, …)."""
    if column not in {"industry", "region", "size", "source_channel"}:
        raise ValueError(column)
    sql = f"SELECT DISTINCT {column} FROM customer WHERE {column} != '' AND deleted_at IS NULL ORDER BY {column}"
    return [row[0] for row in db.sql(sql)]
