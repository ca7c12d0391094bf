"""The command line speaks Chinese and records who ran it: ``--operator NAME`` or this PC's current user."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from crmdesk.cli import build_parser, main
from crmdesk.core.firm import staff, workstation
from crmdesk.core.i18n import set_language
from crmdesk.core.store import db as dbmod
from tests.helpers.workbooks import ledger

# Latin words a Chinese help may show: option names and placeholders, file kinds, our name.
ALLOWED = {"crmdesk", "CRMDesk", "Excel", "CSV", "PDF", "JSON", "zh_CN", "en", "xlsx", "xlsm", "xls", "csv", "pdf",
           "db", "ics", "txt", "YYYY", "MM", "PATH", "NAME", "COMMAND", "KIND", "FILE", "OUT", "CODE", "DIR", "N", "S", "K", "h",
           "PostgreSQL", "postgresql", "URL"}


def _helps() -> dict[str, str]:
    parser = build_parser()
    helps = {"crmdesk": parser.format_help()}
    pending = [("crmdesk", parser)]
    while pending:
        name, current = pending.pop()
        for action in current._actions:
            choices = getattr(action, "choices", None)
            for sub_name, sub in (choices.items() if isinstance(choices, dict) else ()):
                if hasattr(sub, "format_help"):
                    helps[f"{name} {sub_name}"] = sub.format_help()
                    pending.append((f"{name} {sub_name}", sub))
    return helps


def test_help_of_every_command_is_chinese_and_cites_nothing_outside_the_repository() -> None:
    helps = _helps()
    assert {"crmdesk import", "crmdesk report monthly", "crmdesk backup"} <= set(helps)
    for name, text in helps.items():
        assert text.startswith("用法：") and "选项：" in text, name
        assert "SPEC" not in text and "§" not in text, name
        commands = {part for key in helps for word in key.split() for part in word.split("-")}  # move-to-server
        choices = {"customers", "tickets", "complaints", "interactions", "tiers", "changes", "surveys", "registration", "ticket",
                   "complaint", "survey", "monthly", "dossier", "health", "staff", "routing",
                   "equipment"}
        words = set(re.findall(r"(?<![-\w])[A-Za-z][A-Za-z_]*(?!\w)", re.sub(r"--?[\w-]+", "", text)))
        assert words - ALLOWED - commands - choices == set(), name


def test_usage_errors_are_chinese_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", "everything", "out.xlsx"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "错误：" in err and "无效的选项" in err and "invalid" not in err


def _database_with_staff(path: Path) -> dict[str, int]:
    database = dbmod.open_database(path)
    ids = {name: staff.add(name, "clerk").id for name in ("李晓梅", "王建国")}
    database.close()
    return ids


def _import_operators(path: Path) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(path)
    try:
        batch = conn.execute("SELECT s.name FROM import_batch b LEFT JOIN staff s ON s.id = b.operator_id").fetchall()
        log = conn.execute("SELECT DISTINCT operator_name FROM change_log").fetchall()
        return [tuple(row) for row in batch + log]
    finally:
        conn.close()


def test_operator_option_is_recorded_on_the_import(tmp_path: Path, capsys) -> None:
    path = tmp_path / "crm.db"
    _database_with_staff(path)
    source = ledger(tmp_path / "台账.xlsx")
    assert main(["import", str(source), "--db", str(path), "--operator", "王建国", "--json"]) == 0
    assert set(_import_operators(path)) == {("王建国",)}


def test_an_unknown_operator_is_wrong_usage_and_writes_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "crm.db"
    _database_with_staff(path)
    source = ledger(tmp_path / "台账.xlsx")
    assert main(["--operator", "张三", "import", str(source), "--db", str(path)]) == 2
    assert "张三" in capsys.readouterr().err
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 0
    conn.close()


def test_without_the_option_the_user_chosen_on_this_pc_is_recorded(tmp_path: Path, capsys) -> None:
    path = tmp_path / "crm.db"
    ids = _database_with_staff(path)
    workstation.remember_operator(path, ids["李晓梅"], "李晓梅")  # what 我是… in the app wrote
    assert main(["import", str(ledger(tmp_path / "台账.xlsx")), "--db", str(path), "--json"]) == 0
    assert set(_import_operators(path)) == {("李晓梅",)}
    assert workstation.operator_for(tmp_path / "other.db") is None  # remembered per database


def test_help_and_usage_errors_follow_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        with pytest.raises(SystemExit):
            main(["--lang", "en", "--help"])
        out = capsys.readouterr().out
        assert out.startswith("usage: crmdesk") and "options:" in out and "show this help message and exit" in out
        assert "interface language" in out and "用法" not in out and "选项" not in out
        with pytest.raises(SystemExit) as info:
            main(["--lang=en", "export", "everything", "out.xlsx"])
        err = capsys.readouterr().err
        assert info.value.code == 2 and "crmdesk export: error: argument" in err and "invalid choice" in err
        assert "错误" not in err
    finally:
        set_language("zh_CN")
