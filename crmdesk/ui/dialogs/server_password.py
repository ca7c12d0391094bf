"""The password of the company server, asked when this PC's key store has none or the server refused it.

What is typed goes to the caller only: it is tried, then kept in the OS key store
(``core.store.server.remember_password``) — never in a file, the settings or the database.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from crmdesk.core.store import server


class ServerPasswordDialog(QDialog):
    """Asks for the password of ``target``'s user, saying why (``reason``: the server's refusal)."""

    def __init__(self, target: server.ServerTarget, reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password of the company server"))
        layout = QVBoxLayout(self)
        ask = QLabel(self.tr("The password of %1 on the server %2 (database %3):")
                     .replace("%1", target.user).replace("%2", target.host).replace("%3", target.dbname))
        ask.setWordWrap(True)
        layout.addWidget(ask)
        if reason:
            self.reason_label = QLabel(reason)
            self.reason_label.setWordWrap(True)
            layout.addWidget(self.reason_label)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password_edit)
        self.show_check = QCheckBox(QCoreApplication.translate("UnlockDialog", "Show what I type"))
        self.show_check.toggled.connect(lambda on: self.password_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        layout.addWidget(self.show_check)
        note = QLabel(self.tr("CRMDesk keeps it in this PC's key store (the system's credential manager), never in a "
                              "file or the database, and does not ask again until it changes."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.password_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        self.setMinimumWidth(480)
        # wrapped texts: the height they need at this width (a dialog's default leaves them overlapping)
        self.setMinimumHeight(layout.totalHeightForWidth(480) if layout.hasHeightForWidth()
                              else self.sizeHint().height())

    def _on_accepted(self) -> None:
        if self.password_edit.text():
            self.accept()

    def password(self) -> str:
        """What was typed (exactly: a password may begin or end with a space)."""
        return self.password_edit.text()


def ask_password(target: server.ServerTarget, reason: str = "", parent: QWidget | None = None) -> str | None:
    """The password typed for ``target``, or ``None`` when the user cancelled."""
    dialog = ServerPasswordDialog(target, reason, parent)
    return dialog.password() if dialog.exec() == QDialog.DialogCode.Accepted else None
