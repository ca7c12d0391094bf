"""The customer dialog (a Designer form): every field of docs/spec.md §2, contacts, orders, tags.

Values are validated by ``core.customers.service`` (all refusals at once); each refused
field is marked with its reason and nothing is saved. While the name or a mobile
is typed, possible duplicates are shown with a link to open them.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QTableWidgetItem, QWidget

from crmdesk.core.customers import registry
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.service import ContactInput, CustomerInput, InvalidInput, OrderInput
from crmdesk.core.firm import staff
from crmdesk.core.store.errors import ConflictError, KnownError
from crmdesk.core.store.models import SOURCE_CHANNELS
from crmdesk.core.validation import FieldError, fen_to_yuan_text, mask_mobile, parse_amount
from crmdesk.ui import labels, theme
from crmdesk.ui.customers.contact_dialog import ContactDialog
from crmdesk.ui.customfields.form import CustomFieldsForm
from crmdesk.ui.dialogs import conflict_dialog
from crmdesk.ui.form_dialog import FormDialog
from crmdesk.ui.forms.ui_customer_dialog import Ui_CustomerDialog
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import customers as customers_ops
from crmdesk.ui.widgets import WARNING

SIZES = ["1-20人", "20-100人", "100-500人", "500人以上"]
INVALID_CELL = QColor(theme.ERROR_FILL)


class CustomerDialog(FormDialog):
    """New customer (``customer_id`` None) or edit an existing one."""

    saved = Signal(int)  # customer id
    open_customer_requested = Signal(int)

    def __init__(self, customer_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CustomerDialog()
        self.ui.setupUi(self)
        self.customer_id = customer_id
        self.loaded_version: int | None = None  # the version the save may write (several writers)
        self.contacts: list[ContactInput] = []
        self._fill_choices()
        self._add_custom_page()
        self.ui.duplicate_label.hide()
        self.ui.error_label.clear()
        self.ui.contacts_table.horizontalHeader().setStretchLastSection(True)
        save_button = self.ui.button_box.button(QDialogButtonBox.StandardButton.Save)
        save_button.setDefault(True)
        if customer_id is None:
            self.setWindowTitle(self.tr("New customer"))
            self.ui.status_label.setText(self.tr("New"))
            self.custom_form.load({}, new=True)
        else:
            self.load(customers.load(customer_id))
            self._show_status(customer_id)
        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(300)
        self._dup_timer.timeout.connect(self.check_duplicates)
        self.ui.name_edit.textEdited.connect(self._dup_timer.start)
        self.ui.add_contact_button.clicked.connect(self._on_add_contact_button_clicked)
        self.ui.edit_contact_button.clicked.connect(self._on_edit_contact_button_clicked)
        self.ui.contacts_table.doubleClicked.connect(self._on_edit_contact_button_clicked)
        self.ui.remove_contact_button.clicked.connect(self._on_remove_contact_button_clicked)
        self.ui.primary_contact_button.clicked.connect(self._on_primary_contact_button_clicked)
        self.ui.add_order_button.clicked.connect(self._on_add_order_button_clicked)
        self.ui.remove_order_button.clicked.connect(self._on_remove_order_button_clicked)
        self.ui.orders_table.itemChanged.connect(self._on_orders_table_item_changed)
        self.ui.duplicate_label.linkActivated.connect(self._on_duplicate_label_link_activated)
        # A tier chosen by hand only lasts if it is pinned; otherwise the nightly rules would undo it.
        self.ui.tier_combo.activated.connect(lambda _i: self.ui.tier_pinned_check.setChecked(True))
        self.ui.button_box.accepted.connect(self.save)
        self.ui.button_box.rejected.connect(self.reject)

    def _add_custom_page(self) -> None:
        """The owner's customer fields (设置 → 自定义字段) on a page of their own, when there are any."""
        from PySide6.QtWidgets import QScrollArea

        self.custom_form = CustomFieldsForm("customer")
        self.custom_page = QScrollArea()
        self.custom_page.setWidgetResizable(True)
        self.custom_page.setWidget(self.custom_form)
        if not self.custom_form.is_empty:
            self.ui.tabs.addTab(self.custom_page, self.tr("More details"))

    # -- choices
    def _fill_choices(self) -> None:
        ui = self.ui
        for key in ("prospect", "customer", "strategic"):
            ui.type_combo.addItem(labels.customer_type(key), key)
        for key in "ABC":
            ui.importance_combo.addItem(key, key)
        ui.importance_combo.setCurrentIndex(2)
        for key in ("strategic", "core", "ordinary", "dormant"):
            ui.tier_combo.addItem(labels.tier(key), key)
        ui.tier_combo.setCurrentIndex(2)
        industries = registry.distinct_values("industry")
        ui.industry_combo.addItems(["", *industries])
        ui.size_combo.addItems(["", *SIZES])
        ui.source_combo.addItem("", "")
        for text, channel in SOURCE_CHANNELS.choices():
            ui.source_combo.addItem(text, channel)
        ui.manager_combo.addItem(self.tr("(none)"), None)
        for member in staff.active_staff():
            ui.manager_combo.addItem(member.name, member.id)
        completer = QCompleter(customers.all_tags(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        ui.tags_edit.setCompleter(completer)

    # -- load and collect
    def load(self, data: CustomerInput) -> None:
        """Show a customer's values."""
        ui = self.ui
        self.loaded_version = data.version
        self.setWindowTitle(self.tr("Customer %1").replace("%1", f"{data.code} {data.name}"))
        ui.code_edit.setText(data.code)
        ui.name_edit.setText(data.name)
        ui.type_combo.setCurrentIndex(max(0, ui.type_combo.findData(data.type)))
        ui.importance_combo.setCurrentIndex(max(0, ui.importance_combo.findData(data.importance)))
        ui.tier_combo.setCurrentIndex(max(0, ui.tier_combo.findData(data.tier)))
        ui.tier_pinned_check.setChecked(data.tier_pinned)
        ui.industry_combo.setCurrentText(data.industry)
        ui.size_combo.setCurrentText(data.size)
        ui.region_edit.setText(data.region)
        ui.address_edit.setText(data.address)
        index = ui.source_combo.findData(data.source_channel)
        if index < 0 and data.source_channel:
            ui.source_combo.addItem(data.source_channel, data.source_channel)
            index = ui.source_combo.count() - 1
        ui.source_combo.setCurrentIndex(max(0, index))
        index = ui.manager_combo.findData(data.account_manager_id)
        if index < 0 and data.account_manager_id is not None:
            ui.manager_combo.addItem(staff.name_of(data.account_manager_id) or "?", data.account_manager_id)
            index = ui.manager_combo.count() - 1
        ui.manager_combo.setCurrentIndex(max(0, index))
        ui.coop_start_edit.setText(data.coop_start)
        ui.tags_edit.setText("，".join(data.tags))
        ui.purchase_intent_edit.setPlainText(data.purchase_intent)
        ui.product_preference_edit.setPlainText(data.product_preference)
        ui.budget_edit.setText(data.budget_range)
        ui.notes_edit.setPlainText(data.notes)
        ui.confidential_notes_edit.setPlainText(data.confidential_notes)
        self.custom_form.load(data.custom, new=False)
        self.contacts = list(data.contacts)
        self._show_contacts()
        ui.orders_table.blockSignals(True)
        ui.orders_table.setRowCount(0)
        for order in data.orders:
            self._append_order(order)
        ui.orders_table.blockSignals(False)
        self._update_total()

    def _show_status(self, customer_id: int) -> None:
        c = customers.brief(customer_id)
        parts = [self.tr("Archived") if c.status == "archived" else self.tr("Active")]
        if c.at_risk:
            parts.append(self.tr("At risk: %1").replace("%1", c.risk_reasons.replace("\n", "；")))
        parts.append(self.tr("Created %1").replace("%1", c.created_at.strftime("%Y-%m-%d")))
        self.ui.status_label.setText("  ·  ".join(parts))

    def value(self) -> CustomerInput:
        """The customer as typed."""
        ui = self.ui
        orders = []
        for row in range(ui.orders_table.rowCount()):
            cells = [ui.orders_table.item(row, c) for c in range(4)]
            texts = [cell.text().strip() if cell else "" for cell in cells]
            if not any(texts):
                continue
            order_id = cells[0].data(Qt.ItemDataRole.UserRole) if cells[0] else None
            orders.append(OrderInput(date=texts[0], product=texts[1], amount=texts[2], contract_no=texts[3],
                                     id=order_id))
        return CustomerInput(
            code=ui.code_edit.text().strip(), name=ui.name_edit.text().strip(),
            type=ui.type_combo.currentData(), importance=ui.importance_combo.currentData(),
            tier=ui.tier_combo.currentData(), tier_pinned=ui.tier_pinned_check.isChecked(),
            industry=ui.industry_combo.currentText().strip(), size=ui.size_combo.currentText().strip(),
            region=ui.region_edit.text().strip(), address=ui.address_edit.text().strip(),
            source_channel=ui.source_combo.currentData() or "", account_manager_id=ui.manager_combo.currentData(),
            coop_start=ui.coop_start_edit.text().strip(), tags=customers.split_tags(ui.tags_edit.text()),
            purchase_intent=ui.purchase_intent_edit.toPlainText(),
            product_preference=ui.product_preference_edit.toPlainText(), budget_range=ui.budget_edit.text().strip(),
            notes=ui.notes_edit.toPlainText(), confidential_notes=ui.confidential_notes_edit.toPlainText(),
            contacts=list(self.contacts), orders=orders, custom=self.custom_form.values())

    # -- contacts
    def _show_contacts(self) -> None:
        table = self.ui.contacts_table
        table.setRowCount(len(self.contacts))
        for row, c in enumerate(self.contacts):
            status = []
            if c.is_primary:
                status.append(self.tr("Primary"))
            if c.has_left:
                status.append(self.tr("Left"))
            birthday = c.birthday + (self.tr(" (lunar)") if c.birthday and c.birthday_lunar else "")
            gaps = customers.required_gaps(c.title, c.mobile, c.is_primary)  # an import's gaps: marked
            missing = "⚠ " + self.tr("not filled in")
            values = [c.name, c.title or missing, (mask_mobile(c.mobile) if c.id else c.mobile) or
                      (missing if "mobile" in gaps else ""), c.phone, c.email, birthday, "，".join(status)]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if text == missing:
                    item.setForeground(QBrush(WARNING))
                    item.setToolTip(self.tr("Required, but missing in the imported data: fill it in when known. "
                                            "Other edits are saved meanwhile."))
                table.setItem(row, col, item)
        table.resizeColumnsToContents()

    def _selected_contact(self) -> int:
        return self.ui.contacts_table.currentRow()

    def _on_add_contact_button_clicked(self) -> None:
        dialog = ContactDialog(ContactInput(is_primary=not self.contacts), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            contact = dialog.value()
            if contact.is_primary:
                for other in self.contacts:
                    other.is_primary = False
            self.contacts.append(contact)
            self._show_contacts()
            self.check_duplicates()

    def _on_edit_contact_button_clicked(self, *_args) -> None:
        row = self._selected_contact()
        if not 0 <= row < len(self.contacts):
            return
        dialog = ContactDialog(self.contacts[row], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            contact = dialog.value()
            if contact.is_primary:
                for other in self.contacts:
                    other.is_primary = False
            self.contacts[row] = contact
            self._show_contacts()
            self.check_duplicates()

    def _on_remove_contact_button_clicked(self) -> None:
        row = self._selected_contact()
        if 0 <= row < len(self.contacts):
            del self.contacts[row]
            self._show_contacts()

    def _on_primary_contact_button_clicked(self) -> None:
        row = self._selected_contact()
        if 0 <= row < len(self.contacts):
            for i, contact in enumerate(self.contacts):
                contact.is_primary = i == row
            self._show_contacts()

    # -- orders
    def _append_order(self, order: OrderInput) -> None:
        table = self.ui.orders_table
        row = table.rowCount()
        table.insertRow(row)
        amount = "" if order.amount == "" else f"{Decimal(order.amount):.2f}"
        for col, text in enumerate([order.date, order.product, amount, order.contract_no]):
            item = QTableWidgetItem(text)
            if col == 0:
                item.setData(Qt.ItemDataRole.UserRole, order.id)
            table.setItem(row, col, item)

    def _on_add_order_button_clicked(self) -> None:
        self.ui.orders_table.blockSignals(True)
        self._append_order(OrderInput())
        self.ui.orders_table.blockSignals(False)
        self.ui.orders_table.setCurrentCell(self.ui.orders_table.rowCount() - 1, 0)
        self.ui.orders_table.editItem(self.ui.orders_table.currentItem())

    def _on_remove_order_button_clicked(self) -> None:
        row = self.ui.orders_table.currentRow()
        if row >= 0:
            self.ui.orders_table.removeRow(row)
            self._update_total()

    def _on_orders_table_item_changed(self, _item: QTableWidgetItem) -> None:
        self._update_total()

    def _update_total(self) -> None:
        total = Decimal(0)
        for row in range(self.ui.orders_table.rowCount()):
            item = self.ui.orders_table.item(row, 2)
            try:
                total += parse_amount(item.text() if item else "") or 0
            except FieldError:
                continue
        self.ui.orders_total_label.setText(
            self.tr("Total of orders: %1 yuan").replace("%1", fen_to_yuan_text(int(total * 100))))

    # -- duplicates
    def check_duplicates(self) -> None:
        """Show customers with the same normalised name or mobile (docs/spec.md §2)."""
        mobiles = [c.mobile for c in self.contacts if c.mobile]
        hits = customers.possible_duplicates(self.ui.name_edit.text(), mobiles, exclude_id=self.customer_id)
        if not hits:
            self.ui.duplicate_label.hide()
            return
        links = "、".join(f'<a href="{hit.id}">{hit.code} {hit.name}</a>' for hit in hits)
        self.ui.duplicate_label.setText(
            "⚠ " + self.tr("Possible duplicate of %1 (same name or mobile). Click to open it, or continue.")
            .replace("%1", links))
        self.ui.duplicate_label.show()

    def _on_duplicate_label_link_activated(self, link: str) -> None:
        self.open_customer_requested.emit(int(link))

    # -- save
    def _field_widgets(self) -> dict[str, QWidget]:
        ui = self.ui
        return {"name": ui.name_edit, "code": ui.code_edit, "type": ui.type_combo, "importance": ui.importance_combo,
                "coop_start": ui.coop_start_edit, "account_manager": ui.manager_combo, "contacts": ui.contacts_table}

    def save(self) -> None:
        """Validate and save in the background; mark refused fields."""
        widgets = self._field_widgets()
        clear_marks([*widgets.values(), *self.custom_form.editors.values()])
        self._clear_order_marks()
        self.ui.error_label.clear()
        data = self.value()
        data.version = self.loaded_version
        customers_ops.save_customer(self, data, customer_id=self.customer_id,
                                    reason=self.ui.reason_edit.text().strip()) \
            .success(self._on_saved).failure(self._on_save_failed).run()

    def _on_saved(self, result: customers.SaveResult) -> None:
        self.customer_id = result.customer_id
        self.saved.emit(result.customer_id)
        self.accept()

    def _on_save_failed(self, error: KnownError) -> None:
        if isinstance(error, ConflictError) and self.customer_id is not None:
            customer_id = self.customer_id
            names = {key: customers.field_label(key) for key in customers.FIELDS}
            names.update(account_manager_id=customers.field_label("account_manager"),
                          contacts=customers.field_label("contact"), orders=customers.field_label("order"),
                          custom=self.tr("Custom fields"))
            show = {"type": labels.customer_type, "tier": labels.tier, "source_channel": labels.source_channel,
                    "account_manager_id": lambda sid: staff.name_of(sid) or ""}
            conflict_dialog.ask(self, error, self.value(), lambda: customers.load(customer_id), names,
                                lambda choice: self._on_conflict_choice(choice, error), show=show)
            return
        if isinstance(error, InvalidInput):
            widgets = self._field_widgets()
            first_tab = None
            for problem in error.errors:
                key = problem.field
                if key.startswith("contacts"):
                    mark_invalid(self.ui.contacts_table, problem.message)
                    first_tab = first_tab if first_tab is not None else 1
                elif key.startswith("orders["):
                    row = int(key[len("orders["):key.index("]")])
                    col = 0 if key.endswith(".date") else 2
                    item = self.ui.orders_table.item(row, col)
                    if item is not None:
                        item.setBackground(QBrush(INVALID_CELL))
                        item.setToolTip(problem.message)
                    first_tab = first_tab if first_tab is not None else 2
                elif key in widgets:
                    mark_invalid(widgets[key], problem.message)
                    first_tab = first_tab if first_tab is not None else 0
                elif self.custom_form.widget_for(key) is not None:
                    mark_invalid(self.custom_form.widget_for(key), problem.message)
                    page = self.ui.tabs.indexOf(self.custom_page)
                    first_tab = first_tab if first_tab is not None else page
            if first_tab is not None:
                self.ui.tabs.setCurrentIndex(first_tab)
        self.ui.error_label.show_error(error)

    def _on_conflict_choice(self, choice: str, error: ConflictError) -> None:
        if choice == conflict_dialog.RELOAD and self.customer_id is not None:
            self.load(customers.load(self.customer_id))
            self.ui.error_label.clear()
        elif choice == conflict_dialog.OVERWRITE:
            self.loaded_version = error.version  # save mine over the version now stored
            self.save()
        else:
            self.ui.error_label.show_error(error)

    def _clear_order_marks(self) -> None:
        table = self.ui.orders_table
        for row in range(table.rowCount()):
            for col in (0, 2):
                item = table.item(row, col)
                if item is not None and item.toolTip():
                    item.setBackground(QBrush())
                    item.setToolTip("")
