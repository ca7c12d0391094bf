"""The repository explains itself: comments and docs cite documents that are in it (docs/spec.md,
docs/architecture.md), with sections and patterns that exist, and nothing outside it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TEXT = (".py", ".spec", ".sql", ".md", ".toml", ".sh", ".iss", ".ui", ".ts")
# How code once cited the product specification and the house style kept outside the repository.
OUTSIDE = re.compile(r"\bSPEC §|\bSPEC\.md\b|\bSTYLE \d|\bSTYLE\.md\b|\bseeds/")


def _tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / name for name in names if name.endswith(TEXT) or name == ".ci/run"]


def _spec_sections() -> set[str]:
    text = (DOCS / "spec.md").read_text(encoding="utf-8")
    return set(re.findall(r"^## (\d+)\. ", text, re.MULTILINE))


def _patterns() -> set[str]:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## 7. Patterns we follow", 1)[1]
    return set(re.findall(r"^(\d+)\. \*\*", section, re.MULTILINE))


def test_the_specification_is_in_the_repository() -> None:
    first = (DOCS / "spec.md").read_text(encoding="utf-8").splitlines()[0]
    assert "product specification" in first
    assert _spec_sections() == {str(n) for n in range(1, 14)}
    assert _patterns() == {str(n) for n in range(1, 16)}


def test_references_point_into_the_repository() -> None:
    outside, sections, patterns = [], _spec_sections(), _patterns()
    for path in _tracked_text_files():
        if not path.is_file() or (path.parent == DOCS and path.suffix == ".md"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = str(path.relative_to(ROOT))
        outside += [f"{where}: {match.group(0)}" for match in OUTSIDE.finditer(text)]
        for match in re.finditer(r"docs/spec\.md((?:[ ,/–-]*(?:and )?§\d+)+)", text):
            outside += [f"{where}: docs/spec.md §{n} (no such section)"
                        for n in re.findall(r"§(\d+)", match.group(1)) if n not in sections]
        for match in re.finditer(r"docs/architecture\.md, patterns? (\d+)(?:–(\d+))?", text):
            outside += [f"{where}: pattern {n} (no such pattern)" for n in match.groups() if n and n not in patterns]
        for name in re.findall(r"\bdocs/([\w.-]+\.md)\b", text):
            if not (DOCS / name).is_file():
                outside.append(f"{where}: docs/{name} does not exist")
    assert outside == []


def test_the_screenshot_script_renders_every_screen(tmp_path: Path) -> None:
    """docs/make_screenshots.py renders the real app (README's screenshots, the look of every screen at
    1366×768): it imports the app's modules by name, so a module moved without it would break it silently."""
    out = tmp_path / "shots"
    run = subprocess.run([sys.executable, str(DOCS / "make_screenshots.py"), str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr[-3000:]
    shots = sorted(p.name for p in out.glob("*.png"))
    assert {"main-today.png", "main-customers.png", "main-tickets.png", "main-calendar.png", "main-reports.png",
            "dossier.png", "ticket-dialog.png", "followup-complete.png"} <= set(shots)
    assert all((out / name).stat().st_size > 10_000 for name in shots)  # painted, not empty frames
