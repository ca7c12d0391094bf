"""``crmdesk import FILE [--kind K] [--dry-run] [--errors OUT.xlsx] [--json]`` (docs/spec.md §8)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from crmdesk.cli import main
from tests.helpers.workbooks import ledger

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["rows", "created", "updated", "duplicates", "errors", "batch"]


def table_count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_json_prints_exactly_the_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, source = tmp_path / "crm.db", ledger(tmp_path / "台账.xlsx")
    assert main(["import", str(source), "--db", str(db), "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    result = json.loads(out)
    assert list(result) == KEYS
    assert result == {"rows": 4, "created": 1, "updated": 0, "duplicates": 1, "errors": 1, "batch": 1}
    assert table_count(db, "customer") == 1 and table_count(db, "contact") == 2
    errors = tmp_path / "台账_错误行.xlsx"  # rejected rows go beside the file by default
    sheet = openpyxl.load_workbook(errors).active
    assert [c.value for c in sheet[1]] == ["客户名称", "联系人", "职务", "手机号码", "合作日期", "错误原因"]
    assert sheet["D2"].value == "1391234"

    # the same ledger again: everything is a duplicate now, the batch number goes on
    assert main(["--db", str(db), "import", str(source), "--json", "--errors", str(tmp_path / "e2.xlsx")]) == 0
    assert json.loads(capsys.readouterr().out) == {"rows": 4, "created": 0, "updated": 0, "duplicates": 3,
                                                   "errors": 1, "batch": 2}
    assert (tmp_path / "e2.xlsx").exists()


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, source = tmp_path / "crm.db", ledger(tmp_path / "台账.xlsx")
    assert main(["import", str(source), "--db", str(db), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"rows": 4, "created": 1, "updated": 0, "duplicates": 1,
                                                   "errors": 1, "batch": None}
    assert not db.exists()  # a dry run checks against an empty schema: no database, no key is created
    assert not (tmp_path / "台账_错误行.xlsx").exists()
    assert main(["import", str(source), "--db", str(db), "--dry-run", "--errors", str(tmp_path / "e.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "试运行" in out and "e.xlsx" in out and (tmp_path / "e.xlsx").exists()
    assert not db.exists()
    assert main(["import", str(source), "--db", str(db)]) == 0  # a real import, then a dry run against it
    capsys.readouterr()
    before = db.read_bytes()
    assert main(["import", str(source), "--db", str(db), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["duplicates"] == 3
    assert db.read_bytes() == before and table_count(db, "import_batch") == 1


def test_a_dry_run_on_a_new_database_in_its_own_process(tmp_path: Path) -> None:
    """The command as a scheduled task runs it: a process that loaded no domain beforehand (unlike the
    tests' own) still finds migration 2's data step when the dry run builds its empty schema."""
    source = ledger(tmp_path / "台账.xlsx")
    env = dict(os.environ, CRMDESK_HOME=str(tmp_path / "home"), CRMDESK_PASSPHRASE="test-passphrase")
    done = subprocess.run([sys.executable, "-m", "crmdesk", "import", str(source), "--db", str(tmp_path / "new.db"),
                           "--dry-run", "--json"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"rows": 4, "created": 1, "updated": 0, "duplicates": 1, "errors": 1,
                                       "batch": None}
    assert not (tmp_path / "new.db").exists()


def test_human_summary_and_the_kind_guessed_from_the_headers(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "crm.db"
    assert main(["import", str(ledger(tmp_path / "台账.xlsx")), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "读取 4 行，新增 1，更新 0，跳过重复 1，拒绝 1" in out and "导入批次 1" in out
    book = openpyxl.Workbook()
    book.active.append(["工单编号", "客户名称", "问题描述", "分级类型", "受理时间", "处理人"])
    book.active.append(["GD20240105-001", "深圳市华强电子有限公司", "主轴异响", "紧急", "2024-01-05 09:00", "刘工"])
    book.save(tmp_path / "工单.xlsx")
    assert main(["import", str(tmp_path / "工单.xlsx"), "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert table_count(db, "ticket") == 1


def test_a_file_that_cannot_be_imported_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "crm.db"
    (tmp_path / "photo.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert main(["import", str(tmp_path / "photo.xlsx"), "--db", str(db), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "这不是电子表格文件" in captured.err
    assert main(["import", str(tmp_path / "missing.csv"), "--db", str(db)]) == 1
    assert "文件不存在" in capsys.readouterr().err
    book = openpyxl.Workbook()
    book.active.append(["联系人", "手机"])
    book.active.append(["张伟", "13812345678"])
    book.save(tmp_path / "no-name.xlsx")
    assert main(["import", str(tmp_path / "no-name.xlsx"), "--db", str(db), "--kind", "customers"]) == 1
    assert "客户名称" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["import"], ["import", "a.xlsx", "--kind", "orders"], ["import", "a.xlsx", "--undo"]])
def test_wrong_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert capsys.readouterr().out == ""


def test_the_installed_command_prints_only_json_on_stdout(tmp_path: Path) -> None:
    db, source = tmp_path / "crm.db", ledger(tmp_path / "台账.xlsx")
    # no key store in a bare subprocess: a scheduled task's passphrase wraps the key the import creates
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CRMDESK_HOME=str(tmp_path / "home"),
               CRMDESK_PASSPHRASE="计划任务口令2026")
    result = subprocess.run([sys.executable, "-m", "crmdesk", "--db", str(db), "import", str(source), "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"rows": 4, "created": 1, "updated": 0, "duplicates": 1, "errors": 1,
                                         "batch": 1}
