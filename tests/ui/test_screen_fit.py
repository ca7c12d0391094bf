"""Every window and dialog fits a 1366×768 laptop whose taskbar leaves a 1366×728 work area (docs/spec.md §9)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog

from crmdesk.ui import screen_fit
from tests.helpers.dialog_catalogue import Env, open_all, unknown

WORK_AREA = QRect(0, 0, 1366, 728)


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> QRect:
    """The work area of the laptop: the offscreen screen is 1366×768, the taskbar takes 40 px."""
    monkeypatch.setattr(screen_fit, "work_area", lambda widget=None: QRect(WORK_AREA))
    return WORK_AREA


def test_the_screen_of_the_tests_is_the_laptop(qapp) -> None:
    assert QApplication.primaryScreen().geometry() == QRect(0, 0, 1366, 768)


def test_the_catalogue_opens_every_dialog_of_the_app() -> None:
    """A dialog added to crmdesk.ui must be added to tests/helpers/dialog_catalogue.py (how to open it)."""
    assert unknown() == []


def _unreachable_buttons(dialog: QDialog) -> list[str]:
    inside = dialog.rect()
    return [button.text() for button in dialog.findChildren(QAbstractButton)
            if button.isVisibleTo(dialog) and button.window() is dialog
            and not inside.contains(QRect(button.mapTo(dialog, button.rect().topLeft()), button.size()))]


def test_every_dialog_opens_inside_the_work_area(qtbot, zh, demo_db, sync_ops, tmp_path, laptop) -> None:
    from crmdesk.ui.main_window import MainWindow

    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(window)
    window.show_on_start()
    too_big, hidden_buttons = [], []
    for name, dialog in open_all(Env(tmp_path, state, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        outer = screen_fit.outer_rect(dialog)
        if not laptop.contains(outer):
            too_big.append(f"{name}: {outer.width()}×{outer.height()} at {outer.x()},{outer.y()}")
        hidden_buttons += [f"{name}: {text}" for text in _unreachable_buttons(dialog)]
        dialog.done(0)
    assert too_big == []
    assert hidden_buttons == []


def test_a_dialog_made_too_big_is_shrunk_and_placed_inside(qtbot, laptop) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.resize(1120, 780)  # the ticket form's old size: its buttons lay under the taskbar
    dialog.show()
    assert laptop.contains(screen_fit.outer_rect(dialog))
    assert dialog.height() == 728 - screen_fit.FRAME.top() - screen_fit.FRAME.bottom()


def test_main_window_starts_maximised_then_as_it_was_left(qtbot, demo_db, sync_ops, tmp_path, laptop) -> None:
    from crmdesk.ui.main_window import MainWindow

    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    first = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(first)
    assert first.first_start
    first.show_on_start()
    assert first.isMaximized()
    assert laptop.contains(first.normalGeometry().marginsAdded(screen_fit.FRAME))  # un-maximised, it still fits
    first.showNormal()
    first.setGeometry(0, 0, 1900, 1000)  # left on a bigger monitor
    first.save_geometry()
    first.hide()

    second = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(second)
    assert not second.first_start
    second.show_on_start()
    assert not second.isMaximized()
    assert laptop.contains(screen_fit.outer_rect(second))
