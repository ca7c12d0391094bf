"""文件 → 从备份恢复: choose a backup, see what it holds, confirm, restore.

The list shows the known backups (date, kind, counts); "Other file…" picks any file. The
chosen file is described first — date, schema, counts, integrity — on the reader thread,
and Restore is enabled only for a sound CRMDesk backup. Restoring closes the app's
database connection, replaces the file (``core.safety.backup.restore``, which keeps a copy of
the current database), reopens it through the window's session (``core.session``,
migrating an older backup) and emits ``restored``; the main window then refreshes everything.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.safety import backup
from crmdesk.core.store import paths
from crmdesk.core.store.db import close_thread_connection
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import theme, widgets
from crmdesk.ui.operations import safety as safety_ops
from crmdesk.ui.operations.runner import Op, ReadOp
from crmdesk.ui.widgets import fill_table, make_readonly_table

GOOD = theme.text_style(theme.OK, bold=True)
BAD = theme.text_style(theme.ERROR, bold=True)


def ask_open_file(parent: QWidget, folder: Path) -> Path | None:
    """The file chooser (tests replace this function instead of driving a native dialog)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("RestoreDialog", "Choose a backup"), str(folder),
        QCoreApplication.translate("RestoreDialog", "CRMDesk backups (*.db)") + ";;"
        + QCoreApplication.translate("RestoreDialog", "All files (*)"))
    return Path(name) if name else None


