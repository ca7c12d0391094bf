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

from crmdesk.core.i18n import _
from crmdesk.core.store.models import WARRANTY_STATES

SOON_DAYS = 30  # "N days left" is shown, and a reminder planned, this many days before an end


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
    """The cover on ``on`` (default: today); see the module documentation for the rule. The label
    and the line are in the current language (the line names the dates: 在保（保修期至 2026-12-10，还剩
    20 天）, "In warranty (warranty until 2026-12-10, 20 days left)")."""
    day = on or dt.date.today()
    if contract_end is not None and day <= contract_end and (contract_start is None or contract_start <= day):
        label = WARRANTY_STATES["contract"]
        left = _left(contract_end, day)
        text = (_("{state} (contract {number}, until {end}{left})", state=label, number=contract_no,
                  end=_d(contract_end), left=left) if contract_no
                else _("{state} (until {end}{left})", state=label, end=_d(contract_end), left=left))
        return Warranty("contract", label, contract_end, text, day)
    if warranty_end is not None and day <= warranty_end:
        label = WARRANTY_STATES["warranty"]
        return Warranty("warranty", label, warranty_end, _("{state} (warranty until {end}{left})", state=label,
                                                           end=_d(warranty_end), left=_left(warranty_end, day)), day)
    label = WARRANTY_STATES["expired"]
    if warranty_end is not None or contract_end is not None:
        parts = [_("warranty until {end}", end=_d(warranty_end))] if warranty_end is not None else []
        if contract_end is not None:
            parts.append(_("maintenance contract ended {end}", end=_d(contract_end)) if contract_end < day
                         else _("maintenance contract from {start}", start=_d(contract_start)))
        text = (_("{state} ({warranty}, {contract})", state=label, warranty=parts[0], contract=parts[1])
                if len(parts) == 2 else _("{state} ({details})", state=label, details=parts[0]))
        return Warranty("expired", label, warranty_end, text, day)
    label = WARRANTY_STATES["unknown"]
    return Warranty("unknown", label, None, label, day)


def _left(end: dt.date, day: dt.date) -> str:
    left = (end - day).days
    return _(", {days} days left", days=left) if left <= SOON_DAYS else ""


def state_sql(day: str, alias: str = "e") -> str:
    """SQL giving :func:`status`'s state of machine ``alias`` on the date expression ``day``
    (ISO text, e.g. ``substr(t.created_at, 1, 10)``); dates are stored as ISO text."""
    e = alias
    return (f"CASE WHEN {e}.contract_end IS NOT NULL AND {day} <= {e}.contract_end "
            f"AND ({e}.contract_start IS NULL OR {e}.contract_start <= {day}) THEN 'contract' "
            f"WHEN {e}.warranty_end IS NOT NULL AND {day} <= {e}.warranty_end THEN 'warranty' "
            f"WHEN {e}.warranty_end IS NOT NULL OR {e}.contract_end IS NOT NULL THEN 'expired' "
            "ELSE 'unknown' END")
