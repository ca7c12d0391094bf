"""The seven Excel templates of docs/spec.md §6: headers exactly as specified, validations, layout."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from crmdesk.core.store.errors import KnownError
from crmdesk.io.excel.templates import TEMPLATE_NAMES, TEMPLATES, get_template, template_for_headers, write_template
from tests.helpers.excel import EXPECTED


def test_headers_and_titles_are_exactly_the_specification() -> None:
    assert list(TEMPLATES) == list(EXPECTED)
    assert sorted(TEMPLATE_NAMES) == sorted(EXPECTED)
    for name, (title, headers) in EXPECTED.items():
        spec = TEMPLATES[name]
        assert spec.title == title
        assert spec.headers == headers
        assert [c.required for c in spec.columns] == [h.endswith("*") for h in headers]
        assert len(set(spec.keys)) == len(spec.keys)


def _written(tmp_path: Path, name: str) -> openpyxl.Workbook:
    path = write_template(name, tmp_path / f"{name}.xlsx")
    assert path == (tmp_path / f"{name}.xlsx").absolute()
    return openpyxl.load_workbook(path)


def _validation(ws, header: str):
    letter = get_column_letter(TEMPLATES_BY_SHEET[ws.title].headers.index(header) + 1)
    found = [dv for dv in ws.data_validations.dataValidation if f"{letter}2:{letter}" in str(dv.sqref)]
    assert len(found) == 1, header
    return found[0]


TEMPLATES_BY_SHEET = {spec.sheet: spec for spec in TEMPLATES.values()}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_written_template_layout(tmp_path: Path, name: str) -> None:
    wb = _written(tmp_path, name)
    title, headers = EXPECTED[name]
    ws = wb.worksheets[0]
    assert ws.title == title
    assert [c.value for c in ws[1]] == headers  # row 1 is the header: re-import needs no mapping
    assert ws.max_row == 1
    assert ws.freeze_panes == "A2"
    fills = {c.value: c.fill.fgColor.rgb for c in ws[1]}
    required = {fills[h] for h in headers if h.endswith("*")}
    optional = {fills[h] for h in headers if not h.endswith("*")}
    assert len(optional) == 1 and len(required) <= 1 and not required & optional
    assert all(c.font.bold for c in ws[1])
    for index, header in enumerate(headers, 1):
        width = ws.column_dimensions[get_column_letter(index)].width
        assert width >= 2 * len(header.rstrip("*")) + 2, header  # Chinese characters are two units wide
    notes = wb["填写说明"]
    assert wb.sheetnames == [title, "填写说明"]
    listed = [row[0] for row in notes.iter_rows(values_only=True)]
    assert all(header in listed for header in headers)
    text = "\n".join(str(v) for row in notes.iter_rows(values_only=True) for v in row if v)
    for example in ("2024-01-05", "12.5万", "+86 138 1234 5678"):
        assert example in text


def test_registration_validations(tmp_path: Path) -> None:
    ws = _written(tmp_path, "registration").worksheets[0]
    assert _validation(ws, "客户类型*").formula1 == '"潜在客户,成交客户,战略客户"'
    assert _validation(ws, "重要等级*").formula1 == '"A,B,C"'
    assert _validation(ws, "来源渠道").formula1 == '"展会,陌拜,合作伙伴推荐,老客户转介绍,线上咨询,其他"'
    assert _validation(ws, "合作开始日期").type == "date"
    assert _validation(ws, "客户类型*").type == "list"
    assert _validation(ws, "客户类型*").errorStyle in (None, "stop")
    assert ws.column_dimensions["L"].number_format == "@"  # mobiles stay text, 138… never becomes 1.38E+10


def test_ticket_validations(tmp_path: Path) -> None:
    ws = _written(tmp_path, "ticket").worksheets[0]
    assert _validation(ws, "分级类型*").formula1 == '"紧急,重要,一般"'
    assert _validation(ws, "工单状态").formula1 == '"接收,分级,分派,处理,反馈,回访,归档"'
    assert _validation(ws, "是否一次解决").formula1 == '"是,否"'
    assert _validation(ws, "受理渠道").formula1 == '"电话,邮件,在线,微信,上门,其他"'
    assert _validation(ws, "问题类型").formula1 == '"故障报修,使用咨询,投诉,需求建议,其他"'
    score = _validation(ws, "满意度评分")
    assert (score.type, score.operator, score.formula1, score.formula2) == ("whole", "between", "1", "5")
    for header in ("受理时间", "预计解决时间", "实际解决时间", "回访时间"):
        assert _validation(ws, header).type == "date"


def test_other_enumerations(tmp_path: Path) -> None:
    complaint = _written(tmp_path, "complaint").worksheets[0]
    assert _validation(complaint, "投诉等级").formula1 == '"一般,严重,重大"'
    assert _validation(complaint, "情绪状态").errorStyle == "information"  # suggestions, other text allowed
    interactions = _written(tmp_path, "interactions").worksheets[0]
    assert _validation(interactions, "互动方式").formula1 == '"电话,上门,邮件,微信,短信"'
    survey = _written(tmp_path, "survey").worksheets[0]
    assert _validation(survey, "调查方式").formula1 == '"电话,问卷,邮件,上门"'
    for header in ("产品质量", "服务响应", "沟通效率", "专业度", "总体满意度"):
        assert _validation(survey, header).type == "whole"
    tiers = _written(tmp_path, "tiers").worksheets[0]
    assert _validation(tiers, "客户层级").formula1 == '"战略,核心,普通,休眠"'


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old junk")
    write_template("survey", target)
    assert openpyxl.load_workbook(target).worksheets[0].title == "客户满意度调查表"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]  # no temporary file left


def test_write_refuses_missing_folder_and_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(KnownError) as info:
        write_template("registration", tmp_path / "missing" / "t.xlsx")
    assert "t.xlsx" in info.value.message
    with pytest.raises(KnownError) as info:
        get_template("nope")
    assert "registration" in info.value.message


def test_header_recognition() -> None:
    legacy = ["客户编号", "客户名称", " 客户类型 ", "重要等级", "所属行业", "企业规模", "所在地区", "详细地址", "来源渠道",
              "联系人", "联系人职务", "联系人手机", "联系人邮箱", "采购意向", "产品偏好", "预算范围", "客户标签"]
    assert template_for_headers(legacy).name == "registration"
    assert template_for_headers(EXPECTED["survey"][1]).name == "survey"
    assert template_for_headers(["日期", "金额", "备注"]) is None
