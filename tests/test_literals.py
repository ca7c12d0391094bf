"""No Chinese string constants in core, io and cli outside the data modules that need them.

Messages and labels a user reads are English source text through the gettext catalogue
(``crmdesk.core.i18n``), so that ``--lang en`` shows one language; the Chinese a firm's records
and files hold goes through ``data_text`` / ``in_language``. What stays Chinese in the code is
data the program matches or writes as it is: the headers of old ledgers and other CRMs' files, the
State Council's holiday notice, the templates docs/spec.md §6 fixes, the demo firm. Such a module
says why in its docstring and is listed below. Docstrings and comments do not count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("core", "io", "cli")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # CJK punctuation, ideographs, full-width forms

# Modules whose Chinese is data: any number of Chinese constants (the docstring says why).
DATA_MODULES = {
    "crmdesk.core.demo.activity", "crmdesk.core.demo.people", "crmdesk.core.demo.schema",  # the demo firm's records
    "crmdesk.core.demo.service", "crmdesk.core.demo.words", "crmdesk.core.demo.machines",
    "crmdesk.core.firm.holiday_notice",  # the wording of the State Council's notice, parsed
    "crmdesk.io.excel.templates",  # the template text docs/spec.md §6 fixes
    "crmdesk.core.org.policy", "crmdesk.io.pdf.policy",  # the firm's written policy documents, printed in Chinese
    "crmdesk.io.excel.org_sheets",  # the staff and routing sheets' Chinese headers and values
    "crmdesk.io.importing.formats",  # other CRMs' value formats
    "crmdesk.io.importing.mapping",  # ledger header synonyms
    "crmdesk.io.importing.sources",  # other CRMs' file layouts
}

# Modules whose messages went through the catalogue and whose remaining Chinese is data, counted exactly.
DATA_CONSTANTS = {
    "crmdesk.core.validation": 18,  # phone extensions, date words, amount units, company suffixes
    "crmdesk.core.server_init": 2,  # the Chinese probe word of the trigram check (show_trgm('客户服务'))
    "crmdesk.core.customfields.values": 7,  # the yes/no words a form or a ledger may write (是 有 对 / 否 无 错 不是)
    "crmdesk.core.customfields.history": 3,  # the full-width colon of the stored audit lines and ticket histories
    "crmdesk.io.importing.equipment": 8,  # how a ledger writes a warranty period (个月, 年, 一 … 五)
    "crmdesk.core.customfields.fields": 72,  # the built-in fields' names and the headers imports map (RESERVED), the full-width comma refused in a choice
}

# Modules not converted yet, with how many Chinese constants they hold (equipment and attachments landed
# from #17 before this test): the count may only go down;
# a module that is done leaves the list (or, when what is left is data, moves to DATA_CONSTANTS).
PENDING = {
    "crmdesk.cli.daily": 2,
    "crmdesk.cli.server": 4,
    "crmdesk.cli.demo": 3,
    "crmdesk.cli.excel": 9,
    "crmdesk.cli.holidays": 9,
    "crmdesk.cli.imports": 8,
    "crmdesk.cli.reports": 10,
    "crmdesk.cli.safety": 5,
    "crmdesk.core.customers.lifecycle": 26,
    "crmdesk.core.customers.privacy": 2,
    "crmdesk.core.customers.service": 3,
    "crmdesk.core.equipment.service": 3,
    "crmdesk.core.firm.holidays": 12,
    "crmdesk.core.firm.lunar": 8,
    "crmdesk.core.firm.settings": 8,
    "crmdesk.core.firm.workcal": 2,
    "crmdesk.core.followups.cadence": 1,
    "crmdesk.core.followups.planner": 1,
    "crmdesk.core.followups.reminders": 3,
    "crmdesk.core.followups.service": 4,
    "crmdesk.core.org.raci": 1,
    "crmdesk.core.org.routing": 4,
    "crmdesk.core.org.rules": 7,
    "crmdesk.core.org.workload": 1,
    "crmdesk.core.reports.surveys": 4,
    "crmdesk.core.saved_views": 1,
    "crmdesk.core.store.enums": 6,
    "crmdesk.core.tickets.callbacks": 2,
    "crmdesk.core.tickets.knowledge": 2,
    "crmdesk.core.tickets.records": 1,
    "crmdesk.core.tickets.service": 2,
    "crmdesk.io.excel.export": 18,
    "crmdesk.io.excel.masking": 9,
    "crmdesk.io.holiday_files": 14,
    "crmdesk.io.ics": 2,
    "crmdesk.io.importing.base": 11,
    "crmdesk.io.importing.cells": 52,
    "crmdesk.io.importing.columns": 3,
    "crmdesk.io.importing.custom": 2,
    "crmdesk.io.importing.customer_history": 13,
    "crmdesk.io.importing.customer_plan": 64,
    "crmdesk.io.importing.customers": 67,
    "crmdesk.io.importing.customers_write": 7,
    "crmdesk.io.importing.error_workbook": 5,
    "crmdesk.io.importing.fast": 3,
    "crmdesk.io.importing.headers": 11,
    "crmdesk.io.importing.history": 43,
    "crmdesk.io.importing.reader": 3,
    "crmdesk.io.importing.service": 4,
    "crmdesk.io.importing.tickets": 102,
    "crmdesk.io.importing.undo": 7,
    "crmdesk.io.pdf.charts": 1,
    "crmdesk.io.pdf.common": 8,
    "crmdesk.io.pdf.dossier": 75,
    "crmdesk.io.pdf.flowchart": 11,
    "crmdesk.io.pdf.health": 62,
    "crmdesk.io.pdf.monthly": 109,
    "crmdesk.io.pdf.recovery_sheet": 14,
    "crmdesk.io.pdf.ticket_sheet": 59,
}


def chinese_constants(path: Path) -> list[tuple[int, str]]:
    """(line, text) of the string constants of ``path`` that hold CJK characters, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and CJK.search(node.value)]


def counts() -> dict[str, list[tuple[int, str]]]:
    """Module name → its Chinese constants, over core, io and cli."""
    found = {}
    for layer in LAYERS:
        for path in sorted((ROOT / "crmdesk" / layer).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            constants = chinese_constants(path)
            if constants:
                found[module] = constants
    return found


def test_no_new_chinese_string_constants_in_core_io_and_cli() -> None:
    found = counts()
    allowed = {**PENDING, **DATA_CONSTANTS}
    grown = {module: [f"{line}: {text!r}" for line, text in constants]
             for module, constants in found.items()
             if module not in DATA_MODULES and len(constants) > allowed.get(module, 0)}
    assert grown == {}, "write English through _() / data_text() (crmdesk/core/i18n.py), or list a data module"
    shrunk = {module: len(found.get(module, [])) for module, count in allowed.items()
              if len(found.get(module, [])) < count}
    assert shrunk == {}, "lower these counts (or drop the module): the lists only shrink"


def test_data_modules_say_why_they_keep_their_chinese() -> None:
    for module in DATA_MODULES:
        path = ROOT / Path(*module.split(".")).with_suffix(".py")
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert "Chinese" in docstring and "not messages" in docstring, module


def test_the_scan_sees_a_constant_and_skips_docstrings(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text('"""模块说明"""\n\ndef f():\n    """函数说明"""\n    return "客户" + "x"\n', encoding="utf-8")
    assert chinese_constants(source) == [(5, "客户")]
