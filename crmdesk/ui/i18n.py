"""Install Qt translators: ours (package data, crmdesk/ui/data/translations) and Qt's own for standard buttons and dialogs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from crmdesk.ui.data import translation_file

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def qt_translations_dir() -> str:
    """Where Qt keeps its own translations (qtbase_zh_CN.qm), when the install has them."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_translators(app: QApplication, language: str) -> bool:
    """Load Simplified Chinese (default) or nothing for English; returns whether ours loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language.lower().startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = qt_translations_dir()
    # Qt's own catalogue first, then ours: the one installed last is asked first, so the Qt strings
    # we translated (qtbase_app_zh_CN: file dialogs, buttons, context menus) win, also where a Qt
    # install has no qtbase_zh_CN at all.
    qt_own = QTranslator(app)
    if qt_own.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    else:
        log.info("Qt's translation qtbase_zh_CN not found in %s; the app's own covers what it shows", qt_dir)
    for name in ("qtbase_app_zh_CN", "crmdesk_zh_CN"):
        translator = QTranslator(app)
        path = translation_file(name)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("translation %s not found (%s)", name, path)
    return any(t.filePath().endswith("crmdesk_zh_CN.qm") for t in _installed) and len(_installed) >= 2
