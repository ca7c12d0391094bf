"""The end of a customer's life: archive (归档库), recycle bin (回收站) and erasure (docs/spec.md §2).

- Dormant customers without cooperation for ``archive_after_days`` (by their own dates: last
  order, last interaction, cooperation start — never the import date) are proposed for the
  archive; archiving only flips ``status`` (hidden from the daily list, still searchable).
- Deleting a customer or a contact moves it to the recycle bin (``core.store.recycle_bin``,
  where ``core.customers.bin_kinds`` registers both kinds); the bin keeps it ``recycle_bin_days``.
- ``erase_personal_data`` wipes a customer's personal data on request (个人信息保护法) — its
  contacts, addresses (its machines' site addresses too) and every attachment (they may show
  identity documents) — keeps its tickets anonymised and leaves a trace in the change log and
  the audit log.

Every function writes in one transaction and returns a ``Changes``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any

from crmdesk.core import jobs
from crmdesk.core.customers import bin_kinds, privacy, search
from crmdesk.core.customers.service import FIELD_LABELS
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.equipment import service as equipment
from crmdesk.core.firm import settings
from crmdesk.core.i18n import _, data_text
from crmdesk.core.store import db, recycle_bin, versions
from crmdesk.core.store.change_log import log_change
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import (
    Attachment,
    AuditLog,
    ChangeLog,
    Contact,
    Customer,
    Equipment,
    FollowUp,
    Interaction,
    MergeRecord,
    RecycleBinEntry,
    Staff,
    Ticket,
    database_proxy,
    now,
)
from crmdesk.core.store.units import unit_of_work
from crmdesk.core.validation import normalize_company_name

ERASED = data_text("(erased)")  # stored in place of an erased name: data, in the records' language
_PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_COMPANY_WORDS = ("公司", "厂", "店", "中心", "集团", "科技", "电子", "贸易", "实业", "工程", "机械", "五金",
                  "商贸", "商行", "超市", "医院", "学校", "酒店", "餐厅", "工作室", "事务所", "研究所", "门市",
                  "经营部", "合作社", "协会")


def _reindex(ids: Iterable[int]) -> None:
    search.reindex(database_proxy.connection(), ids)


# --------------------------------------------------------------------------- archive


def archive_candidates(today: dt.date | None = None) -> list[tuple[int, str, str, dt.date | None]]:
    """Active dormant customers without cooperation for ``archive_after_days``: (id, code, name, last date).

    The last cooperation is the latest of the customer's own dates: the last order, the last
    interaction and the cooperation start — never the record's creation, which for an imported
    ledger is the import date. A dormant customer with none of these dates never cooperated and
    is proposed too (its last date is ``None``). Oldest first, those without a date first.
    """
    today = today or dt.date.today()
    cutoff = today - dt.timedelta(days=int(settings.get("archive_after_days")))
    sql = (
        "SELECT id, code, name, last FROM ("
        " SELECT c.id, c.code, c.name, max("
        "  coalesce((SELECT max(o.date) FROM customer_order o WHERE o.customer_id = c.id), ''),"
        "  coalesce((SELECT substr(max(i.at), 1, 10) FROM interaction i WHERE i.customer_id = c.id), ''),"
        "  coalesce(c.coop_start, '')) AS last"
        " FROM customer c WHERE c.status = 'active' AND c.tier = 'dormant'"
        " AND c.deleted_at IS NULL AND c.merged_into_id IS NULL)"
        " WHERE last <= ? ORDER BY last, code")
    return [(cid, code, name, dt.date.fromisoformat(last) if last else None)
            for cid, code, name, last in db.sql(sql, [cutoff.isoformat()])]


def _set_status(ids: Iterable[int], status: str, operator: Staff | None, reason: str) -> Changes:
    label = FIELD_LABELS["archive" if status == "archived" else "restore"]
    done: set[int] = set()
    with database_proxy.atomic():
        stamp = now()
        for customer in Customer.select().where(Customer.id.in_(sorted(set(ids)))):
            if customer.status == status or customer.deleted_at or customer.merged_into_id:
                continue
            Customer.update(status=status, archived_at=stamp if status == "archived" else None,
                            **versions.stamp(Customer, operator, stamp)).where(Customer.id == customer.id).execute()
            # the stored values: the change log writes their labels (service.ENUM_LABELS)
            log_change(customer.id, "customer", customer.id, "status", customer.status, status, reason, operator, label)
            done.add(customer.id)
        _reindex(done)
    return Changes(customers=True, customer_ids=done)


@unit_of_work
def archive(ids: Iterable[int], operator: Staff | None = None, reason: str = "") -> Changes:
    """Move customers to the archive (skips those already archived, deleted or merged)."""
    return _set_status(ids, "archived", operator, reason)


@unit_of_work
def restore_archived(ids: Iterable[int], operator: Staff | None = None) -> Changes:
    """Bring archived customers back to the daily list."""
    return _set_status(ids, "active", operator, data_text("Restored from the archive"))


# --------------------------------------------------------------------------- recycle bin


def delete_customer(customer_id: int, operator: Staff | None = None) -> Changes:
    """Move a customer (with everything it holds) to the recycle bin."""
    return recycle_bin.move_to_bin(bin_kinds.CUSTOMER, customer_id, operator)


def delete_contact(contact_id: int, operator: Staff | None = None) -> Changes:
    """Move a contact to the recycle bin; a primary contact hands the role on."""
    return recycle_bin.move_to_bin(bin_kinds.CONTACT, contact_id, operator)


def _purge_job(ctx: jobs.JobContext, _prepared: object) -> jobs.Outcome:
    """The daily job: what has been in the recycle bin longer than ``recycle_bin_days`` goes for good."""
    purged = recycle_bin.purge_expired(ctx.today)
    if not purged:
        return jobs.Outcome(False, {"purged": 0})
    return jobs.Outcome(True, {"purged": purged}, _("{count} deleted item(s) removed for good", count=purged),
                        Changes(customers=True))


jobs.register(jobs.Job("purge", 20, lambda: _("Recycle bin"), _purge_job))


# --------------------------------------------------------------------------- erasure


def looks_like_person(name: str) -> bool:
    """Whether a customer name is probably a private person's (2–4 Chinese characters, no firm word)."""
    name = (name or "").strip()
    return bool(_PERSON_NAME.match(name)) and not any(word in name for word in _COMPANY_WORDS)


