"""No import cycles between modules, counting function-level and TYPE_CHECKING imports; a function-level
import of a crmdesk module only where start-up time needs it, with a ``# start-up:`` comment saying why.

The graph is ``tools/imports.py`` (``python tools/imports.py --check`` says the same from a shell).
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crmdesk_import_graph", ROOT / "tools" / "imports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


imports = _tool()


@pytest.fixture(scope="module")
def graph():
    """The import graph of the repository's crmdesk package."""
    return imports.build(ROOT)


def test_no_import_cycles_counting_function_level_and_type_checking_imports(graph) -> None:
    assert graph.cycles() == []


def test_function_level_imports_of_crmdesk_modules_say_why_start_up_needs_them(graph) -> None:
    unexplained = [f"{item.module}:{item.line} {item.statement}" for item in graph.unexplained()]
    assert unexplained == [], "move them to module level, or say '# start-up: …' why they wait"


def test_the_checker_finds_a_hidden_cycle_and_an_unexplained_import(tmp_path: Path) -> None:
    package = tmp_path / "crmdesk"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(textwrap.dedent("""
        from crmdesk import b

        def late():
            from crmdesk import c  # start-up: c is heavy and only this needs it
            return c
    """))
    (package / "b.py").write_text(textwrap.dedent("""
        def hidden():
            from crmdesk import a
            return a
    """))
    (package / "c.py").write_text(textwrap.dedent("""
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from crmdesk.a import late
    """))
    graph = imports.build(tmp_path)
    assert graph.cycles(("module", "function")) == [["crmdesk.a -> crmdesk.b", "crmdesk.b -> crmdesk.a"]]
    assert len(graph.cycles()) == 1 and "crmdesk.c -> crmdesk.a" in graph.cycles()[0]
    assert [(i.module, i.reason) for i in graph.function_imports] == [
        ("crmdesk.a", "start-up: c is heavy and only this needs it"), ("crmdesk.b", "")]
    assert [i.statement for i in graph.unexplained()] == ["from crmdesk import a"]
    assert imports.main([str(tmp_path), "--check"]) == 1
