"""The ticket form (服务工单, docs/spec.md §3): register a call, work the ticket through its stages.

One Designer form (``forms/ticket_dialog.ui``) for a new ticket and for an existing one. The
caller is found by name, code, mobile tail or a machine's serial number (``customer_picker``; a
serial number also picks the machine); the machine is chosen from the caller's list and its cover
— 在保 / 过保 / 维保合同内 with the dates — shows at a glance; files are attached by button or by
dropping them on the form (a new ticket stores them with itself); the description suggests
knowledge-base articles and similar solved tickets (``suggestions``); the stage buttons offer
only the moves ``core.tickets.records.allowed_targets`` allows. A step saves the form's edits and
makes the move in one background operation and one transaction: a refusal (a field named with
its reason) leaves the ticket exactly as it was. Save keeps the edits and closes.

Other views open it with ``TicketDialog(parent, ticket_id=…)`` or ``customer_id=…`` and
``exec()``/``open()``; ``ticket_saved`` tells them which ticket changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from crmdesk.core.attachments.store import Owner
from crmdesk.core.customers import service as customers
from crmdesk.core.equipment import service as equipment
from crmdesk.core.firm import settings, staff
from crmdesk.core.org import routing, workload
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import Ticket
from crmdesk.core.tickets import callbacks
from crmdesk.core.tickets import service as tickets
from crmdesk.core.tickets.form import StepOutcome, StepRequest
from crmdesk.core.tickets.records import OPEN_STAGES, REDISPATCHABLE, REOPENABLE, RESOLVED_STAGES, Caller
from crmdesk.ui import labels, theme
from crmdesk.ui.attachments.panel import AttachmentsPanel
from crmdesk.ui.customfields.form import CustomFieldsForm
from crmdesk.ui.dialogs.pdf_preview import PdfPreviewDialog
from crmdesk.ui.equipment.dialog import warranty_html
from crmdesk.ui.form_dialog import FormDialog
from crmdesk.ui.forms.ui_ticket_dialog import Ui_TicketDialog
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import tickets as tickets_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.tickets import ticket_conflict, ticket_view
from crmdesk.ui.tickets.callback_dialog import CallbackDialog
from crmdesk.ui.tickets.customer_picker import CustomerPicker
from crmdesk.ui.tickets.suggestions import SuggestionsController
from crmdesk.ui.widgets import fill_table


class TicketDialog(FormDialog):
    """New or existing ticket: fields, suggestions, stage steps, pause, history, print."""

    ticket_saved = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, ticket_id: int | None = None,
                 customer_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_TicketDialog()
        self.ui.setupUi(self)
        self.ticket_id = ticket_id
        self.customer_id: int | None = None
        self.created: tickets.Created | None = None
        self.proposal: routing.Proposal | None = None  # what the routing table proposes for a new ticket
        self.stage = "received"
        self.paused = False
        self._loaded: dict[str, object] = {}
        self.loaded_version: int | None = None  # the version the form's steps may write (several writers)
        self._busy = False  # a step is running in the background
        self.callback_dialog: QDialog | None = None  # open while a callback is recorded
        self.preview: QDialog | None = None  # the ticket sheet's preview
        self._fill_choices()
        self._add_custom_group()
        self.picker = CustomerPicker(self.ui.customer_search_edit, self.ui.customer_results_list,
                                     self.ui.customer_value_label, self)
        self.ui.customer_search_edit.setProperty("discard_ignore", True)  # a search, not content
        self.picker.chosen.connect(self._on_picker_chosen)
        self.suggestions = SuggestionsController(self.ui.description_edit, self.ui.suggestions_list, self)
        self.suggestions.solution_chosen.connect(self._on_suggestions_solution_chosen)
        self.files = AttachmentsPanel(self)
        self.ui.attachments_layout.addWidget(self.files)
        self.files.files_changed.connect(self._on_files_changed)
        self.setAcceptDrops(True)  # a photo dropped anywhere on the form is attached
        self.ui.warranty_label.setTextFormat(Qt.TextFormat.RichText)
        # the cover with a contract's dates takes two lines at 1366×768: reserve them, or the form layout
        # (which does not ask a wrapped label for its height) clips the second
        self.ui.warranty_label.setMinimumHeight(2 * self.ui.warranty_label.fontMetrics().lineSpacing() + 2)
        self.ui.warranty_label.hide()
        self.ui.equipment_combo.setPlaceholderText(self.tr("(find the caller first: a serial number finds both)"))
        self._connect()
        number_font = self.ui.number_label.font()
        number_font.setPointSizeF(number_font.pointSizeF() * 1.35)
        number_font.setBold(True)
        self.ui.number_label.setFont(number_font)
        if ticket_id is not None:
            self.load(ticket_id)
        else:
            self.setWindowTitle(self.tr("New ticket"))
            self.files.set_owner(None)
            if customer_id is not None:
                self.set_customer(customer_id)
            self.custom_form.load({}, new=True)
            self._loaded = self._values()
            self._apply_stage()
            (self.ui.customer_search_edit if customer_id is None else self.ui.description_edit).setFocus()

    # ------------------------------------------------------------------ set-up
    def _fill_choices(self) -> None:
        ui = self.ui
        for key in labels.CHANNELS:
            ui.channel_combo.addItem(labels.channel(key), key)
        for key in ("fault", "usage", "complaint", "suggestion", "other"):
            ui.category_combo.addItem(labels.category(key), key)
        for key in ("urgent", "important", "normal"):
            ui.priority_combo.addItem(labels.priority(key), key)
        ui.priority_combo.setCurrentIndex(2)
        ui.severity_combo.addItem(self.tr("(choose)"), "")
        for key in labels.SEVERITIES:
            ui.severity_combo.addItem(labels.severity(key), key)
        ui.assignee_combo.addItem(self.tr("(dispatch later)"), None)
        # each person with their open work, so the clerk sees who is free (core.org.workload)
        for text, member_id in workload.picker_items(staff.active_staff()):
            ui.assignee_combo.addItem(text, member_id)
        # routing looks at the complaint type and the product model (core.org.routing)
        self.complaint_type_combo = QComboBox()
        self.complaint_type_combo.setEditable(True)
        self.complaint_type_combo.addItem("")
        self.complaint_type_combo.addItems(settings.get("complaint_types"))
        self.product_model_edit = QLineEdit()
        self.product_model_edit.setMaxLength(100)
        # 问题类型 and 分级 share a row, as complaint type and model do, and the routing proposal stands beside
        # the assignee, so the form (with the owner's fields and the machine's line) still fits a 1366×768
        # laptop's work area
        form = ui.problem_form
        form.takeRow(ui.priority_combo)
        form.removeWidget(ui.category_combo)
        form.setLayout(0, QFormLayout.ItemRole.FieldRole,
                       _row((ui.category_combo, 1), (ui.priority_label, 0), (ui.priority_combo, 1)))
        self.product_model_label = QLabel(self.tr("Product model"))
        form.insertRow(2, self.tr("Complaint type"), _row((self.complaint_type_combo, 1), (self.product_model_label, 0),
                                                          (self.product_model_edit, 1)))
        # the suggestions scroll: they give up height before the form outgrows the screen
        ui.suggestions_list.setMinimumHeight(40)
        self.routing_label = QLabel()
        self.routing_label.setWordWrap(True)
        self.routing_label.setStyleSheet(theme.text_style(theme.INFO))
        ui.handling_form.removeWidget(ui.assignee_combo)
        ui.handling_form.setLayout(0, QFormLayout.ItemRole.FieldRole,
                                   _row((ui.assignee_combo, 1), (self.routing_label, 1)))
        self._assignee_chosen = False  # the clerk picked the assignee by hand: a proposal no longer moves it
        for key in labels.PAUSE_REASONS:
            ui.pause_reason_combo.addItem(labels.pause_reason(key), key)
        ui.one_time_check.setChecked(True)

    def _add_custom_group(self) -> None:
        """The owner's ticket fields (设置 → 自定义字段) in a group under the problem, when there are any."""
        from PySide6.QtWidgets import QGroupBox, QVBoxLayout

        self.custom_form = CustomFieldsForm("ticket")
        self.custom_group = QGroupBox(self.tr("More details"))
        layout = QVBoxLayout(self.custom_group)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.custom_form)
        self.custom_group.setVisible(not self.custom_form.is_empty)
        self.ui.left_layout.insertWidget(self.ui.left_layout.indexOf(self.ui.problem_group) + 1, self.custom_group)

    def _connect(self) -> None:
        ui = self.ui
        ui.button_box.accepted.connect(self.save)
        ui.button_box.rejected.connect(self.reject)
        ui.category_combo.currentIndexChanged.connect(self._on_category_combo_changed)
        for signal in (ui.category_combo.currentIndexChanged, ui.severity_combo.currentIndexChanged,
                       self.complaint_type_combo.currentTextChanged, self.product_model_edit.textChanged,
                       ui.equipment_combo.currentIndexChanged):
            signal.connect(self.show_proposal)
        ui.assignee_combo.activated.connect(self._on_assignee_chosen)
        ui.equipment_combo.currentIndexChanged.connect(self._on_equipment_combo_changed)
        steps: dict[QPushButton, Callable[[], None]] = {
            ui.classify_button: lambda: self.run_step("classified"),
            ui.dispatch_button: lambda: self.run_step("dispatched"),
            ui.start_button: lambda: self.run_step("in_progress"),
            ui.reopen_button: lambda: self.run_step("in_progress"),
            ui.resolve_button: lambda: self.run_step("resolved"),
            ui.archive_button: lambda: self.run_step("archived"),
            ui.pause_button: lambda: self.run_step("pause"),
            ui.resume_button: lambda: self.run_step("resume"),
            ui.knowledge_button: lambda: self.run_step("knowledge"),
            ui.callback_button: self._on_callback_button_clicked,
            ui.print_button: self._on_print_button_clicked,
        }
        for button, slot in steps.items():
            button.clicked.connect(slot)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field does not save: it picks the caller in the search box, and a form with
        this many fields and steps is saved on purpose (a focused button still takes Enter)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ showing a ticket
    def set_customer(self, customer_id: int, contact_id: int | None = None, equipment_id: int | None = None) -> None:
        """Take ``customer_id`` as the caller and list its contacts and machines (``contact_id`` and
        ``equipment_id`` preselected)."""
        customer = customers.brief(customer_id)
        self.customer_id = customer_id
        self.ui.customer_value_label.setText(f"{customer.code}  {customer.name}")
        combo = self.ui.contact_combo
        combo.clear()
        combo.addItem(self.tr("(none)"), None)
        left = self.tr("left the company")
        for contact in tickets.contacts_of(customer_id):
            text = contact.name + (f"（{contact.title}）" if contact.title else "")
            combo.addItem(text + (f" — {left}" if contact.has_left else ""), contact.id)
        index = combo.findData(contact_id) if contact_id is not None else -1
        combo.setCurrentIndex(index if index >= 0 else min(1, combo.count() - 1))
        self._fill_machines(customer_id, equipment_id)
        self.show_proposal()  # the customer's tier may decide the rule

    def _fill_machines(self, customer_id: int, equipment_id: int | None) -> None:
        """The caller's machines, each with its cover; one alone is preselected (a caller with one
        machine is calling about it), and a machine since deleted stays shown on its ticket."""
        combo = self.ui.equipment_combo
        combo.blockSignals(True)
        combo.clear()
        machines = equipment.of_customer(customer_id)
        combo.addItem(self.tr("(no machine)") if machines else self.tr("(no machine registered)"), None)
        for machine in machines:
            combo.addItem(f"{machine.label} · {machine.warranty.label}", machine.id)
        if equipment_id is not None and combo.findData(equipment_id) < 0:
            gone = equipment.get(equipment_id)
            if gone is not None:
                combo.addItem(gone.label, gone.id)
        index = combo.findData(equipment_id) if equipment_id is not None else (1 if len(machines) == 1 else 0)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        self._on_equipment_combo_changed()

    def _on_equipment_combo_changed(self, *_args) -> None:
        """The chosen machine's cover today, with its dates, in its colour."""
        machine_id = self.ui.equipment_combo.currentData()
        machine = equipment.get(machine_id) if machine_id is not None else None
        self.ui.warranty_label.setText(warranty_html(machine.warranty) if machine is not None else "")
        self.ui.warranty_label.setVisible(machine is not None)

    def _on_files_changed(self, count: int) -> None:
        self.ui.record_tabs.setTabText(1, self.tr("Attachments (%1)").replace("%1", str(count)))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.files.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        self.files.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.ui.record_tabs.setCurrentWidget(self.ui.attachments_page)
        self.files.dropEvent(event)

    def load(self, ticket_id: int) -> None:
        """Show ticket ``ticket_id`` as it is stored."""
        ticket = tickets.load(ticket_id)
        ui = self.ui
        self.ticket_id = ticket.id
        self.stage, self.paused, self.loaded_version = ticket.stage, ticket.paused, ticket.version
        self.setWindowTitle(self.tr("Ticket %1").replace("%1", ticket.number))
        self.set_customer(ticket.customer_id, ticket.contact_id, ticket.equipment_id)
        if ticket.contact_id is None:
            ui.contact_combo.setCurrentIndex(0)
        if ticket.equipment_id is None:
            ui.equipment_combo.setCurrentIndex(0)
        self.files.set_owner(Owner(ticket.customer_id, ticket_id=ticket.id))
        self._select(ui.channel_combo, ticket.channel)
        self._select(ui.category_combo, ticket.category)
        self._select(ui.priority_combo, ticket.priority)
        self._select(ui.severity_combo, ticket.severity)
        self.complaint_type_combo.setCurrentText(ticket.complaint_type or "")
        self.product_model_edit.setText(ticket.product_model or "")
        if ticket.assignee_id is not None and ui.assignee_combo.findData(ticket.assignee_id) < 0:
            ui.assignee_combo.addItem(ticket.assignee.name, ticket.assignee_id)  # someone who left since
        self._select(ui.assignee_combo, ticket.assignee_id)
        ui.description_edit.setPlainText(ticket.description)
        self.routing_label.setText(self.tr("Responsible department: %1").replace("%1", ticket.department)
                                   if ticket.department else "")
        ui.solution_edit.setPlainText(ticket.solution)
        ui.root_cause_edit.setText(ticket.root_cause)
        ui.complaint_result_edit.setText(ticket.complaint_result)
        self.custom_form.load(tickets.custom_texts(ticket.id), new=False)
        if ticket.one_time_resolved is not None:
            ui.one_time_check.setChecked(bool(ticket.one_time_resolved))
        else:
            ui.one_time_check.setChecked(ticket.reopen_count == 0 and ticket.redispatch_count == 0)
        self._show_state(ticket)
        self.suggestions.exclude_ticket_id = ticket.id
        self.suggestions.refresh_now()
        self._loaded = self._values()
        self._apply_stage()
        self.mark_clean()  # what is shown now is saved: closing loses nothing

    @staticmethod
    def _select(combo, value: object) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def _show_state(self, ticket: Ticket) -> None:
        ui = self.ui
        ui.number_label.setText(ticket.number)
        ui.stage_label.setText(self.tr("Stage: %1").replace("%1", labels.stage(ticket.stage)))
        if ticket.paused:
            since = f"{ticket.paused_at:%m-%d %H:%M}" if ticket.paused_at else ""
            ui.paused_label.setText(self.tr("⏸ Paused (%1) since %2")
                                    .replace("%1", labels.pause_reason(ticket.pause_reason))
                                    .replace("%2", since))
            ui.paused_label.setStyleSheet(theme.text_style(theme.DUE_SOON, bold=True))
        else:
            ui.paused_label.clear()
        ui.dues_label.setText(ticket_view.times_html(ticket))
        fill_table(ui.history_table, ticket_view.history_rows(tickets.history(ticket.id)))
        ui.callback_status_label.setText(ticket_view.callback_status(ticket.id))

    def _apply_stage(self) -> None:
        """Enable the fields and the steps that fit the ticket's stage.

        Every step button keeps its place and its meaning: the steps that do not fit are greyed,
        never hidden, so what lies under the mouse after a step is the same (now greyed) button and
        a double click cannot make the next step too. Handing a dispatched ticket to someone else
        (改派) is done by choosing the assignee and saving."""
        ui = self.ui
        new = self.ticket_id is None
        stage = self.stage
        editable = stage != "archived"
        targets = tickets.allowed_targets(stage)
        ui.customer_search_edit.setVisible(new)
        ui.customer_results_list.setVisible(new and ui.customer_results_list.count() > 0)
        for widget in (ui.contact_combo, ui.channel_combo, ui.category_combo, ui.priority_combo,
                       self.product_model_edit, ui.equipment_combo, ui.description_edit, ui.solution_edit,
                       ui.one_time_check, ui.note_edit, self.custom_form):
            widget.setEnabled(editable)
        ui.assignee_combo.setEnabled(stage in OPEN_STAGES)
        self._on_category_combo_changed()
        open_callback = None if new else callbacks.open_callback(self.ticket_id)
        pausable = not new and stage in OPEN_STAGES
        enabled = {
            ui.classify_button: "classified" in targets,
            ui.dispatch_button: "dispatched" in targets and stage not in REDISPATCHABLE,
            ui.start_button: stage == "dispatched",
            ui.resolve_button: "resolved" in targets,
            ui.reopen_button: not new and stage in REOPENABLE,
            ui.callback_button: open_callback is not None and stage == "resolved",
            ui.archive_button: "archived" in targets and not new and open_callback is None,
            ui.pause_reason_combo: pausable and not self.paused,
            ui.pause_button: pausable and not self.paused,
            ui.resume_button: pausable and self.paused,
            ui.knowledge_button: not new and stage in RESOLVED_STAGES,
        }
        for widget, on in enabled.items():
            widget.setEnabled(on and not self._busy)
        ui.dispatch_button.setToolTip(self.tr("To hand the ticket to someone else, choose the assignee and save.")
                                      if stage in REDISPATCHABLE else "")
        ui.archive_button.setToolTip("" if open_callback is None or new else
                                     self.tr("Record the callback first (or close it after the last try)."))
        for widget in (ui.pause_reason_combo, ui.pause_button, ui.resume_button, ui.knowledge_button):
            widget.setVisible(not new)  # a ticket not yet registered cannot wait or teach anything
        ui.print_button.setVisible(not new)
        ui.record_tabs.setTabVisible(0, not new)  # a ticket not yet registered has no history, only files
        ui.button_box.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)
        # a registered ticket has nothing to cancel once its steps are saved: the dialog is closed
        ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Close") if not new else self.tr("Cancel"))

    def _on_category_combo_changed(self, *_args) -> None:
        complaint = self.ui.category_combo.currentData() == "complaint" and self.stage != "archived"
        for widget in (self.ui.severity_combo, self.ui.root_cause_edit, self.ui.complaint_result_edit,
                       self.complaint_type_combo):
            widget.setEnabled(complaint)

    # ------------------------------------------------------------------ routing
    def _on_assignee_chosen(self, _index: int) -> None:
        self._assignee_chosen = True
        self.show_proposal()

    def _machine_model(self) -> str:
        """The model of the machine chosen for the ticket: routing by model uses it when none is typed."""
        machine_id = self.ui.equipment_combo.currentData()
        machine = equipment.get(machine_id) if machine_id is not None else None
        return machine.model if machine is not None else ""

    def show_proposal(self, *_args) -> None:
        """A new ticket: show what the routing table proposes for it now, and take the proposed person
        as the assignee until the clerk picks one by hand (the rule is recorded when it is saved)."""
        if self.ticket_id is not None:
            return
        ui = self.ui
        complaint = ui.category_combo.currentData() == "complaint"
        proposal = routing.propose_for(self.customer_id, ui.category_combo.currentData(),
                                       complaint_type=self.complaint_type_combo.currentText().strip(),
                                       product_model=self.product_model_edit.text().strip() or self._machine_model(),
                                       severity=ui.severity_combo.currentData() if complaint else "")
        self.proposal = proposal
        if proposal is None:  # the firm has no routing table: the clerk picks by hand, as before
            self.routing_label.clear()
            return
        text = proposal.summary()
        if proposal.escalation:
            text += "\n" + proposal.escalation
        self.routing_label.setText(text)
        if not self._assignee_chosen and proposal.assignee_id is not None:
            self._select(ui.assignee_combo, proposal.assignee_id)

    def _on_picker_chosen(self, caller: Caller) -> None:
        self.set_customer(caller.customer_id, caller.contact_id, caller.equipment_id)
        clear_marks([self.ui.customer_search_edit])
        self.ui.description_edit.setFocus()

    def _on_suggestions_solution_chosen(self, solution: str) -> None:
        edit = self.ui.solution_edit
        if not edit.isEnabled():
            return
        current = edit.toPlainText().strip()
        if not current:
            edit.setPlainText(solution)
        elif solution not in current:
            edit.appendPlainText(solution)

    # ------------------------------------------------------------------ saving and steps
    def _values(self) -> dict[str, object]:
        ui = self.ui
        complaint = ui.category_combo.currentData() == "complaint"
        return {"contact_id": ui.contact_combo.currentData(), "channel": ui.channel_combo.currentData(),
                "equipment_id": ui.equipment_combo.currentData(),
                "category": ui.category_combo.currentData(), "priority": ui.priority_combo.currentData(),
                "severity": ui.severity_combo.currentData() if complaint else "",
                "description": ui.description_edit.toPlainText().strip(),
                "assignee_id": ui.assignee_combo.currentData(), "solution": ui.solution_edit.toPlainText().strip(),
                "root_cause": ui.root_cause_edit.text().strip() if complaint else "",
                "complaint_result": ui.complaint_result_edit.text().strip() if complaint else "",
                "complaint_type": self.complaint_type_combo.currentText().strip() if complaint else "",
                "product_model": self.product_model_edit.text().strip(),
                "one_time_resolved": ui.one_time_check.isChecked(), "custom": self.custom_form.values()}

    def _edits(self, values: dict[str, object]) -> dict[str, object]:
        """What ``tickets.update`` needs to write: the fields that differ from the stored ticket."""
        edits = {key: value for key, value in values.items()
                 if value != self._loaded.get(key) and key not in ("assignee_id", "one_time_resolved")}
        if edits.get("contact_id", 0) is None:
            del edits["contact_id"]  # clearing the contact is not an edit the service offers
        if "equipment_id" in edits and edits["equipment_id"] is None:
            edits["equipment_id"] = 0  # the service's way of saying "no machine"
        if self.stage in RESOLVED_STAGES and values["one_time_resolved"] != self._loaded.get("one_time_resolved"):
            edits["one_time_resolved"] = values["one_time_resolved"]
        return edits

    def save(self) -> None:
        """Save the edits in the background and close (a new ticket is registered)."""
        values = self._values()
        if self.ticket_id is not None and not self._edits(values) \
                and values["assignee_id"] == self._loaded.get("assignee_id"):
            self.accept()
            return
        self.run_step(None, close=True)

    def run_step(self, target: str | None, *, close: bool = False, then: Callable[[], None] | None = None) -> None:
        """Save the form's edits and make step ``target`` (a stage, ``pause``, ``resume``, ``knowledge``)
        in one transaction (``core.tickets.form``); afterwards close, or show the ticket anew and call ``then``."""
        if self._busy:  # one step at a time: a second click waits for nothing and does nothing
            return
        clear_marks([*self._field_widgets().values(), *self.custom_form.editors.values()])
        self.ui.error_label.clear()
        if self.customer_id is None:
            self._show_error(ValidationError("customer", self.tr("required: find the caller by name, code or the "
                                                                 "last digits of a mobile"), self.tr("Customer")))
            return
        values = self._values()
        assignee = values["assignee_id"]
        request = StepRequest(
            ticket_id=self.ticket_id, customer_id=self.customer_id, stage=self.stage, values=values,
            edits=self._edits(values), reassign=assignee if assignee != self._loaded.get("assignee_id") else None,
            target=target, operator=staff.current_operator(), note=self.ui.note_edit.text().strip(),
            pause_reason=self.ui.pause_reason_combo.currentData() or "",
            # "(dispatch later)" picked by hand: the routing records its proposal but assigns nobody
            accept_proposal=not (self._assignee_chosen and assignee is None),
            attach=tuple(self.files.pending_paths()) if self.ticket_id is None else (), version=self.loaded_version)
        messages = {"knowledge": self.tr("Added to the knowledge base.")}

        def done(outcome: StepOutcome) -> None:
            self._busy = False
            message = messages.get(target or "", "")
            if outcome.callback_due is not None:  # the actual due time, never "within 24 hours"
                message = self.tr("Resolved: the callback is due by %1.").replace(
                    "%1", f"{outcome.callback_due:%Y-%m-%d %H:%M}")
            self._on_saved(outcome, message, close)
            if then is not None:
                then()

        def finished() -> None:  # after a refusal (or a bug): the steps are offered again
            if self._busy:
                self._busy = False
                self._apply_stage()

        self._busy = True
        self._apply_stage()  # every step greyed until this one is done
        retry = lambda: self.run_step(target, close=close, then=then)  # noqa: E731 - 覆盖 after a conflict
        tickets_ops.run_form_step(self, request).success(done).failure(
            lambda error: ticket_conflict.refused(self, error, values, retry, self._show_error)).finally_(finished).run()

    def _on_saved(self, outcome: StepOutcome, message: str, close: bool) -> None:
        if self.ticket_id is None:
            number = tickets.load(outcome.ticket_id).number
            self.created = tickets.Created(outcome.ticket_id, number, outcome.changes)
            get_broadcaster().message.emit(self.tr("Ticket %1 registered").replace("%1", number))
        elif message:
            get_broadcaster().message.emit(message)
        self.ticket_saved.emit(outcome.ticket_id)
        if close:
            self.ticket_id = outcome.ticket_id
            self.accept()
            return
        self.ui.note_edit.clear()
        self.load(outcome.ticket_id)
        if message:
            self.ui.error_label.show_ok(message)

    def _field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {"customer": ui.customer_search_edit, "contact": ui.contact_combo, "channel": ui.channel_combo,
                "equipment": ui.equipment_combo,
                "category": ui.category_combo, "priority": ui.priority_combo, "severity": ui.severity_combo,
                "description": ui.description_edit, "assignee": ui.assignee_combo,
                "complaint_type": self.complaint_type_combo, "product_model": self.product_model_edit, "solution": ui.solution_edit,
                "root_cause": ui.root_cause_edit, "complaint_result": ui.complaint_result_edit,
                "note": ui.note_edit, "pause_reason": ui.pause_reason_combo}

    def _show_error(self, error: KnownError) -> None:
        """Mark the refused field (when the error names one) and show the message under the form."""
        key = getattr(error, "field", "")
        widget = self._field_widgets().get(key) or self.custom_form.widget_for(key)
        if widget is not None:
            mark_invalid(widget, error.message)
            widget.setFocus()
        self.ui.error_label.show_error(error)

    # ------------------------------------------------------------------ callback and print
    def _on_callback_button_clicked(self) -> None:
        """Keep the edits, then record the callback; the ticket is shown anew afterwards."""
        self.run_step(None, then=self._open_callback)

    def _open_callback(self) -> None:
        followup_id = callbacks.open_callback(self.ticket_id) if self.ticket_id is not None else None
        if followup_id is None:
            return
        dialog = CallbackDialog(followup_id, self)
        dialog.finished.connect(lambda _result: self.load(self.ticket_id))
        dialog.open()
        self.callback_dialog = dialog

    def _on_print_button_clicked(self) -> None:
        """Build the ticket sheet (服务工单 PDF) into a temporary file and preview it."""
        import tempfile
        from pathlib import Path

        if self.ticket_id is None:
            return
        number = self.ui.number_label.text()
        out = Path(tempfile.mkdtemp(prefix="crmdesk-sheet-")) / f"{number}.pdf"
        tickets_ops.print_ticket_sheet(self, self.ticket_id, out).success(self._show_sheet) \
            .failure(self._show_error).run()

    def _show_sheet(self, path) -> None:
        import shutil

        preview = PdfPreviewDialog(path, self.tr("Ticket sheet %1").replace("%1", self.ui.number_label.text()), self)
        # the preview holds the PDF in memory: the temporary file can go when it closes
        preview.finished.connect(lambda _result: shutil.rmtree(path.parent, ignore_errors=True))
        preview.open()
        self.preview = preview


__all__ = ["TicketDialog"]


def _row(*items: tuple[QWidget, int]) -> QHBoxLayout:
    """Widgets side by side in one form row (widget, stretch), without margins of its own."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget, stretch in items:
        row.addWidget(widget, stretch)
    return row
