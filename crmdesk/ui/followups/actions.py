"""What the calendar and Today do with a follow-up: complete, skip, reschedule, edit, delete,
open its customer or ticket. Each opens its dialog without blocking (``open()``) and returns it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QTabWidget,
    QWidget,
)

from crmdesk.core.customers import service as customers
from crmdesk.core.firm import workcal
from crmdesk.core.followups import service as followups
from crmdesk.ui import widgets
from crmdesk.ui.operations import followups as followups_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import ErrorLine

SKIP_REASONS = ("客户不在，改日再联系", "客户要求暂不联系", "已通过其他方式沟通", "联系人已离职", "重复的计划")


translate = QCoreApplication.translate  # lupdate reads translate("followup_actions", "…"), not a wrapper


def _tr(text: str) -> str:
    return translate("followup_actions", text)


def _customer_label(customer_id: int) -> str:
    return customers.brief(customer_id).label


def _open(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def complete(parent: QWidget, followup_id: int) -> QDialog:
    """The dialog that completes a follow-up (writes the interaction, may plan the next one)."""
    # start-up: the actions load with the Today tab before the first paint; the dialog after it
    from crmdesk.ui.followups.log_call_dialog import LogCallDialog

    view = followups.load(followup_id)
    return _open(LogCallDialog(view.customer_id, _customer_label(view.customer_id), parent, followup_id=view.id,
                               method=view.method, purpose=view.purpose, contact_id=view.contact_id))


def log_call(parent: QWidget, customer_id: int) -> QDialog:
    """The dialog that logs a call with a customer (no planned follow-up)."""
    # start-up: the actions load with the Today tab before the first paint; the dialog after it
    from crmdesk.ui.followups.log_call_dialog import LogCallDialog

    return _open(LogCallDialog(customer_id, _customer_label(customer_id), parent))


def edit(parent: QWidget, followup_id: int | None = None, *, day: dt.date | None = None,
         customer_id: int | None = None) -> QDialog:
    """The follow-up form: edit ``followup_id``, or plan a new one (on ``day``, for ``customer_id``)."""
    # start-up: the actions load with the Today tab at start; the Designer form costs ~20 ms
    from crmdesk.ui.followups.followup_dialog import FollowUpDialog

    return _open(FollowUpDialog(parent, followup_id=followup_id, day=day, customer_id=customer_id))


class SkipDialog(QDialog):
    """Why a planned follow-up is not done (required)."""

    def __init__(self, followup_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.followup_id = followup_id
        view = followups.load(followup_id)
        self.setWindowTitle(self.tr("Skip follow-up — %1").replace("%1", _customer_label(view.customer_id)))
        form = QFormLayout(self)
        form.addRow(self.tr("Purpose"), QLabel(view.purpose))
        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems(SKIP_REASONS)
        self.reason_combo.setCurrentText("")
        form.addRow(self.tr("Reason *"), self.reason_combo)
        self.error_label = ErrorLine()
        form.addRow(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        """Skip with the reason in the background."""
        self.setEnabled(False)  # until skipped or refused
        followups_ops.skip_followup(self, self.followup_id, self.reason_combo.currentText()) \
            .success(lambda _r: self.accept()).failure(self._on_failed).finally_(lambda: self.setEnabled(True)).run()

    def _on_failed(self, error: BaseException) -> None:
        self.error_label.show_error(error)


def skip(parent: QWidget, followup_id: int) -> QDialog:
    """The dialog that skips a follow-up with a reason."""
    return _open(SkipDialog(followup_id, parent))


def reschedule(parent: QWidget, followup_id: int, when: dt.date | dt.datetime) -> None:
    """Move a follow-up in the background; the status bar says where a day off moved it."""
    def done(result: followups.Saved) -> None:
        text = translate("followup_actions", "Follow-up moved to %1.").replace("%1", f"{result.due_at:%Y-%m-%d %H:%M}")
        if result.moved_to is not None:
            text += " " + translate("followup_actions", "(the chosen day is not a working day)")
        get_broadcaster().message.emit(text)

    followups_ops.reschedule_followup(parent, followup_id, when).success(done).run()


def reschedule_menu(parent: QWidget, followup_id: int) -> QMenu:
    """Tomorrow · the next working day · in a week · pick a date…"""
    today = dt.date.today()
    menu = QMenu(parent)
    next_working = workcal.current().next_working_day(today)
    menu.addAction(translate("followup_actions", "Next working day (%1)").replace("%1", next_working.strftime("%m-%d")),
                   lambda: reschedule(parent, followup_id, next_working))
    menu.addAction(translate("followup_actions", "In 3 days"),
                   lambda: reschedule(parent, followup_id, today + dt.timedelta(days=3)))
    menu.addAction(translate("followup_actions", "In a week"),
                   lambda: reschedule(parent, followup_id, today + dt.timedelta(days=7)))
    menu.addSeparator()
    menu.addAction(translate("followup_actions", "Other date and time…"), lambda: edit(parent, followup_id))
    return menu


def delete(parent: QWidget, followup_id: int) -> None:
    """Move a follow-up to the recycle bin after asking."""
    if widgets.confirm(parent, translate("followup_actions", "Delete follow-up"),
                       translate("followup_actions",
                                 "Move this follow-up to the recycle bin? It can be restored for 30 days.")):
        followups_ops.delete_followup(parent, followup_id).run()


def open_ticket(parent: QWidget, ticket_id: int) -> QDialog | None:
    """The ticket form; without it (an older build), the 工单看板 tab of the main window."""
    try:
        # start-up: the actions load with the Today tab at start; the ticket dialog costs ~150 ms
        from crmdesk.ui.tickets.ticket_dialog import TicketDialog
    except ImportError:
        window = parent.window()
        tabs, board = getattr(window, "tabs", None), getattr(window, "tickets_tab", None)
        if isinstance(tabs, QTabWidget) and board is not None:
            index = tabs.indexOf(board)
            tabs.setCurrentIndex(index if index >= 0 else tabs.indexOf(board.parentWidget()))
        return None
    return _open(TicketDialog(parent, ticket_id=ticket_id))
