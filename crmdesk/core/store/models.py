"""peewee models: every entity of docs/spec.md §2–§5.

Conventions:
- money is stored in fen (分) as integers, so sums are exact;
- times are naive local ``datetime`` (a desktop app on one PC in one time zone);
- ``deleted_at`` marks rows moved to the recycle bin (回收站); lists filter it out;
- ``batch`` points at the import batch that created the row, so a batch can be undone;
- staff appear as a foreign key where the person exists in the app, and as a plain
  ``*_name`` text for history imported from old ledgers (the importer is not the author).

The annotation-only lines (``id: AutoField[int]``, ``customer_id: ForeignKeyField[int]``) type for
mypy what peewee adds by itself: the implicit primary key and each foreign key's id accessor
(peewee does not read annotations).

The schema itself is created by the SQL migrations in ``core/migrations``; a test
checks that migrating an empty file gives exactly the tables and indexes these
models describe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from peewee import (
    AutoField,
    BareField,
    BaseQuery,
    BigIntegerField,
    BlobField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)

# The enumerations of the stored values, defined with their labels in ``enums`` and read here
# with the models by the modules that use both.
from crmdesk.core.store.enums import (  # noqa: F401 - re-exported
    CUSTOMER_STATUSES,
    CUSTOMER_TYPES,
    FOLLOWUP_KINDS,
    FOLLOWUP_METHODS,
    FOLLOWUP_STATUSES,
    IMPORTANCE,
    PAUSE_REASONS,
    PRIORITIES,
    SEVERITIES,
    SOURCE_CHANNELS,
    SURVEY_DIMENSIONS,
    SURVEY_METHODS,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    TICKET_STAGES,
    TIERS,
    WARRANTY_STATES,
)

database_proxy = DatabaseProxy()


def now() -> dt.datetime:
    """The current local time to the second (what every timestamp stores)."""
    return dt.datetime.now().replace(microsecond=0)


def stored_datetime(value: object) -> dt.datetime | None:
    """A ``DateTimeField`` value read by raw SQL (ISO text) as a datetime; ``None`` for empty."""
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def stored_moment(value: object) -> dt.datetime:
    """``stored_datetime`` of a NOT NULL column: never ``None``."""
    moment = stored_datetime(value)
    if moment is None:
        raise ValueError("an empty time in a NOT NULL column")
    return moment


def stored_text(moment: dt.datetime) -> str:
    """How peewee stores a ``DateTimeField`` (compared as text in raw SQL)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