_CONTACT_WIPE = {"mobile": "", "mobile_key": "", "mobile_tail": "", "phone": "", "email": "", "wechat": "",
                 "birthday": "", "birthday_lunar": False, "name": ERASED}
_SENSITIVE_LABELS = {FIELD_LABELS[k] for k in ("mobile", "phone", "email", "address", "birthday", "wechat",
                                                "birthday_lunar", "confidential_notes", "notes")} | {
    equipment.FIELD_LABELS["site_address"]}
_ERASED_ENTITIES = ("contact", "attachment")  # change-log lines whose values are wiped whole (names of files too)
_SCRUBBED_KEYS = {"address", "confidential_notes", "notes"}


def _scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, ERASED)
    return text


def _scrub_json(value: Any, keys: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: ("" if k in keys and isinstance(v, str) else _scrub_json(v, keys)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_json(v, keys) for v in value]
    return value


@unit_of_work
def erase_personal_data(customer_id: int, operator: Staff | None, reason: str) -> Changes:
    """Wipe a customer's personal data on request; tickets stay, anonymised; the erasure is logged."""
    if not (reason or "").strip():
        raise KnownError(_("Say why the personal data is erased (for example the customer's request)."))
    # old bytes zeroed, the search indexes' old segments merged away, the WAL emptied (core.customers.privacy)
    with privacy.secure_erasure():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise KnownError(_("Customer not found."))
        if customer.erased_at is not None:
            raise KnownError(_("The personal data of customer {code} was erased on {date}.", code=customer.code,
                               date=f"{customer.erased_at:%Y-%m-%d}"))
        contacts = list(Contact.select().where(Contact.customer == customer_id))
        secrets = sorted({c.name for c in contacts if len(c.name) >= 2}, key=len, reverse=True)
        stamp = now()
        values: dict[str, Any] = {"address": "", "confidential_notes": "", "notes": "", "erased_at": stamp,
                                  **versions.stamp(Customer, operator, stamp)}
        scrubbed_keys = set(_SCRUBBED_KEYS)
        if looks_like_person(customer.name):
            secrets.insert(0, customer.name)
            values["name"] = ERASED + customer.code
            values["name_norm"] = normalize_company_name(values["name"])
            scrubbed_keys.add("name")
        Customer.update(**values).where(Customer.id == customer_id).execute()  # version: values hold its stamp
        contact_ids = [c.id for c in contacts]
        # the sensitive custom values of the customer, its contacts and its tickets go too
        custom_values.erase("customer", [customer_id])
        custom_values.erase("contact", contact_ids)
        custom_values.erase("ticket", [t.id for t in Ticket.select(Ticket.id).where(Ticket.customer == customer_id)])
        custom_values.erase("equipment", [e.id for e in Equipment.select(Equipment.id).where(Equipment.customer == customer_id)])
        if contact_ids:
            Contact.update(**_CONTACT_WIPE, **versions.stamp(Contact, operator, stamp)).where(
                Contact.id.in_(contact_ids)).execute()
            for model in (Ticket, Interaction, FollowUp):
                model.update(contact=None, **versions.stamp(model, operator, stamp)).where(
                    model.contact.in_(contact_ids)).execute()
            for entry in RecycleBinEntry.select().where((RecycleBinEntry.entity == "contact")
                                                        & RecycleBinEntry.entity_id.in_(contact_ids)):
                label = data_text("Contact {name} ({code})", name=ERASED, code=customer.code)
                RecycleBinEntry.update(label=label).where(RecycleBinEntry.id == entry.id).execute()
        files = _erase_attachments(customer_id)
        Equipment.update(site_address="", **versions.stamp(Equipment, operator, stamp)).where(
            Equipment.customer == customer_id).execute()
        name_label = FIELD_LABELS["name"] if "name" in values else None
        for row in ChangeLog.select().where(ChangeLog.customer == customer_id):
            field = _scrub(row.field, secrets)
            sensitive = (row.entity in _ERASED_ENTITIES or field == name_label
                         or any(field == label or field.endswith("·" + label) for label in _SENSITIVE_LABELS))
            old = "" if sensitive else _scrub(row.old_value, secrets)
            new = "" if sensitive else _scrub(row.new_value, secrets)
            if (field, old, new) != (row.field, row.old_value, row.new_value):
                ChangeLog.update(field=field, old_value=old, new_value=new).where(ChangeLog.id == row.id).execute()
        for record in MergeRecord.select().where((MergeRecord.kept == customer_id)
                                                 | (MergeRecord.merged == customer_id)):
            payload = json.dumps(_scrub_json(json.loads(record.payload), scrubbed_keys), ensure_ascii=False)
            MergeRecord.update(payload=payload).where(MergeRecord.id == record.id).execute()
        if "name" in values:
            RecycleBinEntry.update(label=f"{customer.code} {values['name']}").where(
                (RecycleBinEntry.entity == "customer") & (RecycleBinEntry.entity_id == customer_id)).execute()
        for audit in AuditLog.select().where((AuditLog.entity == "customer") & (AuditLog.entity_id == customer_id)):
            detail = _scrub(audit.detail, secrets)  # "C2024001 李娜：查看…" names the person
            if detail != audit.detail:
                AuditLog.update(detail=detail).where(AuditLog.id == audit.id).execute()
        log_change(customer_id, "erase", customer_id, "erase", "",
                   data_text("Personal data of the customer, its {count} contact(s) and {files} attachment(s) erased",
                             count=len(contacts), files=files),
                   reason, operator, FIELD_LABELS["erase"])
        AuditLog.create(at=stamp, operator=operator, action="erase", entity="customer", entity_id=customer_id,
                        detail=data_text("{code}: personal data erased ({count} contact(s), {files} attachment(s)); "
                                         "reason: {reason}", code=customer.code, count=len(contacts), files=files,
                                         reason=reason))
        _reindex([customer_id])
    return Changes(customers=True, contacts=True, tickets=True, interactions=True, followups=True, equipment=True,
                   attachments=True, customer_ids={customer_id})


def _erase_attachments(customer_id: int) -> int:
    """Delete every file of the customer — on the customer, its tickets and its machines, in the recycle
    bin too — with their pieces (``secure_delete`` zeroes the freed pages); returns how many."""
    ids = [a.id for a in Attachment.select(Attachment.id).where(Attachment.customer == customer_id)]
    if ids:
        RecycleBinEntry.delete().where((RecycleBinEntry.entity == "attachment")
                                       & RecycleBinEntry.entity_id.in_(ids)).execute()
        Attachment.delete().where(Attachment.id.in_(ids)).execute()  # the pieces go with them (ON DELETE CASCADE)
    return len(ids)
