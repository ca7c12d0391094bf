"""Dialogs of the encryption key: the recovery code shown once, unlocking, a passphrase without key store.

They unlock through the open session (``core.session``), so the window's key goes through the
same steps as every command's: quick check first, key created under the writer lock.
Typed codes and passphrases are hidden (a box shows them on demand).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import session
from crmdesk.core.firm import settings
from crmdesk.core.safety import secrets
from crmdesk.io.pdf.recovery_sheet import write_recovery_sheet
from crmdesk.ui.widgets import ErrorLine


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once on first run, with a printable sheet.

    ``in_keystore`` says where the key really is on this PC: the system key store, or only
    wrapped under the passphrase (no key store here), and the text says so.
    """

    def __init__(self, code: str, db_path: Path, firm: str = "", parent: QWidget | None = None, *,
                 in_keystore: bool = True) -> None:
        super().__init__(parent)
        self.code = code
        self.db_path = db_path
        self.firm = firm
        self.in_keystore = in_keystore
        self.setWindowTitle(self.tr("Recovery code"))
        layout = QVBoxLayout(self)
        where = (self.tr("The key is kept in this computer's key store.") if in_keystore else self.tr(
            "This computer has no key store: the key is kept only under the passphrase you chose, which CRMDesk "
            "asks for at each start."))
        parts = [self.tr(
            "Customers' mobiles, phones, e-mails, WeChat IDs, addresses, birthdays and confidential notes are stored "
            "encrypted."), where, self.tr(
            "To open a backup on another PC, or if the passphrase is forgotten, you will need this recovery code. "
            "It is shown only now: print it or write it down and keep it somewhere safe.")]
        # sentences: a space between English ones, none after a Chinese full stop
        intro = QLabel("".join(p + ("" if p.endswith("。") else " ") for p in parts).strip())
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
        self.resize(560, 340)

    def save_sheet(self, path: Path) -> Path:
        """Write the printable sheet (also used by tests)."""
        return write_recovery_sheet(path, self.code, firm=self.firm, database=str(self.db_path),
                                    in_keystore=self.in_keystore)

    def _on_sheet_button_clicked(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save recovery sheet"),
                                                str(Path.home() / "客户服务台-恢复码.pdf"), "PDF (*.pdf)")
        if target:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.save_sheet(Path(target)))))


Unlock = Callable[..., secrets.UnlockResult]


def _default_unlock() -> Unlock:
    """The open session's unlock (``core.session``), else the bare one (tests, tools)."""
    opened = session.current()
    return opened.unlock if opened is not None else secrets.unlock


