"""psycopg loads only for a database on a server (docs/spec.md §9 start-up; ``core.store.pg_driver``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                                              "PATH": "/usr/bin:/bin", "CRMDESK_DB_PASSWORD": "not-used"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_window_and_the_commands_load_without_psycopg_and_a_server_database_loads_it() -> None:
    out = _run("""
        import sys
        import crmdesk.app, crmdesk.ui.main_window, crmdesk.cli  # the window's start, the commands' start
        import peewee
        print("before", "psycopg" in sys.modules, peewee.psycopg is None)
        from crmdesk.core.store import server
        database = server.ServerDatabase(server.ServerTarget("crm", "/nonexistent", 5432, "crm"))
        adapter = database._adapter
        print("after", type(adapter).__name__, peewee.psycopg is sys.modules["psycopg"], adapter.txn_idle.name,
              adapter.get_binary_type() is sys.modules["psycopg"].Binary, adapter.json_type.__module__)
    """)
    assert out.splitlines() == ["before False True", "after Psycopg3Adapter True IDLE True psycopg.types.json"]


def test_psycopg_imported_by_anyone_else_is_the_real_module() -> None:
    # only the import made while peewee itself is loading is refused; the tests' server helpers import it
    out = _run("""
        import crmdesk, peewee, psycopg
        from crmdesk.core.store import pg_driver
        pg_driver.load()
        pg_driver.load()
        print(psycopg.__name__, peewee.psycopg is psycopg)
    """)
    assert out.split() == ["psycopg", "True"]
