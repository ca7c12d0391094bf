"""保修状态: is a machine covered on a given day — 维保合同内, 在保 or 过保 — and until when.

One rule, used by the ticket form, the dossier, the PDFs, the reminders and the reports (the
reports use its SQL twin :func:`state_sql`, which a test keeps equal to :func:`status`):

- 维保合同内 (``contract``): a maintenance contract's period holds the day (a contract without a
  start date counts from the beginning); it comes first because it is what the engineer works under;
- 在保 (``warranty``): otherwise the day is on or before 保修期至;
- 过保 (``expired``): a warranty end or a contract end is known and the day lies after them;
- 保修未登记 (``unknown``): neither is known (an imported ledger without dates).

A warranty entered as months after the install date ends on the same day of the month that many
months later (the last day of a shorter month): 2024-01-31 + 1 month → 2024-02-29.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from crmdesk.core.store.models import WARRANTY_STATES

SOON_DAYS = 30  # "还剩 N 天" is shown, and a reminder planned, this many days before an end


@dataclass(frozen=True)
class Warranty:
    """The cover of a machine on ``day``: ``state`` (contract / warranty / expired / unknown), its
    label, the date the cover ends (``until``) and one line with the dates for the user."""

    state: str
    label: str
    until: dt.date | None
    text: str
    day: dt.date

    @property
    def covered(self) -> bool:
        """Under warranty or a maintenance contract."""
        return self.state in ("contract", "warranty")

    @property
    def days_left(self) -> int | None:
        """Days from ``day`` to the end of the cover (``None`` when not covered)."""
        return (self.until - self.day).days if self.covered and self.until is not None else None


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus whole months, on the same day or the last day of a shorter month."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def warranty_end_from(install_date: dt.date | None, months: int | None) -> dt.date | None:
    """保修期至 of a warranty of ``months`` months from the install date (the day before the anniversary)."""
    if install_date is None or months is None:
        return None
    return add_months(install_date, months) - dt.timedelta(days=1)


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def status(warranty_end: dt.date | None, contract_start: dt.date | None = None, contract_end: dt.date | None = None,
           contract_no: str = "", *, on: dt.date | None = None) -> Warranty:
    """The cover on ``on`` (default: today); see the module documentation for the rule."""
    day = on or dt.date.today()
    if contract_end is not None and day <= contract_end and (contract_start is None or contract_start <= day):
        number = f"合同 {contract_no}，" if contract_no else ""
        return Warranty("contract", WARRANTY_STATES["contract"], contract_end,
                        f"{WARRANTY_STATES['contract']}（{number}至 {_d(contract_end)}{_left(contract_end, day)}）", day)
    if warranty_end is not None and day <= warranty_end:
        return Warranty("warranty", WARRANTY_STATES["warranty"], warranty_end,
                        f"{WARRANTY_STATES['warranty']}（保修期至 {_d(warranty_end)}{_left(warranty_end, day)}）", day)
    if warranty_end is not None or contract_end is not None:
        parts = [f"保修期至 {_d(warranty_end)}"] if warranty_end is not None else []
        if contract_end is not None:
            parts.append(f"维保合同{'至 ' + _d(contract_end) + ' 已到期' if contract_end < day else '自 ' + _d(contract_start) + ' 起'}")
        return Warranty("expired", WARRANTY_STATES["expired"], warranty_end,
                        f"{WARRANTY_STATES['expired']}（{'，'.join(parts)}）", day)
    return Warranty("unknown", WARRANTY_STATES["unknown"], None, WARRANTY_STATES["unknown"], day)


def _left(end: dt.date, day: dt.date) -> str:
    left = (end - day).days
    return f"，还剩 {left} 天" if left <= SOON_DAYS else ""


def state_sql(day: str, alias: str = "e") -> str:
    """SQL giving :func:`status`'s state of machine ``alias`` on the date expression ``day``
    (ISO text, e.g. ``substr(t.created_at, 1, 10)``); dates are stored as ISO text."""
    e = alias
    return (f"CASE WHEN {e}.contract_end IS NOT NULL AND {day} <= {e}.contract_end "
            f"AND ({e}.contract_start IS NULL OR {e}.contract_start <= {day}) THEN 'contract' "
            f"WHEN {e}.warranty_end IS NOT NULL AND {day} <= {e}.warranty_end THEN 'warranty' "
            f"WHEN {e}.warranty_end IS NOT NULL OR {e}.contract_end IS NOT NULL THEN 'expired' "
            "ELSE 'unknown' END")