def _secret_edit(placeholder: str) -> tuple[QLineEdit, QCheckBox]:
    """A line edit that hides what is typed, with a "show" box beside it (codes typed from paper)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    show = QCheckBox(QCoreApplication.translate("UnlockDialog", "Show what I type"))
    show.toggled.connect(lambda on: edit.setEchoMode(QLineEdit.EchoMode.Normal if on
                                                     else QLineEdit.EchoMode.Password))
    return edit, show


class UnlockDialog(QDialog):
    """Asks for the recovery code or the passphrase of a database whose key is not on this PC."""

    def __init__(self, message: str, parent: QWidget | None = None, *, unlock: Unlock | None = None) -> None:
        super().__init__(parent)
        self._unlock = unlock or _default_unlock()
        self.setWindowTitle(self.tr("Open encrypted database"))
        layout = QVBoxLayout(self)
        text = QLabel(message)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.secret_edit, self.show_check = _secret_edit(self.tr("Recovery code (XXXX-XXXX-…) or passphrase"))
        layout.addWidget(self.secret_edit)
        layout.addWidget(self.show_check)
        self.error_label = ErrorLine()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, 220)

    def _on_accepted(self) -> None:
        try:
            self._unlock(secret=self.secret_edit.text().strip())
        except secrets.WrongKey as error:
            self.error_label.show_error(error)
            return
        self.accept()


class NewPassphraseDialog(QDialog):
    """No key store on this PC: explain, and set a passphrase that wraps the key."""

    def __init__(self, message: str, parent: QWidget | None = None, *, unlock: Unlock | None = None) -> None:
        super().__init__(parent)
        self._unlock = unlock or _default_unlock()
        self.setWindowTitle(self.tr("Choose a passphrase"))
        layout = QVBoxLayout(self)
        text = QLabel(message + "\n\n" + self.tr(
            "The passphrase will be asked for each time CRMDesk starts on this computer. At least %1 characters; "
            "the same minimum applies to CRMDESK_PASSPHRASE for scheduled tasks.").replace(
                "%1", str(secrets.MIN_PASSPHRASE)))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.first_edit, self.show_check = _secret_edit(self.tr("Passphrase"))
        self.second_edit = QLineEdit()
        self.second_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.second_edit.setPlaceholderText(self.tr("Passphrase again"))
        self.show_check.toggled.connect(lambda on: self.second_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
        layout.addWidget(self.first_edit)
        layout.addWidget(self.second_edit)
        layout.addWidget(self.show_check)
        self.error_label = ErrorLine()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_value: secrets.UnlockResult | None = None
        self.resize(480, 280)

    def _on_accepted(self) -> None:
        first, second = self.first_edit.text(), self.second_edit.text()
        if len(first) < secrets.MIN_PASSPHRASE:
            self.error_label.show_error(self.tr("The passphrase needs at least %1 characters.").replace(
                "%1", str(secrets.MIN_PASSPHRASE)))
        elif first != second:
            self.error_label.show_error(self.tr("The two passphrases differ."))
        else:
            self.result_value = self._unlock(new_passphrase=first)
            self.accept()


def explain_cancelled_passphrase(parent: QWidget | None) -> None:
    """Cancelling the first-start passphrase: what happens now and how to continue."""
    text = QCoreApplication.translate("NewPassphraseDialog", "CRMDesk stores customers' personal data only encrypted, and on this computer (which has no key store) the key needs a passphrase. Nothing was stored; CRMDesk closes now.\n\nTo continue, start CRMDesk again and choose a passphrase of at least %1 characters. Scheduled tasks set CRMDESK_PASSPHRASE instead.")  # noqa: E501 - one literal, for lupdate
    QMessageBox.information(parent, QCoreApplication.translate("NewPassphraseDialog", "No passphrase chosen"),
                            text.replace("%1", str(secrets.MIN_PASSPHRASE)))


def unlock_interactively(db_path: Path, *, show_windows: bool, parent: QWidget | None = None,
                         unlock: Unlock | None = None) -> bool:
    """Unlock the open database, asking the user where needed; False when they gave up.

    ``unlock``: the session's (``core.session.Session.unlock``); by default the open session's.
    """
    unlock = unlock or _default_unlock()
    try:
        result = unlock()
    except secrets.KeyStoreUnavailable as error:
        if not show_windows:
            raise
        if secrets.load_record() is None:
            dialog = NewPassphraseDialog(error.message, parent, unlock=unlock)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
                explain_cancelled_passphrase(parent)
                return False
            result = dialog.result_value
        else:
            dialog = UnlockDialog(error.message, parent, unlock=unlock)
            return dialog.exec() == QDialog.DialogCode.Accepted
    except secrets.KeyMissing as error:
        if not show_windows:
            raise
        return UnlockDialog(error.message, parent, unlock=unlock).exec() == QDialog.DialogCode.Accepted
    show_recovery_code(result, db_path, show_windows=show_windows, parent=parent)
    return True


def show_recovery_code(result: secrets.UnlockResult, db_path: Path, *, show_windows: bool,
                       parent: QWidget | None = None) -> None:
    """Once, when the key was just created: the recovery code to write down (or print it)."""
    import sys

    if not (result.created and result.recovery_code):
        return
    if show_windows:
        RecoveryCodeDialog(result.recovery_code, db_path, settings.get("firm_name"), parent,
                           in_keystore=result.in_keystore).exec()
    else:
        print(f"recovery code (write it down, it is shown only once): {result.recovery_code}",  # noqa: T201 - no window
              file=sys.stderr)
