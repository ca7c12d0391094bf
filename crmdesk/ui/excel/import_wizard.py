"""从 Excel 导入: the import wizard (SPEC §6) — file, sheet and header, mapping, preview, import.

The wizard only collects choices and shows results; reading, checking and writing are
``crmdesk.io.reader`` / ``crmdesk.io.importer`` (the command line uses the same code),
run as background operations with a cancellable progress dialog (STYLE 2–3), so the
window never freezes on a 100,000-row ledger. The Qt-free engine does all the work:
nothing here touches the database directly.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton,
    QSpinBox, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from crmdesk.core.errors import KnownError, OperationCancelled
from crmdesk.ui import widgets
from crmdesk.ui.operations import Op, OpContext, get_broadcaster

KINDS = ("customers", "tickets", "interactions", "surveys")
ENCODINGS = (None, "utf-8-sig", "gbk", "gb18030")  # None: detected
STATUS_COLORS = {"new": ("#1e8449", "#e9f7ef"), "update": ("#1f618d", "#eaf2fb"),
                 "duplicate": ("#7f8c8d", "#f2f3f4"), "error": ("#c0392b", "#fdedec")}  # text, background
Row = tuple[int, list[object]]


@dataclass
class SheetInfo:
    """What the wizard knows of the chosen sheet before the preview: names, header, first rows."""

    sheet_names: list[str]
    sheet: str
    header_row: int
    leading: list[Row]  # the first non-blank rows (title block, header, some data)
    encoding: str
    is_csv: bool
    guessed_kind: str = "customers"

    def row(self, row_no: int) -> list[object] | None:
        """The cells of file row ``row_no`` when it is among the first rows."""
        return next((values for number, values in self.leading if number == row_no), None)


def read_sheet_info(path: Path, encoding: str | None, sheet: str | None, kind: str | None) -> SheetInfo:
    """Open ``path`` and find the header of ``sheet`` (runs in the background)."""
    from crmdesk.io.mapping import guess_kind
    from crmdesk.io.reader import open_workbook

    with open_workbook(path) as book:
        data = book.read_sheet(sheet, encoding=encoding, kind=kind)
        info = SheetInfo(list(book.sheet_names), data.name, data.header_row,
                         [(number, list(values)) for number, values in data.leading_rows], data.encoding,
                         book.format == "csv", guess_kind(data.headers))
        data.close()
    return info


def error_workbook_path(source: Path) -> Path:
    """Beside the source (``<name>_错误行.xlsx``, as the CLI), or the data folder when that is read-only."""
    from crmdesk.core import paths
    from crmdesk.io.importer import default_error_path

    target = default_error_path(source)
    return target if os.access(target.parent, os.W_OK) else paths.data_dir() / target.name


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}" if value.time() != dt.time() else f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets store every number as a float: 3.0 is the 3 the user typed
    if isinstance(value, (list, tuple, set)):
        return "、".join(_text(v) for v in value)
    return str(value)


class PreviewModel(QAbstractTableModel):
    """Every previewed row: file row, status (coloured), the mapped fields, the reasons; filterable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: Any = None
        self._columns: list[tuple[int, str]] = []  # (source column, field key)
        self._labels: list[str] = []
        self._visible: list[int] = []
        self.status_filter: str | None = None
        self.status_names = {"new": self.tr("New"), "update": self.tr("Update"),
                             "duplicate": self.tr("Duplicate"), "error": self.tr("Error")}

    def set_preview(self, preview: Any) -> None:
        """Show ``preview`` (an ``importer.Preview``; None empties the table)."""
        self.beginResetModel()
        self.preview = preview
        labels = preview.field_labels if preview is not None else {}
        self._columns = sorted(preview.mapping.items()) if preview is not None else []
        self._labels = [labels[column] for column, _key in self._columns]
        self._refilter()
        self.endResetModel()

    def set_status_filter(self, status: str | None) -> None:
        """Show only the rows of one status (None: all)."""
        self.beginResetModel()
        self.status_filter = status
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        rows = self.preview.rows if self.preview is not None else []
        self._visible = [i for i, row in enumerate(rows) if self.status_filter in (None, row.status)]

    def row_result(self, row: int) -> Any:
        """The ``RowResult`` shown in table row ``row``."""
        return self.preview.rows[self._visible[row]]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3 + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Row")
        if section == 1:
            return self.tr("Status")
        if section == 2 + len(self._columns):
            return self.tr("Reasons")
        return self._labels[section - 2] if 0 <= section - 2 < len(self._labels) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._visible)):
            return None
        row = self.row_result(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLORS[row.status][1]))
        if role == Qt.ItemDataRole.ForegroundRole and (column == 1 or row.status == "error"):
            return QBrush(QColor(STATUS_COLORS[row.status][0]))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return str(row.source_row)
        if column == 1:
            return self.status_names[row.status]
        if column == 2 + len(self._columns):
            return "；".join(row.reasons)
        source, key = self._columns[column - 2]
        if row.cells is not None:  # rejected rows keep the cells as they were in the file
            return _text(row.cells[source]) if source < len(row.cells) else ""
        return _text(row.values.get(key))


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #c0392b;")
    label.hide()
    return label


