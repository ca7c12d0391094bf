"""Creating and editing customers with their contacts, orders and tags (docs/spec.md §2).

Every value is validated first (all refused fields are reported together, each
naming its field and reason); then one transaction writes the customer, its
children, the change log and the search index. Nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from peewee import IntegrityError

from crmdesk.core.customers import bin_kinds, search
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.i18n import C_, DATA_LANGUAGE, N_, _, data_text
from crmdesk.core.safety import secrets
from crmdesk.core.store import db, recycle_bin, versions
from crmdesk.core.store.change_log import ENUM_LABELS, log_change
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import (
    CUSTOMER_TYPES,
    Contact,
    Customer,
    CustomerTag,
    Order,
    Staff,
    Tag,
    database_proxy,
    now,
)
from crmdesk.core.store.units import unit_of_work
from crmdesk.core.validation import (
    FieldError,
    amount_to_fen,
    fen_to_yuan_text,
    normalize_company_name,
    normalize_mobile,
    normalize_phone,
    parse_amount,
    parse_date,
    validate_email,
)

# The fields of a customer and what the change log records; ``field_label`` shows them in the
# current language, ``FIELD_LABELS`` holds them as the change log stores them (the records' language:
# the log is data, read back to erase personal rows and shown as it was written).
FIELDS = {
    "code": C_("customer field", "Customer code"), "name": C_("customer field", "Customer name"),
    "type": C_("customer field", "Customer type"), "importance": C_("customer field", "Importance"),
    "industry": C_("customer field", "Industry"), "size": C_("customer field", "Company size"),
    "region": C_("customer field", "Region"), "address": C_("customer field", "Address"),
    "source_channel": C_("customer field", "Source channel"),
    "account_manager": C_("customer field", "Account manager"),
    "coop_start": C_("customer field", "Customer since"),
    "purchase_intent": C_("customer field", "Purchase intent"),
    "product_preference": C_("customer field", "Product preference"),
    "budget_range": C_("customer field", "Budget range"), "tags": C_("customer field", "Customer tags"),
    "notes": C_("customer field", "Notes"), "confidential_notes": C_("customer field", "Confidential notes"),
    "tier": C_("customer field", "Customer tier"), "tier_pinned": C_("customer field", "Tier pinned"),
    "status": C_("customer field", "Status"), "contact": C_("customer field", "Contact"),
    "title": C_("customer field", "Contact's title"), "mobile": C_("customer field", "Contact's mobile"),
    "phone": C_("customer field", "Phone"), "email": C_("customer field", "Contact's e-mail"),
    "wechat": C_("customer field", "WeChat"), "birthday": C_("customer field", "Birthday"),
    "birthday_lunar": C_("customer field", "Lunar birthday"), "is_primary": C_("customer field", "Primary contact"),
    "has_left": C_("customer field", "Has left"), "order": C_("customer field", "Orders"),
    "merge": C_("customer field", "Merge"), "erase": C_("customer field", "Erasure of personal data"),
    "archive": C_("customer field", "Archive"), "restore": C_("customer field", "Restore"),
    "delete": C_("customer field", "Delete"),
}
FIELD_LABELS = {key: label.text(DATA_LANGUAGE) for key, label in FIELDS.items()}


def field_label(key: str) -> str:
    """A customer field's name in the current language (messages, forms)."""
    label = FIELDS.get(key)
    return key if label is None else label.text()

SENSITIVE = {"mobile", "phone", "email", "wechat", "address", "birthday", "confidential_notes"}
CODE_RE = re.compile(r"^\S{1,20}$")
TAG_SPLIT = re.compile(r"[,，、;；\s]+")


@dataclass
class ContactInput:
    """A contact as typed in the dialog or read from a sheet."""

    name: str = ""
    title: str = ""
    mobile: str = ""
    phone: str = ""
    email: str = ""
    wechat: str = ""
    birthday: str = ""
    birthday_lunar: bool = False
    is_primary: bool = False
    has_left: bool = False
    id: int | None = None
    custom: dict[int, str] = field(default_factory=dict)  # custom field id -> text; fields not in it are kept


@dataclass
class OrderInput:
    """An order line as typed."""

    date: str = ""
    product: str = ""
    amount: str = ""
    contract_no: str = ""
    id: int | None = None


