"""The records that can carry custom fields, one line each.

A custom field belongs to an entity: its values live in ``custom_value`` keyed by the id of
the entity's row, and every place that shows or takes custom fields (forms, dossier, registry,
templates, exports, import mapping) asks this registry what the entity is called and where
its rows are. Adding an entity is one line in :data:`ENTITIES` (and, in the migration that
creates its table, the trigger that drops a deleted row's values, as 0009 does for these and
0011 for equipment).
"""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.core.i18n import data_text


@dataclass(frozen=True)
class Entity:
    """A kind of record with custom fields.

    ``table``: its SQL table; ``label``: its name as the records write it (the audit lines and change
    log: Chinese whatever the interface shows); ``owner``: the column holding the
    customer a row belongs to (``""`` for the customer itself), whose change log records a change;
    ``changes``: the ``Changes`` flag a change of its values raises.
    """

    key: str
    table: str
    label: str
    owner: str
    changes: str


ENTITIES: dict[str, Entity] = {entity.key: entity for entity in (
    Entity("customer", "customer", data_text("Customer"), "", "customers"),
    Entity("contact", "contact", data_text("Contact"), "customer_id", "contacts"),
    Entity("ticket", "ticket", data_text("Service ticket"), "customer_id", "tickets"),
    Entity("equipment", "equipment", data_text("Machine"), "customer_id", "equipment"),
)}


def entity(key: str) -> Entity:
    """The entity called ``key`` (``ValueError`` for an unknown one: a programming error)."""
    try:
        return ENTITIES[key]
    except KeyError:
        raise ValueError(f"no custom fields on {key!r}") from None