class _Page(QWizardPage):
    """A page that knows its wizard and shows one error line."""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.error_label = _error_label()

    def show_error(self, text: str) -> None:
        """Show ``text`` in red (empty hides it)."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))


class FilePage(_Page):
    """Step 1: the file, the import kind (guessed from the headers) and the CSV encoding."""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("An Excel workbook (.xlsx, .xlsm, .xls) or a CSV file, such as an old ledger."))
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Detect from the headers"), None)
        for kind, text in zip(KINDS, (self.tr("Customers"), self.tr("Service tickets"), self.tr("Interactions"),
                                      self.tr("Satisfaction surveys"))):
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
        if info is None or self.kind() is not None:
            self.guess_label.clear()
            return
        name = self.kind_combo.itemText(self.kind_combo.findData(info.guessed_kind))
        self.guess_label.setText(self.tr("The headers look like: %1").replace("%1", name))

    def isComplete(self) -> bool:  # noqa: N802
        return self.wiz.info is not None

    def validatePage(self) -> bool:  # noqa: N802
        info = self.wiz.info
        kind = self.kind() or (info.guessed_kind if info else "customers")
        if kind != self.wiz.kind:
            self.wiz.kind = kind
            self.wiz.mapping = None
        return info is not None


class SheetPage(_Page):
    """Step 2: the sheet and the header row (detected below any title block), with the first rows."""

    def __init__(self, wizard: "ImportWizard") -> None:
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

    def initializePage(self) -> None:  # noqa: N802
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
                    item.setBackground(QBrush(QColor("#d6eaf8")) if number == row_no else QBrush())
                    item.setForeground(QBrush(QColor("#909497")) if number < row_no else QBrush())
        self.completeChanged.emit()

    def _on_sheet_combo_activated(self, _index: int) -> None:
        self.wiz.load_sheet(self.wiz.path, self.wiz.encoding, self.sheet_combo.currentText())

    def isComplete(self) -> bool:  # noqa: N802
        info = self.wiz.info
        return info is not None and info.row(self.header_spin.value()) is not None



class MappingPage(_Page):
    """Step 3: which field each source column goes to, suggested from header synonyms; presets."""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Column mapping"))
        self.setSubTitle(self.tr("Choose what each column of the file holds. Fields marked * are required."))
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
        layout.addLayout(line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        self.combos: dict[int, QComboBox] = {}
        self.preset_combo.activated.connect(self._on_preset_combo_activated)
        self.save_preset_button.clicked.connect(self._on_save_preset_button_clicked)

    def initializePage(self) -> None:  # noqa: N802
        from crmdesk.io.mapping import suggest_mapping

        self.load_presets()
        if self.wiz.mapping is None:
            self.wiz.mapping = suggest_mapping(self.wiz.headers(), self.wiz.kind)
        self.fill(self.wiz.mapping)

    def load_presets(self, select: str | None = None) -> None:
        """The saved presets of the kind in the preset combo."""
        from crmdesk.io.mapping import load_presets

        self.preset_combo.clear()
        self.preset_combo.addItem(self.tr("Suggested from the headers"), None)
        for preset in load_presets(self.wiz.kind):
            self.preset_combo.addItem(preset.name, preset)
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findText(select or "")))

    def fill(self, mapping: dict[int, str]) -> None:
        """One row per non-blank source column, its combo set from ``mapping``."""
        from crmdesk.io.mapping import field_specs

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
            for spec in field_specs(self.wiz.kind):
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

        from crmdesk.io.mapping import field_labels, missing_required

        chosen = self.mapping()
        twice = [field_labels(self.wiz.kind)[k] for k, n in Counter(chosen.values()).items() if n > 1]
        if twice:
            return self.tr("Several columns are mapped to %1; keep one.").replace("%1", "、".join(twice))
        missing = missing_required(chosen, self.wiz.kind)
        return self.tr("No column for %1.").replace("%1", "、".join(missing)) if missing else ""

    def _on_combo_changed(self, _index: int = 0) -> None:
        self.show_error(self.problem())
        self.completeChanged.emit()

    def _on_preset_combo_activated(self, _index: int) -> None:
        from crmdesk.io.mapping import suggest_mapping

        preset = self.preset_combo.currentData()
        headers = self.wiz.headers()
        self.fill(preset.apply(headers) if preset is not None else suggest_mapping(headers, self.wiz.kind))

    def save_preset(self, name: str) -> None:
        """Save the current mapping as preset ``name`` of this kind (replacing one of that name)."""
        from crmdesk.io.mapping import save_preset

        kind, chosen, headers = self.wiz.kind, self.mapping(), self.wiz.headers()
        Op(self, lambda _ctx: save_preset(name, kind, chosen, headers)) \
            .success(lambda preset: self.load_presets(preset.name)).failure(self._on_failed).run()

    def _on_failed(self, error: BaseException) -> None:
        self.show_error(_known(error))

    def _on_save_preset_button_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save as preset"), self.tr("Name of the preset:"),
                                        text=self.preset_combo.currentText() if self.preset_combo.currentIndex() else "")
        if ok and name.strip():
            self.save_preset(name.strip())

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.combos) and not self.problem()

    def validatePage(self) -> bool:  # noqa: N802
        chosen = self.mapping()
        if chosen != self.wiz.mapping:
            self.wiz.mapping = chosen
        return True


def _known(error: BaseException) -> str:
    """The message of an expected problem; anything else goes to the crash handler."""
    if isinstance(error, KnownError):
        return error.message
    get_broadcaster().error.emit(error)
    return ""


class PreviewPage(_Page):
    """Step 4: every row as new / update / duplicate / error, with reasons; nothing is written yet."""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Check before importing"))
        self.setSubTitle(self.tr("Nothing has been written yet. Rows with errors are not imported; they go to an "
                                 "error workbook you can fix and import again."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.dayfirst_check = QCheckBox(self.tr("Read ambiguous dates such as 03/05/2024 day first (3 May)"))
        self.create_check = QCheckBox(self.tr("Create the customers that do not exist yet"))
        self.filter_combo = QComboBox()
        self.filter_combo.addItem(self.tr("All rows"), None)
        self.model = PreviewModel(self)
        for status, text in self.model.status_names.items():
            self.filter_combo.addItem(text, status)
        self.recheck_button = QPushButton(self.tr("Check again"))
        self.counts_label = QLabel()
        self.dates_label = QLabel()
        self.dates_label.setStyleSheet("color: #b9770e;")
        self.dates_label.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        line = QHBoxLayout()
        line.addWidget(QLabel(self.tr("Show")))
        line.addWidget(self.filter_combo)
        line.addWidget(self.counts_label, 1)
        line.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.dayfirst_check)
        layout.addWidget(self.create_check)
        layout.addLayout(line)
        layout.addWidget(self.dates_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self.dayfirst_check.toggled.connect(lambda _on: self.run_preview())
        self.create_check.toggled.connect(lambda _on: self.run_preview())
        self.recheck_button.clicked.connect(lambda _checked=False: self.run_preview())
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_status_filter(self.filter_combo.currentData()))

    def initializePage(self) -> None:  # noqa: N802
        self.create_check.setEnabled(self.wiz.kind != "customers")
        self.run_preview()

    def run_preview(self) -> None:
        """Check the file in the background (progress and cancel); nothing is written."""
        wiz = self.wiz
        args = dict(kind=wiz.kind, sheet=wiz.info.sheet if not wiz.info.is_csv else None,
                    header_row=wiz.header_row, mapping=dict(wiz.mapping or {}), encoding=wiz.encoding,
                    dayfirst=self.dayfirst_check.isChecked(),
                    create_missing_customers=self.create_check.isChecked() and wiz.kind != "customers")
        path = wiz.path

        def work(ctx: OpContext):
            from crmdesk.io.importer import preview

            try:
                return preview(path, progress=ctx.progress, cancelled=ctx.cancelled, **args)
            except OperationCancelled:
                return None

        self.set_preview(None)
        self.show_error("")
        label = self.tr("Checking %1…").replace("%1", path.name)
        Op(self, work).with_progress(label).success(self._on_preview_done).failure(self._on_failed).run()

    def set_preview(self, preview: Any) -> None:
        """Show a preview (None: none yet)."""
        self.wiz.preview = preview
        self.model.set_preview(preview)
        counts = preview.counts if preview is not None else {}
        self.counts_label.setText(self.tr("New %1 · Update %2 · Duplicate %3 · Error %4").replace(
            "%1", str(counts.get("new", 0))).replace("%2", str(counts.get("update", 0))).replace(
            "%3", str(counts.get("duplicate", 0))).replace("%4", str(counts.get("error", 0))))
        ambiguous = preview.ambiguous_dates if preview is not None else 0
        self.dates_label.setText(self.tr("%1 dates could be read two ways (month/day or day/month); they are "
                                         "marked as errors unless you tick 'day first'.").replace("%1", str(ambiguous)))
        self.dates_label.setVisible(bool(ambiguous) and not self.dayfirst_check.isChecked())
        self.view.resizeColumnsToContents()
        self.completeChanged.emit()

    def _on_preview_done(self, preview: Any) -> None:
        if preview is None:
            self.show_error(self.tr("The check was cancelled. Click 'Check again' to start it again."))
        self.set_preview(preview)

    def _on_failed(self, error: BaseException) -> None:
        self.set_preview(None)
        self.show_error(_known(error))

    def isComplete(self) -> bool:  # noqa: N802
        preview = self.wiz.preview
        return preview is not None and len(preview.rows) > preview.counts["error"] and self.wiz.result is None

    def validatePage(self) -> bool:  # noqa: N802
        if self.wiz.result is not None:
            return True
        self.start_import()
        return False  # the wizard moves on when the import has finished

    def start_import(self) -> None:
        """Write the previewed rows in the background (one transaction; cancel rolls back)."""
        result = self.wiz.preview
        error_path = error_workbook_path(result.file)

        def work(ctx: OpContext):
            from crmdesk.core import staff
            from crmdesk.io.importer import commit

            try:
                return commit(result, operator=staff.current_operator(), error_path=error_path,
                              progress=ctx.progress, cancelled=ctx.cancelled)
            except OperationCancelled:
                return None

        self.show_error("")
        label = self.tr("Importing %1…").replace("%1", result.file.name)
        Op(self, work).with_progress(label).success(self._on_import_done).failure(self._on_import_failed).run()

    def _on_import_done(self, outcome: Any) -> None:
        if outcome is None:
            self.show_error(self.tr("The import was cancelled; nothing was written."))
            return
        self.wiz.result = outcome
        self.wiz.imported.emit(outcome)
        self.wiz.next()

    def _on_import_failed(self, error: BaseException) -> None:
        self.show_error(_known(error))  # e.g. the database changed since the check: 'Check again'


class SummaryPage(_Page):
    """Step 5: what the import did, the batch number and the error workbook."""

    def __init__(self, wizard: "ImportWizard") -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import finished"))
        self.numbers = {key: QLabel() for key in ("rows", "created", "updated", "duplicates", "errors", "batch")}
        self.errors_hint = QLabel()
        self.errors_hint.setWordWrap(True)
        self.open_errors_button = QPushButton(self.tr("Open the error workbook"))
        form = QFormLayout(self)
        for key, text in zip(self.numbers, (self.tr("Rows read"), self.tr("Created"), self.tr("Updated"),
                                            self.tr("Duplicates skipped"), self.tr("Rows with errors"),
                                            self.tr("Import batch"))):
            form.addRow(text, self.numbers[key])
        form.addRow(self.errors_hint)
        line = QHBoxLayout()
        line.addWidget(self.open_errors_button)
        line.addStretch(1)
        form.addRow(line)
        form.addRow(QLabel(self.tr("A whole batch can be undone in File → Import history.")))
        self.open_errors_button.clicked.connect(self._on_open_errors_button_clicked)

    def initializePage(self) -> None:  # noqa: N802
        outcome = self.wiz.result
        for key, label in self.numbers.items():
            label.setText(f"{getattr(outcome, key):,}" if key != "batch" else str(outcome.batch))
        written = outcome.error_workbook
        self.errors_hint.setText(self.tr("The rejected rows were written to %1, with the reason of each. Fix them "
                                         "in Excel or WPS and import that file again.").replace("%1", str(written)))
        self.errors_hint.setVisible(written is not None)
        self.open_errors_button.setVisible(written is not None)

    def _on_open_errors_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.wiz.result.error_workbook)))


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
        self.preview: Any = None
        self.result: Any = None
        self.file_page, self.sheet_page = FilePage(self), SheetPage(self)
        self.mapping_page, self.preview_page, self.summary_page = MappingPage(self), PreviewPage(self), SummaryPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page, self.summary_page):
            self.addPage(page)
        self.resize(900, 620)

    def load_sheet(self, path: Path, encoding: str | None, sheet: str | None) -> None:
        """Read the header of ``sheet`` of ``path`` in the background; the pages follow."""
        kind = self.file_page.kind()

        def work(_ctx: OpContext) -> SheetInfo:
            return read_sheet_info(path, encoding, sheet, kind)

        self.file_page.show_error("")
        self.sheet_page.show_error("")
        label = self.tr("Reading %1…").replace("%1", path.name)
        Op(self, work).with_progress(label).success(
            lambda info: self._on_sheet_loaded(path, encoding, info)).failure(self._on_sheet_failed).run()

    def _on_sheet_loaded(self, path: Path, encoding: str | None, info: SheetInfo) -> None:
        self.path, self.encoding, self.info = path, encoding, info
        self.header_row, self.mapping, self.preview = info.header_row, None, None
        self.file_page._show_guess()
        self.file_page.completeChanged.emit()
        if self.currentPage() is self.sheet_page:
            self.sheet_page.fill()

    def _on_sheet_failed(self, error: BaseException) -> None:
        self.info = None
        page = self.sheet_page if self.currentPage() is self.sheet_page else self.file_page
        page.show_error(_known(error))
        self.file_page.completeChanged.emit()

    def headers(self) -> list[str]:
        """The chosen header row as text."""
        from crmdesk.io.reader import cell_text

        return [cell_text(v) for v in (self.info.row(self.header_row) or [])] if self.info else []

    def sample_row(self) -> list[object]:
        """The first row below the header (examples on the mapping page)."""
        below = [values for number, values in self.info.leading if number > (self.header_row or 0)]
        return below[0] if below else []
