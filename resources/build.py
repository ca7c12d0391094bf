"""Build the Qt resources: translations and the compiled resource module; and the core's gettext catalogue.

    python resources/build.py update   # refresh the .ts from the sources (pyside6-lupdate), keeps translations
                                       # and the core's .po (Babel, resources/messages.py)
    python resources/build.py          # .ts -> .qm (pyside6-lrelease), .qrc -> crmdesk/ui/resources_rc.py,
                                       # .po -> .mo
    python resources/build.py --check  # exit 1 if the committed outputs are out of date

The Chinese text lives in ``translations/crmdesk_zh_CN.ts`` (edit it with Qt Linguist or by hand).
``translations/qtbase_app_zh_CN.ts`` holds Qt's own strings that the app shows (file dialogs, standard
buttons, context menus, the print dialog), written for this project by hand: Qt's qtbase_zh_CN lags
behind its sources (``&Look in:``) and may be missing from a Qt install. It is never run through lupdate.
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
QM = HERE / "translations" / "crmdesk_zh_CN.qm"
QT_TS = HERE / "translations" / "qtbase_app_zh_CN.ts"
QT_QM = HERE / "translations" / "qtbase_app_zh_CN.qm"
QRC = HERE / "crmdesk.qrc"
RC_PY = ROOT / "crmdesk" / "ui" / "resources_rc.py"


def _tool(name: str) -> list[str]:
    """The PySide6 command-line tool ``name`` (lupdate, lrelease, rcc)."""
    exe = shutil.which(f"pyside6-{name}")
    if exe:
        return [exe]
    return [sys.executable, "-m", "PySide6.scripts.pyside_tool", name]


def sources() -> list[Path]:
    """Every file with translatable strings."""
    files = sorted((ROOT / "crmdesk").rglob("*.py"))
    files = [f for f in files if "forms" not in f.parts and f.name != "resources_rc.py"]
    return files + sorted((ROOT / "forms").glob("*.ui"))


def update() -> None:
    """Extract strings into the .ts (new ones unfinished, vanished ones marked obsolete)."""
    rel = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run([*_tool("lupdate"), "-locations", "none", "-no-obsolete", *rel, "-ts", str(TS.relative_to(ROOT))],
                   check=True, cwd=ROOT)


def build(out_dir: Path | None = None) -> tuple[Path, Path]:
    """Compile the .qm and the resource module (into ``out_dir`` for checks)."""
    qm = QM if out_dir is None else out_dir / "translations" / QM.name
    rc_py = RC_PY if out_dir is None else out_dir / RC_PY.name
    qm.parent.mkdir(parents=True, exist_ok=True)
    for ts, compiled in ((TS, qm), (QT_TS, qm.parent / QT_QM.name)):
        subprocess.run([*_tool("lrelease"), "-silent", str(ts), "-qm", str(compiled)], check=True)
    if out_dir is not None:
        shutil.copy(QRC, out_dir / QRC.name)
        shutil.copytree(HERE / "icons", out_dir / "icons", dirs_exist_ok=True)
        qrc = out_dir / QRC.name
    else:
        qrc = QRC
    # --no-compress keeps the output byte-identical across zlib versions; the data is small.
    subprocess.run([*_tool("rcc"), "-g", "python", "--no-compress", "--format-version", "1", str(qrc), "-o", str(rc_py)], check=True)
    text = rc_py.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "Created by: The Resource Compiler" not in line]
    rc_py.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return qm, rc_py


def check() -> list[str]:
    """Names of the committed outputs that differ from a fresh build."""
    with tempfile.TemporaryDirectory() as tmp:
        qm, rc_py = build(Path(tmp))
        stale = []
        for fresh, committed in ((qm, QM), (qm.parent / QT_QM.name, QT_QM)):
            if not committed.exists() or fresh.read_bytes() != committed.read_bytes():
                stale.append(str(committed.relative_to(ROOT)))
        if rc_py.read_text(encoding="utf-8") != RC_PY.read_text(encoding="utf-8"):
            stale.append(str(RC_PY.relative_to(ROOT)))
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
