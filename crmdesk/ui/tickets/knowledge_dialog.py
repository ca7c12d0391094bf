"""知识库: list, search and edit the problem → solution articles (docs/spec.md §3).

The list on the left filters as the clerk types (title, problem, solution, keywords) and by
category; the article chosen is edited on the right. Articles made from a solved ticket
(``TicketDialog``'s 转为知识库文章) name their ticket. Writes run as background operations
and refuse a missing title or solution with the field named.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.store.errors import KnownError
from crmdesk.core.tickets import knowledge
from crmdesk.ui import labels, widgets
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import tickets as tickets_ops
from crmdesk.ui.widgets import ErrorLine

CATEGORIES = ("fault", "usage", "complaint", "suggestion", "other")
SEARCH_DEBOUNCE_MS = 250


class KnowledgeDialog(QDialog):
    """The article list with search, and an editor for new, edited and deleted articles."""

    def __init__(self, parent: QWidget | None = None, *, article_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Knowledge base"))
        self.article_id: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_editor())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        layout.addWidget(splitter, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(1000, 620)
        self.refresh()
        if article_id is not None:
            self.select_article(article_id)
        elif self.table.rowCount():
            self.table.selectRow(0)
        else:
            self.new_article()

    def _build_list(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search title, problem, solution, keywords"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._timer.start)
        self.category_filter = QComboBox()
        self.category_filter.addItem(self.tr("All categories"), None)
        for key in CATEGORIES:
            self.category_filter.addItem(labels.category(key), key)
        self.category_filter.currentIndexChanged.connect(self.refresh)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.category_filter)
        layout.addLayout(top)
        self.table = widgets.make_readonly_table(QTableWidget(), [
            self.tr("Title"), self.tr("Category"), self.tr("Updated"), self.tr("From ticket")])
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        return box

    def _build_editor(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.title_edit = QLineEdit()
        self.category_combo = QComboBox()
        self.category_combo.addItem(self.tr("(any)"), "")
        for key in CATEGORIES:
            self.category_combo.addItem(labels.category(key), key)
        self.keywords_edit = QLineEdit()
        self.keywords_edit.setPlaceholderText(self.tr("Words and codes callers use, e.g. E05 报警"))
        self.problem_edit = QPlainTextEdit()
        self.solution_edit = QPlainTextEdit()
        self.source_label = QLabel()
        for text, field in ((self.tr("Title *"), self.title_edit), (self.tr("Category"), self.category_combo),
                            (self.tr("Keywords"), self.keywords_edit), (self.tr("Problem"), self.problem_edit),
                            (self.tr("Solution *"), self.solution_edit)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.source_label)
        layout.addLayout(form, 1)
        self.error_label = ErrorLine()
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New article"))
        self.save_button = QPushButton(self.tr("Save article"))
        self.delete_button = QPushButton(self.tr("Delete article"))
        self.new_button.clicked.connect(self.new_article)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        return box

    # ------------------------------------------------------------------ the list
    def refresh(self) -> None:
        """List the articles that match the search text and category."""
        self._timer.stop()
        articles = knowledge.list_articles(self.search_edit.text(), self.category_filter.currentData())
        numbers = knowledge.source_numbers([a.source_ticket_id for a in articles])
        rows = [[a.title, labels.category(a.category) if a.category else "", f"{a.updated_at:%Y-%m-%d}",
                 numbers.get(a.source_ticket_id, "")] for a in articles]
        self.table.blockSignals(True)
        widgets.fill_table(self.table, rows, ids=[a.id for a in articles])
        self.table.blockSignals(False)
        self.count_label.setText(self.tr("%n article(s)", "", len(articles)))
        if self.article_id is not None:
            self._select_row(self.article_id)

    def _select_row(self, article_id: int) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == article_id:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)
                return True
        return False

    def select_article(self, article_id: int) -> None:
        """Show article ``article_id`` in the editor (and select it in the list when listed)."""
        self._select_row(article_id)
        self._show(article_id)

    def _on_table_item_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:  # a cleared selection (New article) keeps the editor as it is
            self._show(self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))

    # ------------------------------------------------------------------ the editor
    def _show(self, article_id: int) -> None:
        article = knowledge.get_article(article_id)
        self.article_id = article.id
        self.title_edit.setText(article.title)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(article.category)))
        self.keywords_edit.setText(article.keywords)
        self.problem_edit.setPlainText(article.problem)
        self.solution_edit.setPlainText(article.solution)
        number = knowledge.source_numbers([article.source_ticket_id]).get(article.source_ticket_id)
        self.source_label.setText(self.tr("Made from ticket %1").replace("%1", number) if number else "")
        self.delete_button.setEnabled(True)
        self._clear_feedback()

    def new_article(self) -> None:
        """Empty the editor for a new article."""
        self.article_id = None
        self.table.clearSelection()
        for edit in (self.title_edit, self.keywords_edit):
            edit.clear()
        self.problem_edit.clear()
        self.solution_edit.clear()
        self.category_combo.setCurrentIndex(0)
        self.source_label.clear()
        self.delete_button.setEnabled(False)
        self._clear_feedback()
        self.title_edit.setFocus()

    def _clear_feedback(self) -> None:
        clear_marks([self.title_edit, self.solution_edit, self.category_combo])
        self.error_label.clear()

    def save(self) -> None:
        """Create or update the article in the background; a refused field is marked."""
        self._clear_feedback()
        op = tickets_ops.save_article(self, self.article_id, title=self.title_edit.text(),
                                      problem=self.problem_edit.toPlainText(),
                                      solution=self.solution_edit.toPlainText(), keywords=self.keywords_edit.text(),
                                      category=self.category_combo.currentData())
        # Nothing else until it is saved: choosing another article meanwhile would let this save's
        # id land on the other article's text (and a second click would create the article twice).
        self.setEnabled(False)
        op.success(self._on_saved).failure(self._on_failed).finally_(lambda: self.setEnabled(True)).run()

    def _on_saved(self, article_id: int) -> None:
        self.article_id = article_id
        self.refresh()
        self._select_row(article_id)
        self.delete_button.setEnabled(True)
        self._feedback(self.tr("Saved."), ok=True)

    def _on_delete_button_clicked(self) -> None:
        article_id = self.article_id
        if article_id is None or not widgets.confirm(
                self, self.tr("Delete article"),
                self.tr("Delete the article “%1”?").replace("%1", self.title_edit.text())):
            return
        tickets_ops.delete_article(self, article_id).success(self._on_deleted).failure(self._on_failed).run()

    def _on_deleted(self, _changes) -> None:
        self.article_id = None
        self.refresh()
        if self.table.rowCount():
            self.table.selectRow(0)
        else:
            self.new_article()

    def _on_failed(self, error: KnownError) -> None:
        widget = {"title": self.title_edit, "solution": self.solution_edit,
                  "category": self.category_combo}.get(getattr(error, "field", ""))
        if widget is not None:
            mark_invalid(widget, error.message)
        self._feedback(error.message, ok=False)

    def _feedback(self, text: str, *, ok: bool) -> None:
        if ok:
            self.error_label.show_ok(text)
        else:
            self.error_label.show_error(text)


__all__ = ["KnowledgeDialog"]