@dataclass
class CustomerInput:
    """Everything the customer dialog edits."""

    name: str = ""
    type: str = "prospect"
    importance: str = "C"
    code: str = ""
    industry: str = ""
    size: str = ""
    region: str = ""
    address: str = ""
    source_channel: str = ""
    account_manager_id: int | None = None
    coop_start: str = ""
    purchase_intent: str = ""
    product_preference: str = ""
    budget_range: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    confidential_notes: str = ""
    tier: str = ""
    tier_pinned: bool = False
    contacts: list[ContactInput] = field(default_factory=list)
    orders: list[OrderInput] = field(default_factory=list)
    custom: dict[int, str] = field(default_factory=dict)  # custom field id -> text; fields not in it are kept
    # the customer's version when the dialog loaded it (schema 12): the save writes only that version
    # (a ConflictError otherwise); None: save over whatever is stored (imports, the command line)
    version: int | None = None


class InvalidInput(KnownError):
    """One or more refused fields; ``errors`` lists them (``field`` like ``contacts[1].mobile``)."""

    def __init__(self, errors: list[ValidationError]) -> None:
        self.errors = errors
        super().__init__("\n".join(e.message for e in errors))


@dataclass
class SaveResult:
    """What a save did."""

    customer_id: int
    code: str
    changes: Changes


def split_tags(text: str) -> list[str]:
    """Tags typed as ``高价值，功能定制 售后响应`` → a clean, de-duplicated list."""
    seen: list[str] = []
    for tag in TAG_SPLIT.split(text or ""):
        tag = tag.strip()[:30]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _err(field_key: str, reason: str, label: str) -> ValidationError:
    return ValidationError(field_key, reason, label)


_T = TypeVar("_T")


def _check(errors: list[ValidationError], key: str, label: str, fn: Callable[..., _T], *args: object) -> _T | None:
    try:
        return fn(*args)
    except FieldError as exc:
        errors.append(_err(key, exc.reason, label))
        return None


@dataclass
class _Clean:
    customer: dict[str, object]
    tags: list[str]
    contacts: list[tuple[int | None, dict[str, object]]]
    orders: list[tuple[int | None, dict[str, object]]]
    custom: dict[int, object | None] = field(default_factory=dict)
    contact_custom: list[dict[int, object | None]] = field(default_factory=list)  # parallel to contacts


# -- required contact values that an import may lack -------------------------------------------
# A contact typed in must have its 职务, and the primary contact its mobile. Imported contacts
# often have neither; such a gap is reported (``contact_gaps``: the mark on the contact, and the
# data-health counts of ``core.reports.quality``) and never blocks a later, unrelated edit: a value
# missing in the stored contact may stay missing. Clearing a value that was there is refused.

GAP_LABELS = {"title": N_("title missing"), "mobile": N_("primary contact's mobile missing")}  # shown with _()


def required_gaps(title: str, mobile: str, primary: bool) -> set[str]:
    """The required contact values that are empty: ``title``, and ``mobile`` for the primary contact."""
    gaps = set() if (title or "").strip() else {"title"}
    if primary and not (mobile or "").strip():
        gaps.add("mobile")
    return gaps


def stored_contact_gaps(customer_id: int) -> dict[int, set[str]]:
    """The customer's stored contacts (not deleted) with the required values each lacks in the
    database (a missing mobile counts whatever the contact's role: it may become the primary)."""
    return {cid: required_gaps(title, mobile, True) for cid, title, mobile in db.sql(
        "SELECT id, title, mobile FROM contact WHERE customer_id = ? AND deleted_at IS NULL", [customer_id])}


def contact_gaps(customer_id: int) -> dict[int, list[str]]:
    """Contacts of a customer with required values missing (from an import), as the words the
    dialog and the dossier show next to them: ``{contact id: ["职务未填", …]}`` (current language)."""
    out: dict[int, list[str]] = {}
    for cid, title, mobile, primary in db.sql(
            "SELECT id, title, mobile, is_primary FROM contact WHERE customer_id = ? AND deleted_at IS NULL",
            [customer_id]):
        gaps = required_gaps(title, mobile, bool(primary))
        if gaps:
            out[cid] = [_(GAP_LABELS[key]) for key in ("title", "mobile") if key in gaps]
    return out


