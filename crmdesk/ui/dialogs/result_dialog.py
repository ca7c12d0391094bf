"""The outcome of a job the user started (a backup, a restore): a small dialog that stays until read.

A status-bar line vanishes after a few seconds and cuts a long path short; the outcome of
something the user asked for deserves a dialog with the whole text, selectable, and a button
that opens the folder the file went to.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from crmdesk.ui import theme

COLORS = {"ok": theme.OK, "warning": theme.WARNING, "fail": theme.ERROR}


class ResultDialog(QDialog):
    """A heading in the level's colour (ok, warning, fail), the details, OK and 打开文件夹."""

    def __init__(self, heading: str, details: str, level: str = "ok", parent: QWidget | None = None, *,
                 folder: Path | None = None) -> None:
        from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle(heading)
        layout = QVBoxLayout(self)
        self.heading_label = QLabel(heading)
        self.heading_label.setStyleSheet(f"color: {COLORS.get(level, COLORS['ok'])}; font-weight: bold; "
                                         "font-size: 14px;")
        layout.addWidget(self.heading_label)
        self.details_label = QLabel(details)
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setMinimumWidth(420)
        layout.addWidget(self.details_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.folder_button: QPushButton | None = None
        if folder is not None:
            self.folder_button = self.buttons.addButton(self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole)
            self.folder_button.clicked.connect(self._on_folder_button_clicked)
        layout.addWidget(self.buttons)

    def _on_folder_button_clicked(self) -> None:
        if self.folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))


def show_result(parent: QWidget, heading: str, details: str, level: str = "ok", *,
                folder: Path | None = None) -> ResultDialog:
    """Open the outcome over ``parent`` without blocking (window-modal); returns the dialog."""
    from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

    dialog = ResultDialog(heading, details, level, parent, folder=folder)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
