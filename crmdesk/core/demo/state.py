"""The demo generator's state and the small helpers every part of it uses.

``_Generator`` (``generator``) fills the state in its constructor; the parts mixed into it (``_People``,
``_Service``, ``_Activity``) inherit from ``_State``, so each knows, and the type checker checks, what
the others keep.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from crmdesk.core.demo.schema import DAY, HOUR, WORKDAY

if TYPE_CHECKING:
    from crmdesk.core.demo.schema import _Customer

_T = TypeVar("_T")


class _State:
    """What the generator keeps while it builds a run (see ``_Generator.__init__`` and ``_calendar``)."""

    # random streams: ``r`` draws from the main one; ``extra`` feeds later additions so the main stream stays
    rng: random.Random
    r: Callable[[], float]
    extra: random.Random
    customers: int
    ids: dict[str, int]  # the last id given per table
    counts: dict[str, int]
    chunk: dict[str, list[tuple]]  # rows not yet written, per table
    staff_name: dict[int, str]
    owner: int
    clerks: tuple[int, ...]
    engineers: tuple[int, ...]
    managers: tuple[int, ...]
    tag_ids: dict[str, int]
    names: set[str]
    mobiles: set[str]
    recent: list[tuple]
    code_seq: dict[int, int]
    serials: dict[str, int]  # machines' serial numbers, counted per model
    contract_no: int  # maintenance contracts
    contract_seq: dict[int, int]
    # the calendar: day ``i`` is ``today - PAST_DAYS + i``; seconds count from day 0's midnight
    today: dt.date
    date: tuple[str, ...]
    prefix: tuple[str, ...]
    compact: tuple[str, ...]
    wd: tuple[int, ...]
    work: tuple[int, ...]
    ymd: tuple[tuple[int, int, int], ...]
    hms: tuple[str, ...]
    nowday: int
    now: int
    now_text: str
    week: str
    # the plan of the run (``_Generator.plan``)
    plans: list[tuple]
    ticket_times: list[int]
    ticket_seq: list[int]
    ticket_counters: list[tuple[int, int]]
    # the machine a ticket is about (``machines._Machines``, mixed in beside the ticket part)
    machine_for: Callable[[_Customer, int, str, str], tuple[int | None, str]]

    def fmt(self, s: int) -> str:
        """'YYYY-MM-DD HH:MM:SS' of a second on the axis."""
        return self.prefix[s // DAY] + self.hms[s % DAY]

    def fmt_or_none(self, s: int | None) -> str | None:
        """``fmt`` of a second, ``None`` for none."""
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
        """A business-hours time on day ``d`` (on the half hour, not in the lunch break), moved to the
        next weekday."""
        while self.wd[d] >= 5:
            d += 1
        t = 9 * HOUR + int(self.r() * 16) % 15 * 1800
        return d * DAY + (t + 5400 if t >= 12 * HOUR else t)  # 09:00–11:30, 13:30–17:30

    def pick(self, seq: Sequence[_T]) -> _T:
        """One element of ``seq`` from the main random stream."""
        return seq[int(self.r() * len(seq))]

    def next_id(self, table: str) -> int:
        """The next id of ``table`` (ids continue after the rows the database already holds)."""
        self.ids[table] += 1
        return self.ids[table]

    def followup_row(self, customer: int, f: tuple, done: int | None, interaction: int | None,
                     key: str | None = None) -> None:
        """One follow-up row into the chunk (``f``: its fields from contact to skip reason)."""
        contact, due, method, purpose, kind, assignee, ticket, created, status, attempts, skip = f
        self.chunk["follow_up"].append((
            self.next_id("follow_up"), customer, contact, self.fmt(due), method, purpose, kind, assignee, status,
            ticket, attempts, skip, self.fmt_or_none(done), interaction, key, 0,
            self.fmt(min(created, due, self.now))))