def validate(data: CustomerInput, *, customer_id: int | None = None) -> _Clean:
    """Check and normalise every field; raise :class:`InvalidInput` listing all refusals."""
    errors: list[ValidationError] = []
    name = " ".join((data.name or "").split())
    if not name:
        errors.append(_err("name", _("required, it cannot be empty"), field_label("name")))
    elif len(name) > 200:
        errors.append(_err("name", _("at most 200 characters"), field_label("name")))
    before = Customer.get_or_none(Customer.id == customer_id) if customer_id is not None else None
    # a type or importance the ledger did not hold may stay empty (the data-health report counts it)
    if data.type not in CUSTOMER_TYPES and not (before is not None and before.type == "" == (data.type or "")):
        errors.append(_err("type", _("choose the customer type"), field_label("type")))
    if data.importance not in ("A", "B", "C") and not (
            before is not None and before.importance == "" == (data.importance or "")):
        errors.append(_err("importance", _("choose A, B or C"), field_label("importance")))
    code = (data.code or "").strip().upper()
    if code:
        if not CODE_RE.match(code):
            errors.append(_err("code", _("the code may hold no spaces and at most 20 characters"), field_label("code")))
        else:
            clash = Customer.get_or_none((Customer.code == code) & (Customer.id != (customer_id or 0)))
            if clash is not None:
                errors.append(_err("code", _("the code is already used by “{name}”", name=clash.name),
                                   field_label("code")))
    coop = _check(errors, "coop_start", field_label("coop_start"), parse_date, data.coop_start, "coop_start")
    if coop is not None and coop > dt.date.today():
        errors.append(_err("coop_start", _("cannot be later than today"), field_label("coop_start")))
    if data.account_manager_id is not None and Staff.get_or_none(Staff.id == data.account_manager_id) is None:
        errors.append(_err("account_manager", _("staff member not found"), field_label("account_manager")))

    erased = customer_id is not None and Customer.get_by_id(customer_id).erased_at is not None
    stored = stored_contact_gaps(customer_id) if customer_id is not None else {}
    contacts: list[tuple[int | None, dict[str, object]]] = []
    contact_custom: list[dict[int, object | None]] = []
    live = list(data.contacts)
    if not live and (customer_id is None or stored):  # an imported customer without contacts stays editable
        errors.append(_err("contacts", _("at least one contact is needed"), field_label("contact")))
    primary_index = next((i for i, c in enumerate(live) if c.is_primary and not c.has_left), None)
    if primary_index is None and live:
        primary_index = next((i for i, c in enumerate(live) if not c.has_left), 0)
    for i, c in enumerate(live):
        prefix = f"contacts[{i}]"
        who = (c.name or "").strip() or _("contact {number}", number=i + 1)
        values: dict[str, object] = {"name": (c.name or "").strip(), "title": (c.title or "").strip(),
                                     "wechat": (c.wechat or "").strip(), "birthday_lunar": bool(c.birthday_lunar),
                                     "is_primary": i == primary_index, "has_left": bool(c.has_left)}
        if not values["name"]:
            errors.append(_err(f"{prefix}.name", _("the contact's name is required"),
                               _("{who} · {field}", who=who, field=_("Name"))))
        tolerated = stored.get(c.id, set()) if c.id is not None else set()
        gaps = required_gaps(str(values["title"]), c.mobile or "", i == primary_index and not erased)
        if "title" in gaps and "title" not in tolerated:
            errors.append(_err(f"{prefix}.title", _("the contact's title is required"), _of(who, "title")))
        mobile = _check(errors, f"{prefix}.mobile", _of(who, "mobile"), normalize_mobile, c.mobile)
        if "mobile" in gaps and "mobile" not in tolerated:
            errors.append(_err(f"{prefix}.mobile", _("the primary contact's mobile number is required"),
                               _of(who, "mobile")))
        values["mobile"] = mobile or ""
        phone = _check(errors, f"{prefix}.phone", _of(who, "phone"), normalize_phone, c.phone)
        values["phone"] = phone or ""
        email = _check(errors, f"{prefix}.email", _of(who, "email"), validate_email, c.email)
        values["email"] = email or ""
        birthday = _check(errors, f"{prefix}.birthday", _of(who, "birthday"), parse_date, c.birthday, "birthday")
        values["birthday"] = birthday.isoformat() if birthday else ""
        contacts.append((c.id, values))
        contact_custom.append(custom_values.check("contact", c.custom, entity_id=c.id, prefix=f"{prefix}.",
                                                  who=f"{who}·", errors=errors))

    orders: list[tuple[int | None, dict[str, object]]] = []
    for i, o in enumerate(data.orders):
        prefix = f"orders[{i}]"
        label = _("order {number}", number=i + 1)
        date_label, amount_label = (_("{who} · {field}", who=label, field=field) for field in (_("Date"), _("Amount")))
        day = _check(errors, f"{prefix}.date", date_label, parse_date, o.date, "date")
        if day is None and not any(e.field == f"{prefix}.date" for e in errors):
            errors.append(_err(f"{prefix}.date", _("the date is required"), date_label))
        amount = _check(errors, f"{prefix}.amount", amount_label, parse_amount, o.amount, "amount")
        orders.append((o.id, {"date": day, "product": (o.product or "").strip(),
                              "amount_fen": amount_to_fen(amount) if amount is not None else 0,
                              "contract_no": (o.contract_no or "").strip()}))
    custom = custom_values.check("customer", data.custom, entity_id=customer_id, errors=errors)
    if errors:
        raise InvalidInput(errors)
    customer: dict[str, object] = {
        "name": name, "name_norm": normalize_company_name(name), "type": data.type, "importance": data.importance,
        "industry": data.industry.strip(), "size": data.size.strip(), "region": data.region.strip(),
        "address": data.address.strip(), "source_channel": data.source_channel.strip(),
        "account_manager": data.account_manager_id, "coop_start": coop,
        "purchase_intent": data.purchase_intent.strip(), "product_preference": data.product_preference.strip(),
        "budget_range": data.budget_range.strip(), "notes": data.notes.strip(),
        "confidential_notes": data.confidential_notes.strip(), "tier_pinned": bool(data.tier_pinned),
    }
    if code:
        customer["code"] = code
    if data.tier:
        customer["tier"] = data.tier
    return _Clean(customer, split_tags(",".join(data.tags)), contacts, orders, custom, contact_custom)


