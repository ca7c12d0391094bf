"""Duplicate customers and their merge, undoable (docs/spec.md §2).

``duplicate_groups`` lists live customers sharing a normalised name or a contact's
mobile, with two ``GROUP BY`` queries on indexed columns. ``merge`` moves every
child row of the merged customer to the kept one, fills the kept customer's empty
fields, and writes a ``MergeRecord`` whose JSON payload holds exactly what moved and
what changed, so ``undo_merge`` can put everything back. Values are handled as the
raw SQLite column values, which keeps the payload plain JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from crmdesk.core.customers import search
from crmdesk.core.customers.service import FIELD_LABELS
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.i18n import _, data_text
from crmdesk.core.safety import secrets
from crmdesk.core.store import db, versions
from crmdesk.core.store.change_log import log_change
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import CustomerTag, MergeRecord, Staff, database_proxy, now, stored_datetime
from crmdesk.core.store.units import unit_of_work
from crmdesk.core.validation import mask_mobile

log = logging.getLogger(__name__)

# child tables whose rows follow the customer (each has a customer_id column); a machine's and a
# ticket's attachments carry their customer too, so they follow with the machine and the ticket
CHILD_TABLES = ("contact", "customer_order", "ticket", "interaction", "follow_up", "survey", "change_log",
                "equipment", "attachment")
# customer columns filled from the merged customer when empty on the kept one
FILLABLE = ("industry", "size", "region", "address", "source_channel", "account_manager_id", "coop_start",
            "purchase_intent", "product_preference", "budget_range", "notes", "confidential_notes")


@dataclass(frozen=True)
class DuplicateGroup:
    """Live customers that look like one: same normalised ``name`` or same contact ``mobile``."""

    reason: str  # "name" / "mobile"
    key: str  # the shared name_norm or mobile_key
    customers: list[tuple[int, str, str]] = field(default_factory=list)  # (id, code, name), by code

    @property
    def label(self) -> str:
        """The shared key as shown to the user (mobiles masked)."""
        if self.reason == "mobile":
            if self.key.isdigit():
                return mask_mobile(self.key)
            # encrypted database: the key is a keyed hash; show the masked number of one contact
            row = db.sql(
                "SELECT mobile FROM contact WHERE mobile_key = ? AND deleted_at IS NULL LIMIT 1", [self.key]).fetchone()
            return mask_mobile(secrets.reveal("contact", "mobile", row[0])) if row else _("the same mobile number")
        return self.key


@dataclass
class MergeResult:
    """What a merge did."""

    merge_id: int
    changes: Changes




def _stored(value: object) -> str:
    """A time read by raw SQL into the undo payload, as peewee stores it (PostgreSQL returns datetimes)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return str(value)
    raise TypeError(f"{type(value).__name__} in a merge payload")


def _as_stored(value: object) -> object:
    """A value read by raw SQL as the undo payload holds it (times as text: see :func:`_stored`)."""
    return str(value) if isinstance(value, (dt.date, dt.datetime)) else value


def duplicate_groups(limit: int = 500) -> list[DuplicateGroup]:
    """Groups of two or more live customers sharing a normalised name, then a mobile; at most ``limit``."""
    found: list[tuple[str, str, list[int]]] = []
    d = db.dialect()
    live = f"{d.no_index('deleted_at')} IS NULL AND {d.no_index('merged_into_id')} IS NULL"  # walk name_norm instead
    # the id lists come back in no defined order on either engine: sorted here
    for key, ids in db.sql(
            f"SELECT name_norm, {d.group_concat('id')} FROM customer WHERE {live} AND name_norm != '' "
            "GROUP BY name_norm HAVING count(*) >= 2 ORDER BY name_norm LIMIT ?", [limit]):
        found.append(("name", key, sorted(int(i) for i in ids.split(","))))
    if len(found) < limit:
        for key, ids in db.sql(
                f"SELECT ct.mobile_key, {d.group_concat('ct.customer_id', distinct=True)} FROM contact ct "
                "JOIN customer c ON c.id = ct.customer_id "
                "WHERE ct.mobile_key != '' AND ct.deleted_at IS NULL AND c.deleted_at IS NULL "
                "AND c.merged_into_id IS NULL GROUP BY ct.mobile_key HAVING count(DISTINCT ct.customer_id) >= 2 "
                "ORDER BY ct.mobile_key LIMIT ?", [limit - len(found)]):
            found.append(("mobile", key, sorted(int(i) for i in ids.split(","))))
    every = sorted({cid for _, _, ids in found for cid in ids})
    names: dict[int, tuple[int, str, str]] = {}
    for start in range(0, len(every), 500):
        chunk = every[start:start + 500]
        for cid, code, name in db.sql(
                f"SELECT id, code, name FROM customer WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            names[cid] = (cid, code, name)
    return [DuplicateGroup(reason, key, sorted((names[i] for i in ids), key=lambda row: (row[1], row[0])))
            for reason, key, ids in found]


def _row(customer_id: int) -> dict[str, Any] | None:
    cursor = db.sql("SELECT * FROM customer WHERE id = ?", [customer_id])
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip([d[0] for d in cursor.description], values))


