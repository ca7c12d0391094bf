"""Install Qt translators: ours (from the compiled resources) and Qt's own for standard buttons."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


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
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, directory in (("qtbase_zh_CN", qt_dir), ("crmdesk_zh_CN", ":/translations")):
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)
    return len(_installed) == 2