def _of(who: str, key: str) -> str:
    """A contact's field in a message: ``王经理 · 联系人手机``."""
    return _("{who} · {field}", who=who, field=field_label(key))


def next_code(year: int | None = None) -> str:
    """The next free ``C`` + year + sequence code (at least 3 digits), taken from ``code_counter``
    (call inside the creating transaction: the counter row stays locked to its commit, so two PCs
    never take the same code). A code typed by hand or imported beyond the counter is skipped: the
    counter jumps past the highest stored code of the year."""
    year = year or dt.date.today().year
    prefix = f"C{year}"
    while True:
        last = int(db.sql("INSERT INTO code_counter (prefix, last) VALUES (?, 1) ON CONFLICT (prefix) "
                          "DO UPDATE SET last = code_counter.last + 1 RETURNING last", [prefix]).fetchone()[0])
        code = f"{prefix}{last:03d}"
        if not Customer.select().where(Customer.code == code).exists():
            return code
        best = _highest_code(prefix)
        if best > last:
            db.sql("UPDATE code_counter SET last = ? WHERE prefix = ? AND last < ?", [best, prefix, best])


def _highest_code(prefix: str) -> int:
    best = 0
    for (code,) in db.sql("SELECT code FROM customer WHERE code LIKE ?", [prefix + "%"]):
        tail = code[len(prefix):]
        if tail.isdigit():
            best = max(best, int(tail))
    return best


def _create(values: dict[str, object], stamp: dt.datetime, operator: Staff | None) -> Customer:
    """Insert a new customer; a generated code that another PC stored at the same moment (the unique
    index is the last guard) is replaced by the next one."""
    generated = "code" not in values
    for _attempt in range(5):
        row = dict(values)
        if generated:
            row["code"] = next_code()
        try:
            with database_proxy.atomic():  # a savepoint: a refused insert leaves the transaction usable
                return Customer.create(**secrets.seal("customer", row), created_at=stamp, updated_at=stamp,
                                       updated_by=versions.operator_name(operator))
        except IntegrityError:
            if not Customer.select().where(Customer.code == row["code"]).exists():
                raise  # another constraint: a bug, not a race
            if not generated:  # typed, and stored by another PC after the check
                raise InvalidInput([_err("code", _("the code is already used by another customer"),
                                         field_label("code"))]) from None
    raise KnownError(_("No free customer code could be generated; please try again."))