def _update(customer_id: int, values: dict[str, Any], operator: Staff | None) -> None:
    """Write ``values`` to the customer, raising its version (its ``updated_at`` is the moment of the change)."""
    if values:
        values = dict(values)
        at = stored_datetime(values.pop("updated_at", None))
        sets = "".join(f", {column} = ?" for column in values)
        db.sql(f"UPDATE customer SET {versions.STAMP_SET}{sets} WHERE id = ?",
               [*versions.stamp_params(operator, at), *values.values(), customer_id])


def _ids(table: str, customer_id: int) -> list[int]:
    return [r[0] for r in db.sql(f"SELECT id FROM {table} WHERE customer_id = ? ORDER BY id",
                                 [customer_id])]


def _move(table: str, ids: list[int], source: int, target: int, operator: Staff | None) -> None:
    stamp = (f"{versions.STAMP_SET}, ", versions.stamp_params(operator)) if table in versions.VERSIONED_TABLES else ("", [])
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        db.sql(f"UPDATE {table} SET {stamp[0]}customer_id = ? WHERE customer_id = ? AND id IN "
               f"({','.join('?' * len(chunk))})", [*stamp[1], target, source, *chunk])


def _total_fen(customer_id: int) -> int:
    # int(): PostgreSQL sums a bigint column as numeric (a Decimal in Python)
    return int(db.sql("SELECT COALESCE(sum(amount_fen), 0) FROM customer_order WHERE customer_id = ?",
                      [customer_id]).fetchone()[0])


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _staff_name(staff_id: Any) -> str:
    staff = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
    return staff.name if staff else ""


def _log_field(customer_id: int, column: str, old: Any, new: Any, reason: str, operator: Staff | None) -> None:
    key = column.removesuffix("_id")
    if key == "account_manager":
        old, new = _staff_name(old), _staff_name(new)
    log_change(customer_id, "customer", customer_id, key, old, new, reason, operator, FIELD_LABELS.get(key, key))


def _merged(code: str) -> str:
    return data_text("merged {code}", code=code)


def _merged_into(code: str) -> str:
    return data_text("merged into {code}", code=code)


def _reindex(*ids: int) -> None:
    search.reindex(database_proxy.connection(), ids)


def _all_changes(*ids: int) -> Changes:
    return Changes(customers=True, contacts=True, tickets=True, followups=True, interactions=True, surveys=True,
                   equipment=True, attachments=True, customer_ids=set(ids))


