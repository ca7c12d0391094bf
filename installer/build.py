"""Build the one-folder bundle with PyInstaller, then smoke-test it (docs/spec.md §10).

    python installer/build.py              # build installer/dist/CRMDesk, then run installer/smoke.py on it
    python installer/build.py --clean      # also empty PyInstaller's cache first (what CI and releases do)
    python installer/build.py --no-smoke   # build only
    python installer/build.py --setup      # Windows: also compile the Inno Setup script into the setup .exe

Prints the build time and the bundle's size; exits 1 when the build or a smoke step fails.
Needs the ``build`` extra (``pip install -e ".[build]"``); on Linux also ``objcopy``
(binutils) and, for the PDF font, fonts-wqy-microhei (installer/ci.sh installs both).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "crmdesk.spec"
WORK = HERE / "build"
DIST = HERE / "dist"
ISS = HERE / "crmdesk.iss"
sys.path.insert(0, str(ROOT))

from crmdesk import APP_NAME, __version__

BUNDLE = DIST / APP_NAME


@dataclass
class BuildResult:
    """What a build produced: the bundle folder, how long it took, how big it is."""

    bundle: Path
    seconds: float
    size: int
    files: int

    def summary(self) -> str:
        return (f"build: {self.seconds:.0f} s; bundle {self.size / 1_000_000:.1f} MB in {self.files} files "
                f"({self.bundle})")


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files below ``folder`` (symbolic links not followed)."""
    size = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size += path.stat().st_size
            files += 1
    return size, files


def missing_own_modules(work: Path = WORK) -> list[str]:
    """Modules of our package that PyInstaller could not find (from its warn file)."""
    warn = work / "crmdesk" / "warn-crmdesk.txt"
    if not warn.is_file():
        return []
    text = warn.read_text(encoding="utf-8", errors="replace")
    return sorted(set(re.findall(r"missing module named '?(crmdesk(?:\.\w+)*)'?", text)))


def build(*, clean: bool = False, log: Path | None = None) -> BuildResult:
    """Run PyInstaller on the spec; raises ``RuntimeError`` with the log's tail when it fails."""
    WORK.mkdir(parents=True, exist_ok=True)
    log = log or WORK / "pyinstaller.log"
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--workpath", str(WORK), "--distpath", str(DIST), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False).returncode
    seconds = time.perf_counter() - started
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise RuntimeError(f"PyInstaller failed (exit {code}), see {log}:\n" + "\n".join(tail))
    missing = missing_own_modules()
    if missing:
        raise RuntimeError("PyInstaller could not find modules of the package: " + ", ".join(missing))
    size, files = folder_size(BUNDLE)
    return BuildResult(BUNDLE, seconds, size, files)


def find_iscc() -> str | None:
    """Inno Setup's command-line compiler, on PATH or in its default install folders."""
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES"), os.environ.get("LOCALAPPDATA")):
        for sub in ("Inno Setup 6", "Inno Setup 7", r"Programs\Inno Setup 6", r"Programs\Inno Setup 7"):
            candidate = Path(base or "") / sub / "ISCC.exe"
            if base and candidate.is_file():
                return str(candidate)
    return None


def build_setup() -> Path:
    """Compile the Inno Setup script (Windows) into installer/dist/CRMDesk-<version>-setup.exe."""
    iscc = find_iscc()
    if iscc is None:
        raise RuntimeError("Inno Setup's ISCC.exe not found: install Inno Setup 6 (see the notes in crmdesk.iss)")
    subprocess.run([iscc, f"/DAppVersion={__version__}", str(ISS)], check=True, cwd=HERE)
    return DIST / f"{APP_NAME}-{__version__}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--no-smoke", action="store_true", help="do not run the smoke test")
    parser.add_argument("--setup", action="store_true", help="also build the Windows setup file (Inno Setup)")
    args = parser.parse_args(argv)

    print(f"building {APP_NAME} {__version__} with PyInstaller ({sys.platform})…", flush=True)
    try:
        result = build(clean=args.clean)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(result.summary(), flush=True)
    code = 0
    if not args.no_smoke:
        from smoke import main as smoke_main  # installer/smoke.py (this folder is on sys.path)

        code = smoke_main([str(result.bundle)])
    if args.setup and code == 0:
        try:
            setup = build_setup()
        except (RuntimeError, subprocess.CalledProcessError) as error:
            print(error, file=sys.stderr)
            return 1
        print(f"setup: {setup} ({setup.stat().st_size / 1_000_000:.1f} MB)")
    print(result.summary())  # again at the end, where CI logs are read
    return code


if __name__ == "__main__":
    sys.exit(main())
