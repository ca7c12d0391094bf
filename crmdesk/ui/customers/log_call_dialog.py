"""记录通话: log a call (or another interaction) with a customer in one small dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from crmdesk.core import interactions, staff
from crmdesk.core.errors import KnownError
from crmdesk.ui import labels
from crmdesk.ui.operations import Op


class LogCallDialog(QDialog):
    """Method, summary, customer feedback and next step."""

    def __init__(self, customer_id: int, customer_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("Log a call — %1").replace("%1", customer_label))
        form = QFormLayout(self)
        self.method_combo = QComboBox()
        for key in ("phone", "visit", "email", "wechat", "sms"):
            self.method_combo.addItem(labels.method(key), key)
        self.summary_edit = QPlainTextEdit()
        self.feedback_edit = QLineEdit()
        self.next_step_edit = QLineEdit()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        form.addRow(self.tr("Method"), self.method_combo)
        form.addRow(self.tr("Summary *"), self.summary_edit)
        form.addRow(self.tr("Customer feedback"), self.feedback_edit)
        form.addRow(self.tr("Next step"), self.next_step_edit)
        form.addRow(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, 320)

    def save(self) -> None:
        """Write the interaction in the background."""
        operator = staff.current_operator()
        method = self.method_combo.currentData()
        summary = self.summary_edit.toPlainText()
        feedback, next_step = self.feedback_edit.text(), self.next_step_edit.text()
        Op(self, lambda ctx: interactions.log(self.customer_id, summary=summary, method=method, feedback=feedback,
                                              next_step=next_step, staff=operator)) \
            .success(lambda _r: self.accept()).failure(self._on_failed).run()

    def _on_failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            raise error
        self.error_label.setText(error.message)
        self.error_label.show()
