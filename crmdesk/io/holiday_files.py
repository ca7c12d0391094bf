"""Holiday arrangements from files: an ``.ics`` holiday calendar, or the notice saved as text.

Chinese holiday calendars (the phone's "中国节假日" subscription, WPS/Outlook exports, the common
public feeds) hold one all-day event per break or per day, named by the festival, and mark the
make-up working days with 班 (春节补班, 上班, "班"). ``read_ics`` turns each event into days: an
event whose summary says 班 is a make-up working day, any other all-day event a holiday named by
its festival. Days are grouped by year (a feed may hold several). ``read_notice_file`` reads a
``.txt`` with the State Council's notice (UTF-8, or GB18030 as Windows Notepad saves it) for
``core.firm.holiday_notice``.

Bad files get a ``KnownError`` naming the file and the reason; nothing is stored here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from crmdesk.core.firm.holiday_notice import Day
from crmdesk.core.i18n import _
from crmdesk.core.store.errors import KnownError

_FESTIVAL = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)*")
_WORK_MARKS = ("补班", "上班", "调休班", "班")
_LONGEST = 40  # days one event may span (a whole break is at most ~10)


def _festival(summary: str) -> str:
    text = summary
    for mark in ("补班", "调休上班", "上班", "放假", "假期", "调休", "休", "班"):
        text = text.replace(mark, " ")
    match = _FESTIVAL.search(text)
    return match.group(0) if match else ""


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise KnownError(_("{file}: cannot be read ({reason}).", file=Path(path).name,
                           reason=error.strerror or str(error))) from error


def read_ics(path: Path) -> dict[int, list[Day]]:
    """The holidays and make-up working days of an ``.ics`` holiday calendar, by year."""
    import icalendar

    name = Path(path).name
    try:
        calendar = icalendar.Calendar.from_ical(_read(path))
    except ValueError as error:
        raise KnownError(_("{file}: not an iCalendar file ({reason}).", file=name, reason=str(error)[:80])) from error
    found: dict[dt.date, Day] = {}
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None:
            continue
        first = start.dt
        if isinstance(first, dt.datetime):  # timed events are appointments, not holidays
            continue
        end = event.get("DTEND")
        last = end.dt if end is not None and not isinstance(end.dt, dt.datetime) else first + dt.timedelta(days=1)
        summary = str(event.get("SUMMARY") or "")
        working = any(mark in summary for mark in _WORK_MARKS)
        festival = _festival(summary) or _("holiday")
        span = min(max((last - first).days, 1), _LONGEST)
        for i in range(span):
            day = first + dt.timedelta(days=i)
            if working:
                found[day] = Day(day, True, f"{festival}调休上班"[:30])
            else:
                found.setdefault(day, Day(day, False, festival[:30]))
    if not found:
        raise KnownError(_("{file}: no all-day holiday events found.", file=name))
    years: dict[int, list[Day]] = {}
    for day in sorted(found):
        years.setdefault(day.year, []).append(found[day])
    return years


def read_notice_file(path: Path) -> str:
    """The text of a saved notice (UTF-8 with or without BOM, or GB18030)."""
    data = _read(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KnownError(_("{file}: the text is neither UTF-8 nor GB18030.", file=Path(path).name))
