"""Queries behind the registry list (客户档案): ids first, rows on demand (docs/architecture.md, pattern 4).

``RegistryQuery`` turns the search box, the filters and the sort column into one
SQL statement that returns only customer ids, in order; ``fetch_rows`` then reads
the visible rows by id in blocks. Sorting and filtering happen in SQLite on
indexed columns, never in Python. The queries read the database the models are bound to.
Custom fields (``core.customfields``) add optional columns ``cf:<id>``: filtered and sorted
through the custom values' index, their values read with the block of rows.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from crmdesk.core.customers import search
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import filters as custom_filters
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.customfields.filters import CustomFilter
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
_NULLABLE = {"primary_contact", "last_contact_at", "account_manager_id"}  # the sort columns that may be NULL


def column_keys() -> list[str]:
    """The built-in columns, then one optional column per visible custom field of customers (``cf:<id>``)."""
    return [*COLUMN_KEYS, *(f.key for f in customfields.fields("customer"))]


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
    custom: tuple[CustomFilter, ...] = ()  # conditions on custom fields (all must hold)
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
        for condition in self.custom:
            sql, values = custom_filters.condition(condition)
            parts.append(sql)
            params.extend(values)
        return " AND ".join(parts), params

    def narrows(self) -> bool:
        """Whether the list is more than every customer not deleted, merged (or archived): a search, a filter."""
        return bool(search.fold(self.text) or self.type or self.tier or self.importance or self.industry or self.tag
                    or self.manager_id is not None or self.at_risk or self.custom)

    def custom_sort(self) -> customfields.FieldDef | None:
        """The custom field the list is sorted by, if any (a sensitive one cannot be: code order then)."""
        field = customfields.by_key(self.sort_key)
        return field if field is not None and field.sortable and not field.hidden else None

    def sql(self, clause: tuple[str, list[object]] | None = None) -> tuple[str, list[object]]:
        """``SELECT id FROM customer …`` in display order (built-in sort columns); ``clause``: the
        ``where()`` already built (on a server it looks the search words up: once is enough)."""
        where, params = clause or self.where()
        column = _SORT.get(self.sort_key, "code")
        direction = "DESC" if self.descending else "ASC"
        # A column without NULLs sorts plainly: PostgreSQL's covering index then gives the first page
        # (ASC NULLS FIRST does not match its index's order, so 100,000 rows were sorted for 100).
        order = db.dialect().order_by(column, self.descending) if column in _NULLABLE else f"{column} {direction}"
        return (f"SELECT id FROM customer WHERE {where} ORDER BY {order}, id {direction}", params)


_STATE_TEXT = ("text", "type", "tier", "importance", "industry", "tag")


def query_state(query: RegistryQuery, columns: list[str] | None = None) -> dict[str, object]:
    """The query (and the visible columns) as a saved view keeps them (JSON)."""
    state: dict[str, object] = {key: getattr(query, key) for key in _STATE_TEXT}
    state.update(manager_id=query.manager_id, at_risk=query.at_risk, include_archived=query.include_archived,
                 sort_key=query.sort_key, descending=query.descending,
                 custom=[flt.to_state() for flt in query.custom])
    if columns is not None:
        state["columns"] = list(columns)
    return state


@dataclass(frozen=True)
class SavedState:
    """A saved view read back: the query, the visible columns (``None``: as they are) and what of it
    could not be applied (a removed custom field), said in words."""

    query: RegistryQuery
    columns: list[str] | None
    dropped: list[str]


def query_from_state(state: dict[str, object]) -> SavedState:
    """A saved view's query; a filter, sort or column of a custom field removed since (or a filter
    its field no longer allows) is left out and named in ``dropped`` (a view never quietly shows more than it says without telling)."""
    live = {f.id: f for f in customfields.fields("customer")}
    custom, dropped = custom_filters.from_states(state.get("custom"), list(live.values()))
    sort_key = str(state.get("sort_key") or "code")
    sort_field = live.get(customfields.key_id(sort_key) or 0)
    if sort_key not in COLUMN_KEYS and (sort_field is None or not sort_field.sortable):
        sort_key = "code"
    manager = state.get("manager_id")
    texts: dict[str, Any] = {key: str(state.get(key) or "") for key in _STATE_TEXT}
    query = RegistryQuery(**texts, manager_id=int(manager) if isinstance(manager, int) else None,
                          at_risk=bool(state.get("at_risk")), include_archived=bool(state.get("include_archived")),
                          sort_key=sort_key, descending=bool(state.get("descending")), custom=tuple(custom))
    columns = state.get("columns")
    visible = None
    if isinstance(columns, list):
        known = set(column_keys())
        visible = [str(key) for key in columns if str(key) in known]
    return SavedState(query, visible, dropped)


def _groups(query: RegistryQuery) -> list[tuple[str, list[object]]] | None:
    """The id statements of a sort that takes more than one (account manager, custom field)."""
    if query.sort_key == "manager":
        return _manager_groups(query)
    field = query.custom_sort()
    if field is not None:
        where, params = query.where()
        # without a value and no search or filter: by code, read from its covering index (schema 3)
        return custom_filters.sort_groups(field, "customer", where, params, query.descending,
                                          narrow=query.narrows(), whole_order="code")
    return None


def customer_ids(query: RegistryQuery) -> list[int]:
    """The ids of the customers the query selects, in display order."""
    groups = _groups(query)
    if groups is not None:
        return [row[0] for sql, params in groups for row in db.sql(sql, params)]
    sql, params = query.sql()
    return [row[0] for row in db.sql(sql, params)]


VIEW_TABLE = "temp.registry_view"


def _id_statements(query: RegistryQuery) -> list[tuple[str, list[object]]]:
    groups = _groups(query)
    return groups if groups is not None else [query.sql()]


def materialize(query: RegistryQuery, table: str = VIEW_TABLE) -> int:
    """Write the query's ids, in display order, into a temporary table; return how many.

    The table's rowid is the display position (1-based), so the list model asks for a block
    of rows by position without ever holding 100,000 Python ints: building that list costs
    more than the sorted index scan itself. The table belongs to the calling thread's
    connection (the GUI thread's) and is rebuilt on every refresh. An export of "the list as
    filtered" fills its own ``table`` on the exporting thread's connection the same way.

    On a server there is no temporary table (filling one with 100,000 ids takes 300–480 ms and
    churns the catalog, DESIGN §9.3): the view keeps the query's statements and counts, and a block
    is read by ``LIMIT … OFFSET`` of the sorted statement (the first block: its first page).
    """
    if db.dialect().name != "sqlite":
        return _ServerView.build(table, query)
    db.sql(f"DROP TABLE IF EXISTS {table}")
    db.sql(f"CREATE TABLE {table} (id INTEGER NOT NULL)")
    for sql, params in _id_statements(query):
        db.sql(f"INSERT INTO {table} (id) {sql}", params)  # rowids follow the ORDER BY
    return db.sql(f"SELECT count(*) FROM {table}").fetchone()[0]


def view_ids(start: int, stop: int, table: str = VIEW_TABLE) -> list[int]:
    """The ids at display positions ``start`` ≤ position < ``stop`` (0-based) of the last materialize."""
    if db.dialect().name != "sqlite":
        return _ServerView.of(table).ids(start, stop)
    return [row[0] for row in db.sql(
        f"SELECT id FROM {table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid", [start, stop])]


def view_position(customer_id: int, table: str = VIEW_TABLE) -> int:
    """The 0-based display position of a customer in the last materialize, or -1."""
    if db.dialect().name != "sqlite":
        return _ServerView.of(table).position(customer_id)
    row = db.sql(f"SELECT rowid FROM {table} WHERE id = ?", [customer_id]).fetchone()
    return -1 if row is None else row[0] - 1


class _ServerView:
    """The last materialized view of a thread on a server: the id statements in display order and how
    many rows each gives (the positions of a sort in several groups run on from group to group)."""

    _local = threading.local()

    def __init__(self, statements: list[tuple[str, list[object], int]]) -> None:
        self.statements = statements

    @classmethod
    def build(cls, table: str, query: RegistryQuery) -> int:
        groups = _groups(query)
        if groups is None:
            clause = query.where()
            statements = [query.sql(clause)]
            counts = [db.sql(f"SELECT count(*) FROM customer WHERE {clause[0]}", clause[1]).fetchone()[0]]
        else:
            statements = groups
            counts = [db.sql(f"SELECT count(*) FROM ({sql}) AS v", params).fetchone()[0] for sql, params in statements]
        views = cls._views()
        views[table] = cls([(sql, list(params), count) for (sql, params), count in zip(statements, counts)])
        return sum(counts)

    @classmethod
    def _views(cls) -> dict[str, _ServerView]:
        if not hasattr(cls._local, "views"):
            cls._local.views = {}
        return cls._local.views

    @classmethod
    def of(cls, table: str) -> _ServerView:
        return cls._views().get(table) or cls([])

    def ids(self, start: int, stop: int) -> list[int]:
        out: list[int] = []
        offset = 0
        for sql, params, count in self.statements:
            lo, hi = max(start - offset, 0), min(stop - offset, count)
            if lo < hi:
                out += [row[0] for row in db.sql(f"{sql} LIMIT ? OFFSET ?", [*params, hi - lo, lo])]
            offset += count
        return out

    def position(self, customer_id: int) -> int:
        offset = 0
        for sql, params, count in self.statements:
            # ARRAY(subquery) keeps the subquery's order: the position without sending the ids to the client
            found = db.sql(f"SELECT array_position(ARRAY({sql}), ?)", [*params, customer_id]).fetchone()[0]
            if found is not None:
                return offset + found - 1
            offset += count
        return -1


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
    custom: dict[str, str] = field(default_factory=dict)  # cf:<id> -> the text shown (masked if sensitive)

    def display(self, key: str) -> str:
        """The text shown in column ``key``."""
        if key.startswith("cf:"):
            return self.custom.get(key, "")
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


def fetch_rows(ids: list[int], *, reveal: bool = False,
               custom: list[customfields.FieldDef] | None = None) -> dict[int, RegistryRow]:
    """The rows of the given customers, keyed by id (one query for the block); ``custom``: the custom
    fields whose values the rows carry (all visible ones by default)."""
    if not ids:
        return {}
    custom_fields = customfields.fields("customer") if custom is None else custom
    custom_rows = custom_values.load("customer", ids, custom_fields)
    marks = ",".join("?" * len(ids))
    # Two indexed lookups instead of a correlated join per row: customers by id, then their primary contacts.
    mobiles = dict(db.sql(
        f"SELECT customer_id, mobile FROM contact WHERE customer_id IN ({marks}) AND is_primary = TRUE "
        "AND deleted_at IS NULL ORDER BY id DESC", ids))
    managers = dict(db.sql("SELECT id, name FROM staff"))
    rows: dict[int, RegistryRow] = {}
    for (cid, code, name, ctype, importance, tier, industry, contact, manager_id, last_contact, at_risk, reasons,
         status) in db.sql(
            "SELECT id, code, name, type, importance, tier, industry, primary_contact, account_manager_id, "
            f"last_contact_at, at_risk, risk_reasons, status FROM customer WHERE id IN ({marks})", ids):
        number = secrets.reveal("contact", "mobile", mobiles.get(cid) or "")
        stored = custom_rows.get(cid, {})
        texts = {f.key: custom_values.shown(f, stored.get(f.id), reveal=reveal) for f in custom_fields
                 if f.id in stored}
        rows[cid] = RegistryRow(
            cid, code, name, ctype, importance, tier, industry, contact or "",
            number if reveal else mask_mobile(number), managers.get(manager_id, ""),
            _as_datetime(last_contact), bool(at_risk), reasons or "", status, texts)
    return rows


def distinct_values(column: str) -> list[str]:
    """The values in use for a filter drop-down (industry, …)."""
    if column not in {"industry", "region", "size", "source_channel"}:
        raise ValueError(column)
    sql = f"SELECT DISTINCT {column} FROM customer WHERE {column} != '' AND deleted_at IS NULL ORDER BY {column}"
    return [row[0] for row in db.sql(sql)]
