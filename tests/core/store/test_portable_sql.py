"""Raw SQL in core and io is spelled for both engines (issue #19, stage 1): SQLite-only tokens live
in ``core/store`` (the dialect, the SQLite engine) and nowhere else.

Every string literal of a module (f-string pieces included) is searched for the tokens below.
What still needs a design for PostgreSQL is listed in ``WAITING`` with the stage of the plan that
removes it; the list may only shrink (a waiting token that is gone fails the test, so the list is
kept honest).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from crmdesk.core.store.dialect import POSTGRESQL, SQLITE, Dialect

ROOT = Path(__file__).resolve().parents[3] / "crmdesk"
BOOLEANS = ("active|at_risk|birthday_lunar|done|has_left|is_primary|is_workday|moved_by_user|one_time_resolved|"
            "paused|tier_pinned")

# token -> (pattern, the portable spelling to use instead)
FORBIDDEN: dict[str, tuple[re.Pattern[str], str]] = {
    "julianday": (re.compile(r"\bjulianday\s*\("), "dialect().hours_between()"),
    "strftime": (re.compile(r"\bstrftime\s*\("), "dialect().day()/month()"),
    "date modifiers": (re.compile(r"\bdate\s*\([^)]*'(?:start of|[+-]\d)"), "dialect().next_month()"),
    "group_concat": (re.compile(r"\bgroup_concat\s*\("), "dialect().group_concat()"),
    "total()": (re.compile(r"\btotal\("), "count(*) FILTER (WHERE …) or coalesce(sum(x), 0)"),
    "sum(condition)": (re.compile(r"\bsum\s*\((?!\s*CASE\b)[^()]*(?:[<>]|=|\bIS\b|\bAND\b)[^()]*\)"),
                       "count(*) FILTER (WHERE …)"),
    "instr": (re.compile(r"\binstr\s*\("), "dialect().contains()"),
    "INSERT OR": (re.compile(r"\bINSERT OR (?:IGNORE|REPLACE)\b"), "ON CONFLICT … DO NOTHING / DO UPDATE"),
    "INDEXED BY": (re.compile(r"\bINDEXED BY\b|\bNOT INDEXED\b"), "dialect().indexed_by()/not_indexed()"),
    "boolean = 0/1": (re.compile(rf"\b(?:{BOOLEANS})\s*(?:=|!=|<>)\s*[01]\b"), "= TRUE / = FALSE"),
    "two-argument max/min": (re.compile(r"\b(?:max|min)\s*\([^()]*,[^()]*\)"), "dialect().greatest()/least()"),
}

# module (relative to crmdesk/) -> tokens still there, each removed by a later stage of the plan
WAITING: dict[str, set[str]] = {
    # the SQLite bulk writers (raw sqlite3 connection): stage 4 (COPY, reserve_ids) and 6 (demo via move-to-server)
    "core/demo/writer.py": {"INSERT OR", "two-argument max/min"},
    "core/safety/backup.py": {"INSERT OR"},
    # the board's temporary match table on SQLite (a server takes the matches as = ANY(?), stage 4): it
    # moves into the SQLite engine with the other temp-table paths
    "core/tickets/board.py": {"INSERT OR"},
}


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append((node.lineno, node.value))
    return out


def _found() -> dict[str, dict[str, list[int]]]:
    found: dict[str, dict[str, list[int]]] = {}
    for layer in ("core", "io"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("core/store/"):
                continue
            for line, text in _literals(path):
                for token, (pattern, _instead) in FORBIDDEN.items():
                    if pattern.search(text):
                        found.setdefault(rel, {}).setdefault(token, []).append(line)
    return found


def test_no_sqlite_only_sql_outside_core_store() -> None:
    found = _found()
    new = {f"{rel}:{lines[0]}: {token} (use {FORBIDDEN[token][1]})"
           for rel, tokens in found.items() for token, lines in tokens.items() if token not in WAITING.get(rel, set())}
    assert sorted(new) == []


def test_the_waiting_list_only_shrinks() -> None:
    found = _found()
    gone = {f"{rel}: {token}" for rel, tokens in WAITING.items() for token in tokens
            if token not in found.get(rel, {})}
    assert sorted(gone) == [], "remove these from WAITING: they are portable now"


def test_the_scan_finds_what_it_forbids() -> None:
    sample = "SELECT total(x = 1), julianday(a) FROM t INDEXED BY i WHERE paused = 0"
    hits = {token for token, (pattern, _) in FORBIDDEN.items() if pattern.search(sample)}
    assert hits == {"total()", "julianday", "INDEXED BY", "boolean = 0/1"}


@pytest.mark.parametrize("dialect", [SQLITE, POSTGRESQL], ids=lambda d: d.name)
def test_every_dialect_spells_every_piece(dialect: Dialect) -> None:
    assert dialect.day("a") and dialect.month("a") and dialect.hours_between("a", "b")
    assert dialect.next_month("a") and dialect.months_between("a", "b")
    assert dialect.group_concat("x", ";") and dialect.group_concat("x", distinct=True)
    assert dialect.greatest("a", "b") != dialect.least("a", "b")
    assert "?" in dialect.contains("a") and "?" in dialect.like_ci("a")
    assert dialect.order_by("a", True).startswith("a DESC")


def test_postgresql_spellings() -> None:
    assert POSTGRESQL.order_by("last_contact_at") == "last_contact_at ASC NULLS FIRST"
    assert POSTGRESQL.order_by("last_contact_at", True) == "last_contact_at DESC NULLS LAST"
    assert POSTGRESQL.like_ci("name") == "name ILIKE ?"
    # custom values: typed on SQLite (the column as it is), text on a server (numbers cast behind a guard)
    assert SQLITE.custom_value("v", "number") == "v" and POSTGRESQL.custom_value("v", "date") == "v"
    assert "CAST(v AS numeric)" in POSTGRESQL.custom_value("v", "amount")
    assert POSTGRESQL.indexed_by("ix") == "" and POSTGRESQL.not_indexed() == "" and POSTGRESQL.no_index("c") == "c"
    assert POSTGRESQL.group_concat("id", ",", order_by="id") == "string_agg(CAST(id AS text), ',' ORDER BY id)"
    with pytest.raises(ValueError):
        SQLITE.group_concat("id", ";", distinct=True)
