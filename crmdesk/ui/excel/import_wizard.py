"""从 Excel 导入: the import wizard (docs/spec.md §6) — file, sheet and header, mapping, preview, import.

The wizard only collects choices and shows results; reading, checking and writing are
``crmdesk.io.importing.reader`` / ``crmdesk.io.importing.service`` (the command line uses the same code),
run as background operations with a cancellable progress dialog (docs/architecture.md, patterns 2–3), so the
window never freezes on a 100,000-row ledger. The Qt-free engine does all the work:
nothing here touches the database directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from crmdesk.core.store.errors import KnownError
from crmdesk.io.importing import mapping as field_mapping
from crmdesk.io.importing.reader import cell_text
from crmdesk.io.importing.sources import detect
from crmdesk.ui import theme, widgets
from crmdesk.ui.excel.import_pages import (
    ENCODINGS,
    KINDS,
    STATUS_COLORS,  # noqa: F401 - the wizard's colours, used by callers and tests
    SheetInfo,
    SummaryPage,
    _Page,
    _text,
    read_sheet_info,
)
from crmdesk.ui.excel.import_preview import PreviewPage
from crmdesk.ui.operations import excel as excel_ops
from crmdesk.ui.operations.runner import ReadOp


class FilePage(_Page):
    """Step 1: the file, the import kind (guessed from the headers) and the CSV encoding."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("An Excel workbook (.xlsx, .xlsm, .xls) or a CSV file, such as an old ledger."))
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Detect from the headers"), None)
        for kind, text in zip(KINDS, (self.tr("Customers"), self.tr("Service tickets"), self.tr("Interactions"),
                                      self.tr("Satisfaction surveys"), self.tr("Equipment register"))):
            self.kind_combo.addItem(text, kind)
        self.guess_label = QLabel()
        self.encoding_combo = QComboBox()
        for encoding, text in zip(ENCODINGS, (self.tr("Automatic"), "UTF-8", "GBK", "GB18030")):
            self.encoding_combo.addItem(text, encoding)
        self.encoding_combo.setEnabled(False)
        form = QFormLayout(self)
        line = QHBoxLayout()
        line.addWidget(self.path_edit, 1)
        line.addWidget(self.browse_button)
        form.addRow(self.tr("File"), line)
        form.addRow(self.tr("Import as"), self.kind_combo)
        form.addRow("", self.guess_label)
        form.addRow(self.tr("Text encoding (CSV)"), self.encoding_combo)
        form.addRow(self.error_label)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.encoding_combo.activated.connect(lambda _i: self.load())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show_guess())

    def set_path(self, path: Path | str) -> None:
        """Choose the file and read its first sheet's header (tests call this instead of Browse…)."""
        self.path_edit.setText(str(Path(path)))
        self.encoding_combo.setEnabled(Path(path).suffix.lower() in (".csv", ".txt", ".tsv"))
        self.load()

    def kind(self) -> str | None:
        """The chosen kind; None while it is left to the headers."""
        return self.kind_combo.currentData()

    def load(self) -> None:
        """Read the file again (a new file or encoding)."""
        text = self.path_edit.text()
        if text:
            self.wiz.load_sheet(Path(text), self.encoding_combo.currentData(), None)

    def _on_browse_button_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import from Excel"), str(self.wiz.folder),
            self.tr("Spreadsheets (*.xlsx *.xlsm *.xls *.csv);;All files (*)"))
        if chosen:
            self.set_path(chosen)

    def _show_guess(self) -> None:
        info = self.wiz.info
        if info is not None and info.source_label and self.kind() in (None, info.guessed_kind):
            self.guess_label.setText(self.tr("Recognised as: %1").replace("%1", info.source_label))
            return
        if info is None or self.kind() is not None:
            self.guess_label.clear()
            return
        name = self.kind_combo.itemText(self.kind_combo.findData(info.guessed_kind))
        self.guess_label.setText(self.tr("The headers look like: %1").replace("%1", name))

    def isComplete(self) -> bool:
        return self.wiz.info is not None

    def validatePage(self) -> bool:
        info = self.wiz.info
        kind = self.kind() or (info.guessed_kind if info else "customers")
        if kind != self.wiz.kind:
            self.wiz.kind = kind
            self.wiz.mapping = None
        return info is not None


