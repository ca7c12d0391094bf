"""Install Qt translators: ours (from the compiled resources) and Qt's own for standard buttons and dialogs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def qt_translations_dir() -> str:
    """Where Qt keeps its own translations (qtbase_zh_CN.qm), when the install has them."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_translators(app: QApplication, language: str) -> bool:
    """Load Simplified Chinese (default) or nothing for English; returns whether ours loaded."""
    from crmdesk.ui import resources_rc  # noqa: F401  (registers :/translations)

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
    for name, directory, required in (("qtbase_zh_CN", qt_dir, False), ("qtbase_app_zh_CN", ":/translations", True),
                                      ("crmdesk_zh_CN", ":/translations", True)):
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            _installed.append(translator)
        elif required:
            log.warning("translation %s not found in %s", name, directory)
        else:
            log.info("Qt's translation %s not found in %s; the app's own covers what it shows", name, directory)
    return any(t.filePath().endswith("crmdesk_zh_CN.qm") for t in _installed) and len(_installed) >= 2
