"""PySide6 loaded for the window, without its per-import source scan (docs/spec.md §9 start-up).

Once PySide6 is loaded, its import hook (``shibokensupport.feature``, PySide6 6.11) looks at every
module named in an import statement for the first time and reads that module's whole source file
to find the word "PySide6" (``_mod_uses_pyside``): it records which modules may switch on
PySide6's ``__feature__`` options (``snake_case``, ``true_property``). Before the window's first
paint that is some 80 files, peewee's 330 KB among them: ~10 ms of a ~230 ms start.

CRMDesk switches on no ``__feature__`` option anywhere, and then the answer changes nothing: every
module runs with PySide6's default names either way. So the scan answers from the module's name
instead of its source. Should a PySide6 release drop or rename that hook, nothing is patched and
start-up pays the scan again (``tests/ui/test_qt_import.py`` notices).
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - loads PySide6, which installs the hook patched below

_FEATURE_MODULE = "shibokensupport.feature"


def _uses_pyside(module: ModuleType) -> bool:
    """The hook's question, answered without reading a file."""
    return getattr(module, "__name__", "").startswith(("PySide6", "crmdesk.ui"))


def skip_source_scan() -> bool:
    """Replace the hook's source scan by :func:`_uses_pyside`; whether the hook was there to patch."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]  # noqa: SLF001 - PySide6 6.11's private hook
    return True


skip_source_scan()