def change_value_text(field_label: str, value: str) -> str:
    """A change-log value as shown: older rows stored an identifier (``prospect``) where newer ones
    store its label (潜在客户)."""
    for key, labels in ENUM_LABELS.items():
        if field_label == FIELD_LABELS[key]:
            return labels.data_labels().get(value, value)
    return value


def _set_tags(customer_id: int, tags: list[str]) -> None:
    CustomerTag.delete().where(CustomerTag.customer == customer_id).execute()
    for name in tags:
        tag, _ = Tag.get_or_create(name=name)
        CustomerTag.create(customer=customer_id, tag=tag)


def tags_of(customer_id: int) -> list[str]:
    """The customer's tags, alphabetical."""
    query = (Tag.select(Tag.name).join(CustomerTag).where(CustomerTag.customer == customer_id).order_by(Tag.name))
    return [t.name for t in query]


def all_tags() -> list[str]:
    """Every tag in use, alphabetical (the tag completer and filter)."""
    return [t.name for t in Tag.select(Tag.name).order_by(Tag.name)]


@dataclass(frozen=True)
class CustomerBrief:
    """Who a customer is, in one line: what forms show beside a chosen customer."""

    id: int
    code: str
    name: str
    status: str
    at_risk: bool
    risk_reasons: str
    created_at: dt.datetime
    account_manager_id: int | None

    @property
    def label(self) -> str:
        """``C20260001 南京金陵机械有限公司``."""
        return f"{self.code} {self.name}"


def brief(customer_id: int) -> CustomerBrief:
    """The customer in one line, also while it is in the recycle bin (``KnownError`` once purged)."""
    c = Customer.get_or_none(Customer.id == customer_id)
    if c is None:
        raise KnownError(_("Customer not found (it may have been deleted)."))
    return CustomerBrief(c.id, c.code, c.name, c.status, bool(c.at_risk), c.risk_reasons or "", c.created_at,
                         c.account_manager_id)


def _contact_row(values: dict[str, object]) -> dict[str, object]:
    key, tail = secrets.index_keys(str(values["mobile"]))
    return {**values, "mobile_key": key, "mobile_tail": tail}


def _contact_clear(contact: Contact, column: str) -> str:
    value: str = getattr(contact, column)  # one of the contact's text columns
    return secrets.reveal("contact", column, value) if column in secrets.SENSITIVE["contact"] else value


@unit_of_work
def save(data: CustomerInput, *, customer_id: int | None = None, operator: Staff | None = None,
         reason: str = "") -> SaveResult:
    """Create (``customer_id`` None) or update a customer with its contacts, orders and tags."""
    clean = validate(data, customer_id=customer_id)
    with database_proxy.atomic():
        stamp = now()
        if customer_id is None:
            values = dict(clean.customer)
            values.setdefault("tier", "ordinary")
            customer = _create(values, stamp, operator)
            customer_id = customer.id
            log_change(customer_id, "customer", customer_id, "code", "", customer.code,
                       reason or data_text("New customer"), operator, FIELD_LABELS["code"])
        else:
            # first, so the row is locked for the rest of the save (the contacts, orders and tags are saved
            # under the customer's version); a version other than the dialog's raises ConflictError
            versions.guarded_update(Customer, customer_id, data.version, {}, operator, stamp)
            customer = Customer.get_by_id(customer_id)
            updates: dict[str, object] = {}
            for key, new in clean.customer.items():
                if key == "name_norm":
                    updates[key] = new
                    continue
                old = getattr(customer, key + "_id") if key == "account_manager" else getattr(customer, key)
                if key in secrets.SENSITIVE["customer"]:
                    old = secrets.reveal("customer", key, old)
                if (old or None) != (new or None):
                    updates[key] = new
                    label = FIELD_LABELS.get(key, key)
                    if key == "account_manager":
                        old_name = Staff.get_or_none(Staff.id == old)
                        new_name = Staff.get_or_none(Staff.id == new)
                        log_change(customer_id, "customer", customer_id, key, old_name.name if old_name else "",
                             new_name.name if new_name else "", reason, operator, label)
                    else:
                        log_change(customer_id, "customer", customer_id, key, old, new, reason, operator, label)
            if updates:
                updates["updated_at"] = stamp
                Customer.update(**secrets.seal("customer", updates)).where(  # version: raised by guarded_update above
                    Customer.id == customer_id).execute()
        custom_changes = custom_values.write("customer", customer_id, clean.custom)
        for change in custom_changes:
            log_change(customer_id, "customer", customer_id, "custom", change.old, change.new, reason, operator,
                       change.field.label)
        if custom_changes:
            Customer.update(updated_at=stamp).where(Customer.id == customer_id).execute()  # version: guarded_update
        old_tags = tags_of(customer_id)
        if sorted(old_tags) != sorted(clean.tags):
            _set_tags(customer_id, clean.tags)
            if old_tags or clean.tags:
                log_change(customer_id, "customer", customer_id, "tags", "、".join(old_tags), "、".join(clean.tags),
                     reason, operator, FIELD_LABELS["tags"])
        _save_contacts(customer_id, clean.contacts, clean.contact_custom, operator, reason, stamp)
        _save_orders(customer_id, clean.orders, operator, reason)
        search.reindex(database_proxy.connection(), [customer_id])
        code = Customer.get_by_id(customer_id).code
    return SaveResult(customer_id, code, Changes(customers=True, contacts=True, customer_ids={customer_id}))


