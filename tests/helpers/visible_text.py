"""What a window shows, as text, and which of it is English: the check behind "no English in the
Chinese interface" (tests/ui/test_translations.py and the tab tests)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QWidget,
)


def visible_texts(widget: QWidget) -> list[str]:
    """Every text ``widget`` and its children show: titles, labels, buttons, items, headers, menus, tool tips."""
    texts = [widget.windowTitle()] if widget.isWindow() else []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            texts.append(re.sub(r"<[^>]+>", "", child.text()))
        elif isinstance(child, QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, (QLineEdit, QPlainTextEdit)):
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
            texts.extend(menu_texts(child))
        texts.append(child.toolTip())
    return texts


def menu_texts(menu: QMenu) -> list[str]:
    """The titles, entries and tool tips of a menu and its sub-menus."""
    texts = [menu.title()]
    for action in menu.actions():
        texts += [action.text(), action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""]
        if action.menu() is not None:
            texts += menu_texts(action.menu())
    return texts


# What a Chinese text may show in Latin letters: our name, file kinds, keys, the A/B/C importance.
ALLOWED_WORDS = {"CRMDesk", "Excel", "WPS", "PDF", "CSV", "GBK", "GB", "UTF", "ics", "xlsx", "xlsm", "xls", "csv",
                 "MB", "KB", "db", "pdf", "Ctrl", "Tab", "Esc", "Enter", "Shift", "A", "B", "C", "English", "YYYY",
                 "MM", "DD",
                 "RACI", "R", "I",  # the responsibility matrix's letters (RACI 表: R, A, C, I) are its notation
                 "PLC"}  # a product model of the demo data (PLC控制柜), shown as the user wrote it
# Shown as it is: paths, file names, e-mail addresses, codes with digits (C2024001, GD20261122-007, E05),
# the recovery code and its XXXX-XXXX pattern, a menu's access key, 文件(&F), and its shortcut after a tab,
# and the name of an environment variable to set (CRMDESK_PASSPHRASE).
DATA = re.compile(r"(?:[A-Za-z]:)?[\\/][^\s，。；（）]*|[\w.+-]+@[\w.-]+|\S+\.(?:db|pdf|xlsx|log|ics)\b|"
                  r"\b\w*\d\w*\b|\b[A-Z]{4}(?:-[A-Z]{4}){5}\b|\bX{4}\b|\(&?[A-Za-z]\)|\t.*|\bCRMDESK_[A-Z_]+\b")
WORD = re.compile(r"[A-Za-z]+")


def english_texts(texts: list[str]) -> list[str]:
    """The texts that show an English word (even beside Chinese ones)."""
    bad = set()
    for text in texts:
        words = [w for w in WORD.findall(DATA.sub(" ", text.replace("&", ""))) if w not in ALLOWED_WORDS]
        if words:
            bad.add(text)
    return sorted(bad)
