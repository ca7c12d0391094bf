"""What the ticket form shows about a ticket besides its fields: the times line, the history
rows and how its callback stands. Plain functions over core reads, so the form stays a form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from crmdesk.core.store.models import Ticket
from crmdesk.core.tickets import callbacks
from crmdesk.core.tickets.records import OPEN_STAGES, HistoryLine
from crmdesk.ui import labels, theme

_MOVES = ("transition", "reopen", "redispatch")
translate = QCoreApplication.translate  # lupdate reads translate("ticket_view", "…")


def _when(value: dt.datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def _late(text: str) -> str:
    return theme.span(text, theme.ERROR)


def times_html(ticket: Ticket, now: dt.datetime | None = None) -> str:
    """Created, response and resolution dues (red once breached), resolution, counters."""
    now = now or dt.datetime.now()
    parts = [translate("ticket_view", "Created %1").replace("%1", _when(ticket.created_at))]
    if ticket.first_response_at:
        parts.append(translate("ticket_view", "first response %1").replace("%1", _when(ticket.first_response_at)))
    elif ticket.response_due:
        text = translate("ticket_view", "response due %1").replace("%1", _when(ticket.response_due))
        parts.append(_late(text) if ticket.response_due < now else text)
    if ticket.resolved_at:
        text = translate("ticket_view", "resolved %1").replace("%1", _when(ticket.resolved_at))
        late = ticket.resolution_due is not None and ticket.resolved_at > ticket.resolution_due
        parts.append(_late(text + " " + translate("ticket_view", "(late)")) if late else text)
    elif ticket.resolution_due:
        text = translate("ticket_view", "resolution due %1").replace("%1", _when(ticket.resolution_due))
        late = ticket.stage in OPEN_STAGES and not ticket.paused and ticket.resolution_due < now
        parts.append(_late(text + " " + translate("ticket_view", "(overdue)")) if late else text)
    if ticket.paused_seconds:
        parts.append(translate("ticket_view", "clock paused %1 h").replace("%1", f"{ticket.paused_seconds / 3600:.1f}"))
    if ticket.reopen_count:
        parts.append(translate("ticket_view", "reopened %1×").replace("%1", str(ticket.reopen_count)))
    if ticket.redispatch_count:
        parts.append(translate("ticket_view", "re-dispatched %1×").replace("%1", str(ticket.redispatch_count)))
    if ticket.satisfaction is not None:
        parts.append(translate("ticket_view", "satisfaction %1/5").replace("%1", str(ticket.satisfaction)))
    return " · ".join(parts)


def step_text(line: HistoryLine) -> str:
    """The "step" column of a history line: the move, or what kind of line it is."""
    if line.kind in _MOVES and line.to_stage and line.from_stage != line.to_stage:
        move = labels.stage(line.to_stage) if not line.from_stage else \
            f"{labels.stage(line.from_stage)} → {labels.stage(line.to_stage)}"
        return move if line.kind == "transition" else f"{labels.event_kind(line.kind)}：{move}"
    return labels.event_kind(line.kind)


def history_rows(lines: list[HistoryLine]) -> list[list[str]]:
    """Rows of the history table (time, operator, step, note), newest first."""
    return [[_when(line.at), line.operator, step_text(line), line.note] for line in reversed(lines)]


def callback_status(ticket_id: int) -> str:
    """How the ticket's callback stands, or "" when it has none."""
    followup = callbacks.last_callback(ticket_id)
    if followup is None:
        return ""
    if followup.status == "planned":
        limit = callbacks.max_tries()
        return translate("ticket_view", "Callback due %1 (try %2 of %3).").replace("%1", _when(followup.due_at)) \
            .replace("%2", str(followup.attempts + 1)).replace("%3", str(limit))
    if followup.status == "done":
        return translate("ticket_view", "Callback done %1.").replace("%1", _when(followup.done_at))
    if followup.skip_reason == callbacks.UNREACHABLE:
        text = translate("ticket_view", "Callback closed as unreachable after %1 tries.")
        return text.replace("%1", str(followup.attempts))
    return translate("ticket_view", "Callback closed: %1").replace("%1", followup.skip_reason)
