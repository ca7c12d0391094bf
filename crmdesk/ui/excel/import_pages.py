"""The import wizard's shared parts and its last two pages: check (preview) and summary.

Split from ``import_wizard`` (file, sheet, mapping pages and the wizard itself) to keep
each module readable; the engine calls are the same (``crmdesk.io.importer``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget,
    QWizard, QWizardPage,
)

from crmdesk.core.errors import KnownError, OperationCancelled
from crmdesk.ui.operations import Op, OpContext, get_broadcaster

if TYPE_CHECKING:
    from crmdesk.ui.excel.import_wizard import ImportWizard
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
            return "；".join([*row.reasons, *(self.tr("Warning: %1").replace("%1", w) for w in row.warnings)])
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
