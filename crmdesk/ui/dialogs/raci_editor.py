"""The responsibility matrix (RACI 表) as the owner edits it, and the written service policy it prints into.

Rows are the seven stages, columns the active departments and the owner; a cell holds letters of
R, A, C, I (``RA`` or ``R/A``). Cells the owner never set show what the departments' roles suggest
(``core.org.raci``). 保存 stores the matrix; 恢复建议 forgets it; 导出服务规范 writes
《售后服务流程规范》 and 《客户资料管理制度》 from the settings as they are stored now.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.org import raci
from crmdesk.core.store.errors import KnownError
from crmdesk.core.tickets.records import STAGES
from crmdesk.ui import labels
from crmdesk.ui.crash import show_known_error
from crmdesk.ui.operations import org as org_ops
from crmdesk.ui.operations.runner import get_broadcaster


class RaciEditor(QWidget):
    """The matrix as an editable table, with save, reset and the policy export."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # a grid of letters
        hint = QLabel(self.tr("R responsible (does the work) · A accountable (answers for it) · C consulted · "
                              "I informed. Printed in the service policy (设置 → 导出服务规范)."))
        hint.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save matrix"))
        self.reset_button = QPushButton(self.tr("Back to the suggested letters"))
        self.export_button = QPushButton(self.tr("Export service policy…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.columns: tuple[raci.Column, ...] = ()
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self._on_reset)
        self.export_button.clicked.connect(lambda: export_policy(self))
        self.load()

    def load(self) -> None:
        """Show the matrix as stored (suggested letters where the owner set none)."""
        matrix = raci.matrix()
        self.columns = matrix.columns
        self.table.clear()
        self.table.setRowCount(len(STAGES))
        self.table.setColumnCount(len(self.columns))
        self.table.setHorizontalHeaderLabels([c.name for c in self.columns])
        self.table.setVerticalHeaderLabels([labels.stage(s) for s in STAGES])
        for r, stage in enumerate(STAGES):
            for c, column in enumerate(self.columns):
                item = QTableWidgetItem(matrix.cell(stage, column.key))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)

    def cells(self) -> dict[str, dict[str, str]]:
        """``{stage: {column key: letters as typed}}``."""
        return {stage: {column.key: (self.table.item(r, c).text() if self.table.item(r, c) else "")
                        for c, column in enumerate(self.columns)} for r, stage in enumerate(STAGES)}

    def save(self) -> None:
        """Store the matrix (letters other than R, A, C, I are refused)."""
        org_ops.save_raci(self, self.cells()).success(lambda _c: self._saved()).failure(self._show_error).run()

    def _saved(self) -> None:
        self.load()
        get_broadcaster().message.emit(self.tr("Responsibility matrix saved"))

    def _on_reset(self) -> None:
        org_ops.reset_raci(self).success(lambda _c: self.load()).failure(self._show_error).run()

    def _show_error(self, error: KnownError) -> None:
        show_known_error(error, self)


def policy_file_name(parent: QWidget) -> str:
    """Where to write the policy (tests replace this function instead of the file dialog)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _filter = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("RaciEditor", "Export service policy"),
                                                str(Path(folder) / "售后服务流程规范.pdf"), "PDF (*.pdf)")
    return name


def export_policy(parent: QWidget) -> None:
    """设置 → 导出服务规范: ask where, write the PDF on the reader thread, then say where it is."""
    name = policy_file_name(parent)
    if not name:
        return
    out = Path(name if name.lower().endswith(".pdf") else name + ".pdf")

    def done(path: Path) -> None:
        from crmdesk.ui.dialogs.pdf_preview import PdfPreviewDialog  # start-up: pypdfium2 loads when first shown

        get_broadcaster().message.emit(QCoreApplication.translate("RaciEditor", "Service policy written to %1").replace("%1", str(path)))
        preview = PdfPreviewDialog(path, "售后服务流程规范 · 客户资料管理制度", parent)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()
        parent.policy_preview = preview  # kept: tests and the caller find it there

    def failed(error: KnownError) -> None:
        show_known_error(error, parent)

    org_ops.export_policy(parent, out).success(done).failure(failed).run()
