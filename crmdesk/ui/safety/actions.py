"""The data-safety actions of the main window and the background runner they share.

- :func:`install` wires File → Back up now / Restore from backup… and adds Help → Data check….
- :func:`backup_now`, :func:`open_restore_dialog`, :func:`open_check_dialog` are those actions; the
  outcome of a backup or a restore the user asked for is shown in a dialog (``show_result``).

The work itself is the named operations of ``crmdesk.ui.operations.safety``: backups, descriptions
and checks only read the database and run on the reader thread; a restore replaces the file and
runs on the writer thread (restore_dialog.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from crmdesk.core.store.errors import KnownError
from crmdesk.ui import crash
from crmdesk.ui.operations.runner import ReadOp


def show_result(*args: Any, **kwargs: Any) -> Any:
    """``dialogs.result_dialog.show_result``, its module (and QUrl's enums) loaded with the first
    outcome shown rather than before the window's first paint."""
    from crmdesk.ui.dialogs.result_dialog import show_result as show  # start-up: see the docstring

    return show(*args, **kwargs)


def _on_server(window: QMainWindow) -> bool:
    """Whether the window works on the shared database, whose backup, restore and check are the command
    line's for now (``crmdesk backup|restore|check --db postgresql://…``): then it says so in a dialog."""
    location = getattr(window, "db_path", None)
    if not isinstance(location, str):
        return False
    text = QCoreApplication.translate(
        "SafetyActions", "The window backs up, restores and checks database files only for now. On the shared "
        "database use the command line:\ncrmdesk backup --db %1\ncrmdesk restore FILE --db %1\n"
        "crmdesk check --db %1\n(see docs/server-guide.zh.md; the daily jobs also write a snapshot every day).")
    window.last_result = show_result(window, QCoreApplication.translate("SafetyActions", "On the shared database"),
                                     text.replace("%1", location), "warning")
    return True


def backup_now(window: QMainWindow) -> ReadOp | None:
    """File → Back up now: a verified backup with progress; where it went, in a dialog."""
    if _on_server(window):
        return None
    from crmdesk.ui.operations import safety as safety_ops  # start-up: the backup code loads when first used

    def done(info: Any) -> None:
        translate = QCoreApplication.translate
        text = translate("SafetyActions", "Backup saved and verified: %1").replace("%1", str(info.path))
        window.statusBar().showMessage(text, 30000)
        details = translate("SafetyActions", "The backup was saved and checked:\n%1 (%2 MB)").replace(
            "%1", str(info.path)).replace("%2", f"{info.size / 1_000_000:.1f}")
        level = "ok"
        if getattr(info, "second_copy", None):
            details += "\n" + translate("SafetyActions", "Second copy: %1").replace("%1", str(info.second_copy))
        if getattr(info, "second_copy_error", None):
            details += "\n" + translate("SafetyActions", "The second copy failed: %1").replace(
                "%1", info.second_copy_error)
            level = "warning"
        window.last_result = show_result(window, translate("SafetyActions", "Backup done"), details, level,
                                         folder=info.path.parent)

    def failed(error: KnownError) -> None:
        window.last_result = show_result(window, QCoreApplication.translate("SafetyActions", "Backup failed"),
                                         error.message, "fail")

    label = QCoreApplication.translate("SafetyActions", "Backing up the database…")
    return safety_ops.make_backup(window, window.db_path).with_progress(label).success(done).failure(failed).run()


def open_restore_dialog(window: QMainWindow):
    """File → Restore from backup…: the dialog (window-modal, returned at once)."""
    from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

    # start-up: the File menu is built at start; the restore dialog brings the integrity check along
    from crmdesk.ui.safety.restore_dialog import RestoreDialog

    if _on_server(window):
        return None
    dialog = RestoreDialog(window.db_path, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.restored.connect(lambda result: _on_restored(window, result))
    dialog.open()
    return dialog


def _on_restored(window: QMainWindow, result: Any) -> None:
    # start-up: the key dialogs bring the PDF recovery sheet and its fonts (io.pdf) along
    from crmdesk.ui.dialogs.key_dialogs import unlock_interactively

    # The restored file may carry another key (a backup from another PC): unlock it again
    # through the session, asking for its recovery code when this PC's key store does not hold it.
    try:
        unlock_interactively(window.db_path, parent=window,
                             show_windows=crash._show_windows)  # noqa: SLF001 - set once at start-up
    except KnownError as error:
        crash.show_known_error(error, window)
    window.refresh_all()
    text = QCoreApplication.translate("SafetyActions", "Restored from %1.").replace("%1", str(result.restored.path))
    if result.kept is not None:
        text += "\n" + QCoreApplication.translate("SafetyActions", "The previous database was kept as %1.").replace(
            "%1", str(result.kept))
    window.statusBar().showMessage(text.replace("\n", " "), 60000)
    window.last_result = show_result(window, QCoreApplication.translate("SafetyActions", "Restore done"), text,
                                     folder=result.kept.parent if result.kept is not None else None)


def open_check_dialog(window: QMainWindow):
    """Help → Data check…: the check dialog (window-modal, returned at once)."""
    from PySide6.QtCore import Qt  # here: Qt's namespace costs ~15 ms of enums, not before the first paint

    # start-up: the Safety menu is built at start; the check dialog costs ~20 ms
    from crmdesk.ui.safety.check_dialog import CheckDialog

    if _on_server(window):
        return None
    dialog = CheckDialog(window.db_path, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _help_menu(window: QMainWindow) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and window.about_action in menu.actions():
            return menu
    return None


def install(window: QMainWindow) -> QAction:
    """Enable and connect File → Back up now / Restore…, add Help → Data check…; returns that action."""
    window.backup_action.setEnabled(True)
    window.backup_action.triggered.connect(lambda _checked=False: backup_now(window))
    window.restore_action.setEnabled(True)
    window.restore_action.triggered.connect(lambda _checked=False: open_restore_dialog(window))
    check_action = QAction(QCoreApplication.translate("SafetyActions", "&Data check…"), window)
    check_action.triggered.connect(lambda _checked=False: open_check_dialog(window))
    menu = _help_menu(window)
    if menu is not None:
        menu.insertAction(window.about_action, check_action)
    return check_action