# peewee's stubs type ``query.tuples()`` and ``query.dicts()`` as the query of model instances they were
# made from; these two say what the rows are.
def tuples(query: BaseQuery) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` as tuples, in the order of its selected columns."""
    return iter(query.tuples())


def dicts(query: BaseQuery) -> Iterator[dict[str, Any]]:
    """The rows of ``query`` as dicts keyed by column name or alias."""
    return iter(query.dicts())


class BaseModel(Model):
    """Binds every model to the one database proxy."""

    class Meta:
        database = database_proxy
        legacy_table_names = False


# --------------------------------------------------------------------------- people and settings


class Department(BaseModel):
    """部门 (schema 10): a team with a head, never deleted once it appears in history (deactivated instead).

    ``head_id`` and ``default_person_id`` name staff members; they are plain ids because staff
    belong to a department (``Staff.department``) and SQLite cannot declare the reverse reference
    of a cycle: ``core.org.departments`` checks them.
    """
    id: AutoField[int]

    name = CharField(max_length=50, unique=True)
    head_id = IntegerField(null=True)  # 部门主管: leads its serious complaints (docs/spec.md §13)
    default_person_id = IntegerField(null=True)  # who a rule's "default person" pick means
    active = BooleanField(default=True)
    position = IntegerField(default=0)  # the order of the settings and the policy's RACI columns
    created_at = DateTimeField(default=now)


class Staff(BaseModel):
    """A member of the firm: assignee, operator, account manager (客户经理)."""

    id: AutoField[int]

    name = CharField(max_length=50, unique=True)
    role = CharField(max_length=20, default="clerk")  # clerk / engineer / account_manager / owner
    phone = CharField(max_length=30, default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    department = ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="members")  # schema 10
    department_id: ForeignKeyField[int | None]


class Setting(BaseModel):
    """A declared setting's value (JSON text); declarations live in ``core.firm.settings``."""

    key = CharField(max_length=80, primary_key=True)
    value = TextField()


class ImportBatch(BaseModel):
    """One import run; every row it wrote remembers it, so the batch can be undone."""

    id: AutoField[int]

    kind = CharField(max_length=20)  # customers / tickets / interactions / surveys
    file_name = CharField(max_length=500)
    sheet = CharField(max_length=100, default="")
    operator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    operator_id: ForeignKeyField[int | None]
    started_at = DateTimeField(default=now)
    finished_at = DateTimeField(null=True)
    rows = IntegerField(default=0)
    created = IntegerField(default=0)
    updated = IntegerField(default=0)
    duplicates = IntegerField(default=0)
    errors = IntegerField(default=0)
    status = CharField(max_length=12, default="committed", index=True)  # committed / undone
    undone_at = DateTimeField(null=True)
    warnings = IntegerField(default=0)  # rows imported with a value set aside (schema 7)
    source = CharField(max_length=40, default="")  # the recognised layout, e.g. 悟空CRM 客户导出 (schema 7)


# --------------------------------------------------------------------------- customers


class Customer(BaseModel):
    """One dossier (一户一档)."""

    id: AutoField[int]

    code = CharField(max_length=20, unique=True)
    name = CharField(max_length=200)
    name_norm = CharField(max_length=200, index=True)  # for duplicate detection
    type = CharField(max_length=12, default="prospect")
    importance = CharField(max_length=1, default="C")
    industry = CharField(max_length=50, default="")
    size = CharField(max_length=30, default="")
    region = CharField(max_length=50, default="", index=True)
    address = TextField(default="")
    source_channel = CharField(max_length=20, default="")
    account_manager = ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)
    account_manager_id: ForeignKeyField[int | None]
    coop_start = DateField(null=True)
    purchase_intent = TextField(default="")
    product_preference = TextField(default="")
    budget_range = CharField(max_length=50, default="")
    notes = TextField(default="")
    confidential_notes = TextField(default="")
    status = CharField(max_length=10, default="active")
    tier = CharField(max_length=10, default="ordinary")
    tier_pinned = BooleanField(default=False)
    tier_updated_at = DateTimeField(null=True)
    at_risk = BooleanField(default=False)
    risk_reasons = TextField(default="")  # one reason a line
    last_contact_at = DateTimeField(null=True)
    # 历史订单金额, kept in step with orders. Money is bigint: PostgreSQL's integer overflows at 21.47 million 元
    total_order_fen = BigIntegerField(default=0, index=True)
    archived_at = DateTimeField(null=True)
    erased_at = DateTimeField(null=True)
    merged_into = ForeignKeyField("self", null=True, on_delete="SET NULL", backref="merged_from")
    merged_into_id: ForeignKeyField[int | None]
    created_at = DateTimeField(default=now, index=True)
    updated_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True, index=True)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]
    primary_contact = CharField(max_length=50, null=True)  # kept by triggers on contact (schema 3)
    # fields an import set to their visible default because the ledger held no value, e.g.
    # "type,importance" (schema 7); the data-health report counts them as 未填（默认）
    defaulted = CharField(max_length=60, default="")
    # several writers (schema 12): the version a dialog loaded guards its save; who made the last edit
    version = IntegerField(default=1)
    updated_by = CharField(max_length=50, default="")

    class Meta:
        # The registry sorts by these columns. Each index also holds id and the columns every
        # list query filters on, so a sort over 100,000 customers is one covering index scan.
        indexes = tuple(((column, "id", "status", "deleted_at", "merged_into_id"), False) for column in (
            "code", "name", "type", "importance", "tier", "industry", "last_contact_at", "at_risk",
            "primary_contact", "account_manager"))


class Tag(BaseModel):
    """A free label (关键需求标签)."""

    id: AutoField[int]

    name = CharField(max_length=30, unique=True)


class CustomerTag(BaseModel):
    """Which tags a customer carries."""

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="tag_links")
    customer_id: ForeignKeyField[int]
    tag = ForeignKeyField(Tag, on_delete="CASCADE", backref="customer_links")
    tag_id: ForeignKeyField[int]

    class Meta:
        indexes = ((("customer", "tag"), True),)


class Contact(BaseModel):
    """A person at a customer; one of them is primary."""

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="contacts")
    customer_id: ForeignKeyField[int]
    name = CharField(max_length=50, index=True)
    title = CharField(max_length=50, default="")
    mobile = CharField(max_length=200, default="")
    mobile_tail = CharField(max_length=64, default="", index=True)  # last 4 digits (keyed hash once encrypted)
    mobile_key = CharField(max_length=64, default="", index=True)  # the full number (keyed hash once encrypted)
    phone = CharField(max_length=200, default="")
    email = CharField(max_length=300, default="")
    wechat = CharField(max_length=100, default="")
    birthday = CharField(max_length=100, default="")  # ISO date (may be encrypted)
    birthday_lunar = BooleanField(default=False)
    is_primary = BooleanField(default=False)
    has_left = BooleanField(default=False)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]
    # several writers (schema 12): the version a dialog loaded guards its save; who made the last edit
    version = IntegerField(default=1)
    updated_by = CharField(max_length=50, default="")


class Order(BaseModel):
    """A deal (交易记录)."""

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="orders")
    customer_id: ForeignKeyField[int]
    date = DateField(index=True)
    product = CharField(max_length=200, default="")
    amount_fen = BigIntegerField(default=0)
    contract_no = CharField(max_length=60, default="")
    created_at = DateTimeField(default=now)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]

    class Meta:
        table_name = "customer_order"
        indexes = ((("customer", "date"), False),)


class ChangeLog(BaseModel):
    """变更记录: one changed field of a customer or contact (or a merge, erase, …)."""

    id: AutoField[int]

    customer = ForeignKeyField(Customer, null=True, on_delete="CASCADE", backref="changes")
    customer_id: ForeignKeyField[int | None]
    entity = CharField(max_length=20, default="customer")  # customer / contact / order / merge / erase
    entity_id = IntegerField(null=True)
    field = CharField(max_length=50)
    old_value = TextField(default="")
    new_value = TextField(default="")
    reason = TextField(default="")
    operator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    operator_id: ForeignKeyField[int | None]
    operator_name = CharField(max_length=50, default="")
    at = DateTimeField(default=now, index=True)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]

    class Meta:
        indexes = ((("customer", "at"), False),)


class AuditLog(BaseModel):
    """Privacy-relevant actions: revealing a masked number, unmasked export, erasure, restore."""

    id: AutoField[int]

    at = DateTimeField(default=now, index=True)
    operator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    operator_id: ForeignKeyField[int | None]
    action = CharField(max_length=30)
    entity = CharField(max_length=20, default="")
    entity_id = IntegerField(null=True)
    detail = TextField(default="")


class MergeRecord(BaseModel):
    """A merge of two customers, with what moved, so that it can be undone."""

    id: AutoField[int]

    kept = ForeignKeyField(Customer, on_delete="CASCADE", backref="merges_kept")
    kept_id: ForeignKeyField[int]
    merged = ForeignKeyField(Customer, on_delete="CASCADE", backref="merges_merged")
    merged_id: ForeignKeyField[int]
    at = DateTimeField(default=now)
    operator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    operator_id: ForeignKeyField[int | None]
    payload = TextField(default="{}")  # JSON: moved child ids and overwritten fields
    undone_at = DateTimeField(null=True)


class RecycleBinEntry(BaseModel):
    """A deleted customer, contact, ticket or follow-up, restorable for 30 days."""

    id: AutoField[int]

    entity = CharField(max_length=20)
    entity_id = IntegerField()
    label = CharField(max_length=300)
    deleted_at = DateTimeField(default=now, index=True)
    operator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    operator_id: ForeignKeyField[int | None]

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


class TierPolicy(BaseModel):
    """客户等级策略: one row per tier ties its rules, SLA allowances, cadence and questionnaire.

    Empty SLA values mean "use the global SLA defaults".
    """

    tier = CharField(max_length=10, primary_key=True)
    min_annual_fen = BigIntegerField(null=True)
    min_coop_months = IntegerField(null=True)
    response_hours = TextField(default="{}")  # JSON {priority: hours}
    resolution_hours = TextField(default="{}")  # JSON {priority: working hours}
    cadence = TextField(default="[]")  # JSON list of {method, purpose, every_days}
    questionnaire = TextField(default="[]")  # JSON list of survey dimension keys
    greeting = TextField(default="")


# --------------------------------------------------------------------------- equipment (schema 8)


class Equipment(BaseModel):
    """设备: a machine a customer owns, with its warranty and maintenance contract.

    ``model_key``/``serial_key`` are the normalised model and serial number (case, width and
    spaces folded): a serial number is unique per product model, and a serial typed alone finds
    the machine through its own index. ``warranty_end`` is the effective 保修期至 (computed from
    ``warranty_months`` after the install date when the warranty was entered as months).
    ``site_address`` is personal data (encrypted at rest like the customer's address).
    """

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="equipment", index=False)
    customer_id: ForeignKeyField[int]
    model = CharField(max_length=100)
    model_key = CharField(max_length=100)
    serial = CharField(max_length=100)
    serial_key = CharField(max_length=100, index=True)
    install_date = DateField(null=True)
    site_address = TextField(default="")
    warranty_end = DateField(null=True, index=True)
    warranty_months = IntegerField(null=True)
    contract_no = CharField(max_length=60, default="")
    contract_start = DateField(null=True)
    contract_end = DateField(null=True, index=True)
    contract_level = CharField(max_length=30, default="")
    notes = TextField(default="")
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]
    # several writers (schema 12): the version a dialog loaded guards its save; who made the last edit
    version = IntegerField(default=1)
    updated_by = CharField(max_length=50, default="")

    class Meta:
        indexes = ((("model_key", "serial_key"), True),
                   (("customer", "deleted_at"), False))


# --------------------------------------------------------------------------- tickets


class RoutingRule(BaseModel):
    """分派规则 (schema 10): one line of the routing table the owner edits (``core.org.rules``).

    Empty conditions match anything; the first active rule in ``position`` order whose every
    condition holds decides the responsible department, how the person is picked and the SLA.
    """
    id: AutoField[int]

    position = IntegerField(default=0)
    category = CharField(max_length=12, default="")  # a ticket category, "" any
    complaint_type = CharField(max_length=100, default="")  # 问题类型 values, separated by 、 or ,
    product_model = CharField(max_length=200, default="")  # model patterns (* wildcard), separated by 、 or ,
    tier = CharField(max_length=10, default="")  # a customer tier, "" any
    department = ForeignKeyField(Department, on_delete="RESTRICT", backref="rules")
    department_id: ForeignKeyField[int]
    pick = CharField(max_length=12, default="least_open")  # default / round_robin / least_open
    role = CharField(max_length=20, default="")  # only members of this role, "" anyone in the department
    response_hours = FloatField(null=True)  # the rule's own response allowance, in the priority's clock
    resolution_amount = FloatField(null=True)  # the rule's own resolution allowance …
    resolution_unit = CharField(max_length=16, default="")  # … in working_days / working_hours / calendar_*
    note = CharField(max_length=200, default="")
    active = BooleanField(default=True)
    last_assigned = ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=False)  # the round-robin's place
    last_assigned_id: ForeignKeyField[int | None]
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)


class Ticket(BaseModel):
    """服务工单."""

    id: AutoField[int]

    number = CharField(max_length=20, unique=True)
    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="tickets")
    customer_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    contact_id: ForeignKeyField[int | None]
    channel = CharField(max_length=10, default="phone")
    category = CharField(max_length=12, default="fault", index=True)
    priority = CharField(max_length=10, default="normal", index=True)
    severity = CharField(max_length=10, default="")  # complaints only
    description = TextField(default="")
    assignee = ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=True)
    assignee_id: ForeignKeyField[int | None]
    assignee_name = CharField(max_length=50, default="")  # imported history
    stage = CharField(max_length=12, default="received", index=True)
    paused = BooleanField(default=False)
    pause_reason = CharField(max_length=12, default="")
    paused_at = DateTimeField(null=True)
    paused_seconds = IntegerField(default=0)
    created_at = DateTimeField(default=now, index=True)
    first_response_at = DateTimeField(null=True)
    response_due = DateTimeField(null=True)
    resolution_due = DateTimeField(null=True, index=True)
    resolved_at = DateTimeField(null=True, index=True)
    solution = TextField(default="")
    root_cause = TextField(default="")
    complaint_result = TextField(default="")
    one_time_resolved = BooleanField(null=True)
    reopen_count = IntegerField(default=0)
    redispatch_count = IntegerField(default=0)
    satisfaction = SmallIntegerField(null=True)
    callback_at = DateTimeField(null=True)
    archived_at = DateTimeField(null=True)
    notes = TextField(default="")
    updated_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]
    # the complaint sheet (客户投诉处理工单, docs/spec.md §6) beside category/severity/solution (schema 7)
    complaint_type = CharField(max_length=30, default="")  # 问题类型 of a complaint: 产品质量, 服务失误 …
    demand = TextField(default="")  # 客户诉求
    mood = CharField(max_length=20, default="")  # 情绪状态
    department = CharField(max_length=50, default="")  # 责任部门 as written (a ledger's text, or the routed name)
    # the machine the ticket is about (schema 8); the board card shows its model
    equipment = ForeignKeyField(Equipment, null=True, on_delete="SET NULL", index=False)
    equipment_id: ForeignKeyField[int | None]
    # who does what (schema 10): the responsible department, the rule that routed the ticket, the person it
    # proposed, that rule's own SLA (JSON, copied so a later edit of the rule keeps this ticket's promise)
    # and the product model typed on the ticket (routing by model, docs/spec.md §13)
    department_ref = ForeignKeyField(Department, null=True, on_delete="SET NULL", column_name="department_id",
                                     index=False)
    department_id: ForeignKeyField[int | None]  # peewee names the id accessor after column_name
    routing_rule = ForeignKeyField(RoutingRule, null=True, on_delete="SET NULL", index=False)
    routing_rule_id: ForeignKeyField[int | None]
    proposed_assignee = ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="proposed_tickets",
                                        index=False)
    proposed_assignee_id: ForeignKeyField[int | None]
    sla_override = TextField(default="")
    product_model = CharField(max_length=100, default="")
    # several writers (schema 12): the version a dialog loaded guards its save; who made the last edit
    version = IntegerField(default=1)
    updated_by = CharField(max_length=50, default="")

    class Meta:
        indexes = ((("customer", "created_at"), False),
                   # Today's overdue and near-due lists: a range per open stage (schema 4)
                   (("stage", "resolution_due"), False),
                   (("stage", "response_due"), False),
                   # The KPI service (core.reports.kpi) reads each month of the 12-month trend from these
                   # covering indexes instead of the table (schema 5)
                   (("created_at", "deleted_at", "category", "first_response_at", "response_due"), False),
                   (("resolved_at", "deleted_at", "created_at", "resolution_due", "category", "one_time_resolved",
                     "reopen_count", "redispatch_count"), False),
                   # a department's tickets by stage (部门工单, schema 10)
                   (("department_ref", "stage"), False),
                   # a machine's service history and its repeat faults (schema 8)
                   (("equipment", "created_at"), False))


# The open work read from the index alone (schema 16): 今日's critical complaints, overdue and near-due
# tickets and everyone's workload, where the open tickets are thousands. The stage and the two live-row
# tests lead, so that each open stage is one range of it; named, for the queries' INDEXED BY.
Ticket.add_index(Ticket.index(Ticket.stage, Ticket.deleted_at, Ticket.paused, Ticket.assignee, Ticket.customer,
                              Ticket.first_response_at, Ticket.resolved_at, Ticket.response_due, Ticket.resolution_due,
                              Ticket.category, Ticket.severity, name="ticket_open_work"))


class TicketEvent(BaseModel):
    """A stage transition, pause, resume, reopen or note of a ticket."""

    id: AutoField[int]

    ticket = ForeignKeyField(Ticket, on_delete="CASCADE", backref="events")
    ticket_id: ForeignKeyField[int]
    kind = CharField(max_length=12, default="transition")
    from_stage = CharField(max_length=12, default="")
    to_stage = CharField(max_length=12, default="")
    at = DateTimeField(default=now)
    operator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    operator_id: ForeignKeyField[int | None]
    operator_name = CharField(max_length=50, default="")
    note = TextField(default="")

    class Meta:
        indexes = ((("ticket", "at"), False),)


class TicketCounter(BaseModel):
    """The last ticket sequence used per day, so numbers are never reused."""

    day = CharField(max_length=8, primary_key=True)
    last = IntegerField(default=0)


class CodeCounter(BaseModel):
    """The last generated customer-code sequence per prefix (``C`` + year, schema 12): upserted in the
    creating transaction, so two PCs creating customers at once never take the same code."""

    prefix = CharField(max_length=20, primary_key=True)
    last = BigIntegerField(default=0)


class KnowledgeArticle(BaseModel):
    """知识库: a problem and its solution."""

    id: AutoField[int]

    title = CharField(max_length=200, index=True)
    problem = TextField(default="")
    solution = TextField(default="")
    keywords = TextField(default="")
    category = CharField(max_length=12, default="")
    source_ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL")
    source_ticket_id: ForeignKeyField[int | None]
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True)


# --------------------------------------------------------------------------- follow-ups and surveys


class Interaction(BaseModel):
    """A logged contact with a customer (互动记录)."""

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="interactions")
    customer_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    contact_id: ForeignKeyField[int | None]
    at = DateTimeField(default=now)
    method = CharField(max_length=10, default="phone")
    summary = TextField(default="")
    feedback = TextField(default="")
    next_step = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    staff_id: ForeignKeyField[int | None]
    staff_name = CharField(max_length=50, default="")
    ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL")
    ticket_id: ForeignKeyField[int | None]
    created_at = DateTimeField(default=now)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]

    class Meta:
        indexes = ((("customer", "at"), False),)


class FollowUp(BaseModel):
    """A planned contact (跟进计划); completing it writes an interaction."""

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="followups")
    customer_id: ForeignKeyField[int]
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    contact_id: ForeignKeyField[int | None]
    due_at = DateTimeField(index=True)
    method = CharField(max_length=10, default="phone")
    purpose = CharField(max_length=200, default="")
    kind = CharField(max_length=10, default="manual")
    assignee = ForeignKeyField(Staff, null=True, on_delete="SET NULL", index=True)
    assignee_id: ForeignKeyField[int | None]
    status = CharField(max_length=10, default="planned", index=True)
    ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL", backref="followups")
    ticket_id: ForeignKeyField[int | None]
    attempts = SmallIntegerField(default=0)
    skip_reason = TextField(default="")
    done_at = DateTimeField(null=True)
    interaction = ForeignKeyField(Interaction, null=True, on_delete="SET NULL")
    interaction_id: ForeignKeyField[int | None]
    generated_key = CharField(max_length=80, null=True, unique=True)  # idempotent cadence generation
    moved_by_user = BooleanField(default=False)
    created_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True)
    updated_at = DateTimeField(null=True)  # schema 12; empty for follow-ups last changed before it
    # several writers (schema 12): the version a dialog loaded guards its save; who made the last edit
    version = IntegerField(default=1)
    updated_by = CharField(max_length=50, default="")

    class Meta:
        indexes = ((("status", "due_at"), False),
                   # the calendar filtered by assignee: a covering range per person (schema 6)
                   (("assignee", "due_at", "status", "deleted_at", "customer"), False))


class Survey(BaseModel):
    """满意度调查: five dimensions scored 1–5."""

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="surveys")
    customer_id: ForeignKeyField[int]
    ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL", backref="surveys")
    ticket_id: ForeignKeyField[int | None]
    date = DateField(index=True)
    method = CharField(max_length=14, default="phone")
    quality = SmallIntegerField(null=True)
    response = SmallIntegerField(null=True)
    communication = SmallIntegerField(null=True)
    professionalism = SmallIntegerField(null=True)
    overall = SmallIntegerField(null=True)
    comment = TextField(default="")
    staff_name = CharField(max_length=50, default="")
    created_at = DateTimeField(default=now)
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]

    class Meta:
        indexes = ((("customer", "date"), False),)


class ImprovementItem(BaseModel):
    """改进清单: an action for a low-score item, with owner and due date."""

    id: AutoField[int]

    survey = ForeignKeyField(Survey, null=True, on_delete="SET NULL")
    survey_id: ForeignKeyField[int | None]
    item = TextField()
    action = TextField(default="")
    owner = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    owner_id: ForeignKeyField[int | None]
    due = DateField(null=True)
    done = BooleanField(default=False)
    created_at = DateTimeField(default=now)


# --------------------------------------------------------------------------- imports and calendars


class ImportJournal(BaseModel):
    """What an import batch did to a row: inserted it, or updated it from ``old_values``."""

    id: AutoField[int]

    batch = ForeignKeyField(ImportBatch, on_delete="CASCADE", backref="journal")
    batch_id: ForeignKeyField[int]
    table_name = CharField(max_length=30)
    row_id = IntegerField()
    action = CharField(max_length=8)  # insert / update
    old_values = TextField(default="{}")  # JSON of the fields the import changed


class MappingPreset(BaseModel):
    """A saved column mapping of the import wizard."""

    id: AutoField[int]

    name = CharField(max_length=60)
    kind = CharField(max_length=20)
    mapping = TextField(default="{}")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("kind", "name"), True),)


class CalendarDay(BaseModel):
    """A user's override of the working calendar (holiday or make-up working day)."""

    date = DateField(primary_key=True)
    is_workday = BooleanField()
    name = CharField(max_length=30, default="")


# --------------------------------------------------------------------------- custom fields and saved views (schema 9)


class CustomField(BaseModel):
    """自定义字段: a field the owner added to an entity (``core.customfields.entities``).

    ``kind``: text / number / amount / date / yes_no / choice; ``choices`` a JSON list for a
    choice field; ``hidden_at`` marks a removed field, whose values are kept (restorable).
    """
    id: AutoField[int]

    entity = CharField(max_length=20)
    label = CharField(max_length=30)
    kind = CharField(max_length=10)
    choices = TextField(default="[]")
    required = BooleanField(default=False)
    sensitive = BooleanField(default=False)  # encrypted and masked like the built-in personal fields
    position = IntegerField(default=0)  # the order in the form, the columns and the templates
    hidden_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("entity", "position"), False),)


class CustomValue(BaseModel):
    """One custom field's value of one record (``entity_id`` is the id in the field's entity table).

    ``value`` has no type affinity: numbers and amounts (fen) are numbers, dates ISO text, yes/no
    0/1, text and choices text, a sensitive field's value sealed text. An empty value has no row.
    """
    id: AutoField[int]

    field = ForeignKeyField(CustomField, on_delete="CASCADE", index=False)
    field_id: ForeignKeyField[int]
    entity_id = IntegerField()
    value = BareField()
    batch = ForeignKeyField(ImportBatch, null=True, on_delete="SET NULL")
    batch_id: ForeignKeyField[int | None]

    class Meta:
        # one value per record; filters and sorts by one field read one range of the second index
        indexes = ((("field", "entity_id"), True), (("field", "value", "entity_id"), False))


class SavedView(BaseModel):
    """常用视图: a named state of a list (``scope`` customers / tickets) as JSON: search, filters,
    sort and visible columns. Shared by the firm; each person picks a default."""
    id: AutoField[int]

    scope = CharField(max_length=20)
    name = CharField(max_length=60)
    state = TextField(default="{}")
    created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_by_id: ForeignKeyField[int | None]
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("scope", "name"), True),)


class SavedViewDefault(BaseModel):
    """The view a staff member's list opens with (one per person and scope)."""
    id: AutoField[int]

    staff = ForeignKeyField(Staff, on_delete="CASCADE", index=False)
    staff_id: ForeignKeyField[int]
    scope = CharField(max_length=20)
    view = ForeignKeyField(SavedView, on_delete="CASCADE")
    view_id: ForeignKeyField[int]

    class Meta:
        indexes = ((("staff", "scope"), True),)

# --------------------------------------------------------------------------- attachments (schema 8)


class Attachment(BaseModel):
    """附件: a file kept with a customer, a ticket or a piece of equipment.

    ``customer`` is always the owning customer (of the ticket or machine too), so merge, erasure
    and the dossier reach every file of a customer through one index. The content lies in
    ``AttachmentChunk`` rows (the thumbnail of a picture as piece -1); this row holds only what a
    list shows, so listing never reads a file. The content is sealed with the data key; the file
    name is kept in clear like a contact's name (an erasure removes the row).
    """

    id: AutoField[int]

    customer = ForeignKeyField(Customer, on_delete="CASCADE", backref="attachments", index=False)
    customer_id: ForeignKeyField[int]
    ticket = ForeignKeyField(Ticket, null=True, on_delete="CASCADE", backref="attachments")
    ticket_id: ForeignKeyField[int | None]
    equipment = ForeignKeyField(Equipment, null=True, on_delete="CASCADE", backref="attachments")
    equipment_id: ForeignKeyField[int | None]
    name = TextField()
    mime = CharField(max_length=100, default="")
    size = IntegerField()
    chunks = IntegerField(default=0)
    operator = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    operator_id: ForeignKeyField[int | None]
    created_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "deleted_at"), False),)


class AttachmentChunk(BaseModel):
    """One piece of an attachment's content (``seq`` 0, 1, …; -1 is the thumbnail), at most 256 KiB,
    sealed with the data key and bound to its own row id (``core.safety.secrets``)."""

    id: AutoField[int]

    attachment = ForeignKeyField(Attachment, on_delete="CASCADE", backref="parts", index=False)
    attachment_id: ForeignKeyField[int]
    seq = IntegerField()
    data = BlobField()

    class Meta:
        table_name = "attachment_chunk"
        indexes = ((("attachment", "seq"), True),)



ALL_MODELS: list[type[BaseModel]] = [
    Department,
    Staff,
    Setting,
    ImportBatch,
    Customer,
    Tag,
    CustomerTag,
    Contact,
    Order,
    ChangeLog,
    AuditLog,
    MergeRecord,
    RecycleBinEntry,
    TierPolicy,
    RoutingRule,
    Ticket,
    TicketEvent,
    TicketCounter,
    CodeCounter,
    KnowledgeArticle,
    Interaction,
    FollowUp,
    Survey,
    ImprovementItem,
    ImportJournal,
    MappingPreset,
    CalendarDay,
    CustomField,
    CustomValue,
    SavedView,
    SavedViewDefault,
    Equipment,
    Attachment,
    AttachmentChunk,
]

__all__ = [name for name in dir() if not name.startswith("_")]
