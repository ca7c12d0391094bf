"""Round trips of docs/spec.md §6: template → fill in → import → export gives back what was typed;
the same file imported twice creates nothing the second time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.store.models import Contact, Customer, Interaction, Staff, Survey, Ticket
from crmdesk.io.excel.export import export
from crmdesk.io.excel.templates import TEMPLATES, write_template
from crmdesk.io.importing.service import commit, preview

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

CUSTOMERS = [
    {"code": "C0001", "name": "深圳市华强电子有限公司", "type": "成交客户", "importance": "A", "industry": "电子",
     "size": "100-500人", "region": "广东省深圳市", "address": "福田区华强北路1号", "source_channel": "展会",
     "contact": "张伟", "title": "总经理", "mobile": "13812345678", "email": "zhangwei@example.com",
     "purchase_intent": "年底扩产", "product_preference": "工业级", "budget_range": "50-100万",
     "tags": "高价值、功能定制", "account_manager": "李娜", "coop_start": dt.datetime(2021, 3, 15),
     "notes": "需开专票"},
    {"code": "C0002", "name": "东莞鑫源精密制造有限公司", "type": "潜在客户", "importance": "C", "industry": "制造业",
     "size": "20-100人", "region": "广东省东莞市", "address": "长安镇振安路8号", "source_channel": "老客户转介绍",
     "contact": "王芳", "title": "采购经理", "mobile": "13987654321", "email": "",
     "purchase_intent": "", "product_preference": "", "budget_range": "", "tags": "",
     "account_manager": "", "coop_start": None, "notes": "=先报价"},  # formula-like text stays text
]


def _fill(template: str, path: Path, rows: list[dict]) -> Path:
    write_template(template, path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    keys = [column.key for column in TEMPLATES[template].columns]
    for r, values in enumerate(rows, start=2):
        for c, key in enumerate(keys, start=1):
            value = values.get(key)
            if value not in (None, ""):
                cell = sheet.cell(r, c)
                cell.value = value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed as text ('=…), not a formula
    book.save(path)
    return path


def _read(path: Path, template: str) -> list[dict]:
    keys = [column.key for column in TEMPLATES[template].columns]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[1]] == [column.header for column in TEMPLATES[template].columns]
    return [{k: ("" if v is None else v) for k, v in zip(keys, row)}
            for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_registration_template_round_trip_and_second_import_creates_nothing(db, tmp_path: Path) -> None:
    Staff.create(name="李娜")
    filled = _fill("registration", tmp_path / "登记表.xlsx", CUSTOMERS)
    first = commit(preview(filled, "customers"))
    assert (first.rows, first.created, first.errors) == (2, 2, 0)

    out = export("customers", tmp_path / "导出.xlsx").path
    exported = _read(out, "registration")
    expected = [{k: ("" if v is None else v) for k, v in row.items()} for row in CUSTOMERS]
    for row in exported + expected:  # tags are a set: the export lists them by name
        row["tags"] = sorted(row["tags"].split("、")) if row["tags"] else []
    assert exported == expected

    before = (Customer.select().count(), Contact.select().count())
    again = commit(preview(filled, "customers"))
    assert (again.created, again.updated, again.errors) == (0, 0, 0)
    assert again.duplicates == 2
    assert (Customer.select().count(), Contact.select().count()) == before
    # and the exported file itself imports as "nothing new" too
    third = commit(preview(out, "customers"))
    assert (third.created, third.updated) == (0, 0)


def test_ticket_interaction_and_survey_templates_round_trip(db, tmp_path: Path) -> None:
    Staff.create(name="李娜")
    commit(preview(_fill("registration", tmp_path / "c.xlsx", CUSTOMERS), "customers"))
    tickets = [{"number": "GD20240105-001", "code": "C0001", "customer": "深圳市华强电子有限公司", "contact": "张伟",
                "phone": "13812345678", "channel": "电话", "category": "故障报修", "description": "设备无法开机",
                "priority": "紧急", "created_at": dt.datetime(2024, 1, 5, 9, 30), "assignee": "李娜",
                "resolution_due": dt.datetime(2024, 1, 6, 9, 30), "resolved_at": dt.datetime(2024, 1, 5, 16, 0),
                "solution": "更换电源模块", "stage": "归档", "one_time": "是", "satisfaction": 5,
                "callback_at": dt.datetime(2024, 1, 6, 10, 0), "notes": ""}]
    result = commit(preview(_fill("ticket", tmp_path / "t.xlsx", tickets), "tickets"))
    assert (result.created, result.errors) == (1, 0)
    exported = _read(export("tickets", tmp_path / "t-out.xlsx").path, "ticket")
    assert exported == [{k: ("" if v is None else v) for k, v in tickets[0].items()}]
    assert commit(preview(tmp_path / "t.xlsx", "tickets")).created == 0
    assert Ticket.select().count() == 1

    interactions = [{"code": "C0002", "at": dt.datetime(2024, 2, 1, 14, 0), "method": "电话", "summary": "确认报价",
                     "feedback": "价格偏高", "next_step": "下周再联系", "staff": "李娜"}]
    commit(preview(_fill("interactions", tmp_path / "i.xlsx", interactions), "interactions"))
    assert _read(export("interactions", tmp_path / "i-out.xlsx").path, "interactions") == interactions
    assert commit(preview(tmp_path / "i.xlsx", "interactions")).created == 0
    assert Interaction.select().count() == 1

    surveys = [{"code": "C0001", "number": "GD20240105-001", "date": dt.datetime(2024, 1, 6), "method": "电话",
                "quality": 5, "response": 4, "communication": 5, "professionalism": 4, "overall": 5,
                "comment": "响应及时"}]
    commit(preview(_fill("survey", tmp_path / "s.xlsx", surveys), "surveys"))
    assert _read(export("surveys", tmp_path / "s-out.xlsx").path, "survey") == surveys
    assert commit(preview(tmp_path / "s.xlsx", "surveys")).created == 0
    assert Survey.select().count() == 1
