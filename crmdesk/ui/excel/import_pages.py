"""The import wizard's shared parts and its last page (summary).

Split from ``import_wizard`` (file, sheet, mapping pages and the wizard itself) and
``import_preview`` (the check page) to keep each module readable; the engine calls are the
same (``crmdesk.io.importing.service``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWizard,
    QWizardPage,
)

from crmdesk.core.store import paths
from crmdesk.io.importing import service as importer
from crmdesk.io.importing.mapping import guess_kind
from crmdesk.io.importing.reader import open_workbook
from crmdesk.io.importing.sources import detect
from crmdesk.ui import theme
from crmdesk.ui.widgets import ErrorLine

KINDS = ("customers", "tickets", "interactions", "surveys", "equipment")
ENCODINGS = (None, "utf-8-sig", "gbk", "gb18030")  # None: detected
STATUS_COLORS = theme.IMPORT_STATUS  # text, background
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
    source_key: str = ""  # the other CRM's layout recognised from the header (importer_sources)
    source_label: str = ""

    def row(self, row_no: int) -> list[object] | None:
        """The cells of file row ``row_no`` when it is among the first rows."""
        return next((values for number, values in self.leading if number == row_no), None)


class WizardState(Protocol):
    """What the pages read and write on their wizard (``import_wizard.ImportWizard`` has all of it).

    A protocol, so that the pages need not import the wizard module that imports them.
    """

    path: Path | None
    encoding: str | None
    info: SheetInfo | None
    kind: str
    header_row: int | None
    mapping: dict[int, str] | None
    staff_plan: dict[str, int | None]
    preview: Any
    result: Any
    imported: Any  # the wizard's ``imported`` signal

    def next(self) -> None:
        """Go to the next page."""


def read_sheet_info(path: Path, encoding: str | None, sheet: str | None, kind: str | None) -> SheetInfo:
    """Open ``path`` and find the header of ``sheet`` (runs in the background)."""
    with open_workbook(path) as book:
        data = book.read_sheet(sheet, encoding=encoding, kind=kind)
        layout = detect(data.headers, kind)
        info = SheetInfo(list(book.sheet_names), data.name, data.header_row,
                         [(number, list(values)) for number, values in data.leading_rows], data.encoding,
                         book.format == "csv", layout.kind if layout is not None else guess_kind(data.headers),
                         layout.key if layout is not None else "", layout.label if layout is not None else "")
        data.close()
    return info


def error_workbook_path(source: Path) -> Path:
    """Beside the source (``<name>_错误行.xlsx``, as the CLI), or the data folder when that is read-only."""
    target = importer.default_error_path(source)
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


class _Page(QWizardPage):
    """A page that knows its wizard and shows one error line."""

    def __init__(self, wizard: QWizard) -> None:
        super().__init__(wizard)
        self.wiz = cast(WizardState, wizard)
        self.error_label = ErrorLine()

    def show_error(self, text: str) -> None:
        """Show ``text`` in the error line (empty hides it)."""
        self.error_label.show_error(text)


class SummaryPage(_Page):
    """Step 5: what the import did, the batch number and the error workbook."""

    def __init__(self, wizard: QWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Import finished"))
        self.numbers = {key: QLabel() for key in ("rows", "created", "updated", "duplicates", "errors", "warnings",
                                                  "batch")}
        self.errors_hint = QLabel()
        self.errors_hint.setWordWrap(True)
        self.open_errors_button = QPushButton(self.tr("Open the error workbook"))
        form = QFormLayout(self)
        for key, text in zip(self.numbers, (self.tr("Rows read"), self.tr("Created"), self.tr("Updated"),
                                            self.tr("Duplicates skipped"), self.tr("Rows with errors"),
                                            self.tr("Rows imported with values left out"),
                                            self.tr("Import batch"))):
            form.addRow(text, self.numbers[key])
        form.addRow(self.errors_hint)
        line = QHBoxLayout()
        line.addWidget(self.open_errors_button)
        line.addStretch(1)
        form.addRow(line)
        form.addRow(QLabel(self.tr("A whole batch can be undone in File → Import history.")))
        self.open_errors_button.clicked.connect(self._on_open_errors_button_clicked)

    def initializePage(self) -> None:
        outcome = self.wiz.result
        for key, label in self.numbers.items():
            label.setText(f"{getattr(outcome, key):,}" if key != "batch" else str(outcome.batch))
        written = outcome.error_workbook
        self.errors_hint.setText(self.tr("The rejected rows (sheet 错误数据) and the values left out (sheet 警告) were "
                                         "written to %1, with the reason of each. Fix them in Excel or WPS and import "
                                         "that file again.").replace("%1", str(written)))
        self.errors_hint.setVisible(written is not None)
        self.open_errors_button.setVisible(written is not None)

    def _on_open_errors_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.wiz.result.error_workbook)))