def _save_contacts(customer_id: int, contacts: list[tuple[int | None, dict[str, object]]],
                   custom: list[dict[int, object | None]], operator: Staff | None, reason: str,
                   stamp: dt.datetime) -> None:
    existing = {c.id: c for c in Contact.select().where((Contact.customer == customer_id)
                                                        & Contact.deleted_at.is_null())}
    kept: set[int] = set()
    for (contact_id, values), contact_custom in zip(contacts, custom or [{}] * len(contacts)):
        row = _contact_row(values)
        if contact_id is not None and contact_id in existing:
            kept.add(contact_id)
            old = existing[contact_id]
            updates = {k: v for k, v in row.items()
                       if k not in ("mobile_key", "mobile_tail") and _contact_clear(old, k) != v}
            if "mobile" in updates:
                updates.update(mobile_key=row["mobile_key"], mobile_tail=row["mobile_tail"])
            for key in updates:
                if key in ("mobile_key", "mobile_tail"):
                    continue
                log_change(customer_id, "contact", contact_id, key, _contact_clear(old, key), updates[key], reason, operator,
                     f"{FIELD_LABELS['contact']}{values['name']}·{FIELD_LABELS.get(key, key)}")
            custom_changes = custom_values.write("contact", contact_id, contact_custom)
            if updates or custom_changes:
                Contact.update(**secrets.seal("contact", updates), **versions.stamp(Contact, operator, stamp)).where(
                    Contact.id == contact_id).execute()
        else:
            created = Contact.create(customer=customer_id, **secrets.seal("contact", row), created_at=stamp,
                                     updated_at=stamp, updated_by=versions.operator_name(operator))
            log_change(customer_id, "contact", created.id, "contact", "", values["name"],
                       reason or data_text("New contact"), operator, FIELD_LABELS["contact"])
            contact_id = created.id
            custom_changes = custom_values.write("contact", contact_id, contact_custom)
        for change in custom_changes:
            log_change(customer_id, "contact", contact_id, "custom", change.old, change.new, reason, operator,
                       f"{FIELD_LABELS['contact']}{values['name']}·{change.field.label}")
    removed = [contact_id for contact_id in existing if contact_id not in kept]
    if removed:
        # The dialog already chose the new primary; the removed ones must not pass the role on again.
        Contact.update(is_primary=False, **versions.stamp(Contact, operator, stamp)).where(Contact.id.in_(removed)).execute()
        for contact_id in removed:
            recycle_bin.move_to_bin(bin_kinds.CONTACT, contact_id, operator)


def _save_orders(customer_id: int, orders: list[tuple[int | None, dict[str, object]]],
                 operator: Staff | None, reason: str) -> None:
    existing = {o.id: o for o in Order.select().where(Order.customer == customer_id)}
    kept: set[int] = set()
    for order_id, values in orders:
        if order_id is not None and order_id in existing:
            kept.add(order_id)
            old = existing[order_id]
            updates = {k: v for k, v in values.items() if getattr(old, k) != v}
            if updates:
                Order.update(**updates).where(Order.id == order_id).execute()
                log_change(customer_id, "order", order_id, "order", _order_text(old.__data__), _order_text(values),
                     reason, operator, FIELD_LABELS["order"])
        else:
            created = Order.create(customer=customer_id, **values)
            log_change(customer_id, "order", created.id, "order", "", _order_text(values),
                       reason or data_text("New order"), operator, FIELD_LABELS["order"])
    for order_id, old in existing.items():
        if order_id not in kept:
            Order.delete().where(Order.id == order_id).execute()
            log_change(customer_id, "order", order_id, "order", _order_text(old.__data__), "", reason or data_text("Order deleted"),
                       operator, FIELD_LABELS["order"])
    total = db.sql("SELECT COALESCE(sum(amount_fen), 0) FROM customer_order WHERE customer_id = ?",
                   [customer_id]).fetchone()[0]
    # version: raised by the save's guarded_update (the one caller)
    Customer.update(total_order_fen=total).where(Customer.id == customer_id).execute()


