"""The change log (变更记录): one row per changed field of a customer, a contact or an order.

Every writer of the change log goes through :func:`log_change` (the customer service, the
merge, the archive, the recycle bin, the erasure) or applies :func:`masked_for_log` itself
(the bulk import writes its rows with ``executemany``). The log keeps no personal value in
clear: :func:`masked_for_log` is the one rule for what it may hold of one (masked, or a
placeholder); enumerations are written as their label in the records' language (``i18n.data_text``:
潜在客户, not ``prospect``), amounts in yuan, booleans as 是/否.
"""

from __future__ import annotations

import datetime as dt

from crmdesk.core.i18n import data_text
from crmdesk.core.store.models import CUSTOMER_STATUSES, CUSTOMER_TYPES, TIERS, ChangeLog, Staff
from crmdesk.core.validation import fen_to_yuan_text, mask_mobile

# Personal fields of customers and contacts (keys of core.customers.service' FIELD_LABELS), and the site
# address of a machine (core.equipment.service)
PERSONAL_FIELDS = frozenset({"mobile", "phone", "email", "wechat", "address", "birthday", "confidential_notes",
                             "site_address"})

# stored identifiers whose change is written (and shown) as their label in the records' language: 潜在客户 → 成交客户
ENUM_LABELS = {"type": CUSTOMER_TYPES, "tier": TIERS, "status": CUSTOMER_STATUSES}


def masked_for_log(key: str, text: str) -> str:
    """What the change log keeps of a personal field's value: masked, or a placeholder."""
    if not text or key not in PERSONAL_FIELDS:
        return text
    if key == "mobile":
        return mask_mobile(text)
    if key == "phone":
        return text[:3] + "****" + text[-2:] if len(text) > 6 else "****"
    if key == "email" and "@" in text:
        local, domain = text.split("@", 1)
        return f"{local[:1]}***@{domain}"
    if key == "confidential_notes":
        return data_text("(filled in, kept confidential)")
    return data_text("(personal data, hidden)")  # address, site address, birthday, WeChat ID, an e-mail without @


def shown(key: str, value: object) -> str:
    """A value as written into the change log (personal data masked)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return data_text("yes") if value else data_text("no")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    if key in PERSONAL_FIELDS:  # the one rule of what the change log keeps of personal data
        return masked_for_log(key, text)
    if key == "amount_fen":
        return fen_to_yuan_text(int(text))
    labels = ENUM_LABELS.get(key)
    return labels.data_labels().get(text, text) if labels is not None else text


def log_change(customer_id: int, entity: str, entity_id: int | None, key: str, old: object, new: object,
               reason: str, operator: Staff | None, label: str | None = None) -> None:
    """Write one change-log row: ``key`` changed from ``old`` to ``new`` (shown under ``label``)."""
    ChangeLog.create(customer=customer_id, entity=entity, entity_id=entity_id, field=label or key,
                     old_value=shown(key, old), new_value=shown(key, new), reason=reason,
                     operator=operator, operator_name=operator.name if operator else "")
