"""The plan of a customer import: which rows make which customer, and what each adds.

Built by ``customers`` during the preview, written by ``customers_write``
on commit. A customer created by the file is a :class:`NewCustomer` (its first row, what
later rows add, its contact rows); an existing one is an :class:`ExistingCustomer` (its
current values and contacts, and the empty fields, contacts and tags rows fill in).

A ``type: ignore`` without a reason in this module reads a row value: ``RowResult.values`` is
``dict[str, object]``, each value of the type its field's converter gives.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from crmdesk.core.customers.service import split_tags
from crmdesk.core.store.models import SOURCE_CHANNELS
from crmdesk.core.validation import fen_to_yuan_text
from crmdesk.io.importing.base import RowResult

# customer fields filled from a row (besides code and name), and the contact fields
CUSTOMER_FIELDS = ("type", "importance", "industry", "size", "region", "address", "source_channel",
                   "account_manager", "coop_start", "purchase_intent", "product_preference", "budget_range", "notes")
CONTACT_FIELDS = ("contact", "title", "mobile", "phone", "email", "wechat", "birthday")
CONTACT_COLUMN = {"contact": "name"}
CUSTOMER_COLUMN = {"account_manager": "account_manager_id"}
TEXT_LIMITS = {"name": 200, "industry": 50, "size": 30, "region": 50, "budget_range": 50, "contact": 50,
                "title": 50, "wechat": 100, "account_manager": 50, "email": 300}

TYPES = {"潜在客户": "prospect", "潜在": "prospect", "意向客户": "prospect", "意向": "prospect", "prospect": "prospect",
         "成交客户": "customer", "成交": "customer", "已成交": "customer", "合作客户": "customer", "老客户": "customer",
         "正式客户": "customer", "客户": "customer", "customer": "customer",
         "战略客户": "strategic", "战略": "strategic", "战略合作": "strategic", "战略合作客户": "strategic",
         "vip": "strategic", "vip客户": "strategic", "strategic": "strategic"}
IMPORTANCE = {"a": "A", "a级": "A", "a类": "A", "重要": "A", "高": "A", "b": "B", "b级": "B", "b类": "B", "中": "B",
              "较重要": "B", "c": "C", "c级": "C", "c类": "C", "低": "C", "普通": "C"}
CHANNELS = {**{c: c for c in SOURCE_CHANNELS}, "转介绍": "老客户转介绍", "老客户介绍": "老客户转介绍",
            "客户介绍": "老客户转介绍", "陌生拜访": "陌拜", "电话陌拜": "陌拜", "合作伙伴": "合作伙伴推荐",
            "伙伴推荐": "合作伙伴推荐", "线上": "线上咨询", "网络": "线上咨询", "官网": "线上咨询", "网站": "线上咨询",
            "在线咨询": "线上咨询", "展会获客": "展会", "展销会": "展会"}
TYPE_NAMES = {"prospect": "潜在客户", "customer": "成交客户", "strategic": "战略客户"}
# fields with a visible default when the ledger holds no value (counted as 未填（默认） in the
# data-health report through customer.defaulted), and their default as the model has it
DEFAULTED = ("type", "importance")
# fields whose set-aside value is kept in the customer's notes (never personal data: phones,
# e-mail, birthday and address stay out of the unencrypted notes; they go to the 警告 sheet only)
MEMO_KEYS = frozenset({"type", "importance", "industry", "size", "region", "source_channel", "budget_range",
                       "coop_start", "order_date", "order_amount", "title", "purchase_intent", "product_preference",
                       "account_manager", "tags"})


def add_memo(values: dict[str, object], line: str) -> None:
    """Add a line for the customer's notes (values kept rather than dropped)."""
    memo = values.setdefault("memo", [])
    if line not in memo:  # type: ignore[operator]
        memo.append(line)  # type: ignore[attr-defined]


def with_memo(notes: object, memo: list[str] | None) -> str:
    """The notes with the memo lines appended (each once)."""
    text = str(notes or "")
    lines = [line for line in (memo or ()) if line not in text.splitlines()]
    return "\n".join([text, *lines] if text else lines)


