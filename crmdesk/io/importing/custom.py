"""Custom fields in imports: a column headed with a field's name is that field (docs/spec.md §6, issue #17).

A customer file maps columns to the owner's customer and contact fields, a ticket file to the
ticket fields (:data:`IMPORT_ENTITIES`); the mapping offers them beside the built-in fields
and takes a header equal to a field's name (after the usual normalising: ``*``, brackets,
width) before any synonym. Values are cleaned by kind with the importer's own cell readers
(dates that could be read two ways are flagged, ``12.5万`` is an amount), a refused value is set
aside like any optional value, and a required custom field is not enforced on imported rows
(records from the old ledgers predate the field; the form asks for it on the next edit).
Values are written sealed when the field is sensitive, with the batch id, so an undo removes
them with the batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.customfields.fields import FieldDef
from crmdesk.core.store.models import database_proxy
from crmdesk.core.validation import FieldError
from crmdesk.io.importing import cells
from crmdesk.io.importing.cells import Converter

if TYPE_CHECKING:
    from crmdesk.io.importing.sql import Writer

#: The records whose custom fields a kind of import fills.
IMPORT_ENTITIES = {"customers": ("customer", "contact"), "tickets": ("ticket",), "equipment": ("equipment",)}
INSERT = "INSERT INTO custom_value (field_id, entity_id, value, batch_id) VALUES (?, ?, ?, ?)"


def _bound() -> bool:
    return database_proxy.obj is not None


def fields_of(kind: str) -> list[FieldDef]:
    """The visible custom fields a file of ``kind`` may fill (none without an open database)."""
    if kind not in IMPORT_ENTITIES or not _bound():
        return []
    return [field for entity in IMPORT_ENTITIES[kind] for field in customfields.fields(entity)]


def label_of(field: FieldDef, every: list[FieldDef]) -> str:
    """How the mapping names a field: its label, or 联系人·label when a customer field has the same name."""
    if field.entity != "customer" and any(o.label == field.label and o.entity == "customer" for o in every):
        return f"联系人·{field.label}"
    return field.label


def named(kind: str) -> list[tuple[FieldDef, str]]:
    """The custom fields of ``kind`` with the name the mapping shows (``mapping.field_specs`` lists them)."""
    every = fields_of(kind)
    return [(field, label_of(field, every)) for field in every]


def converter(field: FieldDef, label: str, *, dayfirst: bool) -> Converter:
    """One cell → the field's clear stored value (``FieldError`` with the reason when refused)."""
    if field.kind == "date":
        read = cells.date(label, dayfirst=dayfirst)
        return lambda value: read(value).isoformat()  # type: ignore[attr-defined]  # a date once read
    if field.kind == "amount":
        return cells.amount_fen(label)
    if field.kind == "yes_no":
        yes_no = cells.yes_no(label)
        return lambda value: int(bool(yes_no(value)))

    def convert(value: object) -> object:
        out = custom_values.parse(field, value)
        if out is None:
            raise FieldError(label, "为空")
        return out

    return convert


def by_key(keys: Iterable[str]) -> dict[str, FieldDef]:
    """The fields of the mapped ``cf:<id>`` keys."""
    out = {}
    for key in keys:
        field = customfields.by_key(key)
        if field is not None:
            out[key] = field
    return out


def row_values(values: dict[str, object], fields: dict[str, FieldDef], entity: str) -> dict[str, object]:
    """The custom values of ``entity`` a cleaned row holds (``{cf key: clear value}``)."""
    return {key: values[key] for key, field in fields.items() if field.entity == entity and key in values}


def rows(entity_id: int, values: dict[str, object], fields: dict[str, FieldDef], batch_id: int) -> list[tuple]:
    """The ``custom_value`` rows of one record (sealed where the field is sensitive)."""
    return [(fields[key].id, entity_id, custom_values.seal(fields[key], value), batch_id)
            for key, value in values.items()]


def insert(writer: Writer, new_rows: list[tuple]) -> None:
    """Write value rows with the batch id (journaled with the batch's rows, see ``sql.BATCH_TABLES``)."""
    for start in range(0, len(new_rows), 5000):
        writer.conn.executemany(INSERT, new_rows[start:start + 5000])
        writer.check()


def existing(conn: Any, entity: str, ids: Iterable[int], fields: dict[str, FieldDef]) -> dict[int, dict[str, object]]:
    """The current clear values of ``fields`` (those of ``entity``) of the given records."""
    mine = {f.id: (key, f) for key, f in fields.items() if f.entity == entity}
    id_list = sorted(set(ids))
    out: dict[int, dict[str, object]] = {}
    if not mine or not id_list:
        return out
    field_marks = ",".join(str(fid) for fid in mine)
    for start in range(0, len(id_list), 900):
        part = id_list[start:start + 900]
        for field_id, entity_id, value in conn.execute(
                f"SELECT field_id, entity_id, value FROM custom_value WHERE field_id IN ({field_marks}) AND "
                f"entity_id IN ({','.join('?' * len(part))})", part):
            key, field = mine[field_id]
            out.setdefault(entity_id, {})[key] = custom_values.reveal(field, value)
    return out


def shown(field: FieldDef, value: object) -> str:
    """A value as the preview and the change log say it (a sensitive one hidden)."""
    return custom_values.log_text(field, custom_values.text(field, value))


def search_words(values: dict[str, object], fields: dict[str, FieldDef]) -> list[str]:
    """The searchable custom values of a new customer, for its search-index text."""
    return [str(values[key]) for key, field in fields.items() if field.searchable and key in values]
