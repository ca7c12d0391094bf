"""Knowledge-base articles and similar solved tickets, suggested while the description is typed.

A short pause after the last keystroke (``DEBOUNCE_MS``) runs ``core.tickets.knowledge.suggest`` on the
description; articles are listed before tickets. Clicking a line hands its solution to the form
(``solution_chosen``), which copies it into the solution field: the clerk answers a known
problem on the phone without looking it up.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit

from crmdesk.core.tickets import knowledge

DEBOUNCE_MS = 350
LIMIT = 5
PREVIEW_CHARS = 90


def _short(text: str, limit: int = PREVIEW_CHARS) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


class SuggestionsController(QObject):
    """Keeps the suggestion list in step with the description."""

    solution_chosen = Signal(str)

    def __init__(self, description_edit: QPlainTextEdit, results: QListWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.description_edit = description_edit
        self.results = results
        self.exclude_ticket_id: int | None = None
        self.found = knowledge.Suggestions([], [])
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_now)
        description_edit.textChanged.connect(self._timer.start)
        results.itemClicked.connect(self._on_results_item_clicked)
        results.itemActivated.connect(self._on_results_item_clicked)

    def refresh_now(self) -> knowledge.Suggestions:
        """Suggest for the description as it is now."""
        self._timer.stop()
        self.found = knowledge.suggest(self.description_edit.toPlainText(), LIMIT,
                                       exclude_ticket_id=self.exclude_ticket_id)
        self.results.clear()
        article_tag = self.tr("Knowledge base")
        for article in self.found.articles:
            self._add(f"【{article_tag}】{article.title}\n{_short(article.solution)}", article.solution,
                      f"{article.problem}\n\n{article.solution}")
        for ticket in self.found.tickets:
            tag = self.tr("Solved ticket %1").replace("%1", ticket.number)
            when = f" {ticket.resolved_at:%Y-%m-%d}" if ticket.resolved_at else ""
            self._add(f"【{tag}{when}】{_short(ticket.description, 40)}\n{_short(ticket.solution)}", ticket.solution,
                      f"{ticket.description}\n\n{ticket.solution}")
        return self.found

    def _add(self, text: str, solution: str, tooltip: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, solution)
        item.setToolTip(tooltip)
        self.results.addItem(item)

    def _on_results_item_clicked(self, item: QListWidgetItem) -> None:
        solution = item.data(Qt.ItemDataRole.UserRole)
        if solution:
            self.solution_chosen.emit(solution)
