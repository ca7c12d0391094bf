"""Demo interactions, follow-ups, tiers, churn flags, tags and the change log.

Its Chinese is the demo firm's data, written into its records as a real firm's are, not messages
(``tests/test_literals.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmdesk.core.customers.service import FIELD_LABELS
from crmdesk.core.demo import words as W
from crmdesk.core.demo.schema import BIG_ORDER_FEN, CORE_ORDER_FEN, DAY, HOUR, _geom
from crmdesk.core.demo.state import _State

if TYPE_CHECKING:
    from crmdesk.core.demo.schema import _Customer


class _Activity(_State):
    """Interactions, follow-ups, tier and tags of a customer (mixed into the generator)."""

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

    def kept_in_touch(self, c: _Customer, tier: str) -> None:
        """Strategic and core customers are called on their cadence: most had a call in the last
        three weeks (a done cadence follow-up), so few of them are 30 days without contact.

        Drawn from a stream of its own, so the rest of the demo stays as it was generated before.
        """
        x = self.extra.random
        recent = (self.nowday - 21) * DAY
        if tier not in ("strategic", "core") or any(it[0] >= recent for it in c.interactions) or x() >= 0.9:
            return
        s = self.moment(x, max(c.lo, self.nowday - 20), self.nowday)
        purpose, method = W.CADENCE_PURPOSES[tier][0]
        summaries = W.INTERACTION_SUMMARIES[method]
        followup = (c.primary, s - int(x() * 4) * HOUR, method, purpose, "cadence", c.manager, None, s - 14 * DAY,
                    "done", 1, "")
        c.interactions.append((s, c.primary, method, summaries[int(x() * len(summaries))],
                               W.FEEDBACKS[int(x() * len(W.FEEDBACKS))], W.NEXT_STEPS[int(x() * len(W.NEXT_STEPS))],
                               c.manager, None, followup))

    def planned_followups(self, c: _Customer, tier: str) -> None:
        """What the desk planned by hand for the coming 8 weeks, and the odd one left overdue.

        The cadence by tier and the weekly call of at-risk customers are not written: the app's
        planner (``core.followups.cadence``) plans them on its first run, from today forward, within each
        person's capacity — as it would for an imported ledger. They are still drawn, so the random
        stream (and everything generated after them) stays as it was.
        """
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
        if r() < 0.04:  # of these, one in seven was really left overdue: a handful a thousand customers
            purpose, method = self.pick(W.FOLLOWUP_PURPOSES)
            plans.append((today - 1 - int(r() * 7), purpose, method,
                          "manual" if self.extra.random() < 0.15 else "drop"))
        for day, purpose, method, kind in plans:
            if day > today + 56:
                continue
            due = self.workday_at(day)
            created = self.now - int(r() * 20 * DAY)
            if kind == "manual":
                self.followup_row(c.id, (c.primary, due, method, purpose, kind, c.manager, None, created, "planned",
                                         0, ""), None, None)

    def tier(self, c: _Customer) -> tuple[str, int, int]:
        """docs/spec.md §2 tier rules on the generated data: (tier, pinned, last-12-month orders in fen)."""
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
        recent_coop = c.coop_day is not None and c.coop_day >= since  # the cooperation start counts too
        known_since = min(c.created_day, c.coop_day if c.coop_day is not None else c.created_day)
        if known_since < since and not recent_order and not recent_contact and not recent_coop:
            return "dormant", 0, annual  # 365 days without activity while known to us (core.customers.tiers)
        return "ordinary", 0, annual

    def risk(self, c: _Customer) -> list[str]:
        """Churn-warning reasons (docs/spec.md §2), worded and counted as
        ``core.customers.tiers.churn_reasons`` does."""
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
        ``core.store.change_log.log_change`` writes them; returns the time of the last change."""
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
