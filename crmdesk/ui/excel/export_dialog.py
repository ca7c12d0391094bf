"""导出到 Excel: choose a list, masking and a file; the export runs in the background.

The export itself is ``crmdesk.io.excel.export.export`` (the command line uses the same code);
this dialog only collects the choices, runs it as an operation with a cancellable
progress dialog and reports how many rows were written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QWidget,
)

from crmdesk.core.store.errors import KnownError
from crmdesk.ui import theme, widgets
from crmdesk.ui.operations import excel as excel_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import ErrorLine

# export kind -> template name (as crmdesk.io.excel.export.KINDS, kept here so opening the
# dialog does not import the io layer and openpyxl)
KIND_TEMPLATES = {"customers": "registration", "tickets": "ticket", "interactions": "interactions",
                  "tiers": "tiers", "changes": "changes", "surveys": "survey", "complaints": "complaint",
                  "equipment": "equipment"}
PERSONAL_KINDS = {"customers", "tickets", "changes", "equipment"}


@dataclass(frozen=True)
class ListSelection:
    """The list a tab shows: exported "as filtered" instead of whole when the user keeps it.

    ``only`` is what ``crmdesk.io.excel.export.export`` takes: a registry query (the customer list's
    filter and sort) or the listed ids in display order; ``kinds`` are the exports it selects.
    """

    kinds: frozenset[str]
    only: object  # RegistryQuery | Sequence[int]
    count: int
    description: str = ""


def documents_folder() -> Path:
    """The user's Documents folder (the home folder if the platform has none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()


def default_file_name(kind: str, day: dt.date | None = None) -> str:
    """``客户信息登记表-20261122.xlsx``: the template title and the date."""
    # start-up: loaded at start by the Excel menu; the templates (~30 ms) load when the dialog opens
    from crmdesk.io.excel.templates import TEMPLATES

    title = TEMPLATES[KIND_TEMPLATES[kind]].title
    return f"{title}-{(day or dt.date.today()):%Y%m%d}.xlsx"


