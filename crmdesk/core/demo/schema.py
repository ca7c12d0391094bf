"""Tables, columns and the fixed numbers of the demo generator.

Its Chinese is the demo firm's data, written into its records as a real firm's are, not messages
(``tests/test_literals.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from crmdesk.core.demo import words as W
from crmdesk.core.store import models

CHUNK = 1000  # customers per write (and per progress report)
HISTORY_DAYS = 548  # tickets and interactions cover the last 18 months
CUSTOMER_DAYS = 2190  # customers were created over the last 6 years
PAST_DAYS = 2200  # day 0 of the time axis is ``today - PAST_DAYS``
FUTURE_DAYS = 120  # dues and planned follow-ups reach this far ahead
NOW_TIME = 8 * 3600  # generated "now": today 08:00; nothing happens after it
DAY = 86400
HOUR = 3600
WORKDAY = 27000  # 7.5 working hours: 09:00–12:00 and 13:30–18:00 (docs/spec.md §3 business hours)
BIG_ORDER_FEN = 50_0000_00  # 50万元: strategic tier
CORE_ORDER_FEN = 10_0000_00  # 10万元: core tier (with 12 months of cooperation)
RESOLVED_STAGES = ("resolved", "callback", "archived")

COLUMNS: dict[str, tuple[str, ...]] = {
    "staff": ("id", "name", "role", "phone", "active", "created_at"),
    "tag": ("id", "name"),
    "knowledge_article": ("id", "title", "problem", "solution", "keywords", "category", "created_at",
                          "updated_at"),
    "customer": ("id", "code", "name", "name_norm", "type", "importance", "industry", "size", "region",
                 "address", "source_channel", "account_manager_id", "coop_start", "purchase_intent",
                 "product_preference", "budget_range", "notes", "confidential_notes", "status", "tier",
                 "tier_pinned", "tier_updated_at", "at_risk", "risk_reasons", "last_contact_at",
                 "total_order_fen", "archived_at", "created_at", "updated_at"),
    "contact": ("id", "customer_id", "name", "title", "mobile", "mobile_tail", "mobile_key", "phone",
                "email", "wechat", "birthday", "birthday_lunar", "is_primary", "has_left", "created_at",
                "updated_at"),
    "customer_tag": ("id", "customer_id", "tag_id"),
    "customer_order": ("id", "customer_id", "date", "product", "amount_fen", "contract_no", "created_at"),
    "change_log": ("id", "customer_id", "entity", "entity_id", "field", "old_value", "new_value", "reason",
                   "operator_id", "operator_name", "at"),
    "equipment": ("id", "customer_id", "model", "model_key", "serial", "serial_key", "install_date",
                  "site_address", "warranty_end", "warranty_months", "contract_no", "contract_start",
                  "contract_end", "contract_level", "notes", "created_at", "updated_at"),
    "ticket": ("id", "number", "customer_id", "contact_id", "channel", "category", "priority", "severity",
               "description", "assignee_id", "assignee_name", "stage", "paused", "pause_reason", "paused_at",
               "paused_seconds", "created_at", "first_response_at", "response_due", "resolution_due",
               "resolved_at", "solution", "root_cause", "complaint_result", "one_time_resolved",
               "reopen_count", "redispatch_count", "satisfaction", "callback_at", "archived_at", "notes",
               "updated_at", "equipment_id"),
    "ticket_event": ("id", "ticket_id", "kind", "from_stage", "to_stage", "at", "operator_id",
                     "operator_name", "note"),
    "interaction": ("id", "customer_id", "contact_id", "at", "method", "summary", "feedback", "next_step",
                    "staff_id", "staff_name", "ticket_id", "created_at"),
    "follow_up": ("id", "customer_id", "contact_id", "due_at", "method", "purpose", "kind", "assignee_id",
                  "status", "ticket_id", "attempts", "skip_reason", "done_at", "interaction_id",
                  "generated_key", "moved_by_user", "created_at"),
    "survey": ("id", "customer_id", "ticket_id", "date", "method", "quality", "response", "communication",
               "professionalism", "overall", "comment", "staff_name", "created_at"),
    "improvement_item": ("id", "survey_id", "item", "action", "owner_id", "due", "done", "created_at"),
}
# parents before children, so the rows are valid whenever foreign keys are checked
CHUNK_TABLES = ("customer", "contact", "customer_tag", "customer_order", "change_log", "equipment", "ticket",
                "ticket_event", "interaction", "follow_up", "survey", "improvement_item")
ID_TABLES = ("staff", "tag", "knowledge_article", *CHUNK_TABLES)


def _insert_sql(table: str) -> str:
    cols = COLUMNS[table]
    names = ", ".join(f'"{col}"' for col in cols)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(cols))})'


SIZE_FACTOR = {"1-20人": 0.7, "20-100人": 1.0, "100-500人": 1.3, "500人以上": 1.8, "": 0.5}  # tickets
TICKETS_PER_CUSTOMER = 2.95
AMOUNT_FACTOR = {"1-20人": 0.5, "20-100人": 0.8, "100-500人": 1.0, "500人以上": 1.3, "": 0.4}
CHEAP_PRODUCTS = tuple(p for p in W.PRODUCTS if p[2] <= 100000)
BIG_PRODUCTS = tuple(p for p in W.PRODUCTS if p[1] >= 80000)
DIMENSIONS = tuple(models.SURVEY_DIMENSIONS)
COMPLAINT_PRIORITY = {"critical": "urgent", "serious": "important"}
SCORE_NOTES = {score: f"满意度 {score} 分" for score in range(1, 6)}
CALLBACK_SUMMARY = {key: f"工单回访：{label}处理结果确认" for key, label in models.TICKET_CATEGORIES.data_labels().items()}


def _first(item: tuple) -> int:
    return item[0]


def _geom(r: Callable[[], float], mean: float) -> int:
    """A geometric count (0, 1, 2, …) with the given mean."""
    return int(math.log(1.0 - r()) / -math.log1p(1.0 / mean))


class _Customer:
    """What the generator remembers about the customer being built."""

    __slots__ = (
        "bought",
        "complaints_90",
        "contacts",
        "coop_day",
        "created_day",
        "created_s",
        "dormant",
        "end_ticket",
        "first_ticket",
        "hi",
        "id",
        "importance",
        "individual",
        "interactions",
        "lo",
        "low_survey",
        "machines",
        "manager",
        "order_days",
        "overdue",
        "primary",
        "size",
        "type",
    )
    # the slots' types (annotations only: a slot cannot have a class value)
    complaints_90: int
    contacts: list[tuple[int, str, str]]  # (contact id, name, mobile)
    coop_day: int | None
    created_day: int
    created_s: int
    dormant: bool
    end_ticket: int
    first_ticket: int
    hi: int
    id: int
    importance: str
    individual: bool
    interactions: list[tuple]
    lo: int
    low_survey: int
    manager: int
    order_days: list[tuple[int, int]]  # (day, fen)
    overdue: int
    primary: int
    size: str
    type: str
    bought: list[tuple[int, str]]  # (day, product)
    machines: list[tuple[int, int, str]]  # (installed, equipment id, kind)
