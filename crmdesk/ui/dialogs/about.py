"""帮助 → 关于: version, database location and data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from crmdesk import __version__
from crmdesk.core.store import paths
from crmdesk.core.store.db import SCHEMA_VERSION


class AboutDialog(QDialog):
    """Version and where the data lives."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About CRMDesk"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("CRMDesk Service Desk") + f" {__version__}")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout.addWidget(title)
        info = QLabel(
            self.tr("Offline customer registry, ticket board, follow-ups and reports for a small service desk.")
            + "\n\n" + self.tr("Database: %1").replace("%1", str(db_path))
            + "\n" + self.tr("Schema version: %1").replace("%1", str(SCHEMA_VERSION))
            + "\n" + self.tr("Data folder: %1").replace("%1", str(paths.data_dir()))
            + "\n" + self.tr("Log file: %1").replace("%1", str(paths.log_file())))
        info.setWordWrap(True)
        info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(info)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
