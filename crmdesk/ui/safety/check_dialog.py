"""帮助 → 数据检查: the results of ``core.safety.integrity.run_checks``, one line per check, green or red.

The checks read the database only and run on the reader thread (the integrity check of a
large file takes a while); "Run again" repeats them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core.safety import integrity
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import theme, widgets
from crmdesk.ui.operations import safety as safety_ops
from crmdesk.ui.widgets import fill_table, make_readonly_table

GOOD = QColor(theme.OK)
COLORS = {"ok": GOOD, "info": widgets.DONE, "warning": widgets.WARNING, "fail": widgets.OVERDUE}
TINTS = {"fail": QColor(theme.ERROR_FILL), "warning": QColor(theme.WARNING_FILL)}


class CheckDialog(QDialog):
    """Integrity, references, schema, file identity, last backup, encryption — each OK or not."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, *, backups: Path | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.backups = backups
        self.report: integrity.CheckReport | None = None
        self.setWindowTitle(self.tr("Data check"))
        self.resize(820, 400)
        layout = QVBoxLayout(self)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.table = make_readonly_table(QTableWidget(), [self.tr("Result"), self.tr("Check"), self.tr("Details")])
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        path_label = QLabel(self.tr("Database: %1").replace("%1", str(self.db_path)))
        path_label.setWordWrap(True)
        layout.addWidget(path_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.run_button = self.buttons.addButton(self.tr("Run again"), QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.run_button.clicked.connect(self.run_checks)
        layout.addWidget(self.buttons)
        self.run_checks()

    def run_checks(self) -> None:
        """Run every check (read-only, on the reader thread) and show the results."""
        db_path, backups = self.db_path, self.backups
        self.run_button.setEnabled(False)
        self.summary_label.setText(self.tr("Checking the database…"))
        self.summary_label.setStyleSheet("")

        safety_ops.run_checks(self, db_path, backups).with_progress(self.tr("Checking the database…")) \
            .success(self._show).failure(self._on_failed).finally_(lambda: self.run_button.setEnabled(True)).run()

    def _level_label(self, level: str) -> str:
        return {"ok": self.tr("OK"), "info": self.tr("Info"), "warning": self.tr("Warning"),
                "fail": self.tr("Failed")}.get(level, level)

    def _show(self, report: integrity.CheckReport) -> None:
        self.report = report
        rows = [[self._level_label(r.level), r.title or r.name, r.message] for r in report]
        fill_table(self.table, rows, colors=[COLORS.get(r.level) for r in report])
        for row, result in enumerate(report):
            status = self.table.item(row, 0)
            font = status.font()
            font.setBold(True)
            status.setFont(font)
            tint = TINTS.get(result.level)
            if tint is not None:
                for column in range(self.table.columnCount()):
                    self.table.item(row, column).setBackground(tint)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        failed = sum(1 for r in report if not r.ok)
        warned = sum(1 for r in report if r.ok and r.level == "warning")
        if failed:
            self.summary_label.setText(self.tr("%n check(s) failed. Restore a recent backup or ask for help before "
                                               "entering more data.", "", failed))
            self.summary_label.setStyleSheet(theme.text_style(theme.ERROR, bold=True, size=14))
        elif warned:  # never "all passed" above a warning
            self.summary_label.setText(self.tr("No check failed, but %n warning(s) need a look (the yellow lines).",
                                               "", warned))
            self.summary_label.setStyleSheet(theme.text_style(theme.WARNING, bold=True, size=14))
        else:
            self.summary_label.setText(self.tr("All checks passed."))
            self.summary_label.setStyleSheet(theme.text_style(theme.OK, bold=True, size=14))

    def _on_failed(self, error: KnownError) -> None:
        self.summary_label.setText(error.message)
        self.summary_label.setStyleSheet(theme.text_style(theme.ERROR, bold=True))
