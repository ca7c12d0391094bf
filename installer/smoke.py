"""Smoke-test a built bundle: the frozen executables do real work, headless, without errors.

    python installer/smoke.py [BUNDLE_DIR]     # default installer/dist/CRMDesk; exit 1 on a failure

Each step runs a frozen executable in a temporary data folder (``CRMDESK_HOME``) with the
passphrase route of the key store (no OS key store on a build machine) and Qt's offscreen
platform. A step fails on a wrong exit code, a missing or malformed output, or anything on
stderr that is not expected there; at the end the app's log must hold no warning or error.
What is missed by PyInstaller (a module imported by name, a data file, a Qt plugin or
translation) shows up here, not on the user's PC.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_BUNDLE = HERE / "dist" / "CRMDesk"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
TIMEOUT = 180
GUI_SECONDS = 3
# stderr lines that are not errors: the recovery code printed once when a key is made, and a
# note Qt's offscreen platform prints for every shown window.
EXPECTED_STDERR = (re.compile(r"^recovery code\b"), re.compile(r"This plugin does not support propagateSizeHints"))
LOG_PROBLEM = re.compile(r"^\S+ \S+ (WARNING|ERROR|CRITICAL) ", re.MULTILINE)
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Step:
    """One smoke step: its name, whether it passed, how long it took and what was seen."""

    name: str
    ok: bool
    seconds: float
    detail: str = ""
    skipped: bool = False


class SmokeFailure(Exception):
    """A step's output was not what a working bundle produces."""


class Skipped(Exception):
    """A step that cannot run on this build or bundle (the message says why)."""


def unexpected_stderr(text: str) -> list[str]:
    """The stderr lines no working run prints."""
    return [line for line in text.splitlines()
            if line.strip() and not any(pattern.search(line) for pattern in EXPECTED_STDERR)]