@unit_of_work
def merge(kept_id: int, merged_id: int, operator: Staff | None = None, reason: str = "") -> MergeResult:
    """Merge customer ``merged_id`` into ``kept_id``; everything of both is kept and the merge is undoable."""
    if kept_id == merged_id:
        raise KnownError(_("A customer cannot be merged into itself."))
    with database_proxy.atomic():
        kept, merged = _row(kept_id), _row(merged_id)
        if kept is None or merged is None:
            raise KnownError(_("The customer to merge was not found."))
        for row in (kept, merged):
            if row["deleted_at"] is not None:
                raise KnownError(_("Customer {code} is in the recycle bin and cannot be merged.", code=row["code"]))
            if row["merged_into_id"] is not None:
                raise KnownError(_("Customer {code} was merged into another customer and cannot be merged again.",
                               code=row["code"]))
        stamp = now().isoformat(sep=" ")
        moved = {table: _ids(table, merged_id) for table in CHILD_TABLES}
        kept_has_primary = bool(db.sql(
            "SELECT 1 FROM contact WHERE customer_id = ? AND is_primary = TRUE AND deleted_at IS NULL",
            [kept_id]).fetchone())
        primary_cleared = [r[0] for r in db.sql(
            "SELECT id FROM contact WHERE customer_id = ? AND is_primary = TRUE", [merged_id])] if kept_has_primary else []
        for table, ids in moved.items():
            _move(table, ids, merged_id, kept_id, operator)
        if primary_cleared:
            db.sql(f"UPDATE contact SET {versions.STAMP_SET}, is_primary = FALSE WHERE id IN "
                   f"({','.join('?' * len(primary_cleared))})", [*versions.stamp_params(operator), *primary_cleared])
        kept_tags = {link.tag_id for link in CustomerTag.select().where(CustomerTag.customer == kept_id)}
        tag_links = [CustomerTag.create(customer=kept_id, tag=link.tag_id).id
                     for link in CustomerTag.select().where(CustomerTag.customer == merged_id).order_by(CustomerTag.id)
                     if link.tag_id not in kept_tags]

        filled = {c: merged[c] for c in FILLABLE if _empty(kept[c]) and not _empty(merged[c])}
        last_contacts = [v for v in (kept["last_contact_at"], merged["last_contact_at"], db.sql(
            "SELECT max(at) FROM interaction WHERE customer_id = ?", [kept_id]).fetchone()[0]) if v]
        kept_after = {**filled, "total_order_fen": _total_fen(kept_id),
                      "last_contact_at": max(last_contacts) if last_contacts else None, "updated_at": stamp}
        merged_after = {"status": "archived", "merged_into_id": kept_id, "archived_at": stamp,
                        "total_order_fen": _total_fen(merged_id), "updated_at": stamp}
        _update(kept_id, kept_after, operator)
        _update(merged_id, merged_after, operator)
        # custom values the kept customer lacks come from the merged one (which keeps its own)
        custom_filled = custom_values.copy_missing("customer", merged_id, kept_id)
        payload = {
            "moved": moved, "primary_cleared": primary_cleared, "tag_links": tag_links, "filled": sorted(filled),
            "custom_filled": [field_id for field_id, _value in custom_filled],
            "kept": {"before": {c: kept[c] for c in kept_after}, "after": kept_after},
            "merged": {"before": {c: merged[c] for c in merged_after}, "after": merged_after},
        }
        record = MergeRecord.create(kept=kept_id, merged=merged_id, operator=operator,
                                    payload=json.dumps(payload, ensure_ascii=False, default=_stored))
        why = reason or data_text("Duplicate customers merged")
        completed = data_text("filled in when {code} was merged", code=merged["code"])
        for column in sorted(filled):
            _log_field(kept_id, column, kept[column], filled[column], completed, operator)
        for field_id, stored in custom_filled:
            field = customfields.get(field_id)
            shown = custom_values.log_text(field, custom_values.text(field, custom_values.reveal(field, stored)))
            log_change(kept_id, "customer", kept_id, "custom", "", shown, completed, operator, field.label)
        log_change(kept_id, "merge", record.id, "merge", "", _merged(merged["code"]), why, operator,
                   FIELD_LABELS["merge"])
        log_change(merged_id, "merge", record.id, "merge", "", _merged_into(kept["code"]), why, operator,
                   FIELD_LABELS["merge"])
        _reindex(kept_id, merged_id)
    log.info("customer %s merged into customer %s (merge %s): %s records moved; staff %s", merged_id, kept_id,
             record.id, sum(len(ids) for ids in moved.values()), operator.id if operator else "-")
    return MergeResult(record.id, _all_changes(kept_id, merged_id))


