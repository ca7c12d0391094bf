"""Filtering and sorting a list by a custom field in SQL (the registry's optional columns, the board's filters).

A filter is an ``id IN (…)`` condition answered from the ``(field_id, value, entity_id)`` index of
``custom_value``: one range of one field's values, however many records the list holds. Sorting
by a field lists the records without a value first (as SQLite orders NULL), then the others in
the index's order; :func:`sort_groups` gives the two statements, which the registry writes into
its display table one after the other (ids first, never Python lists of 100,000 rows).

A sensitive field's values are sealed: it can be filtered only as empty or filled, and it
cannot be sorted by (:attr:`FieldDef.sortable`).

"Filled in" on a field most records have (a sensitive ID number filled for 85 % of 100,000
customers) is written ``+id IN (…)``: the unary plus keeps SQLite from driving the query from the
field's ids — one primary-key lookup each, then a temporary B-tree to sort 85,000 rows by the
list's order (58 ms) — so that it walks the list's own covering index in display order and checks
each id against the field's ids (41 ms; EXPLAIN QUERY PLAN and the numbers in
bench/custom_fields_bench.py). A field few records have keeps the driving form, which then reads only
those few. The choice looks at how many values there are, never at what they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmdesk.core.customers.search import like_pattern
from crmdesk.core.customfields import fields as fieldmod
from crmdesk.core.customfields import values
from crmdesk.core.customfields.entities import entity
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.i18n import _
from crmdesk.core.store import db
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.validation import FieldError

OPS = ("is", "contains", "range", "empty", "filled")
#: The operations each kind offers (a sensitive field: only empty / filled).
KIND_OPS = {"text": ("contains", "is", "empty", "filled"), "number": ("range", "empty", "filled"),
            "amount": ("range", "empty", "filled"), "date": ("range", "empty", "filled"),
            "yes_no": ("is", "empty", "filled"), "choice": ("is", "empty", "filled")}
SEALED_OPS = ("empty", "filled")


def ops_for(field: FieldDef) -> tuple[str, ...]:
    """What a filter on ``field`` may ask."""
    return SEALED_OPS if field.sensitive else KIND_OPS[field.kind]


@dataclass(frozen=True)
class CustomFilter:
    """One condition on a custom field: ``op`` with ``value`` (and ``high`` for a range), as typed."""

    field_id: int
    op: str
    value: str = ""
    high: str = ""

    def to_state(self) -> dict[str, Any]:
        """As a saved view keeps it (JSON)."""
        return {"field": self.field_id, "op": self.op, "value": self.value, "high": self.high}

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> CustomFilter:
        """From a saved view's JSON."""
        return cls(int(data["field"]), str(data.get("op", "")), str(data.get("value", "")),
                   str(data.get("high", "")))


def from_states(raw: object, live: list[FieldDef]) -> tuple[list[CustomFilter], list[str]]:
    """A saved view's conditions (``raw``: its JSON list) against the list's fields now: those that
    still apply, and in words those left out (a field removed since, or marked sensitive since and
    so filtered only as empty or filled). A view never quietly shows more than it says."""
    by_id = {f.id: f for f in live}
    kept: list[CustomFilter] = []
    dropped: list[str] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            flt = CustomFilter.from_state(item)
        except (KeyError, TypeError, ValueError):
            continue
        field = by_id.get(flt.field_id)
        if field is not None and flt.op in ops_for(field):
            kept.append(flt)
        else:
            dropped.append(describe(flt))
    return kept, dropped


def _bound(field: FieldDef, text: str, label: str) -> object | None:
    """``text`` parsed as ``field``'s value; ``label`` names the box (the field and which end)."""
    try:
        return values.parse(field, text)
    except FieldError as exc:
        raise ValidationError(field.key, exc.reason, label) from None


def checked(flt: CustomFilter) -> CustomFilter:
    """``flt`` if it can run; a ``ValidationError`` naming the field and the reason otherwise."""
    field = fieldmod.get(flt.field_id)
    if flt.op not in ops_for(field):
        reason = (_("a sensitive field is encrypted: it can be filtered only as empty or filled in") if field.sensitive
                  else _("this filter does not apply to the field"))
        raise ValidationError(field.key, reason, field.label)
    if flt.op == "range":
        low = _bound(field, flt.value, _("{field} (from)", field=field.label))
        high = _bound(field, flt.high, _("{field} (to)", field=field.label))
        if low is None and high is None:
            raise ValidationError(field.key, _("fill in at least one end of the range"), field.label)
        if low is not None and high is not None and low > high:  # type: ignore[operator]
            raise ValidationError(field.key, _("the start of the range is after its end"), field.label)
    elif flt.op in ("is", "contains"):
        if not flt.value.strip():
            raise ValidationError(field.key, _("fill in the value to filter by"), field.label)
        if flt.op == "is":
            _bound(field, flt.value, _("{field} (value)", field=field.label))
    return flt


