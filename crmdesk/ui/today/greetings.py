"""节日问候名单: who to greet for a coming festival, one list per tier (docs/spec.md §4)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.firm import lunar, tier_policy
from crmdesk.core.followups import reminders
from crmdesk.ui import labels
from crmdesk.ui.widgets import fill_table, make_readonly_table


class GreetingListDialog(QDialog):
    """A tab per tier: customer, primary contact, masked mobile, how to greet and the greeting."""

    def __init__(self, festival: lunar.Festival, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.festival = festival
        self.setWindowTitle(self.tr("Greeting list — %1 %2").replace("%1", festival.name)
                            .replace("%2", festival.date.isoformat()))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Strategic and core customers also have a follow-up each in Today.")))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tables: dict[str, QTableWidget] = {}
        self.lines: dict[str, list[reminders.GreetingLine]] = {}
        counts = reminders.greeting_counts()
        for tier in tier_policy.TIER_ORDER:
            table = make_readonly_table(QTableWidget(), [self.tr("Code"), self.tr("Customer"), self.tr("Contact"),
                                                         self.tr("Mobile"), self.tr("Method"), self.tr("Greeting")])
            lines = reminders.greeting_list(tier, festival)
            fill_table(table, [[g.code, g.customer, g.contact, g.mobile, labels.method(g.method), g.greeting]
                               for g in lines], ids=[g.customer_id for g in lines])
            self.tables[tier], self.lines[tier] = table, lines
            shown = f"{len(lines)}" if len(lines) == counts[tier] else f"{len(lines)}/{counts[tier]}"
            self.tabs.addTab(table, f"{labels.tier(tier)} ({shown})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy this list"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 520)

    def current_text(self) -> str:
        """The shown tier's list as tab-separated lines (for a spreadsheet or a mass-message tool)."""
        tier = tier_policy.TIER_ORDER[self.tabs.currentIndex()]
        return "\n".join("\t".join([g.code, g.customer, g.contact, g.mobile, g.greeting]) for g in self.lines[tier])

    def _on_copy_button_clicked(self) -> None:
        QApplication.clipboard().setText(self.current_text())
