"""Tests follow the tree: their folders mirror the package, and test modules share code only through
tests/helpers (a test module importing another one runs that module's tests' set-up twice and ties
two unrelated files together)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
# Folders that follow no package: the shared helpers and the attack suite, which attacks every layer
# at once through the command line.
OUTSIDE_THE_TREE = {"helpers", "attacks"}


def _imported_test_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = ["." * node.level + (node.module or "")] if node.level else [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith(".") or name == "tests" or (name.startswith("tests.")
                                                           and not name.startswith("tests.helpers")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    return found


def test_test_modules_import_only_the_helpers() -> None:
    bad = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.relative_to(TESTS).parts[0] != "helpers":
            bad += _imported_test_modules(path)
    assert bad == [], "move what is shared into tests/helpers/:\n" + "\n".join(bad)


def test_test_folders_mirror_the_package() -> None:
    folders = {path.parent.relative_to(TESTS) for path in TESTS.rglob("test_*.py")}
    strays = [str(folder) for folder in sorted(folders) if folder.parts and folder.parts[0] not in OUTSIDE_THE_TREE
              and not (ROOT / "crmdesk" / folder).is_dir()]
    assert strays == [], "tests/<path> holds the tests of crmdesk/<path>"
