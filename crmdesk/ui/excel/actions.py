"""The Excel entries of the File menu: export dialog and the seven empty templates.

The main window only wires them (see the module's ``install`` for the exact lines);
openpyxl is loaded when an action is used, never at start (docs/spec.md §9).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from crmdesk.ui import widgets
from crmdesk.ui.operations.runner import get_broadcaster

FOLDER_KEY = "excel/last_folder"


def _last_folder(window: QWidget) -> Path | None:
    settings = getattr(window, "settings", None)
    value = settings.value(FOLDER_KEY) if settings is not None else None
    return Path(value) if value and Path(value).is_dir() else None


def _remember_folder(window: QWidget, path: Path) -> None:
    settings = getattr(window, "settings", None)
    if settings is not None:
        settings.setValue(FOLDER_KEY, str(path.parent))


def open_export_dialog(window: QMainWindow, *, kind: str | None = None):
    """File → Export to Excel…: the export dialog, window-modal, returned at once.

    When the current tab shows a list (``list_selection()`` of the tab), the dialog offers
    that list as filtered, and starts on its kind.
    """
    from PySide6.QtCore import Qt

    selection = None
    tabs = getattr(window, "tabs", None)
    current = tabs.currentWidget() if tabs is not None else None
    inner = getattr(current, "widget", None)  # a LazyTab page holds the tab's widget
    if isinstance(inner, QWidget):
        current = inner
    if current is not None and hasattr(current, "list_selection"):
        selection = current.list_selection()
    if kind is None:
        kind = min(selection.kinds) if selection is not None else "customers"
    # start-up: the Excel menu is built before the first paint; the dialog (and its templates) after it
    from crmdesk.ui.excel.export_dialog import ExportDialog

    dialog = ExportDialog(window, kind=kind, folder=_last_folder(window), selection=selection)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exported.connect(lambda result: _remember_folder(window, result.path))
    dialog.open()
    return dialog


def save_template(window: QWidget, name: str, path: Path | str | None = None) -> Path | None:
    """Ask where to save template ``name`` (unless ``path`` is given), then write it.

    Returns the chosen path (``None`` if the user cancelled); the result is reported in the
    status bar, a failure as a message.
    """
    # start-up: the Excel menu is built before the first paint; the templates (~30 ms) load when one is written
    from crmdesk.io.excel.templates import get_template
    from crmdesk.ui.excel.export_dialog import documents_folder

    spec = get_template(name)
    if path is None:
        suggested = (_last_folder(window) or documents_folder()) / f"{spec.title}.xlsx"
        from PySide6.QtWidgets import QFileDialog  # start-up: its enums when a file is asked for

        chosen, _filter = QFileDialog.getSaveFileName(
            window, QCoreApplication.translate("ExcelActions", "Save Excel template"), str(suggested),
            QCoreApplication.translate("ExcelActions", "Excel workbook (*.xlsx)"))
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")

    def done(written: Path) -> None:
        _remember_folder(window, written)
        text = QCoreApplication.translate("ExcelActions", "Template saved: %1")
        get_broadcaster().message.emit(text.replace("%1", str(written)))

    from crmdesk.ui.operations import excel as excel_ops  # start-up: loads when a template is written

    excel_ops.write_template(window, name, target).success(done).run()  # a failure: the error handler's message
    return target


def template_menu(window: QWidget, *, filled: bool = True) -> QMenu:
    """File → New Excel template ▸ the seven templates, by their Chinese titles.

    ``filled=False``: the entries are added when the menu is first opened (the window's menu bar is
    built before its first paint, the templates' module need not load for it)."""
    menu = QMenu(QCoreApplication.translate("ExcelActions", "New Excel &template"), window)
    menu.setToolTipsVisible(True)
    if filled:
        _add_templates(menu, window)
    else:
        menu.aboutToShow.connect(lambda: _add_templates(menu, window) if menu.isEmpty() else None)
    return menu


def _add_templates(menu: QMenu, window: QWidget) -> None:
    # start-up: the Excel menu is built at start; the templates load when the menu is first opened
    from crmdesk.io.excel.templates import TEMPLATES

    for name, spec in TEMPLATES.items():
        action = menu.addAction(spec.title + "…")
        action.setData(name)
        action.setToolTip(QCoreApplication.translate(
            "ExcelActions", "Empty workbook with drop-down lists and instructions, ready to import"))
        action.triggered.connect(lambda _checked=False, n=name: save_template(window, n))


def install(window: QMainWindow) -> None:
    """Enable File → Export to Excel… and add File → New Excel template ▸ right after it.

    Expects the main window's ``export_action`` (disabled until this feature existed).
    """
    window.export_action.setEnabled(True)
    window.export_action.triggered.connect(lambda _checked=False: open_export_dialog(window))
    file_menu = widgets.file_menu(window)
    actions = file_menu.actions()
    position = actions.index(window.export_action) + 1
    menu = template_menu(window, filled=False)
    if position < len(actions):
        file_menu.insertMenu(actions[position], menu)
    else:
        file_menu.addMenu(menu)
