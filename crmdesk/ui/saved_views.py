"""常用视图: the list of saved views next to a list's search box, and what can be done with them.

Choosing a view asks the list to show it (:attr:`ViewPicker.view_chosen`); the menu beside the
list saves the list as shown under a new name or into the chosen view, renames or deletes the
view, and makes it (or nothing) the current user's default — the view their list opens with on
this and any PC where they are the current user. The list itself turns its state into JSON
and back (``state_of``); the picker never looks inside.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from crmdesk.core import saved_views
from crmdesk.core.firm import staff
from crmdesk.core.saved_views import View
from crmdesk.core.store.errors import KnownError
from crmdesk.ui import widgets
from crmdesk.ui.crash import show_known_error
from crmdesk.ui.operations import views as views_ops
from crmdesk.ui.operations.runner import Op, get_broadcaster


class ViewPicker(QWidget):
    """A combo of the saved views of one list (``scope``) and a menu to save, rename, delete and default them."""

    view_chosen = Signal(object)  # View

    def __init__(self, scope: str, state_of: Callable[[], dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scope = scope
        self.state_of = state_of
        self.views: list[View] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(8)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setToolTip(self.tr("Saved views: a search, filters, sort and columns kept under a name"))
        self.menu_button = QToolButton()
        self.menu_button.setText(self.tr("View"))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self)
        self.save_new_action = self.menu.addAction(self.tr("Save as a new view…"), self.save_new)
        self.update_action = self.menu.addAction(self.tr("Save changes to this view"), self.update_current)
        self.rename_action = self.menu.addAction(self.tr("Rename…"), self.rename_current)
        self.delete_action = self.menu.addAction(self.tr("Delete"), self.delete_current)
        self.menu.addSeparator()
        self.default_action = self.menu.addAction(self.tr("Open my list with this view"), self.toggle_default)
        self.default_action.setCheckable(True)
        self.menu.aboutToShow.connect(self._update_actions)
        self.menu_button.setMenu(self.menu)
        # room for the text beside the menu arrow (some styles draw the arrow over it)
        self.menu_button.setMinimumWidth(self.menu_button.sizeHint().width() + 14)
        layout.addWidget(self.combo)
        layout.addWidget(self.menu_button)
        self.combo.activated.connect(self._on_combo_activated)
        self.reload()

    # -- the list of views
    @property
    def current(self) -> View | None:
        """The view chosen in the combo (``None``: the list as the user set it)."""
        index = self.combo.currentIndex() - 1
        return self.views[index] if 0 <= index < len(self.views) else None

    def reload(self, select: int | None = None) -> None:
        """Read the views again, keeping (or choosing) ``select``."""
        operator = staff.current_operator()
        keep = select if select is not None else (self.current.id if self.current is not None else None)
        self.views = saved_views.views(self.scope, operator.id if operator else None)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("(no view)"), None)
        for view in self.views:
            self.combo.addItem(("★ " if view.default else "") + view.name, view.id)
        index = self.combo.findData(keep) if keep is not None else 0
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)

    def choose(self, view: View) -> None:
        """Show ``view`` as chosen and ask the list to apply it."""
        self.combo.setCurrentIndex(max(0, self.combo.findData(view.id)))
        self.view_chosen.emit(view)

    def default_view(self) -> View | None:
        """The current user's default view of this list."""
        return next((view for view in self.views if view.default), None)

    def _on_combo_activated(self, _index: int) -> None:
        view = self.current
        if view is not None:
            self.view_chosen.emit(view)

    def _update_actions(self) -> None:
        view = self.current
        for action in (self.update_action, self.rename_action, self.delete_action, self.default_action):
            action.setEnabled(view is not None)
        operator = staff.current_operator()
        self.default_action.setEnabled(view is not None and operator is not None)
        self.default_action.setChecked(view is not None and view.default)

    # -- actions
    def _run(self, op: Op, select: Callable[[object], int | None] = lambda _r: None) -> None:
        """Run a named operation of ``views_ops``, then list the views anew (choosing ``select(result)``)."""
        def done(result: object) -> None:
            self.reload(select(result))

        op.success(done).failure(self._on_failed).run()

    def _on_failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            raise error
        show_known_error(error, self)
        get_broadcaster().message.emit(error.message)

    def _ask_name(self, title: str, name: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, self.tr("Name of the view:"), QLineEdit.EchoMode.Normal, name)
        return text if ok and text.strip() else None

    def save_new(self, name: str | None = None) -> None:
        """Save the list as shown as a new view (``name`` asked when not given)."""
        name = name if name is not None else self._ask_name(self.tr("Save view"))
        if name is None:
            return
        self._run(views_ops.save_view(self, self.scope, name, self.state_of()),
                  lambda result: result[0].id)  # type: ignore[index]

    def update_current(self) -> None:
        """Save the list as shown into the chosen view."""
        view = self.current
        if view is None:
            return
        self._run(views_ops.save_view(self, self.scope, view.name, self.state_of(), replace=view.id),
                  lambda _r: view.id)

    def rename_current(self, name: str | None = None) -> None:
        """Rename the chosen view."""
        view = self.current
        if view is None:
            return
        name = name if name is not None else self._ask_name(self.tr("Rename view"), view.name)
        if name is not None:
            self._run(views_ops.rename_view(self, view.id, name), lambda _r: view.id)

    def delete_current(self) -> None:
        """Delete the chosen view (after asking)."""
        view = self.current
        if view is None or not widgets.confirm(self, self.tr("Delete view"),
                                               self.tr("Delete the view “%1”?").replace("%1", view.name)):
            return
        self._run(views_ops.delete_view(self, view.id))

    def toggle_default(self) -> None:
        """Make the chosen view the current user's default, or stop it being so."""
        view, operator = self.current, staff.current_operator()
        if view is None or operator is None:
            return
        self._run(views_ops.set_default_view(self, self.scope, None if view.default else view.id), lambda _r: view.id)
