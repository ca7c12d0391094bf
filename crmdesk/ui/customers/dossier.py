"""一户一档: the dossier window — fields, contacts, orders, machines, tickets, interactions, surveys, change log,
attachments (files are added by button or dropped anywhere on the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.attachments.store import Owner
from crmdesk.core.customers import dossier
from crmdesk.core.firm import tier_policy
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import crash, labels, theme, widgets
from crmdesk.ui.attachments.panel import AttachmentsPanel
from crmdesk.ui.dialogs.pdf_preview import PdfPreviewDialog
from crmdesk.ui.equipment.page import EquipmentPage
from crmdesk.ui.followups import actions
from crmdesk.ui.operations import customers as customers_ops
from crmdesk.ui.operations.runner import get_broadcaster
from crmdesk.ui.tickets.ticket_dialog import TicketDialog
from crmdesk.ui.widgets import fill_table, make_readonly_table


class DossierDialog(QDialog):
    """Everything about one customer, with the actions a clerk takes on it."""

    edit_requested = Signal(int)

    def __init__(self, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_id = customer_id
        self.revealed = False
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout.addWidget(self.title_label)
        self.risk_label = QLabel()
        self.risk_label.setStyleSheet(theme.text_style(theme.ERROR))
        self.risk_label.setWordWrap(True)
        layout.addWidget(self.risk_label)

        # what a clerk does with the customer in front of her; the dangerous actions wait under 更多
        buttons = QHBoxLayout()
        self.new_ticket_button = QPushButton(self.tr("New ticket…"))
        self.log_call_top_button = QPushButton(self.tr("Log call…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.print_button = QPushButton(self.tr("Print dossier"))
        self.reveal_button = QPushButton(self.tr("Show full numbers"))
        self.more_button = QPushButton(self.tr("More"))
        for button in (self.new_ticket_button, self.log_call_top_button, self.edit_button, self.print_button,
                       self.reveal_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)
        layout.addLayout(buttons)
        print_menu = QMenu(self)
        self.print_action = print_menu.addAction(self.tr("Dossier (personal data hidden)…"),
                                                 lambda: self.print_dossier(visit=False))
        self.print_visit_action = print_menu.addAction(self.tr("For a site visit (with address and numbers)…"),
                                                       lambda: self.print_dossier(visit=True))
        self.print_button.setMenu(print_menu)
        more = QMenu(self)
        tier_menu = more.addMenu(self.tr("Tier"))
        for key in tier_policy.TIER_ORDER:
            tier_menu.addAction(self.tr("Pin as %1").replace("%1", labels.tier(key)),
                                lambda key=key: self._pin(key))
        tier_menu.addSeparator()
        tier_menu.addAction(self.tr("Unpin (use the rules)"), lambda: self._pin(None))
        self.archive_action = more.addAction(self.tr("Archive"), self._on_archive_button_clicked)
        more.addSeparator()
        self.delete_action = more.addAction(self.tr("Delete to recycle bin…"), self._on_delete_button_clicked)
        self.erase_action = more.addAction(self.tr("Erase personal data…"), self._on_erase_button_clicked)
        self.more_button.setMenu(more)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.fields_widget = QWidget()
        self.fields_grid = QGridLayout(self.fields_widget)
        self.fields_grid.setColumnStretch(1, 1)
        self.fields_grid.setColumnStretch(3, 1)
        self.fields_grid.setHorizontalSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields_widget)
        self.tabs.addTab(scroll, self.tr("Profile"))
        self._contact_headers = [self.tr("Name"), self.tr("Title"), self.tr("Mobile"), self.tr("Phone"),
                                 self.tr("E-mail"), self.tr("WeChat"), self.tr("Birthday"), self.tr("Flags")]
        self.contacts_table = self._table(self.tr("Contacts"), self._contact_headers)
        self.orders_table = self._table(self.tr("Orders"), [self.tr("Date"), self.tr("Product"),
                                        self.tr("Amount (yuan)"), self.tr("Contract no.")])
        self.equipment_page = EquipmentPage(customer_id, "", self, open_ticket=self.open_ticket)
        self.equipment_page.count_changed.connect(lambda n: self._count(self.equipment_page, n))
        self.tabs.addTab(self.equipment_page, self.tr("Equipment"))
        self.tickets_table = self._table(self.tr("Tickets"), [self.tr("Number"), self.tr("Created"),
                                         self.tr("Category"), self.tr("Priority"), self.tr("Stage"),
                                         self.tr("Assignee"), self.tr("Description")])
        self.interactions_table = self._interactions_page()
        self.surveys_table = self._table(self.tr("Surveys"), [self.tr("Date"), self.tr("Method"),
                                         self.tr("Product quality"), self.tr("Service response"),
                                         self.tr("Communication"), self.tr("Professionalism"), self.tr("Overall"),
                                         self.tr("Comments")])
        self.changes_table = self._table(self.tr("Change log"), [self.tr("Time"), self.tr("Field"),
                                         self.tr("Before"), self.tr("After"), self.tr("Reason"),
                                         self.tr("Operator")])
        self.files = AttachmentsPanel(self, show_where=True)  # the customer's own files and its tickets' and machines'
        self.files.files_changed.connect(lambda n: self._count(self.files, n))
        self.tabs.addTab(self.files, self.tr("Attachments"))
        self.setAcceptDrops(True)
        self.tickets_table.itemDoubleClicked.connect(self._on_tickets_table_double_clicked)

        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close_box.rejected.connect(self.reject)
        layout.addWidget(close_box)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        self.new_ticket_button.clicked.connect(self._on_new_ticket_button_clicked)
        self.log_call_top_button.clicked.connect(self._on_log_call_button_clicked)
        get_broadcaster().changed.connect(self._on_broadcaster_changed)
        self.load()

    def _interactions_page(self) -> QTableWidget:
        """The interaction log (互动记录), newest first, with logging a call and planning a follow-up."""
        table = make_readonly_table(QTableWidget(), [self.tr("Time"), self.tr("Method"), self.tr("Summary"),
                                                     self.tr("Customer feedback"), self.tr("Next step"),
                                                     self.tr("Staff")])
        self.last_dialog: QDialog | None = None
        self.log_call_button = QPushButton(self.tr("Log call…"))
        self.plan_followup_button = QPushButton(self.tr("Plan follow-up…"))
        self.log_call_button.clicked.connect(self._on_log_call_button_clicked)
        self.plan_followup_button.clicked.connect(self._on_plan_followup_button_clicked)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.log_call_button)
        bar.addWidget(self.plan_followup_button)
        bar.addStretch(1)
        page_layout.addLayout(bar)
        page_layout.addWidget(table)
        self.tabs.addTab(page, self.tr("Interactions"))
        return table

    def _on_log_call_button_clicked(self) -> None:
        self.last_dialog = actions.log_call(self, self.customer_id)

    def _on_plan_followup_button_clicked(self) -> None:
        self.last_dialog = actions.edit(self, customer_id=self.customer_id)

    def _table(self, title: str, headers: list[str]) -> QTableWidget:
        table = make_readonly_table(QTableWidget(), headers)
        self.tabs.addTab(table, title)
        return table

    def load(self) -> None:
        """(Re)read the dossier from the database."""
        d = dossier.load(self.customer_id, reveal=self.revealed)
        c = d.customer
        self.setWindowTitle(self.tr("Dossier %1").replace("%1", f"{c.code} {c.name}"))
        self.title_label.setText(f"{c.code}  {c.name}  ·  {labels.tier(c.tier)}"
                                 + ("  ·  " + self.tr("archived") if c.status == "archived" else ""))
        self.risk_label.setText(("⚠ " + self.tr("At risk: %1").replace("%1", c.risk_reasons.replace("\n", "；")))
                                if c.at_risk else "")
        self.risk_label.setVisible(bool(c.at_risk))
        self.archived = c.status == "archived"
        self.archive_action.setText(self.tr("Restore from archive") if self.archived else self.tr("Archive"))
        self.erase_action.setEnabled(c.erased_at is None)
        self.reveal_button.setEnabled(not self.revealed)
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        half = (len(d.fields) + 1) // 2
        for index, (label, value) in enumerate(d.fields):
            row, col = (index, 0) if index < half else (index - half, 2)
            name_label = QLabel(label + "：")
            name_label.setStyleSheet(theme.text_style(theme.SECONDARY))
            value_label = QLabel(value)
            value_label.setWordWrap(True)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields_grid.addWidget(name_label, row, col, Qt.AlignmentFlag.AlignTop)
            self.fields_grid.addWidget(value_label, row, col + 1)
        self.fields_grid.setRowStretch(half, 1)
        headers = [*self._contact_headers, *d.contact_custom]  # the owner's contact fields as extra columns
        self.contacts_table.setColumnCount(len(headers))
        self.contacts_table.setHorizontalHeaderLabels(headers)
        fill_table(self.contacts_table, d.contacts)
        fill_table(self.orders_table, d.orders)
        fill_table(self.tickets_table, d.tickets, ids=d.ticket_ids)
        fill_table(self.interactions_table, d.interactions)
        fill_table(self.surveys_table, d.surveys)
        fill_table(self.changes_table, d.changes)
        for table, rows in ((self.contacts_table, d.contacts), (self.orders_table, d.orders),
                            (self.tickets_table, d.tickets), (self.interactions_table, d.interactions),
                            (self.surveys_table, d.surveys), (self.changes_table, d.changes)):
            self._count(table, len(rows))
        self.equipment_page.customer_label = f"{c.code}  {c.name}"
        self.equipment_page.revealed = self.revealed  # sensitive machine fields, with the built-in numbers
        self.equipment_page.refresh()
        self.files.set_owner(Owner(self.customer_id))

    def _count(self, page: QWidget, count: int) -> None:
        """A tab's title with how many rows it holds: 设备 (3)."""
        index = self.tabs.indexOf(page)
        if index < 0:  # a table inside a page (the interactions)
            index = next(i for i in range(self.tabs.count()) if self.tabs.widget(i).isAncestorOf(page))
        base = self.tabs.tabText(index).split(" (")[0]
        self.tabs.setTabText(index, f"{base} ({count})")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.files.dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        self.files.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        """A file dropped anywhere on the dossier is attached to the customer."""
        self.tabs.setCurrentWidget(self.files)
        self.files.dropEvent(event)

    def open_ticket(self, ticket_id: int) -> None:
        """A ticket of the list or of a machine's service history, in its form."""
        dialog = TicketDialog(self, ticket_id=ticket_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def _on_tickets_table_double_clicked(self, item) -> None:
        ticket_id = self.tickets_table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        if ticket_id is not None:
            self.open_ticket(int(ticket_id))

    @Slot(object)
    def _on_broadcaster_changed(self, changes: Changes) -> None:
        if changes.everything or self.customer_id in changes.customer_ids or changes.touches(
                "tickets", "interactions", "surveys", "equipment", "attachments"):
            try:
                self.load()
            except Exception:  # noqa: BLE001 - the customer may have been purged meanwhile
                self.close()

    # -- actions
    def _on_edit_button_clicked(self) -> None:
        self.edit_requested.emit(self.customer_id)

    def _on_reveal_button_clicked(self) -> None:
        customers_ops.record_reveal(self, self.customer_id).success(lambda _r: self._show_revealed()).run()

    def _show_revealed(self) -> None:
        """Once the reveal is logged: the built-in numbers and every sensitive custom field (the
        customer's, its contacts', its machines') in full, until the window closes."""
        self.revealed = True
        self.load()

    def _pin(self, tier: str | None) -> None:
        customers_ops.pin_tier(self, self.customer_id, tier).run()

    def _on_archive_button_clicked(self) -> None:
        if not self.archived:
            customers_ops.archive_customers(self, [self.customer_id]).run()
        else:
            customers_ops.restore_archived(self, [self.customer_id]).run()

    def _on_delete_button_clicked(self) -> None:
        if widgets.confirm(self, self.tr("Delete customer"),
                           self.tr("Move this customer to the recycle bin? It can be restored for 30 days.")):
            customers_ops.delete_customers(self, [self.customer_id]).success(lambda _r: self.accept()).run()

    def _on_new_ticket_button_clicked(self) -> None:
        dialog = TicketDialog(self, customer_id=self.customer_id)  # it announces the new ticket's number itself
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def print_dossier(self, *, visit: bool) -> None:
        """The 客户档案 PDF in the preview; ``visit`` prints the address and numbers for a site visit
        (a reveal, logged as such)."""
        import tempfile
        from pathlib import Path

        out = Path(tempfile.mkdtemp(prefix="crmdesk-dossier-")) / "dossier.pdf"
        purpose = self.tr("the address and numbers on a dossier printed for a site visit")
        customers_ops.print_dossier(self, self.customer_id, out, visit=visit, purpose=purpose) \
            .success(self._show_pdf).failure(self._on_failed).run()

    def _show_pdf(self, path) -> None:
        import shutil

        preview = PdfPreviewDialog(path, self.windowTitle(), self)
        preview.finished.connect(lambda _result: shutil.rmtree(path.parent, ignore_errors=True))
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()
        self.last_dialog = preview

    def _on_failed(self, error: KnownError) -> None:
        crash.show_known_error(error, self)

    def _on_erase_button_clicked(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Erase personal data"),
            self.tr("This wipes mobiles, phones, e-mails, addresses (also of its machines' sites), birthdays, "
                    "confidential notes and every attachment of this customer for good. Tickets are kept without "
                    "personal data.\nReason (required):"))
        if ok and reason.strip():
            customers_ops.erase_personal_data(self, self.customer_id, reason.strip()).run()


def open_dossier(parent: QWidget, customer_id: int) -> QDialog:
    """The customer's 一户一档 window."""
    dialog = DossierDialog(customer_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
