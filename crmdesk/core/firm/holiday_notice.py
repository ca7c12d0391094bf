"""Reading the State Council's yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知).

Each autumn the State Council publishes the next year's arrangement (放假调休安排) as numbered
items, one per festival::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

``parse(text)`` turns the pasted text into an :class:`Arrangement`: the holidays (every day of
each break, weekends inside it included, named by the festival) and the make-up working days
(调休上班). The preamble and the closing paragraphs are ignored (only numbered items count, and in
them only clauses that say 放假 or 上班). What a careful reader would check is checked and said
as a warning: the stated weekday of each date (周三 / 星期三) against the calendar — which also
catches a wrong year —, the stated length (共8天) against the range, and make-up days that are
not weekend days. Full-width and half-width punctuation, 周 and 星期, ranges within a month
("1月1日至3日") or across months, and an explicit year (2017年12月30日) are understood.

Nothing here touches the database: ``core.firm.holidays`` stores a confirmed arrangement.

The Chinese here is the notice's own wording that the parser matches (festival names, 放假, 上班,
周六 …), not messages (``tests/test_literals.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from crmdesk.core.i18n import _
from crmdesk.core.store.errors import KnownError

WEEKDAYS = "一二三四五六日"
_WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_NUMERALS = "一二三四五六七八九十"
_ITEM = re.compile(r"(?:^|(?<=[。\n\r；;]))[ \t\u3000]*([" + _NUMERALS + r"]{1,3})[ \t\u3000]*[、.．][ \t\u3000]*"
                   r"([^：:\n。，,]{1,20}?)[ \t\u3000]*[：:]")
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*[（(]([^）)]*)[）)])?")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_COUNT = re.compile(r"共\s*(\d{1,2})\s*天|放假\s*(\d{1,2})\s*天")
_RANGE = re.compile(r"至|到|—|–|－|~|～")
_CLAUSES = re.compile(r"[。；;，,\n\r]")
_YEAR_HINTS = (re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日"), re.compile(r"现将\s*(\d{4})\s*年"),
               re.compile(r"(\d{4})\s*年\s*(?:元旦|春节)"), re.compile(r"(\d{4})\s*年\s*部分节假日"))


@dataclass(frozen=True)
class Day:
    """One day of an arrangement: a holiday (``is_workday`` False) or a make-up working day."""

    date: dt.date
    is_workday: bool
    name: str


@dataclass
class Item:
    """One numbered item of the notice: a festival's break and its make-up working days."""

    name: str
    holidays: list[dt.date] = field(default_factory=list)
    workdays: list[dt.date] = field(default_factory=list)
    text: str = ""


@dataclass
class Arrangement:
    """A year's holidays and make-up working days, with what looked wrong while reading them."""

    year: int
    items: list[Item]
    warnings: list[str] = field(default_factory=list)

    @property
    def days(self) -> list[Day]:
        """Every day the arrangement sets, in date order (a date named twice keeps its first name)."""
        found: dict[dt.date, Day] = {}
        for item in self.items:
            for day in item.holidays:
                found.setdefault(day, Day(day, False, item.name[:24]))
            for day in item.workdays:
                found[day] = Day(day, True, f"{item.name[:24]}调休上班")  # a working day wins
        return [found[d] for d in sorted(found)]

    @property
    def holidays(self) -> dict[dt.date, str]:
        return {d.date: d.name for d in self.days if not d.is_workday}

    @property
    def workdays(self) -> dict[dt.date, str]:
        return {d.date: d.name for d in self.days if d.is_workday}


def weekday_name(day: dt.date) -> str:
    """周一 … 周日."""
    return _WEEKDAY_NAMES[day.weekday()]


def guess_year(text: str) -> int | None:
    """The year the notice arranges, read from its title or first sentence (``None`` if not said)."""
    for pattern in _YEAR_HINTS:
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    return None


@dataclass
class _Mention:
    """A date as written: year and month may be left out (they carry over from the previous one)."""

    year: int | None
    month: int | None
    day: int
    note: str
    start: int
    end: int


def _mentions(clause: str) -> list[_Mention]:
    return [_Mention(int(m.group(1)) if m.group(1) else None, int(m.group(2)) if m.group(2) else None,
                     int(m.group(3)), m.group(4) or "", m.start(), m.end()) for m in _DATE.finditer(clause)]


@dataclass
class _Notes:
    """What reading found wrong: the warnings in words, and how many weekdays did not fit."""

    warnings: list[str] = field(default_factory=list)
    weekday_mismatches: int = 0


