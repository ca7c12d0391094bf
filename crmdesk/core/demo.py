"""Realistic demo data: ``crmdesk demo --customers N [--seed S]`` (SPEC §8, §9).

A Chinese small firm's service desk: staff, customers with contacts and orders, tickets
with their stage history and SLA dues, interactions, surveys, follow-ups, tags, tiers and
churn flags. Everything is relative to ``today`` (generated "now" is today 08:00), so the
data always looks current; tiers, churn flags and win-back proposals follow the rules of
``core.tiers``, so the app's own recomputation finds nothing to change.

Speed (100,000 customers, ~4 million rows, in about a minute): rows are generated per
chunk of customers and written with ``executemany`` on raw SQL, inside one transaction
that also drops and rebuilds the indexes of the filled tables and runs with a rollback
journal instead of the WAL (see :func:`_bulk_mode`). Times are integer seconds on a day
axis formatted through lookup tables, since ``datetime`` arithmetic would dominate.

Deterministic: a first pass (:meth:`_Generator.plan`) draws creation dates and ticket
times from its own ``random.Random``, the main pass everything else from another; the
same seed and ``today`` give identical rows.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import math
import os
import random
import sqlite3
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

from crmdesk.core import db as crm_db
from crmdesk.core import demo_words as W
from crmdesk.core import models, search
from crmdesk.core.customers import FIELD_LABELS
from crmdesk.core.errors import KnownError, OperationCancelled, classify_sqlite_error
from crmdesk.core.i18n import _
from crmdesk.core.validation import normalize_company_name

log = logging.getLogger(__name__)

CHUNK = 1000  # customers per write (and per progress report)
HISTORY_DAYS = 548  # tickets and interactions cover the last 18 months
CUSTOMER_DAYS = 2190  # customers were created over the last 6 years
PAST_DAYS = 2200  # day 0 of the time axis is ``today - PAST_DAYS``
FUTURE_DAYS = 120  # dues and planned follow-ups reach this far ahead
NOW_TIME = 8 * 3600  # generated "now": today 08:00; nothing happens after it
DAY = 86400
HOUR = 3600
WORKDAY = 27000  # 7.5 working hours: 09:00–12:00 and 13:30–18:00 (SPEC §3 business hours)
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
    "ticket": ("id", "number", "customer_id", "contact_id", "channel", "category", "priority", "severity",
               "description", "assignee_id", "assignee_name", "stage", "paused", "pause_reason", "paused_at",
               "paused_seconds", "created_at", "first_response_at", "response_due", "resolution_due",
               "resolved_at", "solution", "root_cause", "complaint_result", "one_time_resolved",
               "reopen_count", "redispatch_count", "satisfaction", "callback_at", "archived_at", "notes",
               "updated_at"),
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
CHUNK_TABLES = ("customer", "contact", "customer_tag", "customer_order", "change_log", "ticket",
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
CALLBACK_SUMMARY = {key: f"工单回访：{label}处理结果确认" for key, label in models.TICKET_CATEGORIES.items()}


def _first(item: tuple) -> int:
    return item[0]


def _geom(r: Callable[[], float], mean: float) -> int:
    """A geometric count (0, 1, 2, …) with the given mean."""
    return int(math.log(1.0 - r()) / -math.log1p(1.0 / mean))


class _Customer:
    """What the generator remembers about the customer being built."""

    __slots__ = ("id", "created_day", "created_s", "type", "dormant", "lo", "hi", "manager", "size",
                 "contacts", "primary", "coop_day", "order_days", "interactions", "complaints_90",
                 "low_survey", "overdue", "individual", "importance", "first_ticket", "end_ticket")


class _Generator:
    """Builds the rows of one run; ``chunk`` holds the rows not yet written."""

    def __init__(self, seed: int, today: dt.date, customers: int, bases: dict[str, int],
                 staff_ids: list[int], tag_ids: dict[str, int]) -> None:
        self.rng = random.Random(seed)
        self.r = self.rng.random
        self.customers = customers
        self.ids = dict(bases)
        self.counts = {table: 0 for table in CHUNK_TABLES}
        self.chunk: dict[str, list[tuple]] = {table: [] for table in CHUNK_TABLES}
        self._calendar(today)
        self.staff_name = {sid: name for sid, (name, _r, _p) in zip(staff_ids, W.STAFF)}
        roles = [role for _n, role, _p in W.STAFF]
        self.owner = staff_ids[roles.index("owner")]
        self.clerks = tuple(s for s, role in zip(staff_ids, roles) if role == "clerk")
        self.engineers = tuple(s for s, role in zip(staff_ids, roles) if role == "engineer")
        self.managers = (self.owner, *self.clerks, *self.clerks)
        self.tag_ids = tag_ids
        self.names: set[str] = set()  # normalised customer names used (no accidental duplicates)
        self.mobiles: set[str] = set()
        self.recent: list[tuple] = []  # companies a planted duplicate may copy
        self.code_seq: dict[int, int] = {}  # per year
        self.contract_seq: dict[int, int] = {}  # per day

    # ------------------------------------------------------------------ time axis

    def _calendar(self, today: dt.date) -> None:
        """Day ``i`` is ``today - PAST_DAYS + i``; seconds count from that day's midnight."""
        t0 = today - dt.timedelta(days=PAST_DAYS)
        days = [t0 + dt.timedelta(days=i) for i in range(PAST_DAYS + FUTURE_DAYS + 1)]
        self.today = today
        self.date = tuple(d.isoformat() for d in days)
        self.prefix = tuple(d + " " for d in self.date)
        self.compact = tuple(d.replace("-", "") for d in self.date)
        self.wd = tuple(d.weekday() for d in days)
        work = [0]  # working seconds before each day
        for weekday in self.wd:
            work.append(work[-1] + (WORKDAY if weekday < 5 else 0))
        self.work = tuple(work)
        self.ymd = tuple((d.year, d.month, d.day) for d in days)
        self.hms = tuple(f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60))
        self.nowday = PAST_DAYS
        self.now = PAST_DAYS * DAY + NOW_TIME
        self.now_text = self.fmt(self.now)
        self.today_end = (PAST_DAYS + 1) * DAY - 1
        year, week, _weekday = today.isocalendar()
        self.week = f"{year}-{week:02d}"

    def fmt(self, s: int) -> str:
        """'YYYY-MM-DD HH:MM:SS' of a second on the axis."""
        return self.prefix[s // DAY] + self.hms[s % DAY]

    def fmt_or_none(self, s: int | None) -> str | None:
        return None if s is None else self.fmt(s)

    def add_work(self, s: int, seconds: int) -> int:
        """``s`` plus working time: 09:00–12:00 and 13:30–18:00, Monday–Friday (no holidays here).

        Working seconds are counted from day 0 (``self.work``), so this is two table look-ups.
        """
        day, t = divmod(s, DAY)
        done = self.work[day]
        if self.wd[day] < 5:
            if t >= 64800:
                done += WORKDAY
            elif t > 48600:
                done += t - 37800
            elif t > 43200:
                done += 10800
            elif t > 32400:
                done += t - 32400
        goal = done + seconds
        day = bisect_left(self.work, goal) - 1  # the working day on which the goal is reached
        rest = goal - self.work[day]
        end = day * DAY + (32400 + rest if rest <= 10800 else 37800 + rest)
        return end if end > s else s

    def moment(self, r: Callable[[], float], lo: int, hi: int) -> int:
        """A time on a day in [lo, hi], mostly in office hours on weekdays, always before now."""
        d = lo + int(r() * (hi - lo + 1))
        w = self.wd[d]
        if w >= 5 and r() < 0.75:
            d = max(lo, d - (w - 4))
        t = 30600 + int(r() * 36000) if r() < 0.9 else 64800 + int(r() * 14400)
        s = d * DAY + t
        return s - DAY if s >= self.now else s

    def workday_at(self, d: int) -> int:
        """A business-hours time on day ``d``, moved to the next weekday."""
        while self.wd[d] >= 5:
            d += 1
        return d * DAY + 9 * HOUR + int(self.r() * 16) * 1800

    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    # ------------------------------------------------------------------ first pass

    def plan(self, seed: int) -> None:
        """When each customer was created, what kind it is and when its tickets came in.

        Ticket numbers count per day in time order, so every ticket time must be known before
        the first ticket is written; this pass draws them from a random stream of its own.
        """
        r = random.Random(f"crmdesk-demo-plan-{seed}").random
        nowday, count = self.nowday, self.customers
        plans: list[tuple] = []
        times: list[int] = []
        for k in range(count):
            # creation dates grow denser towards today; ids follow the creation order
            created_day = min(nowday - 2, nowday - CUSTOMER_DAYS + int(CUSTOMER_DAYS * ((k + r()) / count) ** 0.8))
            created_s = created_day * DAY + 30600 + int(r() * 34200)
            age = nowday - created_day
            individual = r() < 0.08
            size = "" if individual else W.SIZE_T[int(len(W.SIZE_T) * r())]
            ctype = W.TYPE_T[int(len(W.TYPE_T) * r())]
            if age < 90 and r() < 0.5:
                ctype = "prospect"
            if individual and ctype == "strategic":
                ctype = "customer"
            dormant = age > 450 and ctype != "strategic" and r() < 0.12
            lo = max(created_day + 1, nowday - HISTORY_DAYS)
            hi = nowday - 370 if dormant else nowday
            first = len(times)
            if hi >= lo:
                n = _geom(r, TICKETS_PER_CUSTOMER * SIZE_FACTOR[size])
                times.extend(sorted(self.moment(r, lo, hi) for _i in range(n)))
            plans.append((created_day, created_s, individual, size, ctype, dormant, lo, hi, first, len(times)))
        sequence = [0] * len(times)
        last: dict[int, int] = {}
        for i in sorted(range(len(times)), key=times.__getitem__):
            day = times[i] // DAY
            sequence[i] = last[day] = last.get(day, 0) + 1
        self.plans, self.ticket_times, self.ticket_seq = plans, times, sequence
        self.ticket_counters = sorted(last.items())

    # ------------------------------------------------------------------ people and companies

    def person(self) -> tuple[str, str, str]:
        """(name, surname pinyin, given-name pinyin)."""
        r = self.r
        sur, sur_py = W.SURNAMES[int(len(W.SURNAMES) * r() * r())]
        given = W.GIVEN_CHARS
        a, a_py = given[int(len(given) * r())]
        if r() < 0.35:
            return sur + a, sur_py, a_py
        b, b_py = given[int(len(given) * r())]
        return sur + a + b, sur_py, a_py + b_py

    def company(self) -> tuple:
        """(name, industry, city, domain, parts) of a new company with a name not used before."""
        r = self.r
        city = W.CITY_T[int(len(W.CITY_T) * r())]
        industry = W.INDUSTRY_T[int(len(W.INDUSTRY_T) * r())]
        word = self.pick(industry[1])
        legal = W.LEGAL_T[int(len(W.LEGAL_T) * r())]
        if legal == "科技有限公司" and word.endswith("科技"):
            legal = "有限公司"
        bracket = r() < 0.2
        prefix = city[1] if r() < 0.6 else city[2]
        for _attempt in range(50):
            (a, a_py), (b, b_py) = self.rng.sample(W.TRADE_CHARS, 2)
            parts = (a + b, word, legal, prefix, city[2], bracket)
            name = self.compose(parts)
            norm = normalize_company_name(name)
            if norm not in self.names:
                break
        self.names.add(norm)
        domain = a_py + b_py + self.pick(W.DOMAIN_WORDS) + self.pick(W.DOMAIN_TLDS)
        return name, norm, industry[0], city, domain, parts

    @staticmethod
    def compose(parts: tuple, full_width: bool = True, space: bool = False) -> str:
        trade, word, legal, prefix, short, bracket = parts
        gap = " " if space else ""
        if bracket:
            left, right = ("（", "）") if full_width else ("(", ")")
            return f"{trade}{word}{left}{short}{right}{gap}{legal}"
        return f"{prefix}{gap}{trade}{word}{legal}"

    def duplicate_of(self, parts: tuple) -> str:
        """A near-duplicate spelling of a company name (same normalised key, SPEC §2)."""
        trade, word, legal, prefix, short, bracket = parts
        forms = ("有限公司", "股份有限公司", "有限责任公司")
        if legal in forms:
            legal = self.pick([f for f in forms if f != legal])
        elif legal == "科技有限公司":
            legal = "科技股份有限公司"
        return self.compose((trade, word, legal, prefix, short, bracket),
                            full_width=self.r() < 0.5, space=self.r() < 0.3)

    def mobile(self) -> str:
        r = self.r
        for _attempt in range(5):
            number = self.pick(W.MOBILE_PREFIXES) + f"{int(r() * 100_000_000):08d}"
            if number not in self.mobiles:
                break
        self.mobiles.add(number)
        return number

    def address(self, city: tuple, individual: bool) -> str:
        r = self.r
        province, city_name = city[0], city[1]
        head = city_name if province == city_name else province + city_name
        district = self.pick(city[4])
        road = self.pick(W.ROADS)
        number = 1 + int(r() * 388)
        if individual:
            (a, _x), (b, _y) = self.rng.sample(W.TRADE_CHARS, 2)
            return (f"{head}{district}{road}{number}号{a}{b}{self.pick(W.ESTATE_WORDS)}"
                    f"{1 + int(r() * 20)}栋{1 + int(r() * 30)}{int(r() * 4) + 1:02d}室")
        building = self.pick(W.BUILDINGS)
        unit = self.pick(W.BUILDING_UNITS) if building else ""
        room = f"{1 + int(r() * 25)}{int(r() * 20) + 1:02d}室" if building and r() < 0.6 else ""
        return f"{head}{district}{road}{number}号{building}{unit}{room}"

    # ------------------------------------------------------------------ one customer

    def customer(self, k: int) -> None:
        """Generate customer number ``k`` (0-based) and everything that belongs to it."""
        r = self.r
        c = _Customer()
        c.id = self.next_id("customer")
        (c.created_day, c.created_s, c.individual, size, ctype, c.dormant, c.lo, c.hi,
         c.first_ticket, c.end_ticket) = self.plans[k]
        c.type = ctype
        c.manager = self.pick(self.managers)
        c.importance = "A" if ctype == "strategic" and r() < 0.8 else W.IMPORTANCE_T[int(len(W.IMPORTANCE_T) * r())]
        c.order_days = []
        c.interactions = []
        c.complaints_90 = 0
        c.low_survey = 0
        c.overdue = 0

        duplicate = None
        sur_py = given_py = ""
        if not c.individual and self.recent and r() < 0.01:
            duplicate = self.pick(self.recent)
        if c.individual:
            for _attempt in range(50):
                name, sur_py, given_py = self.person()
                if name not in self.names:
                    break
            self.names.add(name)
            norm, industry, domain = normalize_company_name(name), "", ""
            city = W.CITY_T[int(len(W.CITY_T) * r())]
        elif duplicate is not None:
            parts, industry, _size, city, domain, _contact = duplicate
            name = self.duplicate_of(parts)
            norm = normalize_company_name(name)
        else:
            name, norm, industry, city, domain, parts = self.company()
        c.size = size
        if c.type != "prospect":
            c.coop_day = min(self.nowday - 1, c.created_day + int(r() * 120))
            if c.dormant:
                c.coop_day = min(c.coop_day, self.nowday - 400)
        else:
            c.coop_day = None

        self.contacts(c, name, sur_py, given_py, domain, city, duplicate[5] if duplicate else None)
        if not c.individual and duplicate is None:
            self.recent.append((parts, industry, size, city, domain, c.contacts[0][1:3]))
            if len(self.recent) > 300:
                del self.recent[:100]
        total_fen = self.orders(c)
        self.tickets(c)
        self.activities(c)
        self.periodic_survey(c)
        tier, pinned, annual = self.tier(c)
        reasons = self.risk(c)
        last_contact = max((it[0] for it in c.interactions), default=None)
        status, archived_at = "active", None
        if tier == "dormant" and r() < 0.3:
            status, archived_at = "archived", self.fmt(self.now - int(r() * 60 * DAY) - DAY)
        self.emit_interactions(c)
        if status == "active":  # nobody plans calls to archived customers
            self.planned_followups(c, tier, bool(reasons))
        self.tags(c, tier, annual)
        code = self.code(c.created_day)
        updated = self.change_log(c, code)

        r_ = self.r
        self.chunk["customer"].append((
            c.id, code, name, norm, c.type, c.importance, industry, size,
            city[1] if city[0] == city[1] else city[0] + city[1], self.address(city, c.individual),
            W.SOURCE_T[int(len(W.SOURCE_T) * r_())], c.manager,
            None if c.coop_day is None else self.date[c.coop_day],
            "" if c.individual else self.pick(W.PURCHASE_INTENTS),
            self.pick(W.PRODUCT_PREFERENCES), self.pick(W.BUDGET_RANGES), self.pick(W.CUSTOMER_NOTES),
            self.pick(W.CONFIDENTIAL_NOTES) if r_() < 0.1 else "",
            status, tier, pinned, self.now_text, 1 if reasons else 0, "\n".join(reasons),
            self.fmt_or_none(last_contact), total_fen, archived_at,
            self.fmt(c.created_s), self.fmt(max(c.created_s, updated)),
        ))

    def code(self, day: int) -> str:
        """``C`` + year of creation + a sequence of at least 3 digits (customers come in date order)."""
        year = self.ymd[day][0]
        seq = self.code_seq.get(year, 0) + 1
        self.code_seq[year] = seq
        return f"C{year}{seq:03d}"

    # ------------------------------------------------------------------ contacts

    def contacts(self, c: _Customer, name: str, sur_py: str, given_py: str, domain: str, city: tuple,
                 copy: tuple | None) -> None:
        """1–4 contacts, the first one primary; an individual customer is their own contact."""
        r = self.r
        n = 1 if c.individual else (1 if r() < 0.55 else 2 if r() < 0.67 else 3 if r() < 0.67 else 4)
        c.contacts = []
        rows = self.chunk["contact"]
        for i in range(n):
            cid = self.next_id("contact")
            if c.individual:
                person, title = (name, sur_py, given_py), W.INDIVIDUAL_TITLE
            else:
                person, title = self.person(), W.TITLE_T[int(len(W.TITLE_T) * r())]
            mobile = "" if i and r() < 0.1 else self.mobile()
            if i == 0 and copy is not None and r() < 0.5:  # the same person registered twice
                (person, mobile) = (copy[0], person[1], person[2]), copy[1]
            left = 1 if i and r() < 0.06 else 0
            key, tail = search.phone_index_keys(mobile)
            phone = ""
            if not c.individual and r() < 0.35:
                phone = f"{city[3]}-{2 + int(r() * 7)}{int(r() * 10_000_000):07d}"
            email = self.email(person, domain)
            wechat = self.wechat(person, mobile)
            birthday, lunar = "", 0
            if r() < 0.6:
                birthday = f"{1958 + int(r() * 45)}-{1 + int(r() * 12):02d}-{1 + int(r() * 28):02d}"
                lunar = 1 if r() < 0.15 else 0
            created = c.created_s if i == 0 else c.created_s + int(r() * (self.now - c.created_s))
            text = self.fmt(created)
            rows.append((cid, c.id, person[0], title, mobile, tail, key, phone, email, wechat, birthday, lunar,
                         1 if i == 0 else 0, left, text, text))
            if not left:
                c.contacts.append((cid, person[0], mobile))
        c.primary = c.contacts[0][0]

    def email(self, person: tuple, domain: str) -> str:
        r = self.r
        x = r()
        if x < 0.2:
            return ""
        if domain and x < 0.6:
            local = f"{person[2]}.{person[1]}" if r() < 0.5 else person[1] + person[2]
            return f"{local}@{domain}"
        if x < 0.8:
            return f"{10000 + int(r() * 3_000_000_000)}@qq.com"
        return f"{person[1]}{person[2]}{int(r() * 1000)}@{self.pick(W.PUBLIC_MAIL)}"

    def wechat(self, person: tuple, mobile: str) -> str:
        r = self.r
        x = r()
        if x < 0.3:
            return ""
        if x < 0.55 and mobile:
            return mobile
        if x < 0.8:
            return f"{person[1]}{person[2]}{int(r() * 10000)}"
        return "wxid_" + "".join(self.rng.choices("abcdefghijkmnpqrstuvwxyz23456789", k=12))

    # ------------------------------------------------------------------ orders

    def orders(self, c: _Customer) -> int:
        """Orders from the cooperation start on; returns the customer's total in fen."""
        if c.coop_day is None:
            return 0
        r = self.r
        hi = self.nowday - 400 if c.dormant else self.nowday - 1
        lo = c.coop_day
        factor = AMOUNT_FACTOR[c.size]
        days = [lo] + [lo + int(r() * (hi - lo + 1)) for _i in range(_geom(r, 2.0))] if hi >= lo else [lo]
        big = c.type == "strategic"
        if big:  # strategic customers buy big in the last 12 months
            recent = max(lo, self.nowday - 360)
            days += [recent + int(r() * (self.nowday - recent)) for _i in range(2 + int(r() * 3))]
        days.sort()
        products = CHEAP_PRODUCTS if c.individual else W.PRODUCTS
        total = 0
        rows = self.chunk["customer_order"]
        for d in days:
            choice = self.pick(BIG_PRODUCTS if big and d >= self.nowday - 360 else products)
            product, low, high = choice
            yuan = math.exp(math.log(low) + r() * (math.log(high) - math.log(low))) * factor
            if big:
                yuan *= 1.2
            fen = int(yuan / 100) * 10000
            seq = self.contract_seq.get(d, 0) + 1  # contract numbers count per day
            self.contract_seq[d] = seq
            rows.append((self.next_id("customer_order"), c.id, self.date[d], product, fen,
                         f"HT{self.compact[d]}-{seq:03d}", self.fmt(d * DAY + 32400 + int(r() * 28800))))
            c.order_days.append((d, fen))
            total += fen
        return total

    # ------------------------------------------------------------------ tickets

    def tickets(self, c: _Customer) -> None:
        """~3 tickets per customer over the last 18 months (older for dormant customers)."""
        times, sequence, compact = self.ticket_times, self.ticket_seq, self.compact
        for i in range(c.first_ticket, c.end_ticket):
            s = times[i]
            self.ticket(c, s, f"GD{compact[s // DAY]}-{sequence[i]:03d}")

    def later(self, calendar: bool, t: int, seconds: int) -> int:
        """``t`` plus calendar time (urgent clocks, SPEC §3) or working time (the others)."""
        return t + seconds if calendar else self.add_work(t, seconds)

    def ticket(self, c: _Customer, s: int, number: str) -> None:
        """One ticket created at ``s``: its whole life is planned, only what happened before now is kept."""
        r = self.r
        now = self.now
        tid = self.next_id("ticket")
        category = W.CATEGORY_T[int(len(W.CATEGORY_T) * r())]
        severity = ""
        if category == "complaint":
            severity = W.SEVERITY_T[int(len(W.SEVERITY_T) * r())]
            priority = COMPLAINT_PRIORITY[severity] if severity != "minor" else (
                "important" if r() < 0.4 else "normal")
            fix_calendar = severity == "critical"
            allowance = DAY if fix_calendar else WORKDAY * (2 if severity == "serious" else 1)
        else:
            priority = W.PRIORITY_T[int(len(W.PRIORITY_T) * r())]
            fix_calendar = priority == "urgent"
            allowance = DAY if fix_calendar else WORKDAY * (2 if priority == "important" else 5)
        urgent = priority == "urgent"
        add_work = self.add_work
        response_due = s + 2 * HOUR if urgent else add_work(s, (4 if priority == "important" else 8) * HOUR)
        resolution_due = s + allowance if fix_calendar else add_work(s, allowance)
        contacts = c.contacts
        contact = c.primary if r() < 0.7 else contacts[int(len(contacts) * r())][0]
        clerk = self.clerks[int(len(self.clerks) * r())]
        engineer = self.engineers[int(len(self.engineers) * r())]

        # classified and dispatched within minutes (of working time unless urgent); the engineer's
        # first response within the allowance for ~92 %, the resolution for ~90 %
        if urgent:
            classified = s + 300 + int(r() * 1200)
            dispatched = classified + 300 + int(r() * 1800)
        else:
            classified = add_work(s, 300 + int(r() * 1200))
            dispatched = add_work(classified, 300 + int(r() * 1800))
        if r() < 0.92:
            first = (dispatched + int(max(response_due - dispatched, 600) * (0.1 + 0.8 * r())) if urgent
                     else add_work(dispatched, int((3 if priority == "important" else 6) * HOUR * r())))
        else:
            first = self.later(urgent, response_due, 600 + int(r() * r() * WORKDAY))
        first = max(first, dispatched + 120)
        if r() < 0.9:
            work = int(allowance * (0.1 + 0.55 * r()))
        else:
            work = allowance + 1800 + int(r() * r() * 3 * WORKDAY)
        pause = 0
        pause_reason = ""
        if r() < 0.06:
            pause = 2 * HOUR + int(r() * 3 * DAY)
            pause_reason = "customer" if r() < 0.6 else "parts"
            resolution_due += pause  # the resolution clock stops while waiting
            pause_at = self.later(fix_calendar, first, int(work * 0.4))
        resolved = (first + work if fix_calendar else add_work(first, work)) + pause

        def at(frac: float) -> int:  # a moment between first response and resolution
            return self.later(fix_calendar, first, int(work * frac)) + (pause if frac > 0.4 else 0)

        events = [(s, "transition", "", "received", clerk, ""),
                  (classified, "transition", "received", "classified", clerk, ""),
                  (dispatched, "transition", "classified", "dispatched", clerk, ""),
                  (first, "transition", "dispatched", "in_progress", engineer, "")]
        if severity == "critical":
            events.insert(1, (s + 30, "note", "", "", clerk, "重大投诉，已上报主管"))
        if pause:
            events.append((pause_at, "pause", "in_progress", "in_progress", engineer, W.PAUSE_NOTES[pause_reason]))
            events.append((pause_at + pause, "resume", "in_progress", "in_progress", engineer, ""))
        x = r()
        if x < 0.05 and work > 2 * HOUR:  # re-dispatched to another engineer
            old = engineer
            engineer = self.engineers[(self.engineers.index(old) + 1 + int(r() * 3)) % len(self.engineers)]
            events.append((at(0.2), "redispatch", "in_progress", "dispatched", clerk,
                           f"改派：{self.staff_name[old]} → {self.staff_name[engineer]}"))
            events.append((at(0.25), "transition", "dispatched", "in_progress", engineer, ""))
        elif x < 0.15 and work > 2 * HOUR:  # resolved too early and reopened
            events.append((at(0.65), "transition", "in_progress", "resolved", engineer, ""))
            events.append((at(0.8), "reopen", "resolved", "in_progress", clerk, "客户反馈问题复发"))
        events.append((resolved, "transition", "in_progress", "resolved", engineer, ""))
        # callback within ~24 h (a few unreachable), then archived
        unreachable = r() < 0.04
        callback = archived = score = survey_scores = None
        if unreachable:
            archived = add_work(resolved, 3 * WORKDAY + int(r() * 2 * WORKDAY))
            events.append((archived, "transition", "resolved", "archived", clerk, W.UNREACHABLE))
        else:
            callback = add_work(resolved, 600 + int(r() * (WORKDAY if r() < 0.85 else 3 * WORKDAY)))
            if r() < 0.3:
                survey_scores = self.scores()
                score = survey_scores[4]
            else:
                score = W.SATISFACTION_T[int(len(W.SATISFACTION_T) * r())]
            events.append((callback, "transition", "resolved", "callback", clerk, SCORE_NOTES[score]))
            if r() < 0.9:
                archived = add_work(callback, WORKDAY // 2 + int(r() * 8 * WORKDAY))
                events.append((archived, "transition", "callback", "archived", clerk, ""))
        if x < 0.15 or pause:  # re-dispatches, reopens and pauses interleave with the main path
            events.sort(key=_first)

        # the state now
        stage = "received"
        reopens = redispatches = 0
        resolved_at = last = None
        rows = self.chunk["ticket_event"]
        prefix, hms = self.prefix, self.hms
        eid = self.ids["ticket_event"]
        for e in events:
            t = e[0]
            if t >= now:
                break
            kind = e[1]
            if kind == "transition":
                stage = e[3]
                if stage == "resolved":
                    resolved_at = t
            elif kind == "reopen":
                stage = "in_progress"
                reopens += 1
            elif kind == "redispatch":
                stage = "dispatched"
                redispatches += 1
            eid += 1
            rows.append((eid, tid, kind, e[2], e[3], prefix[t // DAY] + hms[t % DAY], e[4], "", e[5]))
            last = t
        self.ids["ticket_event"] = eid
        is_resolved = stage in RESOLVED_STAGES
        if not is_resolved:
            resolved_at = None
        paused = paused_seconds = 0
        paused_at = None
        if pause:
            if pause_at < now < pause_at + pause:  # waiting right now: the due moves on resume
                paused, paused_at = 1, self.fmt(pause_at)
                resolution_due -= pause
            else:
                pause_reason = ""
                if pause_at + pause <= now:
                    paused_seconds = pause
        callback_done = callback is not None and callback < now
        if not is_resolved and not paused and resolution_due < self.today_end:
            c.overdue += 1
        if category == "complaint" and s >= (self.nowday - 90) * DAY:
            c.complaints_90 += 1

        fmt = self.fmt
        self.chunk["ticket"].append((
            tid, number, c.id, contact, W.CHANNEL_T[int(len(W.CHANNEL_T) * r())], category, priority, severity,
            self.description(category), engineer, "", stage, paused, pause_reason, paused_at, paused_seconds,
            fmt(s), fmt(first) if first < now else None, fmt(response_due), fmt(resolution_due),
            None if resolved_at is None else fmt(resolved_at),
            self.pick(W.SOLUTIONS[category]) if is_resolved else "",
            self.pick(W.ROOT_CAUSES) if is_resolved and category == "complaint" else "",
            self.pick(W.COMPLAINT_RESULTS) if callback_done and category == "complaint" else "",
            (1 if reopens == 0 and redispatches == 0 else 0) if is_resolved else None,
            reopens, redispatches, score if callback_done else None,
            fmt(callback) if callback_done else None,
            fmt(archived) if archived is not None and archived < now else None,
            self.pick(W.TICKET_NOTES), fmt(last),
        ))
        if resolved_at is None:
            return
        # the callback follow-up created on resolution, and what came of it
        due = resolved_at + DAY
        followup = (contact, due, "phone", W.CALLBACK_PURPOSE, "callback", clerk, tid, resolved_at)
        if callback_done and resolved_at == resolved:
            summary = CALLBACK_SUMMARY[category]
            feedback = self.pick(W.CALLBACK_FEEDBACKS[:3] if score >= 4 else W.CALLBACK_FEEDBACKS[3:])
            c.interactions.append((callback, contact, "phone", summary, feedback, "", clerk, tid,
                                   followup + ("done", 1 if callback <= due else 2, "")))
            if survey_scores is not None:
                self.survey(c, tid, callback, "phone" if r() < 0.85 else "questionnaire", survey_scores, clerk)
        elif unreachable and archived is not None and archived < now:
            self.followup_row(c.id, followup + ("skipped", 3, W.UNREACHABLE), None, None)
        else:
            self.followup_row(c.id, followup + ("planned", 1 if due < now else 0, ""), None, None)

    def description(self, category: str) -> str:
        if category == "fault":
            return self.pick(W.DEVICES) + self.pick(W.FAULTS)
        if category == "usage":
            return f"{self.pick(W.DEVICES)}：{self.pick(W.USAGE_QUESTIONS)}"
        if category == "complaint":
            return self.pick(W.COMPLAINTS)
        if category == "suggestion":
            return self.pick(W.SUGGESTIONS)
        return self.pick(W.OTHER_REQUESTS)

    # ------------------------------------------------------------------ surveys

    def scores(self) -> list[int]:
        """Five dimension scores, mostly 4–5; about one survey in ten has a dimension ≤ 3."""
        r = self.r
        dims = [5 if r() < 0.6 else 4 for _i in range(5)]
        if r() < 0.1:
            for _i in range(1 + (r() < 0.3)):
                dims[int(r() * 5)] = W.LOW_SCORE_T[int(len(W.LOW_SCORE_T) * r())]
            dims[4] = min(dims[4], round(sum(dims[:4]) / 4))
        return dims

    def survey(self, c: _Customer, ticket: int | None, s: int, method: str, dims: list[int], staff: int) -> None:
        sid = self.next_id("survey")
        day = s // DAY
        self.chunk["survey"].append((sid, c.id, ticket, self.date[day], method, *dims,
                                     self.pick(W.SURVEY_COMMENTS), self.staff_name[staff], self.fmt(s)))
        low = min(dims)
        if day >= self.nowday - 90 and low <= 2:
            c.low_survey = min(c.low_survey or 5, low)
            if self.r() < 0.8:  # the improvement list of SPEC §5
                key = DIMENSIONS[dims.index(low)]
                item, action = W.LOW_SCORE_ACTIONS[key]
                due = min(day + 14, len(self.date) - 1)
                self.chunk["improvement_item"].append((
                    self.next_id("improvement_item"), sid, f"{item}（{low}分）", action,
                    self.pick((self.owner, *self.engineers)), self.date[due],
                    1 if due < self.nowday and self.r() < 0.7 else 0, self.fmt(s + HOUR)))

    def periodic_survey(self, c: _Customer) -> None:
        r = self.r
        if c.hi >= c.lo and r() < 0.15:
            method = "questionnaire" if r() < 0.5 else "email" if r() < 0.6 else "visit"
            self.survey(c, None, self.moment(r, c.lo, c.hi), method, self.scores(), self.pick(self.clerks))

    # ------------------------------------------------------------------ interactions and follow-ups

    def activities(self, c: _Customer) -> None:
        """Logged interactions besides callbacks; some were planned follow-ups (done or skipped)."""
        r = self.r
        if c.hi < c.lo:
            return
        n = _geom(r, 1.75 * (0.5 if c.dormant else 1.0))
        times = [self.moment(r, c.lo, c.hi) for _i in range(n)]
        quarter = (self.nowday - 90) * DAY
        if not c.dormant and not any(t >= quarter for t in times) and not any(it[0] >= quarter
                                                                               for it in c.interactions):
            times.append(self.moment(r, max(c.lo, self.nowday - 89), c.hi))  # at least one call a quarter
        for s in times:
            method = W.METHOD_T[int(len(W.METHOD_T) * r())]
            staff = c.manager if r() < 0.7 else self.pick(self.clerks)
            contact = c.primary if r() < 0.75 else self.pick(c.contacts)[0]
            followup = None
            if r() < 0.35:
                purpose = self.pick(W.FOLLOWUP_PURPOSES)[0]
                due = self.workday_at(max(c.lo, s // DAY - int(r() * 2)))
                followup = (contact, min(due, s), method, purpose, "cadence" if r() < 0.5 else "manual", staff,
                            None, s - int(r() * 14) * DAY - HOUR, "done", 1, "")
            c.interactions.append((s, contact, method, self.pick(W.INTERACTION_SUMMARIES[method]),
                                   self.pick(W.FEEDBACKS), self.pick(W.NEXT_STEPS), staff, None, followup))
        if r() < 0.03:
            purpose, method = self.pick(W.FOLLOWUP_PURPOSES)
            due = self.workday_at(c.lo + int(r() * (c.hi - c.lo + 1)))
            if due < self.now:
                self.followup_row(c.id, (c.primary, due, method, purpose, "manual", c.manager, None,
                                         due - 7 * DAY, "skipped", 1, self.pick(W.SKIP_REASONS)), None, None)

    def emit_interactions(self, c: _Customer) -> None:
        """Write the customer's interactions in time order, with the follow-ups they completed."""
        c.interactions.sort(key=lambda it: it[0])
        rows = self.chunk["interaction"]
        prefix, hms = self.prefix, self.hms
        for s, contact, method, summary, feedback, next_step, staff, ticket, followup in c.interactions:
            iid = self.next_id("interaction")
            text = prefix[s // DAY] + hms[s % DAY]
            rows.append((iid, c.id, contact, text, method, summary, feedback, next_step, staff, "", ticket, text))
            if followup is not None:
                self.followup_row(c.id, followup, s, iid)

    def followup_row(self, customer: int, f: tuple, done: int | None, interaction: int | None,
                     key: str | None = None) -> None:
        contact, due, method, purpose, kind, assignee, ticket, created, status, attempts, skip = f
        self.chunk["follow_up"].append((
            self.next_id("follow_up"), customer, contact, self.fmt(due), method, purpose, kind, assignee, status,
            ticket, attempts, skip, self.fmt_or_none(done), interaction, key, 0,
            self.fmt(min(created, due, self.now))))

    def planned_followups(self, c: _Customer, tier: str, at_risk: bool) -> None:
        """The coming 8 weeks: cadence by tier, some manual ones, a few overdue, win-back calls."""
        r = self.r
        today = self.nowday
        plans: list[tuple[int, str, str, str]] = []
        chance = {"strategic": 1.0, "core": 1.0, "ordinary": 0.5, "dormant": 0.3}[tier]
        for purpose, method in W.CADENCE_PURPOSES[tier]:
            if r() < chance:
                every = 91 if "季度" in purpose else 14 if "双周" in purpose else 30
                plans.append((today + int(r() * every), purpose, method, "cadence"))
        if r() < 0.25:
            purpose, method = self.pick(W.FOLLOWUP_PURPOSES)
            plans.append((today + int(r() * 56), purpose, method, "manual"))
        if r() < 0.04:
            purpose, method = self.pick(W.FOLLOWUP_PURPOSES)
            plans.append((today - 1 - int(r() * 7), purpose, method, "manual"))
        for day, purpose, method, kind in plans:
            if day > today + 56:
                continue
            due = self.workday_at(day)
            self.followup_row(c.id, (c.primary, due, method, purpose, kind, c.manager, None,
                                     self.now - int(r() * 20 * DAY), "planned", 0, ""), None, None)
        if at_risk:
            self.followup_row(c.id, (None, (today + 1) * DAY + 10 * HOUR, "phone", W.WINBACK_PURPOSE, "winback",
                                     c.manager, None, self.now, "planned", 0, ""), None, None,
                              f"winback:{c.id}:{self.week}")

    # ------------------------------------------------------------------ tier, risk, tags, change log

    def tier(self, c: _Customer) -> tuple[str, int, int]:
        """SPEC §2 tier rules on the generated data: (tier, pinned, last-12-month orders in fen)."""
        since = self.nowday - 365
        annual = sum(fen for d, fen in c.order_days if d >= since)
        months = 0
        if c.coop_day is not None:
            (y, m, d), (ty, tm, td) = self.ymd[c.coop_day], self.ymd[self.nowday]
            months = (ty - y) * 12 + tm - m - (td < d)
        if c.type == "strategic" and annual < BIG_ORDER_FEN and self.r() < 0.5:
            return "strategic", 1, annual
        if annual >= BIG_ORDER_FEN:
            return "strategic", 0, annual
        if annual >= CORE_ORDER_FEN and months >= 12:
            return "core", 0, annual
        recent_order = any(d >= since for d, _f in c.order_days)
        recent_contact = any(it[0] >= since * DAY for it in c.interactions)
        if not recent_order and not recent_contact:
            return "dormant", 0, annual
        return "ordinary", 0, annual

    def risk(self, c: _Customer) -> list[str]:
        """Churn-warning reasons (SPEC §2), worded and counted as ``core.tiers.churn_reasons`` does."""
        reasons = []
        start = (self.nowday - 90) * DAY
        recent = sum(1 for it in c.interactions if it[0] >= start)
        before = sum(1 for it in c.interactions if start - 90 * DAY <= it[0] < start)
        if before and recent * 2 < before:
            reasons.append(f"近90天互动{recent}次，不到此前90天（{before}次）的一半")
        if c.complaints_90 >= 2:
            reasons.append(f"近90天投诉{c.complaints_90}次")
        if c.low_survey:
            reasons.append(f"近90天满意度评分低至{c.low_survey}分")
        if c.overdue:
            reasons.append(f"有{c.overdue}张工单已超时")
        return reasons

    def tags(self, c: _Customer, tier: str, annual: int) -> None:
        r = self.r
        names = []
        if tier == "strategic" or annual >= 3 * CORE_ORDER_FEN:
            names.append("高价值")
        if c.created_day >= self.nowday - 90:
            names.append("新客户")
        if c.coop_day is not None and c.coop_day <= self.nowday - 3 * 365:
            names.append("长期合作")
        for name in W.TAGS:
            if name not in names and name not in ("高价值", "新客户", "长期合作") and r() < 0.05:
                names.append(name)
        rows = self.chunk["customer_tag"]
        for name in names:
            rows.append((self.next_id("customer_tag"), c.id, self.tag_ids[name]))

    def change_log(self, c: _Customer, code: str) -> int:
        """Creation, the conversion to a customer and some re-gradings, written the way
        ``core.customers.log_change`` writes them; returns the time of the last change."""
        r = self.r
        rows = self.chunk["change_log"]
        manager = self.staff_name[c.manager]
        entries = [(c.created_s, "code", "", code, "新建客户")]
        if c.coop_day is not None:
            at = max(c.created_s + 60, c.coop_day * DAY + 32400 + int(r() * 28800))
            entries.append((at, "type", "prospect", c.type, "签订首单"))
        if r() < 0.08:
            at = c.created_s + 60 + int(r() * (self.now - c.created_s - 60))
            entries.append((at, "importance", self.pick([g for g in "ABC" if g != c.importance]), c.importance,
                            "年度客户评级调整"))
        for at, key, old, new, reason in sorted(entries):
            rows.append((self.next_id("change_log"), c.id, "customer", c.id, FIELD_LABELS[key], old, new, reason,
                         c.manager, manager, self.fmt(at)))
        return max(entry[0] for entry in entries)

    # ------------------------------------------------------------------ writing

    def flush(self, conn: sqlite3.Connection) -> None:
        for table in CHUNK_TABLES:
            rows = self.chunk[table]
            if rows:
                conn.executemany(_insert_sql(table), rows)
                self.counts[table] += len(rows)
                rows.clear()


def _bulk_mode(conn: sqlite3.Connection) -> None:
    """Settings for one big write: a rollback journal instead of the WAL, no sync until the commit.

    In WAL mode every page of the new file would be written twice (WAL, then checkpoint); with
    a rollback journal only the few pages that existed before are journaled, and cancelling
    still rolls everything back. If another connection holds the file open in WAL mode the
    journal mode cannot change; the run then simply stays in WAL mode.
    """
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB, so index builds stay in memory
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")


def _normal_mode(conn: sqlite3.Connection) -> None:
    """Back to the WAL journal that every CRMDesk database uses (SPEC §7; ``prepare`` also sets it)."""
    try:
        conn.execute("PRAGMA synchronous = NORMAL")
        if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal":
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:  # never hide the error that got us here; the next open sets WAL again
        log.warning("could not switch %s back to WAL", conn, exc_info=True)


def _sync_file(path: Path) -> None:
    """Flush the file to disk once (the bulk write ran without syncs)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fixed_rows(conn: sqlite3.Connection, gen_today: dt.date, bases: dict[str, int]) -> tuple[list[int], dict[str, int], dict[str, int]]:
    """Staff, tags, knowledge articles and the firm name; existing rows of the same name are reused."""
    counts = {"staff": 0, "tag": 0, "knowledge_article": 0}
    stamp = f"{(gen_today - dt.timedelta(days=PAST_DAYS)).isoformat()} 09:00:00"
    existing = dict(conn.execute("SELECT name, id FROM staff").fetchall())
    staff_ids = []
    for name, role, phone in W.STAFF:
        if name not in existing:
            bases["staff"] += 1
            existing[name] = bases["staff"]
            conn.execute(_insert_sql("staff"), (bases["staff"], name, role, phone, 1, stamp))
            counts["staff"] += 1
        staff_ids.append(existing[name])
    tags = dict(conn.execute("SELECT name, id FROM tag").fetchall())
    for name in W.TAGS:
        if name not in tags:
            bases["tag"] += 1
            tags[name] = bases["tag"]
            conn.execute(_insert_sql("tag"), (bases["tag"], name))
            counts["tag"] += 1
    for i, (category, title, problem, solution, keywords) in enumerate(W.KNOWLEDGE):
        bases["knowledge_article"] += 1
        at = f"{(gen_today - dt.timedelta(days=700 - 30 * i)).isoformat()} 10:00:00"
        conn.execute(_insert_sql("knowledge_article"),
                     (bases["knowledge_article"], title, problem, solution, keywords, category, at, at))
        counts["knowledge_article"] += 1
    conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES ('firm_name', ?)", (f'"{W.FIRM_NAME}"',))
    return staff_ids, tags, counts


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the indexes of the tables being filled; returns the statements that recreate them.

    Building an index once from sorted rows is much faster than updating it row by row.
    Everything happens inside the one transaction, so the schema is never seen without them.
    """
    marks = ", ".join("?" * len(CHUNK_TABLES))
    rows = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        f"AND tbl_name IN ({marks})", CHUNK_TABLES).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _ticket_counters(conn: sqlite3.Connection, gen: _Generator) -> int:
    """The last ticket sequence used per day, so the app continues after the generated numbers."""
    rows = [(gen.compact[day], last) for day, last in gen.ticket_counters]
    conn.executemany("INSERT INTO ticket_counter (day, last) VALUES (?, ?) "
                     "ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last)", rows)
    return len(rows)


def generate(path: Path, customers: int, seed: int = 1, *, today: dt.date | None = None,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> dict[str, int]:
    """Fill the database at ``path`` with ``customers`` generated customers and their history.

    The file is created or migrated first. Everything is written in one transaction: on
    cancel (``cancelled()`` is checked between chunks of customers) it is rolled back and
    :class:`OperationCancelled` is raised. A database that already holds customers is
    refused with a :class:`KnownError`. ``progress(done, total)`` is called after each
    chunk, and with ``(total, total)`` at the end. All dates are relative to ``today``
    (default: the real date); the same seed and day give identical data. Returns the
    number of rows written per table.
    """
    if customers < 0:
        raise ValueError("customers must be >= 0")
    path = Path(path)
    today = today or dt.date.today()
    crm_db.prepare(path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived tuples and no cycles: the collector would only cost time
    try:
        _bulk_mode(conn)
        try:
            counts = _fill(conn, path, customers, seed, today, progress, cancelled)
        finally:
            _normal_mode(conn)
    except sqlite3.Error as exc:
        known = classify_sqlite_error(exc, str(path))
        if known is not None:
            raise known from exc
        raise
    finally:
        if collecting:
            gc.enable()
        conn.close()
    _sync_file(path)
    if progress is not None:
        progress(customers, customers)
    return counts


def _fill(conn: sqlite3.Connection, path: Path, customers: int, seed: int, today: dt.date,
          progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> dict[str, int]:
    """The one transaction of :func:`generate`."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM customer LIMIT 1").fetchone() is not None:
            raise KnownError(_("The database {path} already holds customers; demo data is only "
                               "generated into an empty database.", path=str(path)))
        bases = {t: conn.execute(f'SELECT coalesce(max(id), 0) FROM "{t}"').fetchone()[0] for t in ID_TABLES}
        staff_ids, tag_ids, fixed = _fixed_rows(conn, today, bases)
        gen = _Generator(seed, today, customers, bases, staff_ids, tag_ids)
        gen.plan(seed)
        indexes = _drop_indexes(conn)
        for start in range(0, customers, CHUNK):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            for k in range(start, min(start + CHUNK, customers)):
                gen.customer(k)
            gen.flush(conn)
            done = min(start + CHUNK, customers)
            if progress is not None and done < customers:
                progress(done, customers)
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        counters = _ticket_counters(conn, gen)
        for statement in indexes:
            conn.execute(statement)
        search.reindex(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return {**fixed, **gen.counts, "ticket_counter": counters}