class SheetPage(_Page):
    """Step 2: the sheet and the header row (detected below any title block), with the first rows."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Sheet and header row"))
        self.setSubTitle(self.tr("The header row was found below the title; correct it if needed."))
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.rows_table = QTableWidget()
        self.rows_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        form = QFormLayout()
        form.addRow(self.tr("Sheet"), self.sheet_combo)
        form.addRow(self.tr("Header row"), self.header_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.rows_table, 1)
        layout.addWidget(self.error_label)
        self.sheet_combo.activated.connect(self._on_sheet_combo_activated)
        self.header_spin.valueChanged.connect(self.set_header_row)

    def initializePage(self) -> None:
        self.fill()

    def fill(self) -> None:
        """Show the wizard's current sheet information."""
        info = self.wiz.info
        if info is None:
            return
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(info.sheet_names)
        self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findText(info.sheet)))
        self.sheet_combo.setEnabled(not info.is_csv and len(info.sheet_names) > 1)
        self.sheet_combo.blockSignals(False)
        numbers = [number for number, _values in info.leading]
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(min(numbers), max(numbers))
        self.header_spin.setValue(self.wiz.header_row or info.header_row)
        self.header_spin.blockSignals(False)
        width = min(max(len(values) for _n, values in info.leading), 40)
        self.rows_table.clear()
        self.rows_table.setRowCount(len(info.leading))
        self.rows_table.setColumnCount(width)
        self.rows_table.setVerticalHeaderLabels([str(number) for number, _v in info.leading])
        for r, (_number, values) in enumerate(info.leading):
            for c, value in enumerate(values[:width]):
                self.rows_table.setItem(r, c, QTableWidgetItem(_text(value)))
        self.set_header_row(self.header_spin.value())

    def set_header_row(self, row_no: int) -> None:
        """Use file row ``row_no`` as the header (it must be among the first rows shown)."""
        info = self.wiz.info
        if info is None:
            return
        ok = info.row(row_no) is not None
        self.show_error("" if ok else self.tr("Row %1 is empty; choose one of the rows shown.").replace(
            "%1", str(row_no)))
        if ok and row_no != self.wiz.header_row:
            self.wiz.header_row = row_no
            self.wiz.mapping = None
        bold = QFont()
        bold.setBold(True)
        for r, (number, _values) in enumerate(info.leading):
            for c in range(self.rows_table.columnCount()):
                item = self.rows_table.item(r, c)
                if item is not None:
                    item.setFont(bold if number == row_no else QFont())
                    item.setBackground(QBrush(QColor(theme.HEADER_ROW_FILL)) if number == row_no else QBrush())
                    item.setForeground(QBrush(QColor(theme.ABOVE_HEADER)) if number < row_no else QBrush())
        self.completeChanged.emit()

    def _on_sheet_combo_activated(self, _index: int) -> None:
        self.wiz.load_sheet(self.wiz.path, self.wiz.encoding, self.sheet_combo.currentText())

    def isComplete(self) -> bool:
        info = self.wiz.info
        return info is not None and info.row(self.header_spin.value()) is not None



