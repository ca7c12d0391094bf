"""What the tier policy asks: each tier's cadence lines, and the customers a cadence plans for.

The cadence (``core.followups.cadence``) plans these lines as follow-ups; the planner
(``core.followups.planner``) measures them against the team's capacity. Both read them here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from crmdesk.core.firm import tier_policy

# customers the cadence plans for: live, not merged, not erased (SQL on ``customer c``)
ELIGIBLE = "c.status = 'active' AND c.deleted_at IS NULL AND c.merged_into_id IS NULL AND c.erased_at IS NULL"


@dataclass(frozen=True)
class Line:
    """One cadence line of a tier."""

    method: str
    purpose: str
    every_days: int
    number: int  # position in the tier's list (spreads a customer's lines apart)

    @property
    def signature(self) -> str:
        """A short stable id of the line: a changed purpose or period makes new keys."""
        text = f"{self.method}|{self.purpose}|{self.every_days}"
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def tier_lines() -> dict[str, list[Line]]:
    """The cadence of each tier from the tier policy table."""
    out: dict[str, list[Line]] = {}
    for row in tier_policy.policy():
        lines = []
        for number, item in enumerate(row.cadence):
            every = int(str(item.get("every_days") or 0))
            if every >= 1 and item.get("purpose"):
                lines.append(Line(str(item.get("method") or "phone"), str(item["purpose"]), every, number))
        out[row.tier] = lines
    return out
