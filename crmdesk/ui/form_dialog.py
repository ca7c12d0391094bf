"""Forms that do not lose what was typed, and multi-line fields that Tab leaves.

``FormDialog`` remembers its fields as they were when it was shown (or when ``mark_clean`` says
they were saved); Esc, 取消 and the window's close button ask before throwing typed content away.
The fields are read generically (line and text edits, combos, check boxes, spin and date boxes,
table cells), so a field added to a form later is covered; a widget whose text is not content
(a search box) sets the ``discard_ignore`` property.

``install_text_keys`` makes every editable multi-line field of the app pass Tab on to the next
field, as a form's single-line fields do; Ctrl+Tab types a tab character instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from crmdesk.ui import crash
from crmdesk.ui.widgets import install_app_filter

IGNORE = "discard_ignore"
translate = QCoreApplication.translate  # lupdate reads translate("FormDialog", "…")


def form_state(root: QWidget) -> list[object]:
    """What the user can have typed or chosen in ``root``'s fields, in a comparable form."""
    state: list[object] = []
    for widget in root.findChildren(QWidget):
        if widget.property(IGNORE) or (widget.parentWidget() is not None and widget.parentWidget().property(IGNORE)):
            continue
        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            state.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
        elif isinstance(widget, QAbstractSpinBox):
            state.append(widget.text())
        elif isinstance(widget, QTableWidget):
            state.append([[widget.item(r, c).text() if widget.item(r, c) else "" for c in range(widget.columnCount())]
                          for r in range(widget.rowCount())])
    return state


def discard_question(parent: QWidget | None) -> tuple[QMessageBox, QAbstractButton]:
    """The question asked before typed content is thrown away, and its 放弃 button (继续编辑 is the
    default and what Esc answers)."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("FormDialog", "Discard what you typed?"),
                      translate("FormDialog", "What you typed in this form is not saved yet. Close it and lose it?"),
                      QMessageBox.StandardButton.NoButton, parent)
    discard = box.addButton(translate("FormDialog", "Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(translate("FormDialog", "Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    return box, discard


def ask_discard(parent: QWidget) -> bool:
    """Whether to throw away what was typed (tests replace this function instead of driving a box)."""
    if not crash.shows_windows():  # --no-err-windows: nobody is there to answer
        return True
    box, discard = discard_question(parent)
    box.exec()
    return box.clickedButton() is discard


class FormDialog(QDialog):
    """A dialog whose typed content is not thrown away without asking."""

    _clean: list[object] | None = None

    def mark_clean(self) -> None:
        """The fields as they are now are saved (or just loaded): closing now loses nothing."""
        self._clean = form_state(self)

    def is_dirty(self) -> bool:
        """Whether something was typed or chosen since the form was shown or saved."""
        return self._clean is not None and form_state(self) != self._clean

    def showEvent(self, event) -> None:
        if self._clean is None:
            self.mark_clean()
        super().showEvent(event)

    def reject(self) -> None:
        """Esc, 取消 or the close button: ask first when something typed would be lost."""
        if self.is_dirty() and not ask_discard(self):
            return
        super().reject()


class _TextKeys(QObject):
    """Tab leaves a multi-line field; Ctrl+Tab types a tab character there."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the type test first: event.type() builds Python's QEvent.Type (hundreds of members) on first use
        if not isinstance(watched, (QPlainTextEdit, QTextEdit)):
            return False
        kind = event.type()
        if kind == QEvent.Type.Polish:
            watched.setTabChangesFocus(True)
        elif kind == QEvent.Type.KeyPress and not watched.isReadOnly() and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Tab and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            watched.insertPlainText("\t")
            return True
        return False


def install_text_keys(app: QApplication) -> None:
    """Make Tab leave every multi-line field of ``app`` (once per application)."""
    install_app_filter(app, _TextKeys)
