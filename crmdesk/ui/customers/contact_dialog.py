"""The contact editor (a Designer form): checks each value as the customer dialog will.

A required value (职务, the primary contact's mobile) that the stored contact already lacks —
imported without it — may stay empty: it is marked, never a reason to refuse another edit.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput
from crmdesk.core.validation import FieldError, normalize_mobile, normalize_phone, parse_date, validate_email
from crmdesk.ui.customfields.form import CustomFieldsForm
from crmdesk.ui.forms.ui_contact_dialog import Ui_ContactDialog
from crmdesk.ui.marks import clear_marks, mark_invalid


class ContactDialog(QDialog):
    """Add or edit one contact; ``value()`` is the edited contact."""

    def __init__(self, contact: ContactInput | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ContactDialog()
        self.ui.setupUi(self)
        # the owner's contact fields (设置 → 自定义字段), generated below the built-in ones
        self.custom_form = CustomFieldsForm("contact", self, into=self.ui.form_layout)
        self.custom_form.hide()  # its rows live in the dialog's own form
        self.custom_form.load(contact.custom if contact else {}, new=contact is None or contact.id is None)
        self._id = contact.id if contact else None
        # required values the stored contact already lacks (an import's gaps) may stay empty
        self._tolerated: set[str] = set()
        if contact is not None:
            self.load(contact)
            if contact.id is not None:
                self._tolerated = customers.required_gaps(contact.title, contact.mobile, True)
        if "title" in self._tolerated:
            self.ui.title_edit.setPlaceholderText(self.tr("Not in the imported data: fill it in when known"))
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)

    def load(self, c: ContactInput) -> None:
        """Show a contact's values."""
        self.ui.name_edit.setText(c.name)
        self.ui.title_edit.setText(c.title)
        self.ui.mobile_edit.setText(c.mobile)
        self.ui.phone_edit.setText(c.phone)
        self.ui.email_edit.setText(c.email)
        self.ui.wechat_edit.setText(c.wechat)
        self.ui.birthday_edit.setText(c.birthday)
        self.ui.birthday_lunar_check.setChecked(c.birthday_lunar)
        self.ui.primary_check.setChecked(c.is_primary)
        self.ui.left_check.setChecked(c.has_left)

    def value(self) -> ContactInput:
        """The contact as typed (normalised where valid)."""
        ui = self.ui
        return ContactInput(name=ui.name_edit.text().strip(), title=ui.title_edit.text().strip(),
                            mobile=ui.mobile_edit.text().strip(), phone=ui.phone_edit.text().strip(),
                            email=ui.email_edit.text().strip(), wechat=ui.wechat_edit.text().strip(),
                            birthday=ui.birthday_edit.text().strip(),
                            birthday_lunar=ui.birthday_lunar_check.isChecked(),
                            is_primary=ui.primary_check.isChecked(), has_left=ui.left_check.isChecked(), id=self._id,
                            custom=self.custom_form.values())

    def _on_button_box_accepted(self) -> None:
        ui = self.ui
        edits: list[QLineEdit] = [ui.name_edit, ui.title_edit, ui.mobile_edit, ui.phone_edit, ui.email_edit,
                                  ui.birthday_edit]
        clear_marks(edits)
        problems: list[tuple[QLineEdit, str]] = []
        if not ui.name_edit.text().strip():
            problems.append((ui.name_edit, self.tr("Name: required")))
        gaps = customers.required_gaps(ui.title_edit.text(), ui.mobile_edit.text(), ui.primary_check.isChecked())
        gaps -= self._tolerated
        if "title" in gaps:
            problems.append((ui.title_edit, self.tr("Title: required")))
        checks = [(ui.mobile_edit, normalize_mobile, self.tr("Mobile")), (ui.phone_edit, normalize_phone, self.tr("Phone")),
                  (ui.email_edit, validate_email, self.tr("E-mail")), (ui.birthday_edit, parse_date, self.tr("Birthday"))]
        for edit, check, label in checks:
            try:
                result = check(edit.text())
            except FieldError as error:
                problems.append((edit, f"{label}: {error.reason}"))
                continue
            if result:
                edit.setText(result.isoformat() if hasattr(result, "isoformat") else str(result))
        if "mobile" in gaps:
            problems.append((ui.mobile_edit, self.tr("Mobile: required for the primary contact")))
        custom_problems = self.custom_form.check()  # marks its own editors
        if problems or custom_problems:
            for edit, message in problems:
                mark_invalid(edit, message)
            ui.error_label.show_error("\n".join([*(message for _, message in problems), *custom_problems]))
            if problems:
                problems[0][0].setFocus()
            return
        self.accept()