def _order_text(values: dict[str, object]) -> str:
    day = values.get("date")
    return data_text("{day} {product} {amount} yuan", day=day, product=values.get("product", ""),
                     amount=fen_to_yuan_text(int(str(values.get("amount_fen") or 0)))).strip()


def load(customer_id: int) -> CustomerInput:
    """The customer as the dialog edits it."""
    c = Customer.get_by_id(customer_id)
    contacts = [ContactInput(name=x.name, title=x.title, mobile=_contact_clear(x, "mobile"),
                             phone=_contact_clear(x, "phone"), email=_contact_clear(x, "email"),
                             wechat=_contact_clear(x, "wechat"), birthday=_contact_clear(x, "birthday"),
                             birthday_lunar=x.birthday_lunar,
                             is_primary=x.is_primary, has_left=x.has_left, id=x.id,
                             custom=custom_values.edit_texts("contact", x.id))
                for x in Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null())
                .order_by(Contact.is_primary.desc(), Contact.id)]
    orders = [OrderInput(date=o.date.isoformat(), product=o.product,  # NOT NULL in the schema
                         amount=str(Decimal(o.amount_fen) / 100), contract_no=o.contract_no, id=o.id)
              for o in Order.select().where(Order.customer == customer_id).order_by(Order.date.desc(), Order.id)]
    return CustomerInput(
        name=c.name, type=c.type, importance=c.importance, code=c.code, industry=c.industry, size=c.size,
        region=c.region, address=secrets.reveal("customer", "address", c.address), source_channel=c.source_channel,
        account_manager_id=c.account_manager_id, coop_start=c.coop_start.isoformat() if c.coop_start else "",
        purchase_intent=c.purchase_intent, product_preference=c.product_preference, budget_range=c.budget_range,
        tags=tags_of(customer_id), notes=c.notes,
        confidential_notes=secrets.reveal("customer", "confidential_notes", c.confidential_notes), tier=c.tier,
        tier_pinned=c.tier_pinned, contacts=contacts, orders=orders,
        custom=custom_values.edit_texts("customer", customer_id), version=c.version)


@dataclass(frozen=True)
class DuplicateHit:
    """An existing customer that looks like the one being entered."""

    id: int
    code: str
    name: str
    reason: str  # "name" or "mobile"


def possible_duplicates(name: str, mobiles: list[str], *, exclude_id: int | None = None,
                        limit: int = 5) -> list[DuplicateHit]:
    """Customers with the same normalised name or a contact with the same mobile (docs/spec.md §2)."""
    hits: dict[int, DuplicateHit] = {}
    norm = normalize_company_name(name) if name else ""
    base = "deleted_at IS NULL AND merged_into_id IS NULL AND id != ?"
    if norm:
        for cid, code, cname in db.sql(
                f"SELECT id, code, name FROM customer WHERE name_norm = ? AND {base} LIMIT ?",
                [norm, exclude_id or 0, limit]):
            hits[cid] = DuplicateHit(cid, code, cname, "name")
    keys = []
    for mobile in mobiles:
        try:
            number = normalize_mobile(mobile)
        except FieldError:
            continue
        if number:
            keys.append(secrets.index_keys(number)[0])
    if keys:
        marks = ",".join("?" * len(keys))
        for cid, code, cname in db.sql(
                f"SELECT id, code, name FROM customer WHERE id IN (SELECT customer_id FROM contact "
                f"WHERE mobile_key IN ({marks}) AND deleted_at IS NULL) AND {base} LIMIT ?",
                [*keys, exclude_id or 0, limit]):
            hits.setdefault(cid, DuplicateHit(cid, code, cname, "mobile"))
    return list(hits.values())[:limit]
