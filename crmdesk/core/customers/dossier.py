"""一户一档: everything about one customer, for the dossier view and the printed dossier.

The labels and the words the dossier adds are in the current language; what the records hold
(the change log, the churn reasons) is shown as it was written. Its machines come with their cover
and their service history (tickets per serial number); its attachments are listed by name (the files
of its tickets and machines included), never read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crmdesk.core.attachments import store as attachments
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.privacy import mask_wechat
from crmdesk.core.customers.service import change_value_text, field_label, tags_of
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.equipment import service as equipment
from crmdesk.core.i18n import _, listing
from crmdesk.core.safety import secrets
from crmdesk.core.store.models import (
    CUSTOMER_STATUSES,
    CUSTOMER_TYPES,
    FOLLOWUP_METHODS,
    PRIORITIES,
    SURVEY_METHODS,
    TICKET_CATEGORIES,
    TICKET_STAGES,
    TIERS,
    WARRANTY_STATES,
    ChangeLog,
    Contact,
    Customer,
    Interaction,
    Order,
    Staff,
    Survey,
    Ticket,
)
from crmdesk.core.validation import fen_to_yuan_text, mask_mobile


@dataclass
class Dossier:
    """A customer's fields and its lists, ready to show (personal numbers masked unless revealed)."""

    customer: Customer
    manager: str
    tags: list[str]
    coop_months: int | None
    annual_fen: int
    fields: list[tuple[str, str]]
    contacts: list[list[str]] = field(default_factory=list)
    orders: list[list[str]] = field(default_factory=list)
    tickets: list[list[str]] = field(default_factory=list)
    ticket_ids: list[int] = field(default_factory=list)
    interactions: list[list[str]] = field(default_factory=list)
    surveys: list[list[str]] = field(default_factory=list)
    changes: list[list[str]] = field(default_factory=list)
    custom: list[tuple[str, str]] = field(default_factory=list)  # the customer's custom fields (label, shown)
    contact_custom: list[str] = field(default_factory=list)  # labels of the contacts' custom columns
    equipment_custom: list[str] = field(default_factory=list)  # labels of the machines' custom columns
    equipment: list[list[str]] = field(default_factory=list)  # 设备: model, serial, installed, site, cover, contract
    service: list[list[str]] = field(default_factory=list)  # 设备维修记录: the tickets of each machine
    files: list[list[str]] = field(default_factory=list)  # 附件: name, where, size, added


