"""The demo generator: one pass per chunk of customers, rows kept until written."""

from __future__ import annotations

import datetime as dt
import math
import random
import sqlite3

from crmdesk.core.demo import words as W
from crmdesk.core.demo.activity import _Activity
from crmdesk.core.demo.machines import _Machines
from crmdesk.core.demo.people import _People
from crmdesk.core.demo.schema import (
    AMOUNT_FACTOR,
    BIG_PRODUCTS,
    CHEAP_PRODUCTS,
    CHUNK_TABLES,
    CUSTOMER_DAYS,
    DAY,
    FUTURE_DAYS,
    HISTORY_DAYS,
    NOW_TIME,
    PAST_DAYS,
    SIZE_FACTOR,
    TICKETS_PER_CUSTOMER,
    WORKDAY,
    _Customer,
    _geom,
    _insert_sql,
)
from crmdesk.core.demo.service import _Service
from crmdesk.core.validation import normalize_company_name


class _Generator(_People, _Service, _Activity, _Machines):
    """Builds the rows of one run; ``chunk`` holds the rows not yet written."""

    def __init__(self, seed: int, today: dt.date, customers: int, bases: dict[str, int],
                 staff_ids: list[int], tag_ids: dict[str, int]) -> None:
        self.rng = random.Random(seed)
        self.r = self.rng.random
        self.extra = random.Random(f"crmdesk-demo-extra-{seed}")  # later additions: the main stream stays
        self.customers = customers
        self.ids = dict(bases)
        self.counts = dict.fromkeys(CHUNK_TABLES, 0)
        self.chunk: dict[str, list[tuple]] = {table: [] for table in CHUNK_TABLES}
        self._calendar(today)
        self.staff_name = {sid: name for sid, (name, _r, _p) in zip(staff_ids, W.STAFF)}
        roles = [role for _n, role, _p in W.STAFF]
        self.owner = staff_ids[roles.index("owner")]
        self.clerks = tuple(s for s, role in zip(staff_ids, roles) if role == "clerk")
        self.engineers = tuple(s for s, role in zip(staff_ids, roles) if role == "engineer")
        # the owner and the three clerks look after a quarter of the customers each: with the default
        # tier policy that is ~20 follow-ups a working day per person, within the default capacity
        self.managers = (self.owner, *self.clerks)
        self.tag_ids = tag_ids
        self.names: set[str] = set()  # normalised customer names used (no accidental duplicates)
        self.mobiles: set[str] = set()
        self.recent: list[tuple] = []  # companies a planted duplicate may copy
        self.code_seq: dict[int, int] = {}  # per year
        self.contract_seq: dict[int, int] = {}  # per day
        self.serials: dict[str, int] = {}  # machines' serial numbers, counted per model
        self.contract_no = 0  # maintenance contracts

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
        year, week, _weekday = today.isocalendar()
        self.week = f"{year}-{week:02d}"

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
        c.bought = []
        c.interactions = []
        c.complaints_90 = 0
        c.low_survey = 0
        c.overdue = 0

        duplicate = None
        sur_py = given_py = name = ""
        parts: tuple = ()
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
        self.install_machines(c, c.bought)
        self.tickets(c)
        self.activities(c)
        self.periodic_survey(c)
        tier, pinned, annual = self.tier(c)
        self.kept_in_touch(c, tier)
        reasons = self.risk(c)
        last_contact = max((it[0] for it in c.interactions), default=None)
        status, archived_at = "active", None
        if tier == "dormant" and r() < 0.3:
            status, archived_at = "archived", self.fmt(self.now - int(r() * 60 * DAY) - DAY)
        self.emit_interactions(c)
        if status == "active":  # nobody plans calls to archived customers
            self.planned_followups(c, tier)
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
            c.bought.append((d, product))
            total += fen
        return total

    def flush(self, conn: sqlite3.Connection) -> None:
        for table in CHUNK_TABLES:
            rows = self.chunk[table]
            if rows:
                conn.executemany(_insert_sql(table), rows)
                self.counts[table] += len(rows)
                rows.clear()
