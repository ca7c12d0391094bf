"""回访: record one try of a ticket's callback (docs/spec.md §3, §5).

Reached: the survey questions the customer's tier asks (客户等级策略; all five dimensions when
the policy names none), each scored 1–5, and a comment; the ticket moves to 回访. Not reached:
the try is counted and the next one planned, or after the last try the callback is closed as
未联系上 (``core.tickets.callbacks.record_callback`` does both). The dialog says which try this is and
when the next would be, so the clerk knows before saving.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.store.errors import KnownError
from crmdesk.core.tickets import callbacks
from crmdesk.ui import labels, theme
from crmdesk.ui.dial_panel import DialPanel
from crmdesk.ui.form_dialog import FormDialog
from crmdesk.ui.marks import clear_marks, mark_invalid
from crmdesk.ui.operations import tickets as tickets_ops
from crmdesk.ui.widgets import ErrorLine


class CallbackDialog(FormDialog):
    """Reached (scores and comment) or not reached (a counted try) for one planned callback."""

    def __init__(self, followup_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.followup_id = followup_id
        self.info = callbacks.info(followup_id)
        self.setWindowTitle(self.tr("Callback — ticket %1").replace("%1", self.info.number))
        layout = QVBoxLayout(self)
        self.info_label = QLabel(self._info_html())
        self.info_label.setWordWrap(True)
        layout.addWidget(self.info_label)
        # the number to dial, in full (the call is the reason to see it; logged as a reveal)
        self.dial = DialPanel(self.info.customer_id, self.tr("callback of ticket %1").replace("%1", self.info.number),
                              self.info.contact_id, self)
        layout.addWidget(self.dial)

        outcome = QHBoxLayout()
        self.reached_radio = QRadioButton(self.tr("Reached the customer"))
        self.unreached_radio = QRadioButton(self.tr("Could not reach the customer"))
        self.reached_radio.setChecked(True)
        outcome.addWidget(self.reached_radio)
        outcome.addWidget(self.unreached_radio)
        outcome.addStretch(1)
        layout.addLayout(outcome)

        self.scores_group = QGroupBox(self.tr("Satisfaction (1 = very dissatisfied, 5 = very satisfied)"))
        scores_form = QFormLayout(self.scores_group)
        self.score_groups: dict[str, QButtonGroup] = {}
        self.score_rows: dict[str, QWidget] = {}
        for key in self.info.questions:
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            group = QButtonGroup(self)
            for score in range(1, 6):
                button = QRadioButton(str(score))
                group.addButton(button, score)
                row_layout.addWidget(button)
            row_layout.addStretch(1)
            label = QLabel(labels.dimension(key) + (" *" if key == "overall" else ""))
            label.setBuddy(group.button(1))
            scores_form.addRow(label, row)
            self.score_groups[key] = group
            self.score_rows[key] = row
        self.method_combo = QComboBox()
        for key in labels.SURVEY_METHODS:
            self.method_combo.addItem(labels.survey_method(key), key)
        method_label = QLabel(self.tr("Survey method"))
        method_label.setBuddy(self.method_combo)
        scores_form.addRow(method_label, self.method_combo)
        layout.addWidget(self.scores_group)

        self.try_label = QLabel()
        self.try_label.setWordWrap(True)
        layout.addWidget(self.try_label)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setPlaceholderText(self.tr("What the customer said (or why nobody answered)"))
        self.comment_edit.setMaximumHeight(90)
        layout.addWidget(self.comment_edit)
        self.error_label = ErrorLine()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reached_radio.toggled.connect(self._on_reached_radio_toggled)
        self._on_reached_radio_toggled(True)
        self.resize(560, 0)

    def _info_html(self) -> str:
        info = self.info
        rows = [(self.tr("Customer"), info.customer),
                (self.tr("Problem"), info.description), (self.tr("Solution"), info.solution),
                (self.tr("Due"), f"{info.due_at:%Y-%m-%d %H:%M}")]
        return "<table>" + "".join(f"<tr><td style='padding-right:8px;color:{theme.SECONDARY};'>{k}</td>"
                                   f"<td>{_esc(v)}</td></tr>"
                                   for k, v in rows) + "</table>"

    def _on_reached_radio_toggled(self, reached: bool) -> None:
        self.scores_group.setEnabled(reached)
        attempt, limit = str(self.info.attempts + 1), str(self.info.max_tries)
        if reached:
            text = self.tr("Try %1 of %2.")
        elif self.info.attempts + 1 >= self.info.max_tries:
            text = self.tr("Try %1 of %2: this is the last try, the callback will be closed as unreachable.")
        else:
            when = callbacks.retry_due(dt.datetime.now().replace(microsecond=0))
            text = self.tr("Try %1 of %2: the next try is planned for %3.").replace("%3", f"{when:%Y-%m-%d %H:%M}")
        self.try_label.setText(text.replace("%1", attempt).replace("%2", limit))

    def set_score(self, key: str, score: int) -> None:
        """Tick ``score`` for dimension ``key`` (what a click does)."""
        self.score_groups[key].button(score).setChecked(True)

    def scores(self) -> dict[str, int]:
        """The ticked scores of the asked dimensions."""
        return {key: group.checkedId() for key, group in self.score_groups.items() if group.checkedId() > 0}

    def save(self) -> None:
        """Record the try in the background; a refused score is marked."""
        clear_marks(self.score_rows.values())
        self.error_label.clear()
        reached = self.reached_radio.isChecked()
        scores = self.scores() if reached else None
        comment = self.comment_edit.toPlainText()
        method = self.method_combo.currentData()
        self.setEnabled(False)  # one try per click: a double click must not count two tries
        tickets_ops.record_callback(self, self.followup_id, scores, comment=comment, reached=reached, method=method) \
            .success(lambda _changes: self.accept()).failure(self._on_failed) \
            .finally_(lambda: self.setEnabled(True)).run()

    def _on_failed(self, error: KnownError) -> None:
        row = self.score_rows.get(getattr(error, "field", ""))
        if row is not None:
            mark_invalid(row, error.message)
        self.error_label.show_error(error)


def _esc(text: str) -> str:
    return escape(text or "").replace("\n", "<br>")


__all__ = ["CallbackDialog"]
