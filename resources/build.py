"""Build the translations: the Qt .ts sources here, the compiled .qm as package data; and the core's
gettext catalogue (resources/messages.py, Babel).

    python resources/build.py update   # refresh the .ts from the sources (pyside6-lupdate), keeps translations,
                                       # and the core's crmdesk/locale/zh_CN/LC_MESSAGES/crmdesk.po
    python resources/build.py          # .ts -> .qm (pyside6-lrelease) into crmdesk/ui/data/translations/,
                                       # .po -> crmdesk.mo beside it
    python resources/build.py --check  # exit 1 if the committed .qm, .po or .mo are out of date

The Chinese text lives in ``translations/crmdesk_zh_CN.ts`` (edit it with Qt Linguist or by hand).
``translations/qtbase_app_zh_CN.ts`` holds Qt's own strings that the app shows (file dialogs, standard
buttons, context menus, the print dialog), written for this project by hand: Qt's qtbase_zh_CN lags
behind its sources (``&Look in:``) and may be missing from a Qt install. It is never run through lupdate.
The compiled files are committed (an editable install and the bundle need no Qt tools) and read at run
time with ``importlib.resources`` (``crmdesk/ui/data``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TS = HERE / "translations" / "crmdesk_zh_CN.ts"
QT_TS = HERE / "translations" / "qtbase_app_zh_CN.ts"
QM_DIR = ROOT / "crmdesk" / "ui" / "data" / "translations"
CATALOGUES = (TS, QT_TS)


def _tool(name: str) -> list[str]:
    """The PySide6 command-line tool ``name`` (lupdate, lrelease)."""
    exe = shutil.which(f"pyside6-{name}")
    if exe:
        return [exe]
    return [sys.executable, "-m", "PySide6.scripts.pyside_tool", name]


def sources() -> list[Path]:
    """Every file with translatable strings."""
    files = sorted((ROOT / "crmdesk").rglob("*.py"))
    files = [f for f in files if "forms" not in f.parts]
    return files + sorted((ROOT / "forms").glob("*.ui"))


def update() -> None:
    """Extract strings into the .ts (new ones unfinished, vanished ones marked obsolete)."""
    rel = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run([*_tool("lupdate"), "-locations", "none", "-no-obsolete", *rel, "-ts", str(TS.relative_to(ROOT))],
                   check=True, cwd=ROOT)


def build(out_dir: Path = QM_DIR) -> list[Path]:
    """Compile every .ts into ``out_dir`` (another folder for checks); returns the .qm written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in CATALOGUES:
        qm = out_dir / ts.with_suffix(".qm").name
        subprocess.run([*_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def check() -> list[str]:
    """Names of the committed .qm that differ from a fresh build."""
    with tempfile.TemporaryDirectory() as tmp:
        stale = []
        for fresh in build(Path(tmp)):
            committed = QM_DIR / fresh.name
            if not committed.exists() or fresh.read_bytes() != committed.read_bytes():
                stale.append(str(committed.relative_to(ROOT)))
        return stale


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    import messages  # the core's gettext catalogue (Babel)

    if sys.argv[1:] == ["update"]:
        update()
        messages.update()
    elif sys.argv[1:] == ["--check"]:
        out = check() + messages.check()
        if out:
            print("out of date (run python resources/build.py update, then python resources/build.py):", *out)
            sys.exit(1)
    else:
        build()
        messages.build()
