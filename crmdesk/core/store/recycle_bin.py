"""The recycle bin (回收站): deleted rows wait ``recycle_bin_days`` before they are purged.

The bin knows no domain. Each domain registers the kinds of rows it deletes when its module
is imported (:func:`register`: customers and contacts in ``core.customers.bin_kinds``, tickets in
``core.tickets.service``, follow-ups in ``core.followups.service``) and may listen to the
customers a bin action touched (:func:`on_touched`: the search index re-indexes them). How
long rows are kept is a setting of the firm, handed in by ``core.firm.settings``
(:func:`keep_days_from`). Whoever lists, restores or purges the bin as a whole imports
``crmdesk.core.domains`` first, so every kind is known.

Deleting sets ``deleted_at`` and adds a ``RecycleBinEntry``; restoring clears it; the purge
deletes the row for good (foreign keys cascade). Every function writes in one transaction
and returns a ``Changes`` (the purge returns how many rows went).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from peewee import JOIN

from crmdesk.core.i18n import C_, DATA_LANGUAGE, _, data_text
from crmdesk.core.store import db, versions
from crmdesk.core.store.change_log import log_change
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import (
    RecycleBinEntry,
    Staff,
    database_proxy,
    now,
)
from crmdesk.core.store.units import unit_of_work

log = logging.getLogger(__name__)

DELETE_LABEL = C_("customer field", "Delete").text(DATA_LANGUAGE)  # the change log's field column for a move to the bin
RESTORE_LABEL = C_("customer field", "Restore").text(DATA_LANGUAGE)


class BinKind(NamedTuple):
    """How the recycle bin handles one kind of row."""

    # A model with ``id`` and ``deleted_at``; peewee's models share no typed base that declares them, and the
    # rows go to the kind's own callbacks below, so the class is ``Any`` here.
    model: Any
    label: Callable[[Any], str]  # row -> text shown in the bin
    customer_id: Callable[[Any], int]  # row -> the customer whose change log records it
    flag: str  # the ``Changes`` flag to raise
    after_delete: Callable[[Any], None] | None = None
    after_restore: Callable[[Any], None] | None = None
    after_purge: Callable[[int], None] | None = None


class BinItem(NamedTuple):
    """One line of the recycle bin."""

    id: int
    entity: str
    entity_id: int
    label: str
    deleted_at: dt.datetime
    operator_name: str
    days_left: int


KINDS: dict[str, BinKind] = {}
_touched: list[Callable[[list[int]], None]] = []
_keep_days: Callable[[], int] | None = None


def register(entity: str, kind: BinKind) -> None:
    """Let the bin handle rows of ``entity`` (a domain calls this once, at import)."""
    KINDS[entity] = kind


def on_touched(listener: Callable[[list[int]], None]) -> None:
    """Call ``listener(customer_ids)`` inside the transaction of every bin action."""
    if listener not in _touched:
        _touched.append(listener)


def keep_days_from(source: Callable[[], int]) -> None:
    """Where the number of days a deleted row is kept comes from (``core.firm.settings``, registered by
    ``core.domains``)."""
    global _keep_days
    _keep_days = source


def keep_days() -> int:
    """How many days a deleted row stays in the bin."""
    if _keep_days is None:  # a bug: purging on a guess could delete rows the firm meant to keep
        raise RuntimeError("the recycle bin does not know how long to keep rows: core.domains is not loaded")
    return int(_keep_days())


def _kind(entity: str) -> BinKind:
    kind = KINDS.get(entity)
    if kind is None:
        raise KnownError(_("The recycle bin does not know records of kind “{entity}” (their module is not loaded).", entity=entity))
    return kind


def _touch(ids: Iterable[int]) -> None:
    ids = list(ids)
    for listener in _touched:
        listener(ids)


def _changes(kind: BinKind, customer_id: int) -> Changes:
    changes = Changes(customers=True, customer_ids={customer_id})
    setattr(changes, kind.flag, True)
    return changes


@unit_of_work
def move_to_bin(entity: str, entity_id: int, operator: Staff | None = None) -> Changes:
    """Delete one row of a registered kind into the recycle bin."""
    kind = _kind(entity)
    with database_proxy.atomic():
        row = kind.model.get_or_none(kind.model.id == entity_id)
        if row is None or row.deleted_at is not None:
            raise KnownError(_("This record does not exist or is already in the recycle bin."))
        label = kind.label(row)
        stamp = now()
        kind.model.update(deleted_at=stamp, **versions.stamp(kind.model, operator, stamp)).where(
            kind.model.id == entity_id).execute()
        RecycleBinEntry.create(entity=entity, entity_id=entity_id, label=label, deleted_at=stamp, operator=operator)
        customer_id = kind.customer_id(row)
        log_change(customer_id, entity, entity_id, "delete", label, data_text("Moved to the recycle bin"), "", operator, DELETE_LABEL)
        if kind.after_delete is not None:
            kind.after_delete(row)
        _touch([customer_id])
    return _changes(kind, customer_id)


def recycle_bin(entity: str | None = None, *, today: dt.date | None = None) -> list[BinItem]:
    """What the bin holds, newest first, with the days left before it is purged."""
    today = today or dt.date.today()
    keep = keep_days()
    query = RecycleBinEntry.select(RecycleBinEntry, Staff.name).join(Staff, JOIN.LEFT_OUTER)
    if entity is not None:
        query = query.where(RecycleBinEntry.entity == entity)
    items: list[BinItem] = []
    for entry in query.order_by(RecycleBinEntry.deleted_at.desc(), RecycleBinEntry.id.desc()):
        elapsed = (today - entry.deleted_at.date()).days
        operator_name = entry.operator.name if entry.operator is not None else ""
        items.append(BinItem(entry.id, entry.entity, entry.entity_id, entry.label, entry.deleted_at,
                             operator_name, max(0, keep - elapsed)))
    return items


@unit_of_work
def restore_from_bin(entry_id: int, operator: Staff | None = None) -> Changes:
    """Bring a deleted row back and remove its bin entry."""
    with database_proxy.atomic():
        entry = RecycleBinEntry.get_or_none(RecycleBinEntry.id == entry_id)
        if entry is None:
            raise KnownError(_("The recycle bin no longer holds this item; it may have been purged."))
        kind = _kind(entry.entity)
        customer_id = 0
        row = kind.model.get_or_none(kind.model.id == entry.entity_id)
        entry.delete_instance()
        if row is not None:
            kind.model.update(deleted_at=None, **versions.stamp(kind.model, operator)).where(
                kind.model.id == row.id).execute()
            customer_id = kind.customer_id(row)
            log_change(customer_id, entry.entity, row.id, "restore", entry.label, data_text("Restored from the recycle bin"), "", operator,
                       RESTORE_LABEL)
            if kind.after_restore is not None:
                kind.after_restore(row)
            _touch([customer_id])
    if row is None:  # the stale entry is gone (committed); say why nothing came back
        raise KnownError(_("This record was purged and cannot be restored."))
    return _changes(kind, customer_id)


def purge_expired(today: dt.date | None = None) -> int:
    """Delete for good what has been in the bin longer than ``recycle_bin_days``; returns how many."""
    today = today or dt.date.today()
    days = keep_days()
    cutoff = dt.datetime.combine(today - dt.timedelta(days=days), dt.time())
    purged = 0
    with database_proxy.atomic():
        for entry in RecycleBinEntry.select().where(RecycleBinEntry.deleted_at < cutoff).order_by(RecycleBinEntry.id):
            kind = KINDS.get(entry.entity)
            if kind is None:
                continue  # its domain is not loaded: the entry waits for a purge that knows it
            row = kind.model.get_or_none(kind.model.id == entry.entity_id)
            entry.delete_instance()
            if row is None or row.deleted_at is None:
                continue
            row.delete_instance()  # foreign keys cascade to the children
            if kind.after_purge is not None:
                kind.after_purge(row.id)
            purged += 1
        for entity, kind in KINDS.items():  # entries whose row went with a purged parent
            table = kind.model._meta.table_name
            db.sql(f"DELETE FROM recycle_bin_entry WHERE entity = ? AND entity_id NOT IN "
                   f"(SELECT id FROM {table})", [entity])
    log.info("recycle bin purged: %s records deleted for good (in the bin more than %s days)", purged, days)
    return purged
