"""Named operations on follow-ups: plan, edit, complete, skip, move, delete, the capacities of the
plan, and the calendar export.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it. The current user is read
when the operation is built (on the GUI thread).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core.firm import staff
from crmdesk.core.followups import cadence
from crmdesk.core.followups import service as followups
from crmdesk.core.overview import Filter
from crmdesk.ui.operations.runner import Op, ReadOp


def save_followup(parent: QWidget | None, followup_id: int | None, data: followups.FollowUpInput) -> Op:
    """Plan a new follow-up (``followup_id`` None) or change one; the result is a ``followups.Saved``
    (with the day it moved to when the chosen day is not a working day)."""
    if followup_id is None:
        return Op(parent, lambda _ctx: followups.create(data))
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: followups.update(followup_id, data, operator=operator))


def complete_followup(parent: QWidget | None, followup_id: int, *, summary: str, feedback: str = "",
                      next_step: str = "", method: str | None = None,
                      next_plan: followups.FollowUpInput | None = None) -> Op:
    """Done: the interaction is written and, with ``next_plan``, the next follow-up planned."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: followups.complete(followup_id, summary=summary, feedback=feedback,
                                                      next_step=next_step, method=method, operator=operator,
                                                      next_plan=next_plan))


def skip_followup(parent: QWidget | None, followup_id: int, reason: str) -> Op:
    """Not done, with the reason (required)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: followups.skip(followup_id, reason, operator))


def reschedule_followup(parent: QWidget | None, followup_id: int, when: dt.date | dt.datetime) -> Op:
    """Move a follow-up to another day (a day off moves it to the next working day)."""
    return Op(parent, lambda _ctx: followups.reschedule(followup_id, when))


def delete_followup(parent: QWidget | None, followup_id: int) -> Op:
    """Move a follow-up to the recycle bin."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: followups.delete(followup_id, operator))


def save_capacities(parent: QWidget | None, default: int, by_staff: dict[int, int | None]) -> Op:
    """Store the follow-ups a person can do a day and re-plan the window within them."""
    return Op(parent, lambda _ctx: cadence.save_capacities(default, by_staff))


def export_calendar(parent: QWidget | None, path: Path, start: dt.date, end: dt.date, *, filters: Filter | None,
                    include_closed: bool = False) -> ReadOp:
    """Write the follow-ups of ``[start, end]`` to an ``.ics`` file; the result is the number written.
    A read of the database (on the reader thread)."""
    from crmdesk.io import ics  # start-up: the export code loads when first used

    return ReadOp(parent, lambda _ctx: ics.export(path, start, end, filters=filters, include_closed=include_closed))