class Smoke:
    """Runs the steps against one bundle folder, in one temporary work folder."""

    def __init__(self, bundle: Path, work: Path) -> None:
        self.bundle = Path(bundle)
        self.work = Path(work)
        self.home = self.work / "home"
        self.db = self.work / "smoke.db"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "QT_"))}
        self.env.update(CRMDESK_HOME=str(self.home), CRMDESK_PASSPHRASE="smoke-passphrase",
                        QT_QPA_PLATFORM="offscreen")
        self.env.pop("CRMDESK_PDF_FONT", None)  # the bundle's own font must be found

    def exe(self, name: str) -> Path:
        return self.bundle / f"{name}{EXE_SUFFIX}"

    def run(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run a bundle executable; fail on a non-zero exit or unexpected stderr."""
        result = subprocess.run([str(self.exe(name)), *args], capture_output=True, text=True, encoding="utf-8",
                                errors="replace", timeout=TIMEOUT, env=env or self.env, cwd=self.work,
                                check=False)
        if result.returncode != 0:
            raise SmokeFailure(f"exit {result.returncode}: {result.stderr.strip() or result.stdout.strip()}")
        bad = unexpected_stderr(result.stderr)
        if bad:
            raise SmokeFailure("stderr: " + " | ".join(bad[:5]))
        return result

    # -- the steps ---------------------------------------------------------------------

    def version(self) -> str:
        sys.path.insert(0, str(HERE.parent))
        from crmdesk import __version__

        out = self.run("crmdesk", "--version").stdout.strip()
        if out != f"crmdesk {__version__}":
            raise SmokeFailure(f"--version printed {out!r}, the package is {__version__}")
        return out

    def demo(self) -> str:
        out = self.run("crmdesk", "--db", str(self.db), "demo", "--customers", "40", "--seed", "3").stdout
        if not self.db.is_file() or "customer 40" not in out:
            raise SmokeFailure(f"no demo database: {out.strip()}")
        return out.strip().splitlines()[-1]

    def check(self) -> str:
        lines = self.run("crmdesk", "--db", str(self.db), "check").stdout.splitlines()
        levels = [line.split()[0] for line in lines if line.strip()]
        if not levels or "FAIL" in levels or not set(levels) <= {"OK", "INFO", "WARN"}:
            raise SmokeFailure("check: " + " | ".join(lines))
        return f"{len(levels)} checks, {levels.count('OK')} OK"

    def template(self) -> str:
        out = self.work / "registration.xlsx"
        self.run("crmdesk", "template", "registration", str(out))
        with zipfile.ZipFile(out) as book:
            names = set(book.namelist())
            if "xl/workbook.xml" not in names:
                raise SmokeFailure(f"{out.name} is not a workbook")
            text = "".join(book.read(name).decode("utf-8") for name in names if name.endswith(".xml"))
        if not CJK.search(text):
            raise SmokeFailure(f"{out.name} holds no Chinese header")
        return f"{out.name} {out.stat().st_size} bytes"

    def pdf(self) -> str:
        """A report PDF with the bundle's embedded CJK font (``report health``, docs/spec.md §8)."""
        commands = self.run("crmdesk", "--help").stdout
        if not re.search(r"^\s+report\s", commands, re.MULTILINE):
            raise Skipped("this build has no PDF command (crmdesk report)")
        out = self.work / "health.pdf"
        self.run("crmdesk", "--db", str(self.db), "report", "health", "--out", str(out))
        data = out.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
            raise SmokeFailure(f"{out.name} is not a complete PDF")
        if b"/FontFile2" not in data:
            raise SmokeFailure(f"{out.name} embeds no TrueType font (Chinese would need the viewer's fonts)")
        detail = f"{out.name} {len(data)} bytes"
        pdftotext = shutil.which("pdftotext")
        if pdftotext:
            text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
            if not CJK.search(text):
                raise SmokeFailure(f"{out.name} has no extractable Chinese text")
            detail += ", Chinese text extractable"
        return detail

    def gui(self) -> str:
        """The windowed executable opens the main window headless, in Chinese, and quits by itself.

        The translations and the icon are package data: a bundle without them logs a warning
        (``translation … not found``, ``the window icon could not be loaded``), which fails here.
        """
        started = time.perf_counter()
        self.run("crmdesk-gui", "--db", str(self.db), "--no-err-windows", "--lang", "zh_CN",
                 "--exit-after", str(GUI_SECONDS))
        log = self.log_text()
        if "main window shown" not in log:
            raise SmokeFailure("the log does not say the main window was shown")
        problems = [line for line in log.splitlines()
                    if LOG_PROBLEM.match(line + " ") and ("translation" in line or "window icon" in line)]
        if problems:
            raise SmokeFailure("package data: " + " | ".join(problems[:3]))
        return f"quit cleanly in Chinese with its icon after {time.perf_counter() - started:.1f} s"

    def portable(self) -> str:
        """``portable.txt`` beside the executable moves the data folder there (runtime hook)."""
        marker = self.bundle / "portable.txt"
        data = self.bundle / "data"
        if marker.exists() or data.exists():
            raise Skipped("this bundle is in portable use (portable.txt or data/ exists)")
        env = {key: value for key, value in self.env.items() if key != "CRMDESK_HOME"}
        marker.write_text("# smoke test\n", encoding="utf-8")
        try:
            out = self.run("crmdesk", "check", env=env).stdout
        finally:
            marker.unlink(missing_ok=True)
            shutil.rmtree(data, ignore_errors=True)
        expected = str(data / "crmdesk.db")
        if expected not in out:
            raise SmokeFailure(f"portable check did not use {expected}: {out.strip()}")
        return f"data folder {data}"

    def log_clean(self) -> str:
        problems = [line for line in self.log_text().splitlines() if LOG_PROBLEM.match(line + " ")]
        if problems:
            raise SmokeFailure("log: " + " | ".join(problems[:5]))
        return "no warnings or errors in crmdesk.log"

    def log_text(self) -> str:
        log = self.home / "logs" / "crmdesk.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [("version", self.version), ("demo", self.demo), ("check", self.check), ("template", self.template),
                ("pdf", self.pdf), ("gui", self.gui), ("portable", self.portable), ("log", self.log_clean)]


def smoke(bundle: Path = DEFAULT_BUNDLE, *, report: Callable[[Step], None] | None = None) -> list[Step]:
    """Run every step (a failed one does not stop the rest); returns the results."""
    bundle = Path(bundle)
    if not (bundle / f"crmdesk{EXE_SUFFIX}").is_file():
        raise FileNotFoundError(f"no bundle at {bundle} (run python installer/build.py)")
    results = []
    with tempfile.TemporaryDirectory(prefix="crmdesk-smoke-") as tmp:
        runner = Smoke(bundle, Path(tmp))
        for name, step in runner.steps():
            started = time.perf_counter()
            try:
                result = Step(name, True, 0.0, step())
            except Skipped as why:
                result = Step(name, True, 0.0, str(why), skipped=True)
            except (SmokeFailure, OSError, subprocess.SubprocessError, zipfile.BadZipFile) as error:
                result = Step(name, False, 0.0, f"{type(error).__name__}: {error}")
            result.seconds = time.perf_counter() - started
            results.append(result)
            if report:
                report(result)
    return results


def print_step(step: Step) -> None:
    status = "SKIP" if step.skipped else "PASS" if step.ok else "FAIL"
    print(f"{status}  {step.name:<9} {step.seconds:5.1f} s  {step.detail}", flush=True)


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else DEFAULT_BUNDLE
    results = smoke(bundle, report=print_step)
    failed = [step.name for step in results if not step.ok]
    # Not in the "N passed, N failed" shape: CI reads that from pytest's closing line.
    print(f"smoke test: {'all steps passed' if not failed else 'FAILED: ' + ', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
