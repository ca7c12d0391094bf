"""The number to dial, for the person who must call: a contact, the full number and a one-click copy.

Lists show masked mobiles (docs/spec.md §2); the dialogs of a call (回访, 完成跟进, 记录通话) show the full
number of the contact to call instead, because the clerk has to dial it. Showing it is a reveal of
personal data, so each contact shown is written to the audit log once, with the purpose.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from crmdesk.core.customers import privacy
from crmdesk.ui.operations import customers as customers_ops


def readable(mobile: str) -> str:
    """A mobile as it is read out and dialled: ``13851230001`` → ``138 5123 0001``."""
    return f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}" if len(mobile) == 11 and mobile.isdigit() else mobile


class DialPanel(QWidget):
    """Whom to call (a choice when the customer has several contacts) and the number, with 复制."""

    def __init__(self, customer_id: int, purpose: str, contact_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.purpose = purpose
        self.revealed: set[int] = set()
        self.contacts = privacy.dialable(customer_id)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.contact_combo = QComboBox()
        self.contact_combo.setProperty("discard_ignore", True)  # whom to call is not typed content
        for contact in self.contacts:
            self.contact_combo.addItem(contact.name + (f"（{contact.title}）" if contact.title else ""),
                                       contact.contact_id)
        self.number_label = QLabel()
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy number"))
        self.copy_button.setToolTip(self.tr("Copy the number to dial it from a softphone or a mobile"))
        self.copy_button.clicked.connect(self.copy)
        self._copied_timer = QTimer(self)  # "已复制" for a moment, then the button's own text again
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(2000)
        self._copied_timer.timeout.connect(lambda: self.copy_button.setText(self.tr("Copy number")))
        layout.addWidget(self.contact_combo)
        layout.addWidget(self.number_label, 1)
        layout.addWidget(self.copy_button)
        self.contact_combo.setVisible(len(self.contacts) > 1)
        if not self.contacts:
            self.number_label.setText(self.tr("(no contact with a number)"))
            self.number_label.setFont(self.font())
            self.copy_button.setEnabled(False)
        index = self.contact_combo.findData(contact_id) if contact_id is not None else -1
        self.contact_combo.setCurrentIndex(max(index, 0))
        self.contact_combo.currentIndexChanged.connect(self._show)
        self._show()

    def current(self) -> privacy.Dialable | None:
        """The contact shown."""
        index = self.contact_combo.currentIndex()
        return self.contacts[index] if 0 <= index < len(self.contacts) else None

    def number(self) -> str:
        """The number copied: the mobile, else the landline."""
        contact = self.current()
        return "" if contact is None else contact.mobile or contact.phone

    def _show(self, *_args) -> None:
        contact = self.current()
        if contact is None:
            return
        numbers = [readable(contact.mobile), contact.phone]
        text = "　".join(n for n in numbers if n) or self.tr("(no number)")
        self.number_label.setText(text if len(self.contacts) > 1 else f"{contact.name}　{text}")
        self.copy_button.setEnabled(bool(self.number()))
        if self.number() and contact.contact_id not in self.revealed:
            self.revealed.add(contact.contact_id)
            self._log_reveal(contact)

    def _log_reveal(self, contact: privacy.Dialable) -> None:
        what = self.tr("the number of %1 (%2)").replace("%1", contact.name).replace("%2", self.purpose)
        customers_ops.record_reveal(self, self.customer_id, what).run()

    def copy(self) -> None:
        """Put the number on the clipboard (digits only, as a phone wants it)."""
        QApplication.clipboard().setText(self.number())
        self.copy_button.setText(self.tr("Copied"))
        self._copied_timer.start()