@unit_of_work
def undo_merge(merge_id: int, operator: Staff | None = None) -> Changes:
    """Put back exactly what ``merge`` moved and changed (fields edited since then are left alone)."""
    with database_proxy.atomic():
        record = MergeRecord.get_or_none(MergeRecord.id == merge_id)
        if record is None:
            raise KnownError(_("The merge record was not found."))
        if record.undone_at is not None:
            raise KnownError(_("This merge was undone on {when}.", when=f"{record.undone_at:%Y-%m-%d %H:%M}"))
        kept_id, merged_id = record.kept_id, record.merged_id
        kept, merged = _row(kept_id), _row(merged_id)
        if kept is None or merged is None:
            raise KnownError(_("A customer of the merge no longer exists: it cannot be undone."))
        if kept["merged_into_id"] is not None:
            raise KnownError(_("Customer {code} was merged into another customer afterwards: undo that merge first.",
                               code=kept["code"]))
        payload = json.loads(record.payload)
        for table, ids in payload["moved"].items():
            _move(table, ids, kept_id, merged_id, operator)
        cleared = payload["primary_cleared"]
        if cleared:
            db.sql(f"UPDATE contact SET {versions.STAMP_SET}, is_primary = TRUE WHERE customer_id = ? AND id IN "
                   f"({','.join('?' * len(cleared))})", [*versions.stamp_params(operator), merged_id, *cleared])
        if payload["tag_links"]:
            CustomerTag.delete().where(CustomerTag.id.in_(payload["tag_links"])
                                       & (CustomerTag.customer == kept_id)).execute()
        restored: dict[int, dict[str, Any]] = {}
        for customer_id, current, side in ((kept_id, kept, payload["kept"]), (merged_id, merged, payload["merged"])):
            values = {c: old for c, old in side["before"].items() if _as_stored(current[c]) == side["after"][c]}
            if "total_order_fen" not in values:  # orders changed since the merge: count them again
                values["total_order_fen"] = _total_fen(customer_id)
            if customer_id == merged_id:  # never leave it pointing at the kept customer
                values["merged_into_id"] = None
                values.setdefault("status", side["before"]["status"])
            values.pop("updated_at", None)  # the undo is a change of its own, made now
            _update(customer_id, values, operator)
            restored[customer_id] = values
        why = data_text("Merge undone (merge record {id})", id=record.id)
        for field_id in payload.get("custom_filled", []):  # each only while still the merged one's value
            removed = db.sql(
                "DELETE FROM custom_value WHERE field_id = ? AND entity_id = ? AND value = (SELECT value FROM "
                "custom_value WHERE field_id = ? AND entity_id = ?)", [field_id, kept_id, field_id, merged_id])
            if removed.rowcount:
                field = customfields.get(field_id)
                log_change(kept_id, "customer", kept_id, "custom",
                           custom_values.log_text(field, data_text("(the value the merge filled in)")), "", why,
                           operator, field.label)
        for column in payload["filled"]:
            if column in restored[kept_id]:
                _log_field(kept_id, column, payload["kept"]["after"][column], restored[kept_id][column], why, operator)
        undone = data_text("merge undone")
        log_change(kept_id, "merge", record.id, "merge", _merged(merged["code"]), undone, why, operator,
                   FIELD_LABELS["merge"])
        log_change(merged_id, "merge", record.id, "merge", _merged_into(kept["code"]), undone, why, operator,
                   FIELD_LABELS["merge"])
        MergeRecord.update(undone_at=now()).where(MergeRecord.id == record.id).execute()
        _reindex(kept_id, merged_id)
    log.info("merge %s undone: customer %s separated again from customer %s; staff %s", merge_id, merged_id, kept_id,
             operator.id if operator else "-")
    return _all_changes(kept_id, merged_id)


def merges(customer_id: int | None = None) -> list[MergeRecord]:
    """The merge records (of one customer, kept or merged), newest first."""
    query = MergeRecord.select()
    if customer_id is not None:
        query = query.where((MergeRecord.kept == customer_id) | (MergeRecord.merged == customer_id))
    return list(query.order_by(MergeRecord.at.desc(), MergeRecord.id.desc()))
