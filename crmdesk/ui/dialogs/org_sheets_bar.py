"""Export and import buttons for the firm's set-up in Excel (员工与部门表, 分派规则表), on the pages of 部门与分派.

The same sheets as ``crmdesk export staff|routing`` and ``crmdesk import --kind staff|routing``: exported
to edit in Excel, imported back as a whole (a refusal names the file, the row and the column, and
nothing is written).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from crmdesk.io.excel.org_sheets import SheetImport
from crmdesk.ui.crash import show_known_error
from crmdesk.ui.excel.export_dialog import documents_folder
from crmdesk.ui.operations import org as org_ops
from crmdesk.ui.operations.runner import get_broadcaster

FILE_NAMES = {"staff": "员工与部门表.xlsx", "routing": "分派规则表.xlsx"}


def sheet_file_name(parent: QWidget, kind: str, *, saving: bool) -> str:
    """Where to write, or which file to read (tests replace this function instead of the file dialog)."""
    title = (QCoreApplication.translate("SheetBar", "Export to Excel") if saving
             else QCoreApplication.translate("SheetBar", "Import from Excel"))
    start = str(documents_folder() / FILE_NAMES[kind])
    ask = QFileDialog.getSaveFileName if saving else QFileDialog.getOpenFileName
    name, _filter = ask(parent, title, start, "Excel (*.xlsx)")
    return name


class SheetBar(QHBoxLayout):
    """导出 Excel… / 从 Excel 导入… for one sheet; ``reload`` is called after an import was applied."""

    def __init__(self, owner: QWidget, kind: str, reload) -> None:
        super().__init__()
        self.owner, self.kind, self.reload = owner, kind, reload
        self.export_button = QPushButton(QCoreApplication.translate("SheetBar", "Export to Excel…"))
        self.import_button = QPushButton(QCoreApplication.translate("SheetBar", "Import from Excel…"))
        self.addWidget(self.export_button)
        self.addWidget(self.import_button)
        self.export_button.clicked.connect(self.export)
        self.import_button.clicked.connect(self.import_file)

    def export(self) -> None:
        """Write the sheet where the user says."""
        name = sheet_file_name(self.owner, self.kind, saving=True)
        if not name:
            return
        out = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")
        org_ops.export_sheet(self.owner, self.kind, out).success(self._exported).failure(self._failed).run()

    def import_file(self) -> None:
        """Apply an edited sheet."""
        name = sheet_file_name(self.owner, self.kind, saving=False)
        if name:
            org_ops.import_sheet(self.owner, self.kind, Path(name)).success(self._imported).failure(self._failed).run()

    def _exported(self, path: Path) -> None:
        get_broadcaster().message.emit(QCoreApplication.translate("SheetBar", "Written to %1").replace("%1", str(path)))

    def _imported(self, outcome: SheetImport) -> None:
        self.reload()
        get_broadcaster().message.emit(QCoreApplication.translate("SheetBar", "%1 rows: %2 added, %3 updated")
                                       .replace("%1", str(outcome.rows)).replace("%2", str(outcome.created))
                                       .replace("%3", str(outcome.updated)))

    def _failed(self, error) -> None:
        show_known_error(error, self.owner)