class _Reader:
    """Reads one item's clauses, keeping the month and year a bare day number refers to."""

    def __init__(self, year: int, item: Item, notes: _Notes) -> None:
        self.year, self.item, self.notes = year, item, notes
        self.warnings = notes.warnings
        self.month: int | None = None
        self.explicit_year: int | None = None
        self.last_range: list[dt.date] = []

    def date(self, m: _Mention, following: _Mention | None = None) -> dt.date | None:
        if m.year is not None:
            self.explicit_year = m.year
        if m.month is not None:
            self.month = m.month
        if self.month is None:
            self.warnings.append(_("{item}: “{date}” is not a date.", item=self.item.name, date=f"{m.day}日"))
            return None
        year = self.explicit_year or self.year
        # 元旦 written "12月30日至1月1日" without years: the December days belong to the year before
        if self.explicit_year is None and self.month == 12 and following is not None \
                and following.month is not None and following.month < 12:
            year -= 1
        try:
            day = dt.date(year, self.month, m.day)
        except ValueError:
            self.warnings.append(_("{item}: “{date}” is not a date.", item=self.item.name,
                                   date=f"{self.month}月{m.day}日"))
            return None
        self._check_weekday(day, m.note)
        return day

    def _check_weekday(self, day: dt.date, note: str) -> None:
        found = _WEEKDAY.search(note)
        if found is None:
            return
        written = "日" if found.group(1) == "天" else found.group(1)
        if WEEKDAYS.index(written) != day.weekday():
            self.notes.weekday_mismatches += 1
            self.warnings.append(_("{item}: {day} is written as {written}, but it is a {actual} in {year}.",
                                   item=self.item.name, day=f"{day.month}月{day.day}日", written=f"周{written}",
                                   actual=weekday_name(day), year=day.year))

    def holidays(self, clause: str) -> None:
        mentions = _mentions(clause)
        if not mentions:
            return
        if len(mentions) >= 2 and _RANGE.search(clause[mentions[0].end:mentions[1].start]):
            first = self.date(mentions[0], mentions[1])
            last = self.date(mentions[1])
            days = [] if first is None or last is None else \
                [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
            rest = mentions[2:]
        else:
            days, rest = [], mentions
        for m in rest:
            day = self.date(m)
            if day is not None:
                days.append(day)
        self.item.holidays += days
        self.last_range = days

    def workdays(self, clause: str) -> None:
        for m in _mentions(clause):
            day = self.date(m)
            if day is None:
                continue
            self.item.workdays.append(day)
            if day.weekday() < 5:
                self.warnings.append(_("{item}: the working day {day} is a weekday ({actual}); make-up days are "
                                       "usually a Saturday or Sunday.", item=self.item.name,
                                       day=f"{day.month}月{day.day}日", actual=weekday_name(day)))

    def count(self, clause: str) -> None:
        match = _COUNT.search(clause)
        if match is None or not self.last_range:
            return
        stated = int(match.group(1) or match.group(2))
        if stated != len(self.last_range):
            self.warnings.append(_("{item}: the text says {stated} days, the dates give {counted}.",
                                   item=self.item.name, stated=stated, counted=len(self.last_range)))


def _read_item(year: int, name: str, body: str, notes: _Notes) -> Item:
    item = Item(name.strip(), text=body.strip())
    reader = _Reader(year, item, notes)
    for clause in _CLAUSES.split(body):
        if "上班" in clause and "放假" not in clause:
            reader.workdays(clause)
        elif "放假" in clause and _DATE.search(clause):
            reader.holidays(clause)
        reader.count(clause)  # 共N天 (its own clause, or 放假1天 inside the holiday clause)
    if not item.holidays and not item.workdays:
        notes.warnings.append(_("{item}: no date found.", item=item.name))
    return item


def _items(text: str) -> list[tuple[str, str]]:
    """(name, body) of each numbered item; a body ends where the next item starts."""
    heads = list(_ITEM.finditer(text))
    return [(head.group(2), text[head.end():heads[i + 1].start() if i + 1 < len(heads) else len(text)])
            for i, head in enumerate(heads)]


def parse(text: str, year: int | None = None) -> Arrangement:
    """The arrangement a notice's text sets for ``year`` (default: the year the text names).

    Raises ``KnownError`` when no numbered item is found, or no year is given or named. What
    looks wrong (a weekday that does not fit, a count that does not add up) is in ``warnings``.
    """
    text = (text or "").replace("\u3000", " ")
    found = _items(text)
    if not found:
        raise KnownError(_("No numbered items like “一、元旦：1月1日放假” were found: paste the text of the notice itself."))
    year = year or guess_year(text)
    if year is None:
        raise KnownError(_("The year of the arrangement could not be read from the text: choose it."))
    notes = _Notes()
    items = [_read_item(year, name, body, notes) for name, body in found]
    if notes.weekday_mismatches:
        better = _year_fitting_weekdays(found, year)
        if better is not None:
            notes.warnings.append(_("The weekdays written in the notice fit {year}: is that the year of the notice?",
                                    year=better))
    return Arrangement(year, items, notes.warnings)


def _year_fitting_weekdays(found: list[tuple[str, str]], year: int) -> int | None:
    """A nearby year for which every weekday written in the notice is right, if there is one."""
    for other in (year - 1, year + 1, year - 2, year + 2, year - 3, year + 3):
        notes = _Notes()
        for name, body in found:
            _read_item(other, name, body, notes)
        if not notes.weekday_mismatches:
            return other
    return None
