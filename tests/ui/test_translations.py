"""Every visible string of the main window and the dialogs has a Chinese translation."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "crmdesk_zh_CN.ts"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z]")
# Texts that are the same in every language: codes, formats, our name in Latin letters.
DATA = re.compile(r"^(C\d{7,}|GD\d{8}-\d{3,}|[\w.+-]+@[\w.-]+)$")  # customer codes, ticket numbers, e-mails
ALLOWED = {"ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", "GB18030", "GBK", "UTF-8", "A", "B", "C", "English", "YYYY-MM-DD", "09:00-12:00, 13:30-18:00", "0755-12345678", "138 1234 5678",
           "CRMDesk", "…"}


def test_every_message_in_the_ts_file_is_translated() -> None:
    root = ET.parse(TS).getroot()
    unfinished = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            tr = message.find("translation")
            text = (tr.text or "") + "".join(n.text or "" for n in tr) if tr is not None else ""
            if tr is None or tr.get("type") == "unfinished" or not text.strip():
                unfinished.append(f"{context.find('name').text}: {message.find('source').text}")
    assert unfinished == []


def test_ts_covers_the_sources_and_qm_is_up_to_date(tmp_path: Path) -> None:
    """lupdate finds nothing new, and the compiled .qm / resource module match the .ts."""
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


def _visible_texts(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle()] if widget.isWindow() else []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            texts.append(re.sub(r"<[^>]+>", "", child.text()))
        elif isinstance(child, QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, QLineEdit):
            texts.append(child.placeholderText())
        elif isinstance(child, QComboBox):
            texts.extend(child.itemText(i) for i in range(child.count()))
        elif isinstance(child, QTabWidget):
            texts.extend(child.tabText(i) for i in range(child.count()))
        elif isinstance(child, QTreeWidget):
            header = child.headerItem()
            texts.extend(header.text(i) for i in range(header.columnCount()))
        elif isinstance(child, QTableView) and child.model() is not None:
            model = child.model()
            texts.extend(str(model.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(model.columnCount()))
        elif isinstance(child, QMenu):
            texts.append(child.title())
            texts.extend(action.text() for action in child.actions())
        texts.append(child.toolTip())
    return texts


def _untranslated(texts: list[str]) -> list[str]:
    bad = []
    for text in texts:
        text = text.replace("&", "").strip()
        if not text or text in ALLOWED or CJK.search(text) or not LATIN.search(text) or DATA.match(text):
            continue
        bad.append(text)
    return sorted(set(bad))


@pytest.mark.gui
def test_main_window_and_dialogs_are_chinese(qtbot, zh, demo_db, sync_ops, tmp_path) -> None:
    from crmdesk.core import customers
    from crmdesk.core.models import Customer
    from crmdesk.ui.crash import CrashDialog
    from crmdesk.ui.customers.contact_dialog import ContactDialog
    from crmdesk.ui.customers.dialog import CustomerDialog
    from crmdesk.ui.customers.dossier import DossierDialog
    from crmdesk.ui.customers.log_call_dialog import LogCallDialog
    from crmdesk.ui.customers.tools import ArchiveDialog, DuplicatesDialog, RecycleBinDialog
    from crmdesk.ui.dialogs.about import AboutDialog
    from crmdesk.ui.dialogs.settings_dialog import SettingsDialog
    from crmdesk.ui.dialogs.staff_dialog import StaffDialog
    from crmdesk.ui.dialogs.key_dialogs import NewPassphraseDialog, RecoveryCodeDialog, UnlockDialog
    from crmdesk.ui.excel.export_dialog import ExportDialog
    from crmdesk.ui.excel.import_history import ImportHistoryDialog
    from crmdesk.ui.excel.import_wizard import ImportWizard
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.core import lunar
    from crmdesk.core.models import FollowUp, Ticket
    from crmdesk.io.reports.ticket_sheet import write_ticket_sheet
    from crmdesk.ui.calendar.actions import SkipDialog
    from crmdesk.ui.calendar.followup_dialog import FollowUpDialog
    from crmdesk.ui.calendar.tab import IcsDialog
    from crmdesk.ui.pdf_preview import PdfPreviewDialog
    from crmdesk.ui.reports.dialogs import ImprovementDialog, SurveyDialog
    from crmdesk.ui.tickets.callback_dialog import CallbackDialog
    from crmdesk.ui.tickets.knowledge_dialog import KnowledgeDialog
    from crmdesk.ui.tickets.ticket_dialog import TicketDialog
    from crmdesk.ui.tickets.transition_dialogs import (
        AssigneeDialog,
        ClassifyDialog,
        PauseDialog,
        ReopenDialog,
        ResolveDialog,
    )
    from crmdesk.ui.today.greetings import GreetingListDialog
    from crmdesk.ui.safety.check_dialog import CheckDialog
    from crmdesk.ui.safety.restore_dialog import RestoreDialog

    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(tmp_path / "demo.db", state)
    qtbot.addWidget(window)
    window.refresh_all()
    for index in range(window.tabs.count()):  # pages are built when first shown
        window.tabs.setCurrentIndex(index)
    texts = _visible_texts(window)
    for menu in window.menuBar().findChildren(QMenu):
        texts.extend(_visible_texts(menu))
    customer_id = Customer.select().first().id
    assert customers.load(customer_id).name
    dialogs = [AboutDialog(tmp_path / "demo.db"), SettingsDialog(state), CustomerDialog(None),
               CustomerDialog(customer_id), ContactDialog(), StaffDialog(), DossierDialog(customer_id),
               DuplicatesDialog(), ArchiveDialog(), RecycleBinDialog(), LogCallDialog(customer_id, "C2024001"),
               CrashDialog("Traceback: boom", tmp_path / "crmdesk.log"),
               RecoveryCodeDialog("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", tmp_path / "demo.db"), UnlockDialog("请输入恢复码"),
               NewPassphraseDialog("没有密钥库"), RestoreDialog(tmp_path / "demo.db"), CheckDialog(tmp_path / "demo.db"),
               ExportDialog(), ImportHistoryDialog(), ImportWizard()]
    # tickets, follow-ups and reports
    working = Ticket.select().where(Ticket.stage == "in_progress").first()
    callback = (FollowUp.select().join(Ticket, on=(FollowUp.ticket == Ticket.id))
                .where((FollowUp.kind == "callback") & (FollowUp.status == "planned") & (Ticket.stage == "resolved"))
                .first())
    planned = FollowUp.select().where(FollowUp.status == "planned").first()
    today = dt.date.today()
    sheet = write_ticket_sheet(working.id, tmp_path / "sheet.pdf")
    dialogs += [TicketDialog(), TicketDialog(ticket_id=working.id), CallbackDialog(callback.id), KnowledgeDialog(),
                FollowUpDialog(), FollowUpDialog(followup_id=planned.id), SkipDialog(planned.id),
                IcsDialog(today, today + dt.timedelta(days=30)), ImprovementDialog("服务响应 2 分"), SurveyDialog(),
                GreetingListDialog(lunar.festivals(today.year)[0]), PdfPreviewDialog(sheet, "服务工单"),
                LogCallDialog(customer_id, "C2024001", followup_id=planned.id),
                *(cls(working) for cls in (AssigneeDialog, ResolveDialog, ClassifyDialog, PauseDialog, ReopenDialog))]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        texts.extend(_visible_texts(dialog))
    for dialog in dialogs:
        dialog.done(0)  # closes what they hold open (the preview's PDF document)
    assert window.tabs.tabText(0) == "今日"
    assert _untranslated(texts) == []


@pytest.mark.gui
def test_qt_standard_buttons_are_chinese(qtbot, zh) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert {b.text().replace("&", "") for b in box.buttons()} & {"确定", "确定(O)", "取消", "取消(C)"}


def test_core_messages_have_chinese() -> None:
    import importlib

    from crmdesk.core.i18n import ZH_CN

    for layer in ("core", "io"):  # modules register their own catalogues on import
        for path in (ROOT / "crmdesk" / layer).rglob("*.py"):
            importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"))

    pattern = re.compile(r'(?<![\w.])_\(\s*((?:"[^"]*"\s*)+)', re.S)
    missing = []
    for layer in ("core", "io"):
        for path in (ROOT / "crmdesk" / layer).rglob("*.py"):
            if path.name == "i18n.py":
                continue
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                message = "".join(re.findall(r'"([^"]*)"', match.group(1)))
                if message not in ZH_CN:
                    missing.append(f"{path.name}: {message}")
    assert missing == []
