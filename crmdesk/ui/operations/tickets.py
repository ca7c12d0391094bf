"""Named operations on tickets: the board's moves, the ticket form's steps, callbacks, the sheet and
the knowledge base.

Each function takes the widget that asks (``parent``) and returns an operation that is not yet
running; the widget adds what it does with the outcome and runs it::

    tickets_ops.move_ticket(self, ticket_id, "in_progress").success(self._on_moved).run()

The current user is read when the operation is built (on the GUI thread) and written to the
history as the operator of the change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from crmdesk.core.firm import staff
from crmdesk.core.tickets import callbacks, knowledge
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets.form import StepRequest, perform
from crmdesk.ui.operations.runner import Op


def move_ticket(parent: QWidget | None, ticket_id: int, stage: str, *, seen_stage: str | None = None) -> Op:
    """Move a ticket to ``stage`` when the move needs nothing more (a plain drop on the board);
    ``seen_stage``: the stage the board showed (moved meanwhile by another PC: a ``ConflictError``)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tickets.move(ticket_id, stage, operator=operator, seen_stage=seen_stage))


def dispatch_ticket(parent: QWidget | None, ticket_id: int, assignee_id: int | None, *, note: str = "") -> Op:
    """分派 (or 改派 to another person)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tickets.dispatch(ticket_id, assignee_id, operator=operator, note=note))


def resolve_ticket(parent: QWidget | None, ticket_id: int, solution: str, *, root_cause: str = "",
                   one_time_resolved: bool | None = None) -> Op:
    """反馈: the solution told to the customer; plans the callback."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tickets.resolve(ticket_id, solution, root_cause=root_cause,
                                                   one_time_resolved=one_time_resolved, operator=operator))


def classify_ticket(parent: QWidget | None, ticket_id: int, *, priority: str, category: str, severity: str) -> Op:
    """分级: priority, category and a complaint's severity."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tickets.classify(ticket_id, priority=priority, category=category,
                                                    severity=severity, operator=operator))


def pause_ticket(parent: QWidget | None, ticket_id: int, reason: str, *, note: str = "") -> Op:
    """挂起: the resolution clock stops until the ticket is resumed."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tickets.pause(ticket_id, reason, operator=operator, note=note))


def resume_ticket(parent: QWidget | None, ticket_id: int) -> Op:
    """End a pause: the due time moves on by the paused working time."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tickets.resume(ticket_id, operator=operator))


def reopen_ticket(parent: QWidget | None, ticket_id: int, *, note: str = "") -> Op:
    """反馈/回访 → 处理: the problem came back (counted)."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: tickets.reopen(ticket_id, operator=operator, note=note))


def run_form_step(parent: QWidget | None, request: StepRequest) -> Op:
    """The ticket form's button: save its edits and make the step in one transaction; the result is a
    ``core.tickets.form.StepOutcome``."""
    return Op(parent, lambda _ctx: perform(request))


def record_callback(parent: QWidget | None, followup_id: int, scores: dict[str, int] | None, *, comment: str,
                    reached: bool, method: str) -> Op:
    """One try of a ticket's callback: reached with the scores, or not reached."""
    operator = staff.current_operator()
    return Op(parent, lambda _ctx: callbacks.record_callback(followup_id, scores, comment, reached, operator,
                                                             method=method))


def print_ticket_sheet(parent: QWidget | None, ticket_id: int, out: Path) -> Op:
    """Write the 服务工单 PDF to ``out``; the result is the path. A write: it logs the reveal of the
    customer's details in the audit log."""
    from crmdesk.io.pdf.ticket_sheet import write_ticket_sheet  # start-up: reportlab loads when first printed

    operator = staff.current_operator()
    return Op(parent, lambda _ctx: write_ticket_sheet(ticket_id, out, operator=operator))


def save_article(parent: QWidget | None, article_id: int | None, *, title: str, problem: str, solution: str,
                 keywords: str, category: str) -> Op:
    """Create (``article_id`` None) or update a knowledge-base article; the result is its id."""
    def work(_ctx) -> int:
        if article_id is None:
            return knowledge.create_article(title, problem, solution, keywords=keywords, category=category).article_id
        knowledge.update_article(article_id, title=title, problem=problem, solution=solution, keywords=keywords,
                                 category=category)
        return article_id

    return Op(parent, work)


def delete_article(parent: QWidget | None, article_id: int) -> Op:
    """Hide a knowledge-base article."""
    return Op(parent, lambda _ctx: knowledge.delete_article(article_id))
