"""Dialogs of the encryption key: the recovery code shown once, unlocking, a passphrase without key store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import secrets


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once on first run, with a printable sheet."""

    def __init__(self, code: str, db_path: Path, firm: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.db_path = db_path
        self.firm = firm
        self.setWindowTitle(self.tr("Recovery code"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Customers' mobiles, phones, e-mails, addresses, birthdays and confidential notes are stored encrypted. "
            "The key is kept in this computer's key store. To open a backup on another PC you will need this "
            "recovery code. It is shown only now: print it or write it down and keep it somewhere safe."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_label = QLabel(code)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(18)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(self.code_label.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(self.code_label)
        self.sheet_button = QPushButton(self.tr("Save recovery sheet (PDF) to print…"))
        self.sheet_button.clicked.connect(self._on_sheet_button_clicked)
        layout.addWidget(self.sheet_button)
        self.confirm_check = QCheckBox(self.tr("I have printed or written down the recovery code"))
        layout.addWidget(self.confirm_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.confirm_check.toggled.connect(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.resize(560, 320)

    def save_sheet(self, path: Path) -> Path:
        """Write the printable sheet (also used by tests)."""
        from crmdesk.io.recovery_sheet import write_recovery_sheet

        return write_recovery_sheet(path, self.code, firm=self.firm, database=str(self.db_path))

    def _on_sheet_button_clicked(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save recovery sheet"),
                                                str(Path.home() / "客户服务台-恢复码.pdf"), "PDF (*.pdf)")
        if target:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.save_sheet(Path(target)))))


class UnlockDialog(QDialog):
    """Asks for the recovery code or the passphrase of a database whose key is not on this PC."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open encrypted database"))
        layout = QVBoxLayout(self)
        text = QLabel(message)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.secret_edit = QLineEdit()
        self.secret_edit.setPlaceholderText(self.tr("Recovery code (XXXX-XXXX-…) or passphrase"))
        layout.addWidget(self.secret_edit)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, 200)

    def _on_accepted(self) -> None:
        try:
            secrets.unlock(secret=self.secret_edit.text().strip())
        except secrets.WrongKey as error:
            self.error_label.setText(error.message)
            self.error_label.show()
            return
        self.accept()


class NewPassphraseDialog(QDialog):
    """No key store on this PC: explain, and set a passphrase that wraps the key."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose a passphrase"))
        layout = QVBoxLayout(self)
        text = QLabel(message + "\n\n" + self.tr(
            "The passphrase will be asked for each time CRMDesk starts on this computer. At least 8 characters."))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.first_edit = QLineEdit()
        self.first_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.first_edit.setPlaceholderText(self.tr("Passphrase"))
        self.second_edit = QLineEdit()
        self.second_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.second_edit.setPlaceholderText(self.tr("Passphrase again"))
        layout.addWidget(self.first_edit)
        layout.addWidget(self.second_edit)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c0392b;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_value: secrets.UnlockResult | None = None
        self.resize(480, 260)

    def _on_accepted(self) -> None:
        first, second = self.first_edit.text(), self.second_edit.text()
        if len(first) < 8:
            self.error_label.setText(self.tr("The passphrase needs at least 8 characters."))
        elif first != second:
            self.error_label.setText(self.tr("The two passphrases differ."))
        else:
            self.result_value = secrets.unlock(new_passphrase=first)
            self.accept()
            return
        self.error_label.show()


def unlock_interactively(db_path: Path, *, show_windows: bool, parent: QWidget | None = None) -> bool:
    """Unlock the open database, asking the user where needed; False when they gave up."""
    try:
        result = secrets.unlock()
    except secrets.KeyStoreUnavailable as error:
        if not show_windows:
            raise
        if secrets.load_record() is None:
            dialog = NewPassphraseDialog(error.message, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
                return False
            result = dialog.result_value
        else:
            dialog = UnlockDialog(error.message, parent)
            return dialog.exec() == QDialog.DialogCode.Accepted
    except secrets.KeyMissing as error:
        if not show_windows:
            raise
        return UnlockDialog(error.message, parent).exec() == QDialog.DialogCode.Accepted
    show_recovery_code(result, db_path, show_windows=show_windows, parent=parent)
    return True


def show_recovery_code(result: secrets.UnlockResult, db_path: Path, *, show_windows: bool,
                       parent: QWidget | None = None) -> None:
    """Once, when the key was just created: the recovery code to write down (or print it)."""
    import sys

    from crmdesk.core import settings

    if not (result.created and result.recovery_code):
        return
    if show_windows:
        RecoveryCodeDialog(result.recovery_code, db_path, settings.get("firm_name"), parent).exec()
    else:
        print(f"recovery code (write it down, it is shown only once): {result.recovery_code}", file=sys.stderr)
