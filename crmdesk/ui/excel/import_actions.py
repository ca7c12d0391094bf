"""The import entries of the File menu: 从 Excel 导入… (the wizard) and 导入记录… (history, undo).

The main window only wires them with :func:`install`; the io layer (calamine, openpyxl)
is loaded when an entry is used, never at start (docs/spec.md §9).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow

from crmdesk.ui import widgets
from crmdesk.ui.excel.actions import _last_folder, _remember_folder


def open_import_wizard(window: QMainWindow) -> QDialog:
    """File → Import from Excel…: the wizard, window-modal, returned at once."""
    from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

    # start-up: the wizard and the io layer behind it load when the entry is first used
    from crmdesk.ui.excel.export_dialog import documents_folder
    from crmdesk.ui.excel.import_wizard import ImportWizard

    wizard = ImportWizard(window, folder=_last_folder(window) or documents_folder())
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # the operation that committed the import has broadcast its change-set already
    wizard.imported.connect(lambda _result: _remember_folder(window, wizard.path))
    wizard.open()
    return wizard


def open_import_history(window: QMainWindow) -> QDialog:
    """File → Import history…: the batches, with undo."""
    from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

    from crmdesk.ui.excel.import_history import ImportHistoryDialog  # start-up: loads when first used

    dialog = ImportHistoryDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install(window: QMainWindow) -> QAction:
    """Enable File → Import from Excel… and add File → Import history… right after it.

    Expects the main window's ``import_action`` (disabled until this feature existed);
    returns the history action.
    """
    window.import_action.setEnabled(True)
    window.import_action.triggered.connect(lambda _checked=False: open_import_wizard(window))
    history = QAction(QCoreApplication.translate("ImportActions", "Import &history…"), window)
    history.triggered.connect(lambda _checked=False: open_import_history(window))
    file_menu = widgets.file_menu(window)
    actions = file_menu.actions()
    position = actions.index(window.import_action) + 1
    if position < len(actions):
        file_menu.insertAction(actions[position], history)
    else:
        file_menu.addAction(history)
    window.import_history_action = history
    return history
