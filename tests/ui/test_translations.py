"""No English in the Chinese interface: the .ts is complete, and the main window, its menus (also those
built at run time), its status-bar messages and every dialog of the app show no English word."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit

from tests.helpers.visible_text import english_texts, menu_texts, visible_texts

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "crmdesk_zh_CN.ts"


@pytest.mark.parametrize("ts", [TS, TS.with_name("qtbase_app_zh_CN.ts")], ids=lambda p: p.name)
def test_every_message_in_the_ts_file_is_translated(ts: Path) -> None:
    root = ET.parse(ts).getroot()
    unfinished = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            tr = message.find("translation")
            text = (tr.text or "") + "".join(n.text or "" for n in tr) if tr is not None else ""
            if tr is None or tr.get("type") == "unfinished" or not text.strip():
                unfinished.append(f"{context.find('name').text}: {message.find('source').text}")
    assert unfinished == []


def test_ts_covers_the_sources_and_qm_is_up_to_date(tmp_path: Path) -> None:
    """lupdate finds nothing new, and the committed .qm (package data) match the .ts."""
    copy = tmp_path / TS.name
    copy.write_bytes(TS.read_bytes())
    sys.path.insert(0, str(ROOT / "resources"))
    try:
        import build as resources_build  # resources/build.py
    finally:
        sys.path.pop(0)
    rel = [str(p.relative_to(ROOT)) for p in resources_build.sources()]
    out = subprocess.run([*resources_build._tool("lupdate"), "-locations", "none", "-no-obsolete", *rel,
                          "-ts", str(copy)], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "0 new" in out, out
    assert resources_build.check() == [], "run python resources/build.py"


@pytest.fixture
def runtime_menus(monkeypatch: pytest.MonkeyPatch) -> list[QMenu]:
    """Context menus built when asked for: recorded instead of shown (their exec would block)."""
    menus: list[QMenu] = []
    monkeypatch.setattr(QMenu, "exec", lambda self, *args, **kwargs: menus.append(self))
    monkeypatch.setattr(QMenu, "popup", lambda self, *args, **kwargs: menus.append(self))
    return menus


def test_windows_menus_messages_and_every_dialog_are_chinese(qtbot, zh, demo_db, sync_ops, tmp_path,
                                                             runtime_menus) -> None:
    from crmdesk.core.firm import staff
    from crmdesk.core.store.models import FollowUp, Staff, Ticket
    from crmdesk.core.tickets.records import STAGES
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.operations.runner import get_broadcaster
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog
    from tests.helpers.dialog_catalogue import Env, open_all

    staff.set_current_operator(Staff.get(Staff.name == "李晓梅").id)
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(window)
    messages: list[str] = []
    get_broadcaster().message.connect(messages.append)
    window.statusBar().messageChanged.connect(messages.append)
    window.refresh_all()
    window.show_on_start()
    for index in range(window.tabs.count()):  # pages are built when first shown
        window.tabs.setCurrentIndex(index)
    texts = visible_texts(window)
    for menu in window.menuBar().findChildren(QMenu):
        texts.extend(menu_texts(menu))

    # menus built at run time: the registry's, each stage's card menu, Today's 改期
    customers = window.customers_tab
    customers._on_view_context_menu_requested(customers.view.visualRect(customers.model.index(0, 0)).center())
    board = window.tickets_tab
    for stage in STAGES:
        ticket = Ticket.select().where(Ticket.stage == stage).first()
        if ticket is not None:
            board._on_view_menu_requested(ticket.id, window.pos())
    today = window.today_tab
    planned = next(key for key in today.rows if key[0] == "followup")
    today.activate(planned[0], planned[1], 5)
    for menu in runtime_menus:
        texts.extend(menu_texts(menu))
    assert len(runtime_menus) >= 6

    # status-bar messages: a moved follow-up, recomputed tiers, a registered ticket, a backup
    runtime_menus[-1].actions()[0].trigger()
    customers._recompute_tiers()
    new_ticket = TicketDialog(window, customer_id=FollowUp.get_by_id(planned[1]).customer_id)
    qtbot.addWidget(new_ticket)
    new_ticket.ui.description_edit.setPlainText("打印机卡纸")
    new_ticket.save()
    window.backup_action.trigger()
    assert len([m for m in messages if m]) >= 3

    for _name, dialog in open_all(Env(tmp_path, state, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        texts.extend(visible_texts(dialog))
        dialog.done(0)  # closes what they hold open (the preview's PDF document)
    assert window.tabs.tabText(0) == "今日"
    english = english_texts(texts + messages)
    assert english == [], "\n".join(english)


@pytest.fixture
def zh_without_qtbase(qapp, monkeypatch, tmp_path):
    """Chinese as on an install whose Qt has no qtbase_zh_CN.qm: only the app's own catalogues."""
    from crmdesk.ui import i18n

    monkeypatch.setattr(i18n, "qt_translations_dir", lambda: str(tmp_path))
    assert i18n.install_translators(qapp, "zh_CN")
    assert not any("qtbase_zh_CN" in t.filePath() for t in i18n._installed)
    yield
    i18n.install_translators(qapp, "en")


