"""The ticket form's side of several writers (issue #19): another PC saved or moved the ticket while the
form was open. The form's values are a mapping by field name (``TicketDialog._values``); this module
reads the stored ticket into the same shape, so the conflict dialog (``ui.dialogs.conflict_dialog``)
compares them field by field, each value as the form shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from crmdesk.core.firm import staff
from crmdesk.core.store.errors import ConflictError
from crmdesk.core.tickets import service as tickets
from crmdesk.ui import labels
from crmdesk.ui.dialogs import conflict_dialog

translate = QCoreApplication.translate  # lupdate reads translate("TicketConflict", "…")


def stored_values(ticket_id: int, complaint: bool) -> dict[str, object]:
    """The stored ticket as the form's values (the keys of ``TicketDialog._values``)."""
    t = tickets.load(ticket_id)
    return {"contact_id": t.contact_id, "channel": t.channel, "equipment_id": t.equipment_id,
            "category": t.category, "priority": t.priority, "severity": t.severity if complaint else "",
            "description": t.description, "assignee_id": t.assignee_id, "solution": t.solution,
            "root_cause": t.root_cause if complaint else "", "complaint_result": t.complaint_result if complaint else "",
            "complaint_type": t.complaint_type if complaint else "", "product_model": t.product_model,
            # unset until resolved: the form proposes "yes" for a ticket never reopened nor re-dispatched
            "one_time_resolved": bool(t.one_time_resolved) if t.one_time_resolved is not None
            else t.reopen_count == 0 and t.redispatch_count == 0,
            "custom": tickets.custom_texts(t.id)}


def _item_text(combo: QComboBox) -> Callable[[Any], str]:
    def text(value: Any) -> str:
        index = combo.findData(value)
        return combo.itemText(index) if index >= 0 else str(value)
    return text


def refused(form: Any, error: Any, mine: dict[str, object], retry: Callable[[], None],
            show_error: Callable[[Any], None]) -> None:
    """A step of the form was refused: a conflict opens the dialog below, anything else goes to
    ``show_error`` (the form's own: it marks the field the error names)."""
    if isinstance(error, ConflictError) and form.ticket_id is not None:
        ask(form, error, mine, retry)
    else:
        show_error(error)


def ask(form: Any, error: ConflictError, mine: dict[str, object], retry: Callable[[], None]) -> QWidget:
    """Open the conflict dialog over the ticket form ``form`` (a ``TicketDialog``): 重新载入 shows the ticket
    as stored, 覆盖 runs the refused save (and step) again over the version now stored (``retry``),
    继续编辑 keeps the form as it is with the message under it."""
    ui = form.ui
    names = {
        "contact_id": translate("TicketConflict", "Contact"),
        "channel": translate("TicketConflict", "Channel"),
        "equipment_id": translate("TicketConflict", "Machine"),
        "category": translate("TicketConflict", "Category"),
        "priority": translate("TicketConflict", "Priority"),
        "severity": translate("TicketConflict", "Severity"),
        "description": translate("TicketConflict", "Description"),
        "assignee_id": translate("TicketConflict", "Assignee"),
        "solution": translate("TicketConflict", "Solution"),
        "root_cause": translate("TicketConflict", "Root cause"),
        "complaint_result": translate("TicketConflict", "Complaint result"),
        "complaint_type": translate("TicketConflict", "Complaint type"),
        "product_model": translate("TicketConflict", "Product model"),
        "one_time_resolved": translate("TicketConflict", "Resolved at the first attempt"),
        "custom": translate("TicketConflict", "Custom fields"),
    }
    show = {"contact_id": _item_text(ui.contact_combo), "equipment_id": _item_text(ui.equipment_combo),
            "channel": labels.channel, "category": labels.category, "priority": labels.priority,
            "severity": labels.severity, "assignee_id": lambda sid: staff.name_of(sid) or str(sid)}
    complaint = ui.category_combo.currentData() == "complaint"
    ticket_id = int(form.ticket_id)

    def chosen(choice: str) -> None:
        if choice == conflict_dialog.RELOAD:
            form.load(ticket_id)
        elif choice == conflict_dialog.OVERWRITE:
            form.loaded_version = error.version
            retry()
        else:
            ui.error_label.show_error(error)

    return conflict_dialog.ask(form, error, mine, lambda: stored_values(ticket_id, complaint), names, chosen,
                               show=show)
