"""Small shared widget helpers, and the error line every form shows its refusals in (:class:`ErrorLine`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDateTime, QObject
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from crmdesk.core.store.errors import KnownError
from crmdesk.ui import theme

# row tints of the lists (follow-ups, tickets): overdue, due soon, finished
OVERDUE = QColor(theme.ERROR)
WARNING = QColor(theme.DUE_SOON)
DONE = QColor(theme.MUTED)


def make_readonly_table(table: QTableWidget, headers: Sequence[str]) -> QTableWidget:
    """Configure a read-only, row-selecting table with the given headers."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Fit columns to the first rows only: measuring every row of a long list is slow.
    table.horizontalHeader().setResizeContentsPrecision(40)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[object]], *, ids: Sequence[int] | None = None,
               colors: Sequence[QColor | None] | None = None) -> None:
    """Replace the table's rows; ``ids`` go to the first cell's UserRole, ``colors`` tint whole rows."""
    from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

    table.setSortingEnabled(False)
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        color = colors[r] if colors else None
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0 and ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            if color is not None:
                item.setForeground(QBrush(color))
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.setUpdatesEnabled(True)


def selected_id(table: QTableWidget) -> int | None:
    """The id stored in the first cell of the selected row."""
    from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def to_qdatetime(value: dt.datetime) -> QDateTime:
    """A Python datetime for a QDateTimeEdit, to the minute (the follow-up and log-call forms)."""
    return QDateTime.fromString(value.strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm")


def from_qdatetime(value: QDateTime) -> dt.datetime:
    """A QDateTimeEdit's value as a Python datetime, to the minute."""
    return dt.datetime.strptime(value.toString("yyyy-MM-dd HH:mm"), "%Y-%m-%d %H:%M")


def install_app_filter(app: QApplication, kind: type[QObject]) -> QObject:
    """Install one application-wide event filter of class ``kind`` (once per application; returns it)."""
    # remembered on the application object: looking through app.children() would wrap every child
    # for Python, the style among them, and wrapping the style builds QStyle's enums (~30 ms at start-up)
    installed: dict[type, QObject] = app.__dict__.setdefault("_crmdesk_app_filters", {})
    found = installed.get(kind)
    if found is None:
        found = installed[kind] = kind(app)
        app.installEventFilter(found)
    return found


def confirm(parent, title: str, text: str) -> bool:
    """Ask a yes/no question (tests replace this function instead of patching Qt)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


def file_menu(window):
    """The main window's File menu (features insert their actions there)."""
    menu = getattr(window, "file_menu", None)
    return menu if menu is not None else window.menuBar().actions()[0].menu()


def choice_combo(all_label: str, items: Sequence[tuple[str, object]]) -> QComboBox:
    """A filter combo: "all …" (data None) first, then ``(text, value)`` choices."""
    combo = QComboBox()
    combo.addItem(all_label, None)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def reload_choices(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    """Replace a filter combo's choices after its first item, keeping the current one (no signals)."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.blockSignals(False)


def open_dialog(parent, factory):
    """Build a dialog with ``factory(parent)``, open it (not modal: the window stays usable), return it."""
    dialog = factory(parent)
    dialog.open()
    return dialog


def dialog_action(window, menu, text: str, factory, attribute: str):
    """A menu entry that opens the dialog ``factory(window)`` builds; it is kept as ``window.<attribute>``
    (the dialog lives on after the slot returns; tests find it there)."""
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: setattr(window, attribute, open_dialog(window, factory)))
    return action


class ErrorLine(QLabel):
    """The line under a form that says what is wrong, in the error colour; hidden while all is well.

    Designer forms use it as a promoted ``QLabel`` (header ``crmdesk.ui.widgets``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(theme.text_style(theme.ERROR))
        self.hide()

    def show_error(self, error: BaseException | str) -> None:
        """A refusal in the line: an expected problem (``KnownError``) or a text of the form itself
        (an empty text clears the line). Any other exception is a bug and is raised again."""
        if isinstance(error, BaseException) and not isinstance(error, KnownError):
            raise error
        text = error.message if isinstance(error, KnownError) else error
        self.setStyleSheet(theme.text_style(theme.ERROR))
        self.setText(text)
        self.setVisible(bool(text))

    def show_ok(self, text: str) -> None:
        """A confirmation in the same place, in the colour of success."""
        self.setStyleSheet(theme.text_style(theme.OK))
        self.setText(text)
        self.show()

    def clear(self) -> None:
        """Nothing to say: the line goes."""
        super().clear()
        self.hide()