class MappingPage(_Page):
    """Step 3: which field each source column goes to, suggested from header synonyms; presets."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Column mapping"))
        self.setSubTitle(self.tr("Choose what each column of the file holds. Fields marked * are required."))
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setStyleSheet(theme.text_style(theme.INFO, bold=True))
        self.preset_combo = QComboBox()
        self.save_preset_button = QPushButton(self.tr("Save as preset…"))
        self.table = widgets.make_readonly_table(QTableWidget(), [self.tr("Column in the file"), self.tr("Example"),
                                                                  self.tr("Import as")])
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        line = QHBoxLayout()
        line.addWidget(QLabel(self.tr("Preset")))
        line.addWidget(self.preset_combo, 1)
        line.addWidget(self.save_preset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addLayout(line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        self.combos: dict[int, QComboBox] = {}
        self.preset_combo.activated.connect(self._on_preset_combo_activated)
        self.save_preset_button.clicked.connect(self._on_save_preset_button_clicked)

    def initializePage(self) -> None:
        self.load_presets()
        layout = self.wiz.layout()
        self.source_label.setText(self.tr("Recognised as: %1. The columns are mapped for you; columns that mean "
                                          "nothing here are ignored, the others without a field of their own go to "
                                          "the notes.").replace("%1", layout.label if layout is not None else ""))
        self.source_label.setVisible(layout is not None)
        if self.wiz.mapping is None:
            self.wiz.mapping = self.suggested()
        self.fill(self.wiz.mapping)

    def suggested(self) -> dict[int, str]:
        """The mapping from the headers (and the other CRM's layout, when recognised)."""
        return field_mapping.suggest_mapping(self.wiz.headers(), self.wiz.kind, self.wiz.layout())

    def load_presets(self, select: str | None = None) -> None:
        """The saved presets of the kind in the preset combo."""
        self.preset_combo.clear()
        self.preset_combo.addItem(self.tr("Suggested from the headers"), None)
        for preset in field_mapping.load_presets(self.wiz.kind):
            self.preset_combo.addItem(preset.name, preset)
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findText(select or "")))

    def fill(self, mapping: dict[int, str]) -> None:
        """One row per non-blank source column, its combo set from ``mapping``."""
        headers = self.wiz.headers()
        sample = self.wiz.sample_row()
        columns = [c for c, text in enumerate(headers) if text.strip()]
        self.table.setRowCount(len(columns))
        self.combos = {}
        for r, column in enumerate(columns):
            self.table.setItem(r, 0, QTableWidgetItem(headers[column]))
            self.table.setItem(r, 1, QTableWidgetItem(_text(sample[column]) if column < len(sample) else ""))
            combo = QComboBox()
            combo.addItem(self.tr("(ignore)"), "")
            for spec in field_mapping.field_specs(self.wiz.kind):
                combo.addItem(spec.label + (" *" if spec.required else ""), spec.key)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(column, ""))))
            combo.currentIndexChanged.connect(self._on_combo_changed)
            self.table.setCellWidget(r, 2, combo)
            self.combos[column] = combo
        self.table.resizeColumnsToContents()
        self._on_combo_changed()

    def mapping(self) -> dict[int, str]:
        """Column index → field key of the combos (ignored columns left out)."""
        return {column: combo.currentData() for column, combo in self.combos.items() if combo.currentData()}

    def set_field(self, column: int, key: str) -> None:
        """Map source column ``column`` to field ``key`` ('' ignores it)."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(key))

    def problem(self) -> str:
        """Why the mapping cannot be used yet ('' when it can)."""
        from collections import Counter

        chosen = self.mapping()
        multi = {spec.key for spec in field_mapping.field_specs(self.wiz.kind) if spec.multi}
        labels = field_mapping.field_labels(self.wiz.kind)
        twice = [labels[k] for k, n in Counter(chosen.values()).items() if n > 1 and k not in multi]
        if twice:
            return self.tr("Several columns are mapped to %1; keep one.").replace("%1", "、".join(twice))
        missing = field_mapping.missing_required(chosen, self.wiz.kind)
        return self.tr("No column for %1.").replace("%1", "、".join(missing)) if missing else ""

    def _on_combo_changed(self, _index: int = 0) -> None:
        self.show_error(self.problem())
        self.completeChanged.emit()

    def _on_preset_combo_activated(self, _index: int) -> None:
        preset = self.preset_combo.currentData()
        self.fill(preset.apply(self.wiz.headers()) if preset is not None else self.suggested())

    def save_preset(self, name: str) -> None:
        """Save the current mapping as preset ``name`` of this kind (replacing one of that name)."""
        excel_ops.save_preset(self, name, self.wiz.kind, self.mapping(), self.wiz.headers()) \
            .success(lambda preset: self.load_presets(preset.name)).failure(self._on_failed).run()

    def _on_failed(self, error: KnownError) -> None:
        self.show_error(error.message)

    def _on_save_preset_button_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save as preset"), self.tr("Name of the preset:"),
                                        text=self.preset_combo.currentText() if self.preset_combo.currentIndex() else "")
        if ok and name.strip():
            self.save_preset(name.strip())

    def isComplete(self) -> bool:
        return bool(self.combos) and not self.problem()

    def validatePage(self) -> bool:
        chosen = self.mapping()
        if chosen != self.wiz.mapping:
            self.wiz.mapping = chosen
        return True

class ImportWizard(QWizard):
    """The five steps of an import; ``imported`` is emitted with the ``ImportResult``."""

    imported = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import from Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.folder = folder or Path.home()
        self.path: Path | None = None
        self.encoding: str | None = None
        self.info: SheetInfo | None = None
        self.kind = "customers"
        self.header_row: int | None = None
        self.mapping: dict[int, str] | None = None
        self.staff_plan: dict[str, int | None] = {}  # new people: staff id, None (left out); absent: new staff
        self.preview: Any = None
        self.result: Any = None
        self.file_page, self.sheet_page = FilePage(self), SheetPage(self)
        self.mapping_page, self.preview_page, self.summary_page = MappingPage(self), PreviewPage(self), SummaryPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page, self.summary_page):
            self.addPage(page)
        self.resize(1040, 660)  # within a 1366×768 screen's work area (1366×728)

    def load_sheet(self, path: Path, encoding: str | None, sheet: str | None) -> None:
        """Read the header of ``sheet`` of ``path`` in the background; the pages follow."""
        kind = self.file_page.kind()

        self.file_page.show_error("")
        self.sheet_page.show_error("")
        label = self.tr("Reading %1…").replace("%1", path.name)
        # a read of the file alone: on the reader thread, never queued behind a save
        ReadOp(self, lambda _ctx: read_sheet_info(path, encoding, sheet, kind)).with_progress(label).success(
            lambda info: self._on_sheet_loaded(path, encoding, info)).failure(self._on_sheet_failed).run()

    def _on_sheet_loaded(self, path: Path, encoding: str | None, info: SheetInfo) -> None:
        self.path, self.encoding, self.info = path, encoding, info
        self.header_row, self.mapping, self.preview = info.header_row, None, None
        self.staff_plan = {}
        self.file_page._show_guess()  # noqa: SLF001 - the wizard drives its own pages
        self.file_page.completeChanged.emit()
        if self.currentPage() is self.sheet_page:
            self.sheet_page.fill()

    def _on_sheet_failed(self, error: KnownError) -> None:
        self.info = None
        page = self.sheet_page if self.currentPage() is self.sheet_page else self.file_page
        page.show_error(error.message)
        self.file_page.completeChanged.emit()

    def layout(self) -> Any:
        """The other CRM's layout of the chosen header row (``importer_sources.Layout``), or None."""
        headers = self.headers()
        return detect(headers, self.kind) if headers else None

    def headers(self) -> list[str]:
        """The chosen header row as text."""
        return [cell_text(v) for v in (self.info.row(self.header_row) or [])] if self.info else []

    def sample_row(self) -> list[object]:
        """The first row below the header (examples on the mapping page)."""
        below = [values for number, values in self.info.leading if number > (self.header_row or 0)]
        return below[0] if below else []
