"""The tier policy table (客户层级政策): thresholds, service times, cadence and survey questions per tier."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from crmdesk.core.firm import settings
from crmdesk.core.store.models import TierPolicy

TIER_ORDER = ["strategic", "core", "ordinary", "dormant"]


# -- the tier policy table --------------------------------------------------------------------


@dataclass
class PolicyRow:
    """One editable row of the tier policy table."""

    tier: str
    min_annual_fen: int | None
    min_coop_months: int | None
    response_hours: dict[str, float]
    cadence: list[dict[str, object]]
    questionnaire: list[str]
    resolution_hours: dict[str, float] = field(default_factory=dict)  # {priority: hours}; empty: the defaults


def policy() -> list[PolicyRow]:
    """The tier policy table in tier order."""
    settings.ensure_tier_policy()
    rows = {p.tier: p for p in TierPolicy.select()}
    return [PolicyRow(t, rows[t].min_annual_fen, rows[t].min_coop_months, json.loads(rows[t].response_hours or "{}"),
                      json.loads(rows[t].cadence or "[]"), json.loads(rows[t].questionnaire or "[]"),
                      json.loads(rows[t].resolution_hours or "{}"))
            for t in TIER_ORDER if t in rows]
