"""Named reads of the window's overview: the numbers in the status bar, Today's capacity notice.

They run on the reader thread (``ReadOp``): on the reference data they are scans of the
customers and tickets that the window's first paint need not wait for (docs/spec.md §9 start-up).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from crmdesk.core import overview
from crmdesk.ui.operations.runner import ReadOp


def status_counts(parent: QWidget | None) -> ReadOp:
    """Active customers, open tickets and follow-ups due today; the result is an ``overview.Counts``."""
    return ReadOp(parent, lambda _ctx: overview.counts())


def capacity_warning(parent: QWidget | None, day: dt.date) -> ReadOp:
    """The policy's demand against the team's capacity on ``day``: the warning line, or "" when it
    fits (one scan of the customers: on the reader thread, Today is painted without waiting)."""
    return ReadOp(parent, lambda _ctx: _demand_warning(day))


def _demand_warning(day: dt.date) -> str:
    from crmdesk.core.followups import planner  # start-up: loads on the reader thread, after the first paint

    return planner.demand(day).warning()
