"""导入记录: every import batch with its counts, and 'Undo this import' (docs/spec.md §6).

The list comes from ``crmdesk.io.importing.service.import_history`` and the undo is
``importer.undo_batch`` (one transaction, refused when later records depend on the
batch), run as an operation so its change-set reaches every view.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTableWidget, QVBoxLayout, QWidget

from crmdesk.core.store.errors import KnownError
from crmdesk.io.importing import service as importer
from crmdesk.ui import widgets
from crmdesk.ui.operations import excel as excel_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import ErrorLine


class ImportHistoryDialog(QDialog):
    """The import batches, newest first; the selected committed batch can be undone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import history"))
        self.kind_names = {"customers": self.tr("Customers"), "tickets": self.tr("Service tickets"),
                           "interactions": self.tr("Interactions"), "surveys": self.tr("Satisfaction surveys"),
                           "equipment": self.tr("Equipment register")}
        self.table = widgets.make_readonly_table(QTableWidget(), [
            self.tr("Batch"), self.tr("Date"), self.tr("File"), self.tr("Kind"), self.tr("Rows"), self.tr("Created"),
            self.tr("Updated"), self.tr("Duplicates"), self.tr("Errors"), self.tr("Warnings"), self.tr("Status")])
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.message_label = ErrorLine()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        self.batches: dict[int, object] = {}
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        """Load the batches again."""
        batches = importer.import_history()
        self.batches = {batch.id: batch for batch in batches}
        rows, colors = [], []
        for batch in batches:
            undone = batch.status == "undone"
            status = (self.tr("Undone on %1").replace("%1", f"{batch.undone_at:%Y-%m-%d %H:%M}")
                      if undone and batch.undone_at else self.tr("Undone") if undone else self.tr("Imported"))
            kind = self.kind_names.get(batch.kind, batch.kind)
            if batch.source:  # the other CRM's layout the import recognised
                kind = self.tr("%1 (%2)").replace("%1", kind).replace("%2", batch.source)
            rows.append([batch.id, f"{batch.started_at:%Y-%m-%d %H:%M}", batch.file_name, kind, batch.rows,
                         batch.created, batch.updated, batch.duplicates, batch.errors, batch.warnings, status])
            colors.append(widgets.DONE if undone else None)
        widgets.fill_table(self.table, rows, ids=[batch.id for batch in batches], colors=colors)
        self._on_table_item_selection_changed()

    def select_batch(self, batch_id: int) -> None:
        """Select the row of a batch."""
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == str(batch_id):
                self.table.selectRow(row)
                return

    def selected_batch(self) -> object | None:
        """The selected ``ImportBatch`` (None when nothing is selected)."""
        batch_id = widgets.selected_id(self.table) if self.table.selectedItems() else None
        return self.batches.get(batch_id) if batch_id is not None else None

    def _on_table_item_selection_changed(self) -> None:
        batch = self.selected_batch()
        self.undo_button.setEnabled(batch is not None and batch.status != "undone")

    def _on_undo_button_clicked(self) -> None:
        self.undo_selected()

    def undo_selected(self) -> None:
        """Ask, then undo the selected batch in the background."""
        batch = self.selected_batch()
        if batch is None or batch.status == "undone":
            return
        text = self.tr("Undo import batch %1 (%2)? The records it created are deleted and the customers it "
                       "updated get their previous values back.").replace("%1", str(batch.id)).replace(
                           "%2", batch.file_name)
        if not widgets.confirm(self, self.tr("Undo this import"), text):
            return
        batch_id = batch.id
        self.message_label.clear()
        excel_ops.undo_import(self, batch_id).success(lambda _changes: self._on_undone(batch_id)) \
            .failure(self._on_undo_failed).run()

    def _on_undone(self, batch_id: int) -> None:
        get_broadcaster().message.emit(self.tr("Import batch %1 was undone.").replace("%1", str(batch_id)))
        self.refresh()
        self.select_batch(batch_id)

    def _on_undo_failed(self, error: KnownError) -> None:
        self.message_label.show_error(error)
        self.refresh()


__all__ = ["ImportHistoryDialog"]
