"""Dialogs of the reports tab: an improvement-list item, and a survey recorded on its own.

Both only collect values; the tab runs the core service (``core.reports.surveys``) in an operation
and shows a refused value next to its field.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import staff
from crmdesk.core.reports import surveys
from crmdesk.ui.form_dialog import FormDialog
from crmdesk.ui.widgets import ErrorLine


def dimension_names() -> dict[str, str]:
    """The survey dimensions' names in the UI language, in questionnaire order."""
    return {"quality": QCoreApplication.translate("SurveyDialog", "Product quality"),
            "response": QCoreApplication.translate("SurveyDialog", "Service response"),
            "communication": QCoreApplication.translate("SurveyDialog", "Communication"),
            "professionalism": QCoreApplication.translate("SurveyDialog", "Professionalism"),
            "overall": QCoreApplication.translate("SurveyDialog", "Overall satisfaction")}


def _finish(dialog: QDialog, layout: QVBoxLayout, on_ok) -> QLabel:
    """The red line for a refusal and the OK/Cancel buttons at the foot of a dialog; returns the line."""
    error_label = ErrorLine()
    layout.addWidget(error_label)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    return error_label


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ImprovementDialog(QDialog):
    """改进措施: the item, the action, its owner and due date, done or not.

    OK emits ``accepted_values``; the caller saves them and closes the dialog once saved
    (or shows the refusal with ``show_error``), so nothing typed is lost on a refusal.
    """

    accepted_values = Signal(dict)

    def __init__(self, item: str = "", action: str = "", owner_id: int | None = None, due: dt.date | None = None,
                 done: bool = False, *, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Improvement action"))
        today = today or dt.date.today()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.item_edit = QLineEdit(item)
        self.action_edit = QPlainTextEdit(action)
        self.action_edit.setPlaceholderText(self.tr("What will be done about it"))
        self.owner_combo = QComboBox()
        self.owner_combo.addItem(self.tr("(nobody yet)"), None)
        for person in staff.active_staff():
            self.owner_combo.addItem(person.name, person.id)
        if owner_id is not None:
            index = self.owner_combo.findData(owner_id)
            if index < 0:  # an owner who has left stays shown
                self.owner_combo.addItem(str(owner_id), owner_id)
                index = self.owner_combo.count() - 1
            self.owner_combo.setCurrentIndex(index)
        due_row = QHBoxLayout()
        self.due_check = QCheckBox(self.tr("Due by"))
        self.due_edit = QDateEdit(_qdate(due or today + dt.timedelta(days=14)))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_check.setChecked(due is not None)
        self.due_edit.setEnabled(due is not None)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)
        self.done_check = QCheckBox(self.tr("Done"))
        self.done_check.setChecked(done)
        form.addRow(self.tr("Item"), self.item_edit)
        form.addRow(self.tr("Action"), self.action_edit)
        form.addRow(self.tr("Owner"), self.owner_combo)
        form.addRow(self.tr("Due date"), due_row)
        form.addRow("", self.done_check)
        layout.addLayout(form)
        self.error_label = _finish(self, layout, self._on_accepted)
        self.resize(480, 300)

    def values(self) -> dict[str, object]:
        """The entered values, as ``surveys.update_improvement`` takes them."""
        return {"item": self.item_edit.text().strip(), "action": self.action_edit.toPlainText().strip(),
                "owner_id": self.owner_combo.currentData(),
                "due": _pydate(self.due_edit.date()) if self.due_check.isChecked() else None,
                "done": self.done_check.isChecked()}

    def show_error(self, text: str) -> None:
        """Show why the values were refused (the dialog stays open)."""
        self.error_label.show_error(text)
        self.ok_button.setEnabled(True)

    def _on_accepted(self) -> None:
        if not self.item_edit.text().strip():
            self.show_error(self.tr("Say what the item is."))
            return
        self.ok_button.setEnabled(False)  # until the save fails (show_error) or the dialog closes
        self.accepted_values.emit(self.values())


class SurveyDialog(FormDialog):
    """满意度调查 recorded on its own: the customer, the method, the date, the tier's questions.

    OK emits ``accepted_values`` (see ``ImprovementDialog``).
    """

    accepted_values = Signal(dict)

    def __init__(self, *, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a satisfaction survey"))
        self.today = today or dt.date.today()
        self.customer_id: int | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Code, name, contact or phone tail (2 characters or more)"))
        self.customer_combo = QComboBox()
        self.method_combo = QComboBox()
        for key, label in (("questionnaire", self.tr("Questionnaire")), ("phone", self.tr("Phone")),
                           ("email", self.tr("E-mail")), ("visit", self.tr("Visit"))):
            self.method_combo.addItem(label, key)
        self.date_edit = QDateEdit(_qdate(self.today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(_qdate(self.today))
        form.addRow(self.tr("Find customer"), self.search_edit)
        form.addRow(self.tr("Customer"), self.customer_combo)
        form.addRow(self.tr("Method"), self.method_combo)
        form.addRow(self.tr("Date"), self.date_edit)
        self.score_spins: dict[str, QSpinBox] = {}
        self.score_labels: dict[str, QLabel] = {}
        names = dimension_names()
        for key in names:
            spin = QSpinBox()
            spin.setRange(0, 5)
            # no score is chosen until the clerk chooses one (the overall score is required)
            spin.setSpecialValueText(self.tr("(choose)") if key == "overall" else self.tr("not asked"))
            spin.setValue(0)
            self.score_spins[key], self.score_labels[key] = spin, QLabel(names[key])
            form.addRow(self.score_labels[key], spin)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setPlaceholderText(self.tr("The customer's comments"))
        form.addRow(self.tr("Comments"), self.comment_edit)
        layout.addLayout(form)
        self.error_label = _finish(self, layout, self._on_accepted)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.customer_combo.currentIndexChanged.connect(self._on_customer_combo_current_index_changed)
        self.resize(520, 560)

    def _on_search_edit_text_changed(self, text: str) -> None:
        self.customer_combo.clear()
        for cid, code, name in surveys.find_customers(text):
            self.customer_combo.addItem(f"{code}  {name}", cid)

    def _on_customer_combo_current_index_changed(self, _index: int) -> None:
        """Show the questions the customer's tier asks (tier policy table); hide the rest."""
        self.customer_id = self.customer_combo.currentData()
        asked = surveys.questions_for(self.customer_id) if self.customer_id else list(self.score_spins)
        for key, spin in self.score_spins.items():
            spin.setVisible(key in asked)
            self.score_labels[key].setVisible(key in asked)
            if key not in asked:
                spin.setValue(0)

    def values(self) -> dict[str, object]:
        """What ``surveys.record`` takes (scores of unasked questions left out)."""
        scores = {key: spin.value() for key, spin in self.score_spins.items() if spin.value() > 0}
        return {"customer_id": self.customer_id, "scores": scores, "method": self.method_combo.currentData(),
                "date": _pydate(self.date_edit.date()), "comment": self.comment_edit.toPlainText().strip()}

    def show_error(self, text: str) -> None:
        """Show why the survey was refused (the dialog stays open)."""
        self.error_label.show_error(text)
        self.ok_button.setEnabled(True)

    def _on_accepted(self) -> None:
        if self.customer_id is None:
            self.show_error(self.tr("Choose the customer first."))
            return
        if self.score_spins["overall"].value() == 0:
            self.show_error(self.tr("Choose the overall satisfaction (1–5)."))
            return
        self.ok_button.setEnabled(False)  # until the save fails (show_error) or the dialog closes
        self.accepted_values.emit(self.values())

