"""The import wizard's check page: every row before anything is written (docs/spec.md §6, §13).

The page names the layout it recognised ("识别为：悟空CRM 11 客户导出") and what it does with
each column (imported as which field, kept in the notes, ignored, or not imported), says what
applies to the whole file (visible defaults, people who are not staff yet), and lists every
row as new / update / duplicate / error with its reasons and the values set aside
(warnings). The reasons are readable without hovering: they are the third column, and the
row chosen in the table is shown whole, wrapped, in the pane below it. The 新员工 tab lets
the user leave out a person named in 负责人 / 跟进人 / 销售员 or take an existing staff
member for them; the choice goes to the commit.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from crmdesk.core.store.errors import KnownError
from crmdesk.ui import theme, widgets
from crmdesk.ui.excel.import_pages import STATUS_COLORS, _Page, _text, error_workbook_path
from crmdesk.ui.operations import excel as excel_ops

WARNING = "warning"  # the filter of the rows with values set aside
WARNING_COLOR = theme.WARNING
REASONS_WIDTH = 380  # the reasons column: wide enough to read, the details pane shows the rest
CREATE, LEAVE_OUT = 0, -1  # the 新员工 choices besides an existing staff member's id


class PreviewModel(QAbstractTableModel):
    """Every previewed row: file row, status (coloured), the reasons, the mapped fields; filterable."""

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
        columns = sorted(preview.mapping.items()) if preview is not None else []
        # the columns kept in the notes (写入备注) are one column: the lines the notes get
        first_memo = next((column for column, key in columns if key == "memo"), None)
        self._columns = [(column, key) for column, key in columns if key != "memo" or column == first_memo]
        self._labels = [labels[column] for column, _key in self._columns]
        self._refilter()
        self.endResetModel()

    def set_status_filter(self, status: str | None) -> None:
        """Show only the rows of one status, or the rows with warnings (None: all)."""
        self.beginResetModel()
        self.status_filter = status
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        rows = self.preview.rows if self.preview is not None else []
        wanted = self.status_filter
        if wanted == WARNING:
            self._visible = [i for i, row in enumerate(rows) if row.warnings]
        else:
            self._visible = [i for i, row in enumerate(rows) if wanted in (None, row.status)]

    def row_result(self, row: int) -> Any:
        """The ``RowResult`` shown in table row ``row``."""
        return self.preview.rows[self._visible[row]]

    def reasons(self, row: Any) -> str:
        """A row's reasons and warnings as one line."""
        return "；".join([*row.reasons, *(self.tr("Warning: %1").replace("%1", w) for w in row.warnings)])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 3 + len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Row")
        if section == 1:
            return self.tr("Status")
        if section == 2:
            return self.tr("Reasons")
        return self._labels[section - 3] if 0 <= section - 3 < len(self._labels) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._visible)):
            return None
        row = self.row_result(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLORS[row.status][1]))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 1 or row.status == "error":
                return QBrush(QColor(STATUS_COLORS[row.status][0]))
            if column == 2 and row.warnings:
                return QBrush(QColor(WARNING_COLOR))
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return str(row.source_row)
        if column == 1:
            return self.status_names[row.status] + (" ⚠" if row.warnings and row.status != "error" else "")
        if column == 2:
            return self.reasons(row)
        source, key = self._columns[column - 3]
        if row.cells is not None and (row.status == "error" or source in row.warn_columns):
            return _text(row.cells[source]) if source < len(row.cells) else ""  # as it was in the file
        value = row.values.get(key)
        return "；".join(value) if key == "memo" and value else _text(value)


