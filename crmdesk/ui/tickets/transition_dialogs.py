"""Small dialogs that ask for what a stage move needs, then make the move.

A card dropped on 分派 needs an assignee, on 反馈 a solution (and a root cause for a complaint),
on 分级 the classification, on 回访 the callback's survey (the callback dialog); a reopen asks why,
a pause what the ticket waits for. Each dialog runs its change as a named operation
(``crmdesk.ui.operations.tickets``) and stays open with the refused field marked when the core says
no, as the other forms of the app do. ``dialog_for`` picks the dialog a move needs (None: the move
needs nothing more). The dialogs are given the ticket in brief (``core.tickets.records.TicketBrief``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from crmdesk.core.firm import staff
from crmdesk.core.org import workload
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import PAUSE_REASONS, PRIORITIES, SEVERITIES, TICKET_CATEGORIES
from crmdesk.core.tickets import callbacks
from crmdesk.core.tickets.records import REDISPATCHABLE, REOPENABLE, TicketBrief
from crmdesk.ui import labels
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import tickets as tickets_ops
from crmdesk.ui.operations.runner import Op
from crmdesk.ui.tickets.callback_dialog import CallbackDialog
from crmdesk.ui.widgets import ErrorLine


class TransitionDialog(QDialog):
    """A form about one ticket whose Save runs one change; refusals are shown in the form."""

    def __init__(self, ticket: TicketBrief, title: str, button: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticket_id = ticket.id
        self.changes: Changes | None = None
        self.setWindowTitle(f"{title} — {ticket.number}")
        self.form = QFormLayout(self)
        summary = QLabel(f"<b>{ticket.number}</b>　{ticket.customer_name}")
        summary.setWordWrap(True)
        self.form.addRow(summary)
        self.fields: dict[str, QWidget] = {}  # core field name → the widget that holds it
        self.error_label = ErrorLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(button)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    def finish_form(self) -> None:
        """Put the error line and the buttons below the fields a subclass added."""
        self.form.addRow(self.error_label)
        self.form.addRow(self.buttons)

    def add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Add a row whose widget is marked when the core refuses the field ``name``."""
        self.form.addRow(label, widget)
        self.fields[name] = widget
        return widget

    def add_note(self, label: str, placeholder: str) -> QLineEdit:
        """The free note of the move (written to the ticket's history)."""
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(placeholder)
        self.add_field("note", label, self.note_edit)
        return self.note_edit

    def operation(self) -> Op:
        """The named operation of the change (built from the form as it is now)."""
        raise NotImplementedError

    def submit(self) -> None:
        """Run the change; close on success, mark the refused field otherwise."""
        clear_marks(self.fields.values())
        self.error_label.clear()
        op = self.operation()
        self.buttons.setEnabled(False)  # one change at a time, however often OK is pressed
        op.success(self._on_done).failure(self._on_failed).finally_(self._on_finished).run()

    def _on_done(self, changes: Any) -> None:
        self.changes = changes
        self.accept()

    def _on_finished(self) -> None:
        self.buttons.setEnabled(True)

    def _on_failed(self, error: KnownError) -> None:
        widget = self.fields.get(getattr(error, "field", ""))
        if widget is not None:
            mark_invalid(widget, error.message)
        self.error_label.show_error(error)


class AssigneeDialog(TransitionDialog):
    """分派 (or 改派 to someone else): who takes the ticket."""

    def __init__(self, ticket: TicketBrief, parent: QWidget | None = None) -> None:
        redispatch = ticket.stage in REDISPATCHABLE
        super().__init__(ticket, self.tr("Re-dispatch") if redispatch else self.tr("Dispatch"),
                         self.tr("Re-dispatch") if redispatch else self.tr("Dispatch"), parent)
        self.assignee_combo = QComboBox()
        others = [m for m in staff.active_staff() if not (redispatch and m.id == ticket.assignee_id)]
        for text, member_id in workload.picker_items(others):  # each person with their open work
            self.assignee_combo.addItem(text, member_id)
        index = self.assignee_combo.findData(ticket.assignee_id)
        if index >= 0:
            self.assignee_combo.setCurrentIndex(index)
        self.add_field("assignee", self.tr("Assignee"), self.assignee_combo)
        self.add_note(self.tr("Note"), self.tr("For the engineer (optional)"))
        self.finish_form()

    def operation(self) -> Op:
        return tickets_ops.dispatch_ticket(self, self.ticket_id, self.assignee_combo.currentData(),
                                           note=self.note_edit.text())


