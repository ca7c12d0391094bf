"""Registry tools: duplicate finder and merge, archive proposals, recycle bin."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import domains  # noqa: F401 - the bin lists and restores rows of every registered kind
from crmdesk.core.customers import lifecycle, merge
from crmdesk.core.store import recycle_bin
from crmdesk.ui import widgets
from crmdesk.ui.operations import customers as customers_ops
from crmdesk.ui.widgets import fill_table, make_readonly_table, selected_id


class DuplicatesDialog(QDialog):
    """Groups of likely duplicates; merge two of them, or undo an earlier merge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Duplicate customers"))
        self.resize(820, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Customers with the same name (ignoring 有限公司, brackets, spaces, case) "
                                        "or the same mobile. Tick the customer to keep, select the one to merge "
                                        "into it, then press Merge.")))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Group / customer"), self.tr("Code"), self.tr("Keep")])
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
        layout.addWidget(self.tree, 3)
        row = QHBoxLayout()
        self.merge_button = QPushButton(self.tr("Merge selected into ticked"))
        row.addWidget(self.merge_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Earlier merges")))
        self.merges_table = make_readonly_table(QTableWidget(), [self.tr("Time"), self.tr("Kept"),
                                                                 self.tr("Merged"), self.tr("Undone")])
        layout.addWidget(self.merges_table, 2)
        self.undo_button = QPushButton(self.tr("Undo selected merge"))
        layout.addWidget(self.undo_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.merge_button.clicked.connect(self._on_merge_button_clicked)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.load()

    def load(self) -> None:
        """Find the groups and list the merges."""
        self.tree.clear()
        for group in merge.duplicate_groups():
            reason = self.tr("same name") if group.reason == "name" else self.tr("same mobile")
            parent = QTreeWidgetItem([f"{reason}: {group.key if group.reason == 'name' else '…' + group.key[-4:]}",
                                      "", ""])
            for i, (cid, code, name) in enumerate(group.customers):
                child = QTreeWidgetItem([name, code, ""])
                child.setData(0, Qt.ItemDataRole.UserRole, cid)
                child.setCheckState(2, Qt.CheckState.Checked if i == 0 else Qt.CheckState.Unchecked)
                parent.addChild(child)
            self.tree.addTopLevelItem(parent)
            parent.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        records = merge.merges()
        rows = [[r.at.strftime("%Y-%m-%d %H:%M"), f"{r.kept.code} {r.kept.name}", f"{r.merged.code} {r.merged.name}",
                 r.undone_at.strftime("%Y-%m-%d %H:%M") if r.undone_at else ""] for r in records]
        fill_table(self.merges_table, rows, ids=[r.id for r in records])

    def _on_merge_button_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.parent() is None:
            return
        merged_id = item.data(0, Qt.ItemDataRole.UserRole)
        group = item.parent()
        kept = [group.child(i) for i in range(group.childCount())
                if group.child(i).checkState(2) == Qt.CheckState.Checked and group.child(i) is not item]
        if not kept:
            QMessageBox.information(self, self.tr("Merge"), self.tr("Tick the customer to keep first."))
            return
        kept_id = kept[0].data(0, Qt.ItemDataRole.UserRole)
        text = self.tr("Merge %1 into %2? Every contact, order, ticket, interaction and survey moves over; "
                       "the merge can be undone.").replace("%1", item.text(0)).replace("%2", kept[0].text(0))
        if not widgets.confirm(self, self.tr("Merge"), text):
            return
        customers_ops.merge_customers(self, kept_id, merged_id).success(lambda _r: self.load()).run()

    def _on_undo_button_clicked(self) -> None:
        merge_id = selected_id(self.merges_table)
        if merge_id is None:
            return
        customers_ops.undo_merge(self, merge_id).success(lambda _r: self.load()).run()


class ArchiveDialog(QDialog):
    """Dormant customers proposed for the archive (归档库)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Archive proposals"))
        self.resize(700, 520)
        layout = QVBoxLayout(self)
        self.info_label = QLabel()
        layout.addWidget(self.info_label)
        self.table = make_readonly_table(QTableWidget(), [self.tr("Code"), self.tr("Name"),
                                                          self.tr("Last cooperation")])
        self.table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.archive_button = buttons.addButton(self.tr("Archive selected"), QDialogButtonBox.ButtonRole.ActionRole)
        self.archive_button.clicked.connect(self._on_archive_button_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        """List the candidates."""
        rows = lifecycle.archive_candidates()
        fill_table(self.table, [[code, name, last.isoformat() if last else ""] for _, code, name, last in rows],
                   ids=[cid for cid, *_ in rows])
        self.info_label.setText(self.tr("%n dormant customer(s) without cooperation for longer than the archive "
                                        "threshold. Archived customers leave the daily list and stay searchable.",
                                        "", len(rows)))

    def _on_archive_button_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]
        if ids:
            customers_ops.archive_customers(self, ids).success(lambda _r: self.load()).run()


class RecycleBinDialog(QDialog):
    """Deleted customers and contacts, restorable for the configured number of days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recycle bin"))
        self.resize(700, 480)
        layout = QVBoxLayout(self)
        self.table = make_readonly_table(QTableWidget(), [self.tr("Item"), self.tr("Kind"), self.tr("Deleted"),
                                                          self.tr("Days left")])
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(self.tr("Restore"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        """List what is in the bin."""
        kinds = {"customer": self.tr("Customer"), "contact": self.tr("Contact"), "ticket": self.tr("Ticket"),
                 "followup": self.tr("Follow-up")}
        entries = recycle_bin.recycle_bin()
        rows = [[e.label, kinds.get(e.entity, e.entity), e.deleted_at.strftime("%Y-%m-%d %H:%M"), e.days_left]
                for e in entries]
        fill_table(self.table, rows, ids=[e.id for e in entries])

    def _on_restore_button_clicked(self) -> None:
        entry_id = selected_id(self.table)
        if entry_id is not None:
            customers_ops.restore_from_bin(self, entry_id).success(lambda _r: self.load()).run()