class PreviewPage(_Page):
    """Step 4: every row as new / update / duplicate / error, with reasons; nothing is written yet."""

    def __init__(self, wizard: QWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Check before importing"))
        self.setSubTitle(self.tr("Nothing has been written yet. Rows with errors are not imported; values that "
                                 "cannot be read are left out of their row. Both go to a workbook you can fix and "
                                 "import again."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.staff_names: list[tuple[int, str]] = []  # (id, name) of the active staff, for the 新员工 choices
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setStyleSheet(theme.text_style(theme.INFO, bold=True))
        self.notices_label = QLabel()
        self.notices_label.setWordWrap(True)
        self.notices_label.setStyleSheet(f"color: {WARNING_COLOR};")
        self.dayfirst_check = QCheckBox(self.tr("Read ambiguous dates such as 03/05/2024 day first (3 May)"))
        self.create_check = QCheckBox(self.tr("Create the customers that do not exist yet"))
        self.filter_combo = QComboBox()
        self.filter_combo.addItem(self.tr("All rows"), None)
        self.model = PreviewModel(self)
        for status, text in self.model.status_names.items():
            self.filter_combo.addItem(text, status)
        self.filter_combo.addItem(self.tr("With warnings"), WARNING)
        self.recheck_button = QPushButton(self.tr("Check again"))
        self.counts_label = QLabel()
        self.dates_label = QLabel()
        self.dates_label.setStyleSheet(f"color: {WARNING_COLOR};")
        self.dates_label.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.columns_table = widgets.make_readonly_table(QTableWidget(), [self.tr("Column in the file"),
                                                                          self.tr("Imported as")])
        self.staff_table = widgets.make_readonly_table(QTableWidget(), [self.tr("Name in the file"), self.tr("Rows"),
                                                                        self.tr("Becomes")])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.details, self.tr("Row details"))
        self.tabs.addTab(self.columns_table, self.tr("Columns"))
        self.tabs.addTab(self.staff_table, self.tr("New staff"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 120])  # the rows first; the pane holds a row's few reasons
        self.staff_combos: dict[str, QComboBox] = {}
        checks = QHBoxLayout()
        checks.addWidget(self.dayfirst_check)
        checks.addWidget(self.create_check)
        checks.addStretch(1)
        line = QHBoxLayout()
        line.addWidget(QLabel(self.tr("Show")))
        line.addWidget(self.filter_combo)
        line.addWidget(self.counts_label, 1)
        line.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source_label)
        layout.addWidget(self.notices_label)
        layout.addLayout(checks)
        layout.addLayout(line)
        layout.addWidget(self.dates_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        self.dayfirst_check.toggled.connect(lambda _on: self.run_preview())
        self.create_check.toggled.connect(lambda _on: self.run_preview())
        self.recheck_button.clicked.connect(lambda _checked=False: self.run_preview())
        self.filter_combo.currentIndexChanged.connect(self._on_filter_combo_changed)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _previous: self.show_row(current.row()))

    def initializePage(self) -> None:
        self.create_check.setEnabled(self.wiz.kind != "customers")
        self.run_preview()

    def run_preview(self) -> None:
        """Check the file in the background (progress and cancel); nothing is written."""
        wiz = self.wiz
        args = {"kind": wiz.kind, "sheet": wiz.info.sheet if not wiz.info.is_csv else None,
                    "header_row": wiz.header_row, "mapping": dict(wiz.mapping or {}), "encoding": wiz.encoding,
                    "dayfirst": self.dayfirst_check.isChecked(),
                    "create_missing_customers": self.create_check.isChecked() and wiz.kind != "customers"}
        path = wiz.path
        self.set_preview(None)
        self.show_error("")
        label = self.tr("Checking %1…").replace("%1", path.name)
        excel_ops.check_import(self, path, **args).with_progress(label).success(self._on_preview_done) \
            .failure(self._on_failed).run()

    def set_preview(self, preview: Any) -> None:
        """Show a preview (None: none yet)."""
        self.wiz.preview = preview
        self.model.set_preview(preview)
        counts = preview.counts if preview is not None else {}
        warned = len(preview.warning_rows) if preview is not None else 0
        self.counts_label.setText(self.tr("New %1 · Update %2 · Duplicate %3 · Error %4 · Warnings %5").replace(
            "%1", str(counts.get("new", 0))).replace("%2", str(counts.get("update", 0))).replace(
            "%3", str(counts.get("duplicate", 0))).replace("%4", str(counts.get("error", 0))).replace(
            "%5", str(warned)))
        ambiguous = preview.ambiguous_dates if preview is not None else 0
        self.dates_label.setText(self.tr("%1 dates could be read two ways (month/day or day/month); they are left "
                                         "out of their rows unless you tick 'day first'.").replace("%1", str(ambiguous)))
        self.dates_label.setVisible(bool(ambiguous) and not self.dayfirst_check.isChecked())
        source = preview.source_label if preview is not None else ""
        self.source_label.setText(self.tr("Recognised as: %1 — every column was mapped from its header; see the tab "
                                          "Columns.").replace("%1", source))
        self.source_label.setVisible(bool(source))
        notices = preview.notices if preview is not None else []
        self.notices_label.setText("\n".join(notices))
        self.notices_label.setVisible(bool(notices))
        self._fill_columns(preview)
        self._fill_staff(preview)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(2, min(max(self.view.columnWidth(2), 120), REASONS_WIDTH))
        self.show_row(0 if self.model.rowCount() else -1)
        self.completeChanged.emit()

    def _fill_columns(self, preview: Any) -> None:
        """The file's columns and what becomes of each: a field, the notes, ignored, or not imported."""
        rows: list[list[object]] = []
        if preview is not None:
            labels = preview.field_labels
            ignored, unmapped = set(preview.ignored), set(preview.unmapped)
            for column, header in enumerate(preview.headers):
                if not header.strip():
                    continue
                if column in preview.mapping:
                    key = preview.mapping[column]
                    what = self.tr("the notes (%1)").replace("%1", header) if key == "memo" else labels[column]
                elif column in ignored:
                    what = self.tr("ignored: means nothing here")
                elif column in unmapped:
                    what = self.tr("not imported (map it on the previous page)")
                else:
                    continue
                rows.append([header, what])
        widgets.fill_table(self.columns_table, rows)
        self.columns_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _fill_staff(self, preview: Any) -> None:
        """One line per person named who is not staff yet: new staff member, left out, or an existing one."""
        names = preview.new_staff if preview is not None else {}
        widgets.fill_table(self.staff_table, [[name, count, ""] for name, count in names.items()])
        self.staff_combos = {}
        for row, name in enumerate(names):
            combo = QComboBox()
            combo.addItem(self.tr("New staff member"), CREATE)
            combo.addItem(self.tr("Leave out (name kept in the notes)"), LEAVE_OUT)
            for staff_id, staff_name in self.staff_names:
                combo.addItem(self.tr("Existing: %1").replace("%1", staff_name), staff_id)
            previous = self.wiz.staff_plan.get(name, CREATE)
            combo.setCurrentIndex(max(0, combo.findData(LEAVE_OUT if previous is None else previous)))
            combo.currentIndexChanged.connect(lambda _i, n=name, c=combo: self._on_staff_choice(n, c))
            self.staff_table.setCellWidget(row, 2, combo)
            self.staff_combos[name] = combo
        self.staff_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs.setTabText(2, self.tr("New staff (%1)").replace("%1", str(len(names))))
        self.tabs.setTabEnabled(2, bool(names))

    def set_staff_choice(self, name: str, choice: int) -> None:
        """Choose what person ``name`` becomes: ``CREATE``, ``LEAVE_OUT`` or a staff id (tests call this)."""
        combo = self.staff_combos[name]
        combo.setCurrentIndex(combo.findData(choice))

    def _on_staff_choice(self, name: str, combo: QComboBox) -> None:
        choice = combo.currentData()
        self.wiz.staff_plan[name] = None if choice == LEAVE_OUT else int(choice)

    def show_row(self, row: int) -> None:
        """Show table row ``row`` whole in the details pane (wrapped: nothing to hover over)."""
        if not 0 <= row < self.model.rowCount():
            self.details.clear()
            return
        result = self.model.row_result(row)
        lines = [self.tr("Row %1 of the file: %2").replace("%1", str(result.source_row)).replace(
            "%2", self.model.status_names[result.status])]
        lines += [f"• {reason}" for reason in result.reasons]
        lines += [f"⚠ {warning}" for warning in result.warnings]
        if len(lines) == 1:
            lines.append(self.tr("Nothing to say: the row is imported as shown."))
        self.details.setPlainText("\n".join(lines))

    def _on_filter_combo_changed(self, _index: int) -> None:
        self.model.set_status_filter(self.filter_combo.currentData())
        self.show_row(0 if self.model.rowCount() else -1)

    def _on_preview_done(self, done: Any) -> None:
        if done is None:
            self.show_error(self.tr("The check was cancelled. Click 'Check again' to start it again."))
            self.set_preview(None)
            return
        preview, self.staff_names = done
        self.set_preview(preview)

    def _on_failed(self, error: KnownError) -> None:
        self.set_preview(None)
        self.show_error(error.message)

    def isComplete(self) -> bool:
        preview = self.wiz.preview
        return preview is not None and len(preview.rows) > preview.counts["error"] and self.wiz.result is None

    def validatePage(self) -> bool:
        if self.wiz.result is not None:
            return True
        self.start_import()
        return False  # the wizard moves on when the import has finished

    def start_import(self) -> None:
        """Write the previewed rows in the background (one transaction; cancel rolls back)."""
        result = self.wiz.preview
        self.show_error("")
        label = self.tr("Importing %1…").replace("%1", result.file.name)
        excel_ops.run_import(self, result, error_path=error_workbook_path(result.file),
                             staff_plan=dict(self.wiz.staff_plan)) \
            .with_progress(label).success(self._on_import_done).failure(self._on_import_failed).run()

    def _on_import_done(self, outcome: Any) -> None:
        if outcome is None:
            self.show_error(self.tr("The import was cancelled; nothing was written."))
            return
        self.wiz.result = outcome
        self.wiz.imported.emit(outcome)
        self.wiz.next()

    def _on_import_failed(self, error: KnownError) -> None:
        self.show_error(error.message)  # e.g. the database changed since the check: 'Check again'