class ResolveDialog(TransitionDialog):
    """反馈: the solution told to the customer; a complaint's root cause; one-time resolution."""

    def __init__(self, ticket: TicketBrief, parent: QWidget | None = None) -> None:
        super().__init__(ticket, self.tr("Resolve"), self.tr("Resolve"), parent)
        self.solution_edit = QPlainTextEdit(ticket.solution)
        self.solution_edit.setPlaceholderText(self.tr("What was done, as told to the customer"))
        self.solution_edit.setMinimumHeight(90)
        self.add_field("solution", self.tr("Solution *"), self.solution_edit)
        self.root_cause_edit = QPlainTextEdit(ticket.root_cause)
        self.root_cause_edit.setMaximumHeight(70)
        self.complaint = ticket.category == "complaint"
        if self.complaint:
            self.add_field("root_cause", self.tr("Root cause *"), self.root_cause_edit)
        self.one_time_check = QCheckBox(self.tr("Resolved at the first attempt"))
        self.one_time_check.setChecked(ticket.reopen_count == 0 and ticket.redispatch_count == 0)
        self.form.addRow("", self.one_time_check)
        self.finish_form()

    def operation(self) -> Op:
        return tickets_ops.resolve_ticket(self, self.ticket_id, self.solution_edit.toPlainText(),
                                          root_cause=self.root_cause_edit.toPlainText() if self.complaint else "",
                                          one_time_resolved=self.one_time_check.isChecked())


class ClassifyDialog(TransitionDialog):
    """分级: confirm or change priority, category and a complaint's severity."""

    def __init__(self, ticket: TicketBrief, parent: QWidget | None = None) -> None:
        super().__init__(ticket, self.tr("Classify"), self.tr("Classify"), parent)
        self.priority_combo = self._combo([(labels.priority(k), k) for k in PRIORITIES], ticket.priority)
        self.category_combo = self._combo([(labels.category(k), k) for k in TICKET_CATEGORIES], ticket.category)
        # no silent 一般: a complaint without a severity must have one chosen (the core refuses "")
        self.severity_combo = self._combo([(self.tr("(choose)"), "")] + [(labels.severity(k), k) for k in SEVERITIES],
                                          ticket.severity)
        self.add_field("priority", self.tr("Priority"), self.priority_combo)
        self.add_field("category", self.tr("Category"), self.category_combo)
        self.severity_label = QLabel(self.tr("Complaint severity"))
        self.form.addRow(self.severity_label, self.severity_combo)
        self.fields["severity"] = self.severity_combo
        self.category_combo.currentIndexChanged.connect(self._on_category_combo_changed)
        self._on_category_combo_changed()
        self.finish_form()

    @staticmethod
    def _combo(items: list[tuple[str, str]], current: str) -> QComboBox:
        combo = QComboBox()
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    def _on_category_combo_changed(self, *_args) -> None:
        complaint = self.category_combo.currentData() == "complaint"
        self.severity_label.setVisible(complaint)
        self.severity_combo.setVisible(complaint)

    def operation(self) -> Op:
        category = self.category_combo.currentData()
        return tickets_ops.classify_ticket(
            self, self.ticket_id, priority=self.priority_combo.currentData(), category=category,
            severity=self.severity_combo.currentData() if category == "complaint" else "")


class PauseDialog(TransitionDialog):
    """挂起: what the ticket waits for; its resolution clock stops until it is resumed."""

    def __init__(self, ticket: TicketBrief, parent: QWidget | None = None) -> None:
        super().__init__(ticket, self.tr("Pause"), self.tr("Pause"), parent)
        self.reason_combo = QComboBox()
        for key in PAUSE_REASONS:
            self.reason_combo.addItem(labels.pause_reason(key), key)
        self.add_field("pause_reason", self.tr("Waiting for"), self.reason_combo)
        self.add_note(self.tr("Note"), self.tr("E.g. the part ordered, the information asked for"))
        self.form.addRow(QLabel(self.tr("The resolution clock stops until the ticket is resumed.")))
        self.finish_form()

    def operation(self) -> Op:
        return tickets_ops.pause_ticket(self, self.ticket_id, self.reason_combo.currentData(),
                                        note=self.note_edit.text())


class ReopenDialog(TransitionDialog):
    """反馈/回访 → 处理: the problem came back (counted as a reopen)."""

    def __init__(self, ticket: TicketBrief, parent: QWidget | None = None) -> None:
        super().__init__(ticket, self.tr("Reopen"), self.tr("Reopen"), parent)
        self.add_note(self.tr("Reason"), self.tr("What came back (optional)"))
        self.form.addRow(QLabel(self.tr("The ticket goes back to “In progress”; the reopen is counted.")))
        self.finish_form()

    def operation(self) -> Op:
        return tickets_ops.reopen_ticket(self, self.ticket_id, note=self.note_edit.text())


def dialog_for(ticket: TicketBrief, target: str, parent: QWidget | None = None) -> QDialog | None:
    """The dialog a move of ``ticket`` to ``target`` needs, or None when the move needs nothing more
    (回访 is the callback's survey: the callback dialog, when a callback is still to be done)."""
    if target == "callback" and ticket.stage == "resolved":
        callback_id = callbacks.open_callback(ticket.id)
        if callback_id is None:
            return None  # the move itself explains

        return CallbackDialog(callback_id, parent)
    if target == "dispatched":
        return AssigneeDialog(ticket, parent)
    if target == "resolved":
        return ResolveDialog(ticket, parent)
    if target == "classified":
        return ClassifyDialog(ticket, parent)
    if target == "in_progress" and ticket.stage in REOPENABLE:
        return ReopenDialog(ticket, parent)
    return None