def shown(key: str, value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if key == "type":
        return TYPE_NAMES.get(str(value), str(value))
    if key == "order_amount":
        return fen_to_yuan_text(int(value)) + "元"  # type: ignore[call-overload]
    return str(value)


class NewCustomer:
    """A customer this file creates: its first row, later rows' additions, its contact rows."""

    __slots__ = ("code", "contact_extra", "contacts", "extra", "first", "history", "id", "memo", "tags")

    def __init__(self, first: RowResult) -> None:
        self.first = first
        self.extra: dict[str, object] | None = None
        self.contacts: list[RowResult] = []
        self.contact_extra: dict[int, dict[str, object]] | None = None  # index in contacts → filled fields
        self.tags: list[str] | None = None
        self.memo: list[str] | None = None  # notes lines later rows added
        self.history: list[HistoryItem] = []  # follow-ups and interactions the rows carry
        self.id = 0
        self.code = ""

    def get(self, key: str) -> object:
        if self.extra is not None and key in self.extra:
            return self.extra[key]
        return self.first.values.get(key)

    def fill(self, key: str, value: object) -> None:
        if self.extra is None:
            self.extra = {}
        self.extra[key] = value

    def contact_view(self, index: int) -> dict[str, object]:
        values = self.contacts[index].values
        extra = (self.contact_extra or {}).get(index)
        return {**values, **extra} if extra else values

    def fill_contact(self, index: int, key: str, value: object) -> None:
        if self.contact_extra is None:
            self.contact_extra = {}
        self.contact_extra.setdefault(index, {})[key] = value

    def all_tags(self) -> list[str]:
        return [*split_tags(str(self.first.values.get("tags", ""))), *(self.tags or [])]

    def all_memo(self) -> list[str]:
        return [*self.first.values.get("memo", ()), *(self.memo or [])]  # type: ignore[misc]

    def where(self) -> str:
        return f"第{self.first.source_row}行"


class ExistingCustomer:
    """A customer already in the database that rows of this file update or duplicate."""

    __slots__ = (
        "code",
        "contact_fills",
        "contacts",
        "db",
        "fills",
        "history",
        "id",
        "known_history",
        "memo_add",
        "name",
        "new_contacts",
        "order",
        "primary",
        "tags",
        "tags_add",
    )

    def __init__(self, customer_id: int, code: str, name: str, db: dict[str, object]) -> None:
        self.id = customer_id
        self.code = code
        self.name = name
        self.db = db  # current values of CUSTOMER_FIELDS (+ total_order_fen)
        self.contacts: list[dict[str, object]] = []  # existing contacts, keyed like row values, plus "id"
        self.fills: dict[str, object] = {}
        self.new_contacts: list[dict[str, object]] = []  # contact fields of rows that add a contact
        self.contact_fills: dict[int, dict[str, object]] = {}
        self.tags: set[str] = set()
        self.tags_add: list[str] = []
        self.order: tuple[int, object] | None = None
        self.memo_add: list[str] = []  # lines appended to the notes
        self.history: list[HistoryItem] = []  # follow-ups and interactions to add
        self.known_history: set[tuple] = set()  # (kind, moment, text) already in the database
        self.primary: tuple[int, str] | None = None  # (id, name) of the primary contact

    def get(self, key: str) -> object:
        if key in self.fills:
            return self.fills[key]
        value = self.db.get(key)
        return None if value in ("", None) else value

    def where(self) -> str:
        return f"系统中（{self.code}）"


class HistoryItem(NamedTuple):
    """A planned follow-up (下次联系时间) or a logged interaction (最后跟进时间/记录) a row carries."""

    kind: str  # "followup" or "interaction"
    at: dt.datetime
    text: str
    staff: str  # the person (staff name) it belongs to, '' when the file does not say
    contact: str  # the contact's name, '' for the customer as a whole

    @property
    def key(self) -> tuple:
        return self.kind, self.at, self.text


def contact_match(values: dict[str, object], views: list[dict[str, object]]) -> int | None:
    """The index of the contact a row describes: same mobile, else same name when a mobile does not differ."""
    mobile = values.get("mobile")
    name = values.get("contact")
    if mobile:
        for i, view in enumerate(views):
            if view.get("mobile") == mobile:
                return i
    if name:
        for i, view in enumerate(views):
            if view.get("contact") == name and not (mobile and view.get("mobile")):
                return i
    return None


def has_contact(values: dict[str, object]) -> bool:
    return not values.keys().isdisjoint(CONTACT_FIELDS)