class RestoreDialog(QDialog):
    """Pick a backup, check it, restore it."""

    restored = Signal(object)  # core.safety.backup.RestoreResult

    def __init__(self, db_path: Path, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.folder = Path(folder) if folder is not None else paths.backups_dir()
        self.chosen: Path | None = None
        self.info: backup.BackupInfo | None = None
        self.backups: list[backup.BackupInfo] = []
        self._describing: ReadOp | None = None
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Choose a backup. It is checked before anything changes, and the current database "
                               "is kept as a copy in the backups folder before it is replaced."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = make_readonly_table(QTableWidget(), [
            self.tr("Date"), self.tr("Kind"), self.tr("Customers"), self.tr("Tickets"), self.tr("Size"),
            self.tr("File")])
        layout.addWidget(self.table, 3)
        row = QHBoxLayout()
        self.folder_label = QLabel(self.tr("Backups folder: %1").replace("%1", str(self.folder)))
        self.folder_label.setWordWrap(True)
        row.addWidget(self.folder_label, 1)
        self.other_button = QPushButton(self.tr("Other file…"))
        row.addWidget(self.other_button)
        layout.addLayout(row)

        group = QGroupBox(self.tr("Selected backup"))
        form = QFormLayout(group)
        self.values: dict[str, QLabel] = {}
        for key, label in [("file", self.tr("File")), ("date", self.tr("Date")),
                           ("schema", self.tr("Schema version")), ("customer", self.tr("Customers")),
                           ("contact", self.tr("Contacts")), ("ticket", self.tr("Tickets")),
                           ("interaction", self.tr("Interactions")), ("survey", self.tr("Surveys")),
                           ("integrity", self.tr("Integrity"))]:
            value = QLabel("—")
            value.setWordWrap(True)
            self.values[key] = value
            form.addRow(label, value)
        layout.addWidget(group, 2)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = self.buttons.addButton(self.tr("Restore…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.other_button.clicked.connect(self._on_other_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.load()

    # -- the list
    def load(self) -> None:
        """List the known backups at once, then their counts (read on the reader thread)."""
        folder = self.folder
        self._show_list(backup.list_backups(folder))
        safety_ops.list_backups(self, folder).success(self._show_list).run()

    def _kind_label(self, kind: str) -> str:
        return {"daily": self.tr("daily"), "monthly": self.tr("monthly"), "manual": self.tr("manual"),
                "before-restore": self.tr("before a restore"), "before-migration": self.tr("before an upgrade")
                }.get(kind, self.tr("other"))

    def _show_list(self, backups: list[backup.BackupInfo]) -> None:
        chosen = self.chosen  # the file described (a refill must not describe it again)
        self.backups = backups
        rows = []
        for info in backups:
            counts = info.counts or {}
            rows.append([f"{info.created:%Y-%m-%d %H:%M}", self._kind_label(info.kind),
                         counts.get("customer", "—"), counts.get("ticket", "—"),
                         f"{info.size / 1_000_000:.1f} MB", info.path.name])
        colors = [widgets.OVERDUE if info.problems else None for info in backups]
        self.table.blockSignals(True)  # refilling must not describe the selected file again
        fill_table(self.table, rows, ids=list(range(len(backups))), colors=colors)
        for row, info in enumerate(backups):
            if info.path == chosen:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        if chosen is None and backups:
            # the newest backup is chosen and described at once: it is the one usually wanted, and a
            # row shown selected but never described could not be chosen by clicking it
            self.table.selectRow(0)
        if not backups:
            self.status_label.setText(self.tr("There are no backups in the backups folder yet. Use “Other file…” "
                                              "to choose one elsewhere."))

    def _on_table_item_selection_changed(self) -> None:
        index = widgets.selected_id(self.table)
        if index is not None and 0 <= index < len(self.backups):
            self.show_file(self.backups[index].path)

    def _on_other_button_clicked(self) -> None:
        path = ask_open_file(self, self.folder)
        if path is not None:
            self.table.clearSelection()
            self.show_file(path)

    # -- the chosen file
    def show_file(self, path: Path) -> None:
        """Describe ``path`` (integrity included) and show it; Restore waits for the result."""
        if self._describing is not None:
            self._describing.context.cancel()
        self.chosen = Path(path)
        self.info = None
        self.restore_button.setEnabled(False)
        for value in self.values.values():
            value.setText("—")
            value.setStyleSheet("")
        self.values["file"].setText(str(path))
        self.values["integrity"].setText(self.tr("Checking…"))
        self.status_label.clear()
        op = safety_ops.describe_backup(self, path)
        op.success(self._show_description).failure(self._show_failure).finally_(lambda: self._forget(op))
        self._describing = op
        op.run()

    def _forget(self, op: ReadOp) -> None:
        if self._describing is op:  # not superseded by a later choice meanwhile
            self._describing = None

    def _show_description(self, info: backup.BackupInfo) -> None:
        if self.chosen is None or info.path != self.chosen:
            return  # superseded by a later choice
        self.info = info
        self.values["date"].setText(f"{info.created:%Y-%m-%d %H:%M}")
        self.values["schema"].setText("—" if info.schema_version is None else str(info.schema_version))
        for table in ("customer", "contact", "ticket", "interaction", "survey"):
            count = (info.counts or {}).get(table)
            self.values[table].setText("—" if count is None else f"{count:,}")
        integrity = self.values["integrity"]
        if info.restorable:
            integrity.setText(self.tr("OK: a sound CRMDesk backup"))
            integrity.setStyleSheet(GOOD)
            self.status_label.setText(self.tr("Press Restore to replace the current database with this backup."))
            self.status_label.setStyleSheet("")
        else:
            integrity.setText(self.tr("Cannot be restored"))
            integrity.setStyleSheet(BAD)
            self.status_label.setText(self.tr("%1 cannot be restored: %2").replace("%1", info.path.name).replace(
                "%2", "; ".join(info.problems)))
            self.status_label.setStyleSheet(BAD)
        self.restore_button.setEnabled(info.restorable)

    def _show_failure(self, error: KnownError) -> None:
        self.values["integrity"].setText(self.tr("Cannot be restored"))
        self.values["integrity"].setStyleSheet(BAD)
        self.status_label.setText(error.message)
        self.status_label.setStyleSheet(BAD)

    # -- restoring
    def _on_restore_button_clicked(self) -> None:
        info = self.info
        if info is None or not info.restorable:
            return
        question = self.tr("Replace the current database with the backup of %1?\n\nEveryone must save their work "
                           "first. The current database is kept as a copy in the backups folder."
                           ).replace("%1", f"{info.created:%Y-%m-%d %H:%M}")
        if widgets.confirm(self, self.tr("Restore from backup"), question):
            self.start_restore(info.path, checked=info)

    def start_restore(self, path: Path, *, checked: backup.BackupInfo | None = None) -> Op:
        """Close the database, restore ``path`` over it, reopen it (on the writer thread).

        The reopening goes through the window's session (``core.session``): the restored file
        is checked, upgraded if older and bound again; its key is looked up afterwards.
        """
        self.restore_button.setEnabled(False)
        close_thread_connection()  # the GUI thread's connection; the operation closes the writer thread's
        op = safety_ops.restore_backup(self, path, self.db_path, keep_dir=paths.backups_dir(), checked=checked)
        return op.with_progress(self.tr("Restoring the backup…")).success(self._on_restored) \
            .failure(self._on_restore_failed).run()

    def _on_restored(self, result: backup.RestoreResult) -> None:
        self.restored.emit(result)
        self.accept()

    def _on_restore_failed(self, error: KnownError) -> None:
        self.status_label.setText(error.message)
        self.status_label.setStyleSheet(BAD)
        self.restore_button.setEnabled(self.info is not None and self.info.restorable)

