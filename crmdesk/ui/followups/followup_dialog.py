"""The follow-up form (a Designer form): plan a new follow-up or edit a planned one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from crmdesk.core.customers import service as customers
from crmdesk.core.firm import staff, tier_policy
from crmdesk.core.followups import service as followups
from crmdesk.core.store.errors import ConflictError, KnownError, ValidationError
from crmdesk.ui import labels, theme
from crmdesk.ui.dialogs import conflict_dialog
from crmdesk.ui.form_dialog import FormDialog
from crmdesk.ui.forms.ui_followup_dialog import Ui_FollowUpDialog
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import followups as followups_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.widgets import from_qdatetime, to_qdatetime

METHODS = ("phone", "visit", "email", "wechat", "sms")
COMMON_PURPOSES = ("产品演示", "报价跟进", "合同洽谈", "售后回访", "需求调研", "催收货款")


class FollowUpDialog(FormDialog):
    """Customer (searched by code, name, contact or phone tail), contact, time, method, purpose, assignee."""

    saved = Signal(object)  # followups.Saved

    def __init__(self, parent: QWidget | None = None, *, followup_id: int | None = None,
                 customer_id: int | None = None, day: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FollowUpDialog()
        self.ui.setupUi(self)
        self.followup_id = followup_id
        self.loaded_version: int | None = None  # the version the save may write (several writers)
        self.ui.info_label.setStyleSheet(theme.text_style(theme.SECONDARY))
        self.ui.info_label.hide()
        for key in METHODS:
            self.ui.method_combo.addItem(labels.method(key), key)
        purposes = [str(line["purpose"]) for row in tier_policy.policy() for line in row.cadence]
        for purpose in dict.fromkeys([*COMMON_PURPOSES, *purposes]):
            self.ui.purpose_combo.addItem(purpose)
        self.ui.purpose_combo.setCurrentText("")
        self.ui.assignee_combo.addItem(self.tr("(nobody yet)"), None)
        for member in staff.active_staff():
            self.ui.assignee_combo.addItem(member.name, member.id)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.search_now)
        self.ui.customer_search_edit.textEdited.connect(self._on_customer_search_edit_text_edited)
        self.ui.customer_combo.currentIndexChanged.connect(self._on_customer_combo_current_index_changed)
        self.ui.button_box.accepted.connect(self.save)
        self.ui.button_box.rejected.connect(self.reject)
        if followup_id is not None:
            self._load(followups.load(followup_id))
        else:
            self.setWindowTitle(self.tr("New follow-up"))
            start = dt.datetime.combine(day or dt.date.today(), dt.time(10, 0))
            self.ui.due_edit.setDateTime(to_qdatetime(start))
            operator = staff.current_operator()
            self._select_assignee(operator.id if operator else None)
            if customer_id is not None:
                self._show_customer(customer_id)

    # -- loading
    def _load(self, view: followups.FollowUpView) -> None:
        self.setWindowTitle(self.tr("Edit follow-up"))
        self.loaded_version = view.version
        self._show_customer(view.customer_id, view.contact_id)
        self.ui.due_edit.setDateTime(to_qdatetime(view.due_at))
        self.ui.method_combo.setCurrentIndex(max(0, self.ui.method_combo.findData(view.method)))
        self.ui.purpose_combo.setCurrentText(view.purpose)
        self._select_assignee(view.assignee_id)
        if view.generated:
            self.ui.info_label.setText(self.tr("Planned automatically; once you change it, the plan leaves it as "
                                               "you set it."))
            self.ui.info_label.show()

    def _select_assignee(self, staff_id: int | None) -> None:
        index = self.ui.assignee_combo.findData(staff_id)
        self.ui.assignee_combo.setCurrentIndex(max(0, index))

    def _show_customer(self, customer_id: int, contact_id: int | None = None) -> None:
        customer = customers.brief(customer_id)
        combo = self.ui.customer_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(customer.label, customer.id)
        combo.blockSignals(False)
        self._load_contacts(customer.id, contact_id)

    def _load_contacts(self, customer_id: int | None, contact_id: int | None = None) -> None:
        combo = self.ui.contact_combo
        combo.clear()
        combo.addItem(self.tr("(none)"), None)
        if customer_id is None:
            return
        primary = None
        for cid, label, is_primary in followups.contacts_of(customer_id):
            combo.addItem(label, cid)
            if is_primary and primary is None:
                primary = cid
        wanted = contact_id if contact_id is not None else primary
        combo.setCurrentIndex(max(0, combo.findData(wanted)))

    # -- customer search
    def _on_customer_search_edit_text_edited(self, _text: str) -> None:
        self._search_timer.start()

    def search_now(self) -> None:
        """Fill the customer list from the search box (called 200 ms after typing stops)."""
        self._search_timer.stop()
        results = followups.find_customers(self.ui.customer_search_edit.text())
        combo = self.ui.customer_combo
        combo.blockSignals(True)
        combo.clear()
        for cid, label in results:
            combo.addItem(label, cid)
        combo.blockSignals(False)
        self._on_customer_combo_current_index_changed(combo.currentIndex())

    def _on_customer_combo_current_index_changed(self, _index: int) -> None:
        customer_id = self.ui.customer_combo.currentData()
        self._load_contacts(customer_id)
        if customer_id is not None and self.followup_id is None and self.ui.assignee_combo.currentData() is None:
            self._select_assignee(customers.brief(customer_id).account_manager_id)

    # -- saving
    def value(self) -> followups.FollowUpInput | None:
        """The follow-up as entered (None without a customer)."""
        customer_id = self.ui.customer_combo.currentData()
        if customer_id is None:
            return None
        return followups.FollowUpInput(
            customer_id=customer_id, due_at=from_qdatetime(self.ui.due_edit.dateTime()),
            method=self.ui.method_combo.currentData(), purpose=self.ui.purpose_combo.currentText(),
            contact_id=self.ui.contact_combo.currentData(), assignee_id=self.ui.assignee_combo.currentData(),
            version=self.loaded_version)

    def save(self) -> None:
        """Create or update in the background; close when saved."""
        clear_marks([self.ui.customer_search_edit, self.ui.purpose_combo, self.ui.due_edit])
        self.ui.error_label.clear()
        data = self.value()
        if data is None:
            self._show_error(self.tr("Choose a customer: type part of its name, code or phone and pick it."),
                             self.ui.customer_search_edit)
            return
        self.setEnabled(False)  # until saved or refused: a double click must not plan it twice
        followups_ops.save_followup(self, self.followup_id, data).success(self._on_saved) \
            .failure(self._on_failed).finally_(lambda: self.setEnabled(True)).run()

    def _on_saved(self, result: followups.Saved) -> None:
        if result.moved_to is not None:
            get_broadcaster().message.emit(self.tr("That day is not a working day: moved to %1.")
                                           .replace("%1", result.moved_to.isoformat()))
        self.saved.emit(result)
        self.accept()

    def _on_failed(self, error: KnownError) -> None:
        if isinstance(error, ConflictError) and self.followup_id is not None:
            self._on_conflict(error, self.followup_id)
            return
        widget = None
        if isinstance(error, ValidationError):
            widget = {"purpose": self.ui.purpose_combo, "due_at": self.ui.due_edit,
                      "customer": self.ui.customer_search_edit}.get(error.field)
        self._show_error(error.message, widget)

    def _on_conflict(self, error: ConflictError, followup_id: int) -> None:
        """Another PC changed (or completed) this follow-up meanwhile: reload, compare or overwrite."""
        names = {"customer_id": self.tr("Customer"), "due_at": self.tr("Due"), "method": self.tr("Method"),
                 "purpose": self.tr("Purpose"), "contact_id": self.tr("Contact"), "assignee_id": self.tr("Assignee")}
        show = {"customer_id": lambda cid: customers.brief(cid).label, "method": labels.method,
                "assignee_id": lambda sid: staff.name_of(sid) or "", "due_at": lambda due: f"{due:%Y-%m-%d %H:%M}",
                "contact_id": lambda cid: {c: text for c, text, _p in followups.contacts_of(
                    self.ui.customer_combo.currentData() or 0)}.get(cid, str(cid))}

        def chosen(choice: str) -> None:
            if choice == conflict_dialog.RELOAD:
                self._load(followups.load(followup_id))
                self.ui.error_label.clear()
            elif choice == conflict_dialog.OVERWRITE:
                self.loaded_version = error.version
                self.save()
            else:
                self.ui.error_label.show_error(error.message)

        mine = self.value()
        conflict_dialog.ask(self, error, mine, lambda: followups.load(followup_id).as_input(), names, chosen,
                            show=show)

    def _show_error(self, message: str, widget: QWidget | None = None) -> None:
        if widget is not None:
            mark_invalid(widget, message)
        self.ui.error_label.show_error(message)