def condition(flt: CustomFilter, id_column: str = "id") -> tuple[str, list[object]]:
    """An SQL condition on ``id_column`` (the record's id) and its parameters.

    A filter on a field removed meanwhile selects nothing rather than everything: a saved view
    must not quietly show more than it says.
    """
    field = fieldmod.get(flt.field_id)
    checked(flt)
    d = db.dialect()
    value = d.custom_value("value", field.kind)  # typed: a number compares as a number on both engines
    inner = "SELECT entity_id FROM custom_value WHERE field_id = ?"
    params: list[object] = [field.id]
    if flt.op == "empty":
        return f"{id_column} NOT IN ({inner})", params
    if flt.op == "filled":
        return (f"+{id_column} IN ({inner})" if mostly_filled(field) else f"{id_column} IN ({inner})"), params
    if flt.op == "is":
        params.append(values.parse(field, flt.value))
        return f"{id_column} IN ({inner} AND {value} = ?)", params
    if flt.op == "contains":  # Latin letters in either case, as SQLite's LIKE (KM-300 finds km-300)
        params.append(like_pattern(flt.value.strip()))
        return f"{id_column} IN ({inner} AND {d.like_ci('value')} ESCAPE '\\')", params
    low, high = values.parse(field, flt.value), values.parse(field, flt.high)
    parts = []
    if low is not None:
        parts.append(f"{value} >= ?")
        params.append(low)
    if high is not None:
        parts.append(f"{value} <= ?")
        params.append(high)
    return f"{id_column} IN ({inner} AND {' AND '.join(parts)})", params


def mostly_filled(field: FieldDef) -> bool:
    """Whether at least half of the records of ``field``'s kind hold a value for it (see the module
    documentation). Two counts from covering indexes, the second stopping at that half: about 3 ms
    at 100,000 records."""
    table = entity(field.entity).table
    records = db.sql(f"SELECT count(*) FROM {table}").fetchone()[0]
    half = (records + 1) // 2
    held = db.sql("SELECT count(*) FROM (SELECT 1 FROM custom_value WHERE field_id = ? LIMIT ?) AS held",
                  [field.id, half]).fetchone()[0]
    return records > 0 and held >= half


def describe(flt: CustomFilter) -> str:
    """The filter in words, for the list's summary and the exported file (``经销商：华东一部``), in the
    current language like the built-in filters' words."""
    try:
        field = fieldmod.get(flt.field_id)
    except KnownError:  # a field deleted for good is described, not raised
        return _("(a deleted field)")
    if flt.op == "empty":
        return _("{field}: empty", field=field.label)
    if flt.op == "filled":
        return _("{field}: filled in", field=field.label)
    if flt.op == "contains":
        return _("{field} contains “{value}”", field=field.label, value=flt.value)
    if flt.op == "is":
        return _("{field}: {value}", field=field.label, value=flt.value)
    low, high = flt.value.strip(), flt.high.strip()
    if low and high:
        return _("{field}: {low} to {high}", field=field.label, low=low, high=high)
    return _("{field}: ≥ {low}", field=field.label, low=low) if low else _("{field}: ≤ {high}", field=field.label,
                                                                           high=high)


def sort_groups(field: FieldDef, table: str, where: str, params: list[object], descending: bool, *,
                narrow: bool = True, whole_order: str = "id") -> list[tuple[str, list[object]]]:
    """The id statements of a list sorted by ``field``: the records without a value, then the others by
    value — reversed as a whole when ``descending``. ``where`` filters ``table``'s rows (unqualified
    column names); ``narrow`` says whether it does more than leave out the deleted, merged or archived
    (a search, a filter).

    The records with a value come from the value index in order. A whole list is nearly every record:
    the few it leaves out are listed (one scan of a covering index) and each indexed value is checked
    against that tiny list, a fifth of the cost of listing 100,000 ids; its records without a value are
    checked against the field's sorted list of ids, in ``whole_order`` (a column with a covering index,
    then the id). A narrow list is left to SQLite's planner (its own index drives it), and its records
    without a value are in id order, each looked up (docs/spec.md §9, bench/custom_fields_bench.py).
    """
    direction = "DESC" if descending else "ASC"
    d = db.dialect()
    value = d.custom_value("v.value", field.kind)  # SQLite: the index's own order; a server: by number too
    if narrow:
        valued_sql = (f"SELECT v.entity_id FROM custom_value v WHERE v.field_id = ? AND v.entity_id IN "
                      f"(SELECT id FROM {table} WHERE {where}) ORDER BY {value} {direction}, v.entity_id {direction}")
        empty_sql = (f"SELECT id FROM {table} WHERE {where} AND NOT EXISTS (SELECT 1 FROM custom_value x WHERE "
                     f"x.field_id = ? AND x.entity_id = {table}.id) ORDER BY id {direction}")
    else:
        valued_sql = (f"SELECT v.entity_id FROM custom_value v{d.indexed_by('custom_value_field_id_value_entity_id')} "
                      f"WHERE v.field_id = ? AND {d.no_index('v.entity_id')} NOT IN "
                      f"(SELECT id FROM {table} WHERE {d.not_true(where)}) "
                      f"ORDER BY {value} {direction}, v.entity_id {direction}")
        order = f"{whole_order} {direction}, id {direction}" if whole_order != "id" else f"id {direction}"
        empty_sql = (f"SELECT id FROM {table} WHERE {where} AND id NOT IN (SELECT entity_id FROM custom_value "
                     f"WHERE field_id = ?) ORDER BY {order}")
    empty, valued = (empty_sql, [*params, field.id]), (valued_sql, [field.id, *params])
    return [valued, empty] if descending else [empty, valued]
