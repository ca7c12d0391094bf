"""The low-score surveys and the improvement list of the reports tab (docs/spec.md §5).

A low-score survey gets an improvement action (what will be done, by whom, by when); the
improvement list shows the period's items and every earlier one still open, which the next
report carries along until it is marked done. Edits run as operations; the lists reload
afterwards (the KPIs do not depend on them, so nothing else is recomputed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidget, QTabWidget, QVBoxLayout, QWidget

from crmdesk.core.reports import lists as kpi_lists
from crmdesk.core.reports import surveys
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import crash
from crmdesk.ui.operations import reports as reports_ops
from crmdesk.ui.operations.runner import Op
from crmdesk.ui.reports.dialogs import ImprovementDialog, dimension_names
from crmdesk.ui.widgets import fill_table, make_readonly_table, selected_id

LOW_LIMIT = 200


class ListsPanel(QTabWidget):
    """Two pages: 低分调查 (with 添加改进措施) and 改进清单 (add, edit, done)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period: Period | None = None
        self.low: list[kpi_lists.LowScore] = []
        self.items: list[surveys.ImprovementLine] = []
        self.dialog: ImprovementDialog | None = None

        low_page = QWidget()
        low_layout = QVBoxLayout(low_page)
        top = QHBoxLayout()
        self.low_label = QLabel()
        self.add_action_button = QPushButton(self.tr("Add improvement action…"))
        top.addWidget(self.low_label, 1)
        top.addWidget(self.add_action_button)
        low_layout.addLayout(top)
        self.low_table = make_readonly_table(QTableWidget(), [
            self.tr("Date"), self.tr("Customer"), self.tr("Ticket"), self.tr("Low scores"), self.tr("Comment"),
            self.tr("Actions")])
        low_layout.addWidget(self.low_table)
        self.addTab(low_page, self.tr("Low-score surveys"))

        items_page = QWidget()
        items_layout = QVBoxLayout(items_page)
        bar = QHBoxLayout()
        self.items_label = QLabel()
        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.done_button = QPushButton(self.tr("Mark done"))
        bar.addWidget(self.items_label, 1)
        for button in (self.add_button, self.edit_button, self.done_button):
            bar.addWidget(button)
        items_layout.addLayout(bar)
        self.items_table = make_readonly_table(QTableWidget(), [
            self.tr("Item"), self.tr("Customer"), self.tr("Action"), self.tr("Owner"), self.tr("Due"),
            self.tr("Status")])
        items_layout.addWidget(self.items_table)
        self.addTab(items_page, self.tr("Improvement list"))

        self.add_action_button.clicked.connect(self._on_add_action_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.done_button.clicked.connect(self._on_done_button_clicked)
        self.low_table.doubleClicked.connect(self._on_add_action_button_clicked)
        self.items_table.doubleClicked.connect(self._on_edit_button_clicked)

    # ------------------------------------------------------------------ loading

    def load(self, period: Period) -> None:
        """Fetch the period's low-score surveys and improvement list in the background."""
        self.period = period
        reports_ops.load_lists(self, period, low_limit=LOW_LIMIT).success(self._show).run()

    def _show(self, result: tuple[tuple[int, list[kpi_lists.LowScore]], list[surveys.ImprovementLine]]) -> None:
        (total, self.low), self.items = result
        shown = self.tr("%1 surveys with a dimension below 4").replace("%1", str(total))
        if total > len(self.low):
            shown += self.tr(" (the lowest %1 shown)").replace("%1", str(len(self.low)))
        self.low_label.setText(shown)
        rows = []
        names = dimension_names()
        for s in self.low:
            low = "、".join(f"{names[d]} {s.scores[d]}" for d in s.low_dimensions)
            actions = "；".join(a.action + (" ✓" if a.done else "") for a in s.actions)
            rows.append([s.date.isoformat(), f"{s.customer_code} {s.customer}", s.ticket, low, s.comment, actions])
        fill_table(self.low_table, rows, ids=[s.survey_id for s in self.low])
        open_count = sum(1 for i in self.items if not i.done)
        self.items_label.setText(self.tr("%1 items, %2 open (open items carry over to the next report)")
                                 .replace("%1", str(len(self.items))).replace("%2", str(open_count)))
        status = {True: self.tr("Done"), False: self.tr("Open")}
        fill_table(self.items_table, [
            [i.item, i.customer, i.action, i.owner, i.due.isoformat() if i.due else "",
             self.tr("Carried over") if i.carried else status[i.done]] for i in self.items],
            ids=[i.id for i in self.items])

    # ------------------------------------------------------------------ editing

    def _run(self, op: Op, dialog: ImprovementDialog | None = None) -> None:
        """Run an edit; reload the lists after it, or show why it was refused."""
        def failed(error: KnownError) -> None:
            if dialog is not None:
                dialog.show_error(error.message)
            else:
                crash.show_known_error(error, self)

        def done(_result: object) -> None:
            if dialog is not None:
                dialog.accept()
            if self.period is not None:
                self.load(self.period)

        op.success(done).failure(failed).run()

    def _open_dialog(self, dialog: ImprovementDialog, save: Callable[[dict[str, Any]], Op]) -> None:
        """Show the dialog; its OK saves through the operation ``save(values)`` builds and closes it only
        once saved."""
        self.dialog = dialog
        dialog.accepted_values.connect(lambda values: self._run(save(values), dialog))
        dialog.open()

    def _on_add_action_button_clicked(self) -> None:
        survey_id = selected_id(self.low_table)
        if survey_id is None:
            return
        self._open_dialog(ImprovementDialog(surveys.default_item(survey_id), today=dt.date.today(), parent=self),
                          lambda v: reports_ops.add_improvement(self, v, survey_id=survey_id))

    def _on_add_button_clicked(self) -> None:
        self._open_dialog(ImprovementDialog(parent=self), lambda v: reports_ops.add_improvement(self, v))

    def _on_edit_button_clicked(self) -> None:
        item_id = selected_id(self.items_table)
        line = next((i for i in self.items if i.id == item_id), None)
        if line is None:
            return
        self._open_dialog(
            ImprovementDialog(line.item, line.action, line.owner_id, line.due, line.done, parent=self),
            lambda v: reports_ops.update_improvement(self, item_id, v))

    def _on_done_button_clicked(self) -> None:
        item_id = selected_id(self.items_table)
        line = next((i for i in self.items if i.id == item_id), None)
        if line is not None:
            self._run(reports_ops.set_improvement_done(self, line.id, not line.done))