def _d(value: object, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(fmt)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def coop_months(start: dt.date | None, today: dt.date) -> int | None:
    """合作时长（月）: whole months since the cooperation started."""
    if start is None:
        return None
    months = (today.year - start.year) * 12 + today.month - start.month - (1 if today.day < start.day else 0)
    return max(months, 0)


def load(customer_id: int, *, reveal: bool = False, today: dt.date | None = None,
         limit: int = 500) -> Dossier:
    """Everything about one customer (lists newest first, at most ``limit`` rows each)."""
    today = today or dt.date.today()
    c = Customer.get_by_id(customer_id)
    manager = Staff.get_or_none(Staff.id == c.account_manager_id)
    since = today - dt.timedelta(days=365)
    orders = list(Order.select().where(Order.customer == customer_id).order_by(Order.date.desc()).limit(limit))
    annual = sum(o.amount_fen for o in orders if o.date >= since)  # date: NOT NULL
    months = coop_months(c.coop_start, today)
    tags = tags_of(customer_id)
    status = CUSTOMER_STATUSES.label(c.status)
    if c.erased_at:
        status = _("{status} (personal data erased)", status=status)
    hidden = _("filled in (hidden)")
    tier = TIERS.label(c.tier)
    fields = [
        (field_label("code"), c.code), (field_label("name"), c.name),
        (field_label("type"), CUSTOMER_TYPES.label(c.type)), (field_label("importance"), c.importance),
        (field_label("tier"), _("{tier} (pinned)", tier=tier) if c.tier_pinned else tier),
        (field_label("industry"), c.industry), (field_label("size"), c.size), (field_label("region"), c.region),
        (field_label("address"), secrets.reveal("customer", "address", c.address) if reveal
         else (hidden if c.address else "")),
        (field_label("source_channel"), c.source_channel),
        (field_label("account_manager"), manager.name if manager else ""),
        (field_label("coop_start"), _d(c.coop_start)),
        (_("Months as a customer"), "" if months is None else str(months)),
        (_("Orders in total (yuan)"), fen_to_yuan_text(c.total_order_fen)),
        (_("Orders in the last 12 months (yuan)"), fen_to_yuan_text(annual)),
        (field_label("purchase_intent"), c.purchase_intent), (field_label("product_preference"), c.product_preference),
        (field_label("budget_range"), c.budget_range), (field_label("tags"), listing(tags)),
        (field_label("notes"), c.notes),
        (field_label("confidential_notes"), secrets.reveal("customer", "confidential_notes", c.confidential_notes)
         if reveal else (hidden if c.confidential_notes else "")),
        (field_label("status"), status),
        (_("Churn warning"), c.risk_reasons.replace("\n", _("; ")) if c.at_risk else _("none")),
        (_("Last contact"), _d(c.last_contact_at)), (_("Created"), _d(c.created_at)),
        (_("Updated"), _d(c.updated_at)),
    ]
    own = customfields.fields("customer")
    stored = custom_values.load("customer", [customer_id], own).get(customer_id, {})
    # the owner's fields in form order, masked like the built-in personal ones unless revealed
    custom = [(f.label, custom_values.shown(f, stored.get(f.id), reveal=reveal).replace(
        custom_values.MASK, hidden)) for f in own]
    at = next(i for i, (label, _value) in enumerate(fields) if label == field_label("status"))
    fields[at:at] = custom
    d = Dossier(c, manager.name if manager else "", tags, months, annual, fields, custom=custom)
    contact_fields = customfields.fields("contact")
    d.contact_custom = [f.label for f in contact_fields]
    people = list(Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null())
                  .order_by(Contact.is_primary.desc(), Contact.id))
    contact_values = custom_values.load("contact", [x.id for x in people], contact_fields)
    for x in people:
        mobile, phone, email, wechat, birthday = (secrets.reveal("contact", col, getattr(x, col))
                                                  for col in ("mobile", "phone", "email", "wechat", "birthday"))
        gaps = customers.required_gaps(x.title, mobile, bool(x.is_primary))  # an import's gaps, marked
        flags = listing([field_label(f) for f, on in (("is_primary", x.is_primary), ("has_left", x.has_left)) if on]
                        + [_(customers.GAP_LABELS[key]) for key in ("title", "mobile") if key in gaps])
        if birthday and x.birthday_lunar:
            birthday = _("{date} (lunar)", date=birthday)
        filled = _("filled in")
        extra = contact_values.get(x.id, {})
        d.contacts.append([x.name, x.title, mobile if reveal else mask_mobile(mobile),
                           phone if reveal else (filled if phone else ""), email if reveal else
                           (filled if email else ""), wechat if reveal else mask_wechat(wechat),
                           birthday if reveal else (filled if birthday else ""), flags,
                           *(custom_values.shown(f, extra.get(f.id), reveal=reveal).replace(
                               custom_values.MASK, filled) for f in contact_fields)])
    d.orders = [[_d(o.date), o.product, fen_to_yuan_text(o.amount_fen), o.contract_no] for o in orders]
    tickets = (Ticket.select().where((Ticket.customer == customer_id) & Ticket.deleted_at.is_null())
               .order_by(Ticket.created_at.desc()).limit(limit))
    staff_names: dict[int | None, str] = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    for t in tickets:
        assignee = staff_names.get(t.assignee_id) or t.assignee_name
        d.tickets.append([t.number, _d(t.created_at), TICKET_CATEGORIES.get(t.category, t.category),
                          PRIORITIES.get(t.priority, t.priority), TICKET_STAGES.get(t.stage, t.stage), assignee or "",
                          t.description[:60]])
        d.ticket_ids.append(t.id)
    for i in (Interaction.select().where(Interaction.customer == customer_id).order_by(Interaction.at.desc())
              .limit(limit)):
        staff_name = staff_names.get(i.staff_id) or i.staff_name
        d.interactions.append([_d(i.at), FOLLOWUP_METHODS.get(i.method, i.method), i.summary, i.feedback, i.next_step, staff_name or ""])
    for s in Survey.select().where(Survey.customer == customer_id).order_by(Survey.date.desc()).limit(limit):
        scores = [s.quality, s.response, s.communication, s.professionalism, s.overall]
        d.surveys.append([_d(s.date), SURVEY_METHODS.get(s.method, s.method)] + ["" if v is None else str(v) for v in scores] + [s.comment])
    register = equipment.register_of(customer_id, on=today)
    machine_fields = customfields.fields("equipment")
    d.equipment_custom = [f.label for f in machine_fields]
    machine_values = custom_values.load("equipment", [m.id for m in register.machines], machine_fields)
    for m in register.machines:
        site = equipment.site_address(m.id) if reveal and m.has_site else (
            _("filled in (hidden)") if m.has_site else _("same as the customer's address"))
        extra = machine_values.get(m.id, {})
        d.equipment.append([m.model, m.serial, _d(m.install_date), site, m.warranty.text,
                            f"{m.contract_no} {m.contract_level}".strip(), str(m.tickets),
                            *(custom_values.shown(f, extra.get(f.id), reveal=reveal).replace(
                                custom_values.MASK, _("filled in")) for f in machine_fields)])
        for line in register.history.get(m.id, []):
            d.service.append([m.serial, line.number, _d(line.created_at), TICKET_CATEGORIES.get(line.category,
                              line.category), TICKET_STAGES.get(line.stage, line.stage),
                              WARRANTY_STATES.get(line.state, line.state), line.description[:40]])
    d.files = [[f.name, f.where, f.size_text, _d(f.created_at), f.operator]
               for f in attachments.listing(customer_id=customer_id)[:limit]]
    for ch in (ChangeLog.select().where(ChangeLog.customer == customer_id).order_by(ChangeLog.at.desc(),
                                                                                    ChangeLog.id.desc()).limit(limit)):
        operator = staff_names.get(ch.operator_id) or ch.operator_name
        d.changes.append([_d(ch.at), ch.field, change_value_text(ch.field, ch.old_value),
                          change_value_text(ch.field, ch.new_value), ch.reason, operator or ""])
    return d
