"""Undoing an import batch and listing the batches (docs/spec.md §6: a whole batch can be undone).

:func:`undo_batch` removes what a batch created and restores, from the import journal,
the previous values of what it updated — in one transaction, and refused when records
were added since to the customers it created. ``service`` re-exports both.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from crmdesk.core.customers.service import FIELD_LABELS
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.equipment import service as equipment
from crmdesk.core.i18n import _
from crmdesk.core.store import change_log, models, server_locks, versions
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, classify_sqlite_error
from crmdesk.core.store.models import ImportBatch, Staff
from crmdesk.io.importing import search as importer_search
from crmdesk.io.importing import server_conn
from crmdesk.io.importing.base import now
from crmdesk.io.importing.sql import chunks, revealed

log = logging.getLogger(__name__)

def changes_of(kind: str) -> Changes:
    """What a batch of ``kind`` touches (the views that refresh after a commit or an undo)."""
    # customers bring their last follow-ups (interactions) and next contacts (follow-ups) along;
    # an undo takes the customers' follow-ups along
    return Changes(customers=True, contacts=True, tickets=kind == "tickets",
                   interactions=kind in ("interactions", "customers"), surveys=kind == "surveys", followups=True,
                   staff=kind == "customers", equipment=kind == "equipment")


# children before parents, so that no foreign key is left dangling
_UNDO_ORDER = ("custom_value", "customer_tag", "customer_order", "survey", "follow_up", "interaction", "ticket",
               "equipment", "contact", "customer", "tag", "staff")


def _staff_references() -> list[tuple[str, str]]:
    """(table, column) of every reference to a staff member: a person a batch added is removed
    again by its undo only when nothing refers to them any more."""
    from peewee import ForeignKeyField

    return [(model._meta.table_name, f.column_name) for model in models.ALL_MODELS
            for f in model._meta.sorted_fields if isinstance(f, ForeignKeyField) and f.rel_model is models.Staff]
_BLOCKING = ("contact", "ticket", "interaction", "survey", "customer_order", "equipment")
_UNDO_LABELS = {"account_manager_id": "客户经理", "total_order_fen": "历史订单金额", "last_contact_at": "最近联系时间",
                "name": "联系人"}


@server_locks.one_at_a_time(server_locks.IMPORT_LOCK)  # not beside an import on a shared database
def undo_batch(batch_id: int, operator: Staff | None = None) -> Changes:
    """Delete what batch ``batch_id`` created and restore what it updated, in one transaction.

    Refused (:class:`KnownError`) when the batch does not exist, was already undone, or
    when records were added since to the customers it created (undo would delete them).
    """
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise KnownError(_("Import batch {batch} does not exist.", batch=batch_id))
    if batch.status == "undone":
        raise KnownError(_("Import batch {batch} was already undone on {at}.", batch=batch_id,
                           at=f"{batch.undone_at:%Y-%m-%d %H:%M}" if batch.undone_at else "?"))
    conn = server_conn.connection()
    server = server_conn.on_server(conn)
    stamp = now().strftime("%Y-%m-%d %H:%M:%S")
    reason = f"撤销导入批次 {batch_id}（{batch.file_name}）"
    conn.execute("BEGIN" if server else "BEGIN IMMEDIATE")
    try:
        inserted: dict[str, list[int]] = {}
        updates: list[tuple[str, int, str]] = []
        for table, row_id, action, old in conn.execute(
                "SELECT table_name, row_id, action, old_values FROM import_journal WHERE batch_id = ? ORDER BY id",
                (batch_id,)):
            if action == "insert":
                inserted.setdefault(table, []).append(row_id)
            else:
                updates.append((table, row_id, old))
        created = inserted.get("customer", [])
        blocking = 0
        for table in _BLOCKING:
            for part in chunks(created):
                marks = ",".join("?" * len(part))
                blocking += conn.execute(f'SELECT count(*) FROM "{table}" WHERE customer_id IN ({marks}) AND '
                                         f'(batch_id IS NULL OR batch_id != ?)', [*part, batch_id]).fetchone()[0]
        for part in chunks(created):
            marks = ",".join("?" * len(part))
            # hand edits in the change log (the import's own lines carry its batch)
            blocking += conn.execute(f"SELECT count(*) FROM change_log WHERE customer_id IN ({marks}) AND "
                                     "(batch_id IS NULL OR batch_id != ?)", [*part, batch_id]).fetchone()[0]
            # follow-ups someone made, moved, did or skipped; untouched planned ones the cadence
            # generated from the customer's tier, and the ones the batch itself made, go with the customer
            blocking += conn.execute(f"SELECT count(*) FROM follow_up WHERE customer_id IN ({marks}) AND "
                                     "deleted_at IS NULL AND ((generated_key IS NULL AND id NOT IN (SELECT row_id "
                                     "FROM import_journal WHERE batch_id = ? AND table_name = 'follow_up' AND "
                                     "action = 'insert')) OR status != 'planned' OR moved_by_user = TRUE)",
                                     [*part, batch_id]).fetchone()[0]
        used = 0
        for part in chunks(inserted.get("equipment", [])):  # machines that tickets or files name since
            marks = ",".join("?" * len(part))
            used += sum(conn.execute(f'SELECT count(*) FROM "{table}" WHERE equipment_id IN ({marks})',
                                     list(part)).fetchone()[0] for table in ("ticket", "attachment"))
        if used:
            raise KnownError(_("Import batch {batch} cannot be undone: {count} tickets or attachments were recorded "
                               "since for the machines it created, and undoing would take the machines away from "
                               "them.", batch=batch_id, count=used))
        if blocking:
            raise KnownError(_("Import batch {batch} cannot be undone: {count} records (tickets, interactions, "
                               "surveys, orders, contacts, follow-ups or edits) were added since to the customers "
                               "it created, and undoing would delete them.", batch=batch_id, count=blocking))
        touched = _custom_values_taken_back(conn, inserted, reason, operator, stamp)
        for table in ("contact", "customer_tag", "customer_order"):
            for part in chunks(inserted.get(table, [])):
                marks = ",".join("?" * len(part))
                touched.update(cid for (cid,) in conn.execute(
                    f'SELECT DISTINCT customer_id FROM "{table}" WHERE id IN ({marks})', list(part)))
        for table, row_id, old in reversed(updates):
            values = json.loads(old or "{}")
            if not values:
                continue
            current = conn.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in values)} FROM "{table}" '
                                   f'WHERE id = ?', (row_id,)).fetchone()
            if current is None:
                continue
            # the undo is a change of its own: a versioned row gets a new version, made now (not the old time
            # back) — unless it restores derived columns only (versions.DERIVED), which no form writes back
            restore, sets, params = dict(values), [], []
            if table in versions.VERSIONED_TABLES:
                restore.pop("updated_at", None)
            if versions.protected(table, restore):
                sets, params = [versions.STAMP_SET], versions.stamp_params(operator, models.stored_datetime(stamp))
            sets += [f'"{column}" = ?' for column in restore]
            conn.execute(f'UPDATE "{table}" SET {", ".join(sets)} WHERE id = ?', [*params, *restore.values(), row_id])
            customer_id = row_id if table == "customer" else conn.execute(
                f'SELECT customer_id FROM "{table}" WHERE id = ?', (row_id,)).fetchone()[0]
            touched.add(customer_id)
            for (column, restored), was in zip(values.items(), current):
                if column in ("updated_at", "mobile_key", "mobile_tail"):
                    continue
                label = (_UNDO_LABELS.get(column) or FIELD_LABELS.get(column)
                         or equipment.FIELD_LABELS.get(column, column))
                conn.execute("INSERT INTO change_log (customer_id, entity, entity_id, field, old_value, new_value, "
                             "reason, operator_id, operator_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (customer_id, table, row_id, label, _logged(table, column, was),
                              _logged(table, column, restored), reason, operator.id if operator else None,
                              operator.name if operator else "", stamp))
        for table in _UNDO_ORDER:
            for part in chunks(inserted.get(table, [])):
                marks = ",".join("?" * len(part))
                if table == "tag":
                    conn.execute(f"DELETE FROM tag WHERE id IN ({marks}) AND id NOT IN "
                                 f"(SELECT tag_id FROM customer_tag)", list(part))
                elif table == "staff":
                    unused = " ".join(f'AND id NOT IN (SELECT "{column}" FROM "{referer}" WHERE "{column}" IS NOT NULL)'
                                      for referer, column in _staff_references())
                    conn.execute(f"DELETE FROM staff WHERE id IN ({marks}) {unused}", list(part))
                else:
                    conn.execute(f'DELETE FROM "{table}" WHERE id IN ({marks})', list(part))
        for part in [] if server else chunks(created):  # a server's search rows go with the customer (CASCADE)
            marks = ",".join("?" * len(part))
            conn.execute(f"DELETE FROM customer_fts WHERE rowid IN ({marks})", list(part))
            conn.execute(f"DELETE FROM customer_bigram WHERE rowid IN ({marks})", list(part))
        touched.difference_update(created)
        importer_search.reindex(conn, touched)
        conn.execute("UPDATE import_batch SET status = 'undone', undone_at = ? WHERE id = ?", (stamp, batch_id))
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        known = classify_sqlite_error(exc)
        if known is not None and known is not exc:
            raise known from exc
        raise
    log.info("import batch %s undone: %s customers deleted, %s customers put back as they were; staff %s",
             batch_id, len(created), len(touched), operator.id if operator else "-")
    changes = changes_of(batch.kind)
    changes.customer_ids = touched | set(created)
    return changes


def _custom_values_taken_back(conn: Any, inserted: dict[str, list[int]], reason: str, operator: Staff | None,
                              stamp: str) -> set[int]:
    """Log the custom values the batch gave records it did not create (they go with the batch's rows);
    returns the customers whose search text changes."""
    created = {"customer": set(inserted.get("customer", [])), "contact": set(inserted.get("contact", []))}
    touched: set[int] = set()
    for part in chunks(inserted.get("custom_value", [])):
        marks = ",".join("?" * len(part))
        for field_id, entity_id, value in conn.execute(
                f"SELECT field_id, entity_id, value FROM custom_value WHERE id IN ({marks})", list(part)).fetchall():
            field = customfields.get(field_id)
            if field.entity not in created or entity_id in created[field.entity]:
                continue  # a ticket's, or a record the batch created: it goes as a whole
            customer_id = entity_id if field.entity == "customer" else conn.execute(
                "SELECT customer_id FROM contact WHERE id = ?", (entity_id,)).fetchone()[0]
            shown = custom_values.log_text(field, custom_values.text(field, custom_values.reveal(field, value)))
            conn.execute("INSERT INTO change_log (customer_id, entity, entity_id, field, old_value, new_value, reason, "
                         "operator_id, operator_name, at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
                         (customer_id, field.entity, entity_id, field.label, shown, reason,
                          operator.id if operator else None, operator.name if operator else "", stamp))
            touched.add(customer_id)
    return touched


def import_history() -> list[ImportBatch]:
    """Every import batch, newest first."""
    return list(ImportBatch.select().order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc()))


def _logged(table: str, column: str, value: object) -> str:
    """A value as the change log keeps it: a personal one masked (stored sealed, shown masked), never clear."""
    if value is None:
        return ""
    if column not in change_log.PERSONAL_FIELDS:
        return str(value)
    return change_log.masked_for_log(column, str(revealed(table, column, value)))