class ExportDialog(QDialog):
    """Kind, 'mask personal data' (ticked by default) and the target file."""

    exported = Signal(object)  # ExportResult

    def __init__(self, parent: QWidget | None = None, *, kind: str = "customers",
                 folder: Path | None = None, selection: ListSelection | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export to Excel"))
        self.result_box: QMessageBox | None = None
        self.last_result = None
        self.selection = selection
        names = {
            "customers": self.tr("Customers"),
            "tickets": self.tr("Service tickets"),
            "complaints": self.tr("Complaints"),
            "interactions": self.tr("Interactions"),
            "tiers": self.tr("Customer tiers"),
            "changes": self.tr("Change log"),
            "surveys": self.tr("Satisfaction surveys"),
            "equipment": self.tr("Equipment register"),
        }
        self.kind_combo = QComboBox()
        for key, text in names.items():
            self.kind_combo.addItem(text, key)
        self.layout_label = QLabel()
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.mask_check = QCheckBox(self.tr("Mask personal data (mobile, phone, e-mail, address)"))
        self.mask_check.setChecked(True)
        self.privacy_label = QLabel(self.tr("Personal data is written in full; the export is audited."))
        self.privacy_label.setWordWrap(True)
        self.privacy_label.setStyleSheet(theme.text_style(theme.WARNING))
        self.error_label = ErrorLine()

        form = QFormLayout(self)
        form.addRow(self.tr("List"), self.kind_combo)
        form.addRow(self.tr("Layout"), self.layout_label)
        self.listed_radio = QRadioButton()
        self.all_radio = QRadioButton(self.tr("Everything in the database"))
        self.listed_radio.setChecked(True)
        rows_box = QHBoxLayout()
        rows_box.addWidget(self.listed_radio)
        rows_box.addWidget(self.all_radio)
        rows_box.addStretch(1)
        self.rows_label = QLabel(self.tr("Rows"))
        form.addRow(self.rows_label, rows_box)
        if selection is not None:
            text = self.tr("The list as filtered (%n row(s))", "", selection.count)
            self.listed_radio.setText(text)
            self.listed_radio.setToolTip(selection.description)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.mask_check)
        form.addRow(self.privacy_label)
        form.addRow(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Export"))
        form.addRow(self.buttons)

        self._folder = folder or documents_folder()
        self._auto_name = ""
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self._on_kind_combo_changed()
        self._on_mask_check_toggled(True)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        self.mask_check.toggled.connect(self._on_mask_check_toggled)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(540)

    # -- choices
    def kind(self) -> str:
        """The chosen export kind (``customers`` …)."""
        return self.kind_combo.currentData()

    def path(self) -> Path | None:
        """The chosen file, with ``.xlsx`` added when missing; ``None`` when empty."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():  # a bare name goes to the suggested folder, not the working directory
            path = self._folder / path
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def set_path(self, path: Path | str) -> None:
        """Choose the target file (tests, or a caller that knows better)."""
        self.path_edit.setText(str(path))

    def exports_selection(self) -> bool:
        """True when the list as filtered is exported (rather than the whole table)."""
        return (self.selection is not None and self.kind() in self.selection.kinds
                and self.listed_radio.isChecked())

    def _on_kind_combo_changed(self, _index: int = 0) -> None:
        # start-up: loaded at start by the Excel menu; the templates (~30 ms) load when the dialog opens
        from crmdesk.io.excel.templates import TEMPLATES

        kind = self.kind()
        applies = self.selection is not None and kind in self.selection.kinds
        for widget in (self.rows_label, self.listed_radio, self.all_radio):
            widget.setVisible(applies)
        self.layout_label.setText(TEMPLATES[KIND_TEMPLATES[kind]].title)
        self.mask_check.setEnabled(kind in PERSONAL_KINDS)
        current = self.path()
        name = default_file_name(kind)
        # Follow the kind only while the user has not typed a name of their own.
        if current is None or current.name == self._auto_name:
            folder = current.parent if current is not None else self._folder
            self.set_path(folder / name)
        self._auto_name = name
        self._on_mask_check_toggled(self.mask_check.isChecked())

    def _on_mask_check_toggled(self, checked: bool) -> None:
        self.privacy_label.setVisible(not checked and self.kind() in PERSONAL_KINDS)

    def _on_browse_button_clicked(self) -> None:
        current = self.path() or self._folder / default_file_name(self.kind())
        chosen, _filter = QFileDialog.getSaveFileName(self, self.tr("Export to Excel"), str(current),
                                                      self.tr("Excel workbook (*.xlsx)"))
        if chosen:
            self.set_path(chosen)

    # -- running
    def start_export(self) -> None:
        """Check the choices and run the export with a cancellable progress dialog."""
        path = self.path()
        if path is None:
            self._show_error(self.tr("Choose the file to write."))
            return
        if path.exists() and not widgets.confirm(self, self.tr("Export to Excel"),
                                                 self.tr("%1 already exists. Replace it?").replace("%1", str(path))):
            return
        self.error_label.clear()
        op = excel_ops.export_list(self, self.kind(), path, mask=self.mask_check.isChecked(),
                                   only=self.selection.only if self.exports_selection() else None)
        self.ok_button.setEnabled(False)
        label = self.tr("Exporting %1…").replace("%1", self.layout_label.text())
        op.with_progress(label).success(self._on_export_succeeded).failure(self._on_export_failed) \
            .finally_(lambda: self.ok_button.setEnabled(True)).run()

    def _on_export_succeeded(self, result) -> None:
        if result is None:  # cancelled: back to the dialog, which stays open
            self._show_error(self.tr("The export was cancelled; no file was written."))
            return
        self.last_result = result
        text = self.tr("%1 rows written to %2.").replace("%1", f"{result.rows:,}").replace("%2", str(result.path))
        get_broadcaster().message.emit(text)
        self.exported.emit(result)
        self.accept()
        # Not exec(): the message must not block the window (nor a test) while it is shown.
        self.result_box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export to Excel"), text,
                                      QMessageBox.StandardButton.Ok, self.parentWidget())
        self.result_box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.result_box.open()

    def _on_export_failed(self, error: KnownError) -> None:
        self._show_error(error.message)

    def _show_error(self, text: str) -> None:
        self.error_label.show_error(text)