def test_qt_dialogs_the_app_shows_are_chinese_without_qts_own_catalogue(qtbot, zh_without_qtbase, tmp_path) -> None:
    """The file chooser (Linux has no native one), standard buttons, context menus, the print dialog."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QWizard, QWizardPage

    (tmp_path / "客户台账.xlsx").write_bytes(b"x")
    texts: list[str] = []
    for mode, accept in ((QFileDialog.FileMode.ExistingFile, QFileDialog.AcceptMode.AcceptOpen),
                         (QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave),
                         (QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen)):
        chooser = QFileDialog(None, "", str(tmp_path))
        qtbot.addWidget(chooser)
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog)
        chooser.setFileMode(mode)
        chooser.setAcceptMode(accept)
        chooser.setViewMode(QFileDialog.ViewMode.Detail)
        chooser.show()
        texts += visible_texts(chooser)
        chooser.done(0)
    for editor in (QLineEdit(), QPlainTextEdit()):
        qtbot.addWidget(editor)
        texts += menu_texts(editor.createStandardContextMenu())
    box = QMessageBox(QMessageBox.Icon.Question, "删除", "确定？")
    qtbot.addWidget(box)
    for button in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok,
                   QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save,
                   QMessageBox.StandardButton.Close, QMessageBox.StandardButton.Discard):
        box.addButton(button)
    box.setDetailedText("……")
    texts += visible_texts(box)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Apply)
    qtbot.addWidget(buttons)
    texts += visible_texts(buttons)
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard.addPage(QWizardPage())
    wizard.addPage(QWizardPage())
    texts += [wizard.buttonText(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                             QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)]
    printer = QPrinter()
    printing = QPrintDialog(printer)
    qtbot.addWidget(printing)
    printing.show()
    texts += visible_texts(printing)
    printing.done(0)
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    english = english_texts(texts)
    assert english == [], "\n".join(english)


def test_qt_standard_buttons_are_chinese(qtbot, zh) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert {b.text().replace("&", "") for b in box.buttons()} & {"确定", "确定(O)", "取消", "取消(C)"}


def _messages_module():
    sys.path.insert(0, str(ROOT / "resources"))
    try:
        import messages  # resources/messages.py: the core's gettext catalogue
    finally:
        sys.path.pop(0)
    return messages


def test_core_messages_have_chinese_in_the_gettext_catalogue() -> None:
    """Every message Babel extracts from core, io and cli has its Chinese in the .po, and the .mo
    the package ships is compiled from it."""
    messages = _messages_module()
    assert messages.untranslated() == []
    assert messages.fstring_messages() == []
    assert messages.check() == [], "run python resources/build.py update, then python resources/build.py"


def test_core_messages_follow_the_chosen_language() -> None:
    from crmdesk.core.i18n import _, set_language

    try:
        set_language("en")
        assert _("{field}: {reason}", field="Name", reason="required") == "Name: required"
        set_language("zh_CN")
        assert _("{field}: {reason}", field="名称", reason="必填") == "名称：必填"
    finally:
        set_language("zh_CN")
