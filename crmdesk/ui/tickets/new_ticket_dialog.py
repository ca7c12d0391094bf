"""新建工单: register a ticket for a customer (from the registry's context menu or the dossier).

The full ticket form with history, knowledge-base suggestions and stage actions belongs to the
ticket board; this dialog takes what the clerk hears on the phone and hands it to
``core.tickets.create``, which numbers the ticket and sets its SLA dues.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from crmdesk.core import staff, tickets
from crmdesk.core.errors import KnownError
from crmdesk.core.models import Contact, Customer
from crmdesk.ui import labels
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import Op

CHANNELS = ("phone", "email", "online", "wechat", "onsite", "other")
SEVERITIES = ("minor", "serious", "critical")


class NewTicketDialog(QDialog):
    """Channel, category, priority (severity for complaints), description, contact and assignee."""

    def __init__(self, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        customer = Customer.get_by_id(customer_id)
        self.customer_id = customer_id
        self.created: tickets.Created | None = None
        self.setWindowTitle(self.tr("New ticket — %1").replace("%1", f"{customer.code} {customer.name}"))
        form = QFormLayout(self)
        self.contact_combo = QComboBox()
        self.contact_combo.addItem(self.tr("(none)"), None)
        for contact in Contact.select().where((Contact.customer == customer_id) & Contact.deleted_at.is_null()) \
                .order_by(Contact.is_primary.desc(), Contact.id):
            self.contact_combo.addItem(contact.name + (f"（{contact.title}）" if contact.title else ""), contact.id)
        if self.contact_combo.count() > 1:
            self.contact_combo.setCurrentIndex(1)
        self.channel_combo = QComboBox()
        channel_names = {"phone": self.tr("Phone"), "email": self.tr("E-mail"), "online": self.tr("Online"),
                         "wechat": self.tr("WeChat"), "onsite": self.tr("On site"), "other": self.tr("Other")}
        for key in CHANNELS:
            self.channel_combo.addItem(channel_names[key], key)
        self.category_combo = QComboBox()
        for key in ("fault", "usage", "complaint", "suggestion", "other"):
            self.category_combo.addItem(labels.category(key), key)
        self.priority_combo = QComboBox()
        for key in ("urgent", "important", "normal"):
            self.priority_combo.addItem(labels.priority(key), key)
        self.priority_combo.setCurrentIndex(2)
        self.severity_combo = QComboBox()
        severity_names = {"minor": self.tr("Minor"), "serious": self.tr("Serious"), "critical": self.tr("Critical")}
        for key in SEVERITIES:
            self.severity_combo.addItem(severity_names[key], key)
        self.severity_label = QLabel(self.tr("Complaint severity"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setPlaceholderText(self.tr("What the customer reports, in their words"))
        self.assignee_combo = QComboBox()
        self.assignee_combo.addItem(self.tr("(dispatch later)"), None)
        for member in staff.active_staff():
            self.assignee_combo.addItem(member.name, member.id)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form.addRow(self.tr("Contact"), self.contact_combo)
        form.addRow(self.tr("Channel"), self.channel_combo)
        form.addRow(self.tr("Category"), self.category_combo)
        form.addRow(self.severity_label, self.severity_combo)
        form.addRow(self.tr("Priority"), self.priority_combo)
        form.addRow(self.tr("Description *"), self.description_edit)
        form.addRow(self.tr("Assignee"), self.assignee_combo)
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.category_combo.currentIndexChanged.connect(self._on_category_combo_changed)
        self._on_category_combo_changed()
        self.resize(520, 420)

    def _on_category_combo_changed(self, *_args) -> None:
        complaint = self.category_combo.currentData() == "complaint"
        self.severity_combo.setVisible(complaint)
        self.severity_label.setVisible(complaint)

    def save(self) -> None:
        """Create the ticket in the background; a refused field is marked with its reason."""
        clear_marks([self.description_edit])
        values = dict(description=self.description_edit.toPlainText(), category=self.category_combo.currentData(),
                      priority=self.priority_combo.currentData(), channel=self.channel_combo.currentData(),
                      severity=self.severity_combo.currentData() if self.category_combo.currentData() == "complaint" else "",
                      contact_id=self.contact_combo.currentData(), assignee_id=self.assignee_combo.currentData(),
                      operator=staff.current_operator())
        customer_id = self.customer_id
        Op(self, lambda ctx: tickets.create(customer_id, **values)).success(self._on_created) \
            .failure(self._on_failed).run()

    def _on_created(self, created: tickets.Created) -> None:
        self.created = created
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            raise error
        if getattr(error, "field", "") == "description":
            mark_invalid(self.description_edit, error.message)
        self.error_label.setText(error.message)
        self.error_label.show()


__all__ = ["NewTicketDialog"]
