"""记录通话: log a call (or another interaction) with a customer in one small dialog.

With ``followup_id`` it completes that planned follow-up instead (``core.followups.service.complete``):
the interaction is written, the follow-up is done, and the next follow-up can be planned in
the same step.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from crmdesk.core.firm import staff, workcal
from crmdesk.core.followups import service as followups
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import labels
from crmdesk.ui.dial_panel import DialPanel
from crmdesk.ui.form_dialog import FormDialog
from crmdesk.ui.operations import customers as customers_ops
from crmdesk.ui.operations import followups as followups_ops
from crmdesk.ui.widgets import ErrorLine, from_qdatetime, to_qdatetime


class LogCallDialog(FormDialog):
    """Method, summary, customer feedback and next step (and, for a follow-up, the next one)."""

    def __init__(self, customer_id: int, customer_label: str, parent: QWidget | None = None, *,
                 followup_id: int | None = None, method: str | None = None, purpose: str = "",
                 contact_id: int | None = None) -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.followup_id = followup_id
        title = self.tr("Complete follow-up — %1") if followup_id is not None else self.tr("Log a call — %1")
        self.setWindowTitle(title.replace("%1", customer_label))
        form = QFormLayout(self)
        self.method_combo = QComboBox()
        for key in ("phone", "visit", "email", "wechat", "sms"):
            self.method_combo.addItem(labels.method(key), key)
        if method is not None:
            self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(method)))
        self.summary_edit = QPlainTextEdit()
        self.feedback_edit = QLineEdit()
        self.next_step_edit = QLineEdit()
        self.error_label = ErrorLine()
        if purpose:
            form.addRow(self.tr("Purpose"), QLabel(purpose))
        # whom to call, with the full number (the call is the reason to see it; logged as a reveal)
        reason = (self.tr("follow-up: %1").replace("%1", purpose or customer_label) if followup_id is not None
                  else self.tr("logging a call"))
        self.dial = DialPanel(customer_id, reason, contact_id, self)
        form.addRow(self.tr("Call"), self.dial)
        form.addRow(self.tr("Method"), self.method_combo)
        form.addRow(self.tr("Summary *"), self.summary_edit)
        form.addRow(self.tr("Customer feedback"), self.feedback_edit)
        form.addRow(self.tr("Next step"), self.next_step_edit)
        self.next_check = QCheckBox(self.tr("Plan the next follow-up"))
        self.next_due_edit = QDateTimeEdit()
        self.next_due_edit.setCalendarPopup(True)
        self.next_due_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.next_purpose_edit = QLineEdit(purpose)
        if followup_id is not None:
            next_day = workcal.current().working_day_after(dt.date.today(), 5)
            self.next_due_edit.setDateTime(to_qdatetime(dt.datetime.combine(next_day, dt.time(10, 0))))
            row = QHBoxLayout()
            row.addWidget(self.next_due_edit)
            row.addWidget(self.next_purpose_edit, 1)
            form.addRow(self.next_check)
            form.addRow(self.tr("Next follow-up"), row)
            self.next_check.toggled.connect(self._on_next_check_toggled)
            self._on_next_check_toggled(False)
        form.addRow(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 380)

    def _on_next_check_toggled(self, checked: bool) -> None:
        self.next_due_edit.setEnabled(checked)
        self.next_purpose_edit.setEnabled(checked)

    def save(self) -> None:
        """Write the interaction (completing the follow-up, if any) in the background."""
        operator = staff.current_operator()
        method = self.method_combo.currentData()
        summary = self.summary_edit.toPlainText()
        feedback, next_step = self.feedback_edit.text(), self.next_step_edit.text()
        if self.followup_id is None:
            contact = self.dial.current()
            customers_ops.log_interaction(self, self.customer_id, summary=summary, method=method, feedback=feedback,
                                          next_step=next_step,
                                          contact_id=contact.contact_id if contact is not None else None) \
                .success(lambda _r: self.accept()).failure(self._on_failed).run()
            return

        plan = None
        if self.next_check.isChecked():
            plan = followups.FollowUpInput(customer_id=self.customer_id,
                                           due_at=from_qdatetime(self.next_due_edit.dateTime()), method=method,
                                           purpose=self.next_purpose_edit.text(),
                                           assignee_id=operator.id if operator else None)
        followups_ops.complete_followup(self, self.followup_id, summary=summary, feedback=feedback,
                                        next_step=next_step, method=method, next_plan=plan) \
            .success(lambda _r: self.accept()).failure(self._on_failed).run()

    def _on_failed(self, error: KnownError) -> None:
        self.error_label.show_error(error)
