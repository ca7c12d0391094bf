"""PySide6's per-import source scan is answered from module names (crmdesk.ui.qt_import)."""

from __future__ import annotations

import subprocess
import sys
import types

from crmdesk.ui import qt_import


def test_the_pinned_pyside6_has_the_hook_and_the_app_replaces_it() -> None:
    """A PySide6 release without ``shibokensupport.feature._mod_uses_pyside`` fails here (start-up would
    silently pay ~10 ms again): look at its import hook anew."""
    assert qt_import.skip_source_scan()
    feature = sys.modules[qt_import._FEATURE_MODULE]
    assert feature._mod_uses_pyside is qt_import._uses_pyside


def test_the_answer_reads_no_file() -> None:
    gone = types.ModuleType("crmdesk.ui.gone")
    gone.__file__ = "/nonexistent/crmdesk/ui/gone.py"
    assert qt_import._uses_pyside(gone)
    assert not qt_import._uses_pyside(types.ModuleType("peewee"))
    assert not qt_import._uses_pyside(types.ModuleType(""))


def test_the_window_s_start_imports_it_before_its_modules() -> None:
    """``crmdesk.app`` loads PySide6 through it: no module of the window's start has its source read
    for the hook (before: ~80 files, peewee's among them)."""
    code = ("import inspect; read = []; source = inspect.getsource\n"
            "def counted(obj): read.append(getattr(obj, '__name__', '?')); return source(obj)\n"
            "inspect.getsource = counted\n"
            "import crmdesk.app, crmdesk.ui.main_window; print(' '.join(read))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    # read while PySide6 itself loads, before anything can be patched: a few of its own and enum
    assert set(out.stdout.split()) <= {"shiboken6", "enum", "PySide6"}, out.stdout
