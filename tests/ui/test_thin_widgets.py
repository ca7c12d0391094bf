"""Widgets are thin: no SQL, no ORM query and no transaction anywhere in ``crmdesk/ui`` (the
named operations included). Every query and every rule lives in a core service, where it is
tested without a window and reused by the command line.

The check reads the sources (``ast``), so it also covers code no test runs. It fails on:
a query method called on a peewee model class (``Ticket.get_or_none(…)``, ``staff.Staff.select()``),
a transaction (``.atomic(``), the models' database (``database_proxy``), a raw connection or
statement (``.connection()``, ``.execute_sql(``, ``.execute(``), an import of peewee, and a string
that is an SQL statement. Lazy loads through a model instance a core read returned
(``ticket.customer``) are not visible to it: the core hands widgets plain views where it matters.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import peewee
import pytest

from crmdesk.core.store import models

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "crmdesk" / "ui"
GENERATED = ("forms", "resources_rc.py")  # Designer output and compiled resources: no code of ours

MODEL_NAMES = {name for name, value in vars(models).items()
               if isinstance(value, type) and issubclass(value, peewee.Model) and value is not peewee.Model}
QUERY_METHODS = {"select", "get", "get_or_none", "get_by_id", "update", "delete", "delete_by_id", "delete_instance",
                 "insert", "insert_many", "insert_from", "create", "get_or_create", "replace", "replace_many", "raw",
                 "bulk_create", "bulk_update", "truncate_table", "create_table", "drop_table"}
DATABASE_CALLS = {"atomic", "transaction", "savepoint", "connection", "execute_sql", "execute", "executemany",
                  "executescript", "cursor"}
SQL = re.compile(r"^\s*(SELECT\b.+\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
                 r"CREATE\s+(TEMP(ORARY)?\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b|DROP\s+(TABLE|INDEX|VIEW)\b|PRAGMA\s+\w+|"
                 r"WITH\s+\w+\s+AS\s*\(|BEGIN(\s+IMMEDIATE)?\s*;?\s*$|COMMIT\s*;?\s*$|ROLLBACK\b)",
                 re.DOTALL)  # SQL keywords are written in capitals here; "Delete from the bin?" is a sentence


def _owner_name(node: ast.expr) -> str:
    """``Ticket`` for ``Ticket`` and for ``models.Ticket``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def offences(source: str) -> list[tuple[int, str]]:
    """(line, what) for every way ``source`` reaches the database itself."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner, method = _owner_name(node.func.value), node.func.attr
            if owner in MODEL_NAMES and method in QUERY_METHODS:
                found.append((node.lineno, f"ORM query {owner}.{method}()"))
            elif method in DATABASE_CALLS:
                found.append((node.lineno, f"database call .{method}()"))
        elif isinstance(node, (ast.Name, ast.Attribute)) and "database_proxy" in (
                getattr(node, "id", None), getattr(node, "attr", None)):
            found.append((node.lineno, "the models' database (database_proxy)"))
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] == "database_proxy":
            found.append((getattr(node, "lineno", 0), "import of database_proxy"))
        elif (isinstance(node, ast.Import) and any(a.name.split(".")[0] in ("peewee", "sqlite3") for a in node.names)) \
                or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("peewee", "sqlite3")):
            found.append((node.lineno, "import of peewee/sqlite3"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value):
            found.append((node.lineno, f"SQL string {node.value[:40]!r}"))
    return sorted(found)


def _ui_sources() -> list[Path]:
    return [path for path in sorted(UI.rglob("*.py"))
            if not any(part in GENERATED for part in path.relative_to(UI).parts)]


def test_no_sql_orm_query_or_transaction_in_the_ui() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {what}"
             for path in _ui_sources() for line, what in offences(path.read_text(encoding="utf-8"))]
    assert found == [], "\n".join(found)


def test_the_scan_covers_the_operations_and_every_tab() -> None:
    scanned = {str(path.relative_to(UI).parent) for path in _ui_sources()}
    assert {"operations", "tickets", "customers", "calendar", "reports", "today", "excel", "safety",
            "dialogs"} <= scanned
    assert {"Ticket", "Customer", "FollowUp", "Staff", "Tag", "Setting"} <= MODEL_NAMES


@pytest.mark.parametrize("source", [
    "ticket = Ticket.get_or_none(Ticket.id == ticket_id)",
    "names = [t.name for t in Tag.select().order_by(Tag.name)]",
    "member = staff.Staff.get_or_none(staff.Staff.id == 3)",
    "models.Customer.update(tier='core').where(models.Customer.id == 1).execute()",
    "with database_proxy.atomic():\n    pass",
    "from crmdesk.core.store.models import database_proxy",
    "with db.atomic():\n    save()",
    "rows = conn.execute('SELECT id FROM customer')",
    "cursor = db.connection().cursor()",
    "total = db.execute_sql(query)",
    "import peewee",
    "from peewee import fn",
    "QUERY = '''\n    SELECT count(*) FROM ticket WHERE stage = ?'''",
    "sql = 'UPDATE customer SET tier = ? WHERE id = ?'",
    "sql = 'DELETE FROM follow_up'",
    "sql = 'PRAGMA user_version'",
])
def test_each_kind_of_database_access_is_caught(source: str) -> None:
    assert offences(source), source


@pytest.mark.parametrize("source", [
    "self.tr('Select a customer first')",
    "self.tr('Update the list')",
    "label = 'Delete from the recycle bin?'",
    "tickets_ops.move_ticket(self, ticket_id, 'in_progress').success(self._after).run()",
    "dialog.exec()",
    "brief = customers.brief(customer_id)",
    "combo.addItems(customers.all_tags())",
])
def test_widget_code_is_not_mistaken_for_database_access(source: str) -> None:
    assert offences(source) == [], source
