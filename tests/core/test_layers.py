"""The core and io layers never import Qt (docs/architecture.md, pattern 1), checked by source and by import."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)\b", re.MULTILINE)


def test_core_and_io_sources_do_not_import_qt() -> None:
    offenders = [str(path.relative_to(ROOT)) for layer in ("core", "io")
                 for path in (ROOT / "crmdesk" / layer).rglob("*.py") if QT_IMPORT.search(path.read_text("utf-8"))]
    assert offenders == []


def test_importing_every_core_and_io_module_loads_no_qt() -> None:
    modules = sorted({".".join(path.relative_to(ROOT).with_suffix("").parts)
                      for layer in ("core", "io") for path in (ROOT / "crmdesk" / layer).rglob("*.py")})
    modules = [m.removesuffix(".__init__") for m in modules]
    assert "crmdesk.core.store.db" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_start_up_does_not_import_heavy_file_libraries() -> None:
    """openpyxl, reportlab and calamine cost ~0.5 s: they are imported when first needed (docs/spec.md §9)."""
    code = ("import sys\nimport crmdesk.app, crmdesk.cli, crmdesk.ui.main_window\n"
            "bad = [m for m in ('openpyxl', 'reportlab', 'python_calamine') if m in sys.modules]\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
