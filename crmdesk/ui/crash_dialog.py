"""The dialog of an unexpected error (``crash.handle_exception``): what happened, where the log is,
the details to copy. Its own module so that the excepthook installed at start-up does not load it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class CrashDialog(QDialog):
    """Says that something went wrong, where the log is, and offers the details to copy."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CRMDesk: unexpected error"))
        layout = QVBoxLayout(self)
        text = self.tr("An unexpected error occurred. Everything saved before it is safe.")
        if log_path is not None:
            text += "\n" + self.tr("The details were written to the log file:") + f"\n{log_path}"
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(self.summary.textInteractionFlags() | self.summary.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _on_copy_button_clicked(self) -> None:
        QApplication.clipboard().setText(self.details.toPlainText())
