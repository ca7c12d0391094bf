"""Files the window ships as package data, read with ``importlib.resources``.

- ``translations/crmdesk_zh_CN.qm``: the widgets' Chinese, compiled by ``resources/build.py`` from
  ``resources/translations/crmdesk_zh_CN.ts``;
- ``translations/qtbase_app_zh_CN.qm``: the Qt strings the app shows (file dialogs, standard buttons),
  compiled from ``resources/translations/qtbase_app_zh_CN.ts``;
- ``icons/crmdesk.svg``: the app icon, the drawing ``resources/icons/build_icons.py`` renders into the
  .ico and PNGs of the installers.

They are plain files inside the package, so an editable install, a wheel and the PyInstaller bundle
(``installer/crmdesk.spec`` collects them) all find them the same way; nothing is compiled into Python.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

# Files extracted by ``as_file`` (only when the package is not on disk, e.g. zipped) live until exit.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def data_file(*parts: str) -> Path:
    """A real file for a Qt API that takes a file name, e.g. ``data_file("icons", "crmdesk.svg")``."""
    return _extracted.enter_context(resources.as_file(resources.files(__name__).joinpath(*parts)))


def translation_file(name: str) -> Path:
    """The compiled Qt translation ``name`` (without ``.qm``); it may be missing on a broken install."""
    return data_file("translations", f"{name}.qm")


def app_icon() -> QIcon:
    """The window, tray and task-bar icon."""
    return QIcon(str(data_file("icons", "crmdesk.svg")))
