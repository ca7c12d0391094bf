"""Tests of crmdesk.core.validation (docs/spec.md §2 validation rules, §6 import formats)."""
from __future__ import annotations

import ast
import datetime as dt
import pathlib
import pickle
from decimal import Decimal

import pytest

from crmdesk.core import validation as v
from crmdesk.core.validation import FieldError

D = dt.date
DT = dt.datetime


def test_module_does_not_import_qt():
    tree = ast.parse(pathlib.Path(v.__file__).read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if "PySide" in n or "Qt" in n]


# ---------------------------------------------------------------- FieldError
def test_field_error_attributes_and_str():
    err = FieldError("mobile", "手机号码应为以1开头的11位数字")
    assert isinstance(err, ValueError)
    assert (err.field, err.reason) == ("mobile", "手机号码应为以1开头的11位数字")
    assert str(err) == "mobile: 手机号码应为以1开头的11位数字"
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.field, copy.reason, str(copy)) == (err.field, err.reason, str(err))


@pytest.mark.parametrize("text, expected", [
    ("１３８１２３４５６７８", "13812345678"),
    ("＋８６　１３８－１２３４", "+86 138-1234"),
    ("（０２１）ＡＢｃ", "(021)ABc"),
    ("＠．，", "@.,"),
    ("already half 123", "already half 123"),
    ("中文不变", "中文不变"),
    ("", ""),
])
def test_to_halfwidth(text, expected):
    assert v.to_halfwidth(text) == expected


# ---------------------------------------------------------------- mobile
@pytest.mark.parametrize("raw", [
    "13812345678", "138 1234 5678", "138-1234-5678", "138.1234.5678", "(138)1234-5678",
    "+8613812345678", "+86 138 1234 5678", "+86-138-1234-5678", "86 13812345678",
    "8613812345678", "0086 13812345678", "008613812345678", "１３８１２３４５６７８",
    "＋８６　１３８－１２３４－５６７８", " 13812345678 ", "138\u20141234\u20145678",
    13812345678, 13812345678.0, 8613812345678, Decimal("13812345678"),
])
def test_normalize_mobile_accepts(raw):
    assert v.normalize_mobile(raw) == "13812345678"


@pytest.mark.parametrize("raw", [
    "13012345678", "14512345678", "15012345678", "16612345678", "17012345678", "18012345678",
    "19212345678", "19912345678", "14012345678",  # well-formed, even if metadata lags
])
def test_normalize_mobile_accepts_all_well_formed_blocks(raw):
    assert v.normalize_mobile(raw) == raw


@pytest.mark.parametrize("raw, reason", [
    ("1381234567", "手机号码应为以1开头的11位数字"),
    ("138123456789", "手机号码应为以1开头的11位数字"),
    ("23812345678", "手机号码应为以1开头的11位数字"),
    ("010-12345678", "手机号码应为以1开头的11位数字"),
    ("138abcd5678", "手机号码应为以1开头的11位数字"),
    ("138 1234 5678 转1", "手机号码应为以1开头的11位数字"),
    ("+852 6123 4567", "仅支持中国大陆手机号码（+86）"),
    ("+1 415 555 0100", "仅支持中国大陆手机号码（+86）"),
    ("10012345678", "10012345678 不是有效的手机号码（号段不存在）"),
    ("12012345678", "12012345678 不是有效的手机号码（号段不存在）"),
])
def test_normalize_mobile_refuses(raw, reason):
    with pytest.raises(FieldError) as info:
        v.normalize_mobile(raw)
    assert (info.value.field, info.value.reason) == ("mobile", reason)


def test_normalize_mobile_custom_field_and_empty():
    with pytest.raises(FieldError) as info:
        v.normalize_mobile("123", field="contact_mobile")
    assert info.value.field == "contact_mobile"
    assert str(info.value).startswith("contact_mobile: ")
    assert v.normalize_mobile(None) == ""
    assert v.normalize_mobile("") == ""
    assert v.normalize_mobile("  \u3000") == ""


# ---------------------------------------------------------------- landline
@pytest.mark.parametrize("raw, expected", [
    ("010-12345678", "010-12345678"),
    ("01012345678", "010-12345678"),
    ("010 1234 5678", "010-12345678"),
    ("(010)12345678", "010-12345678"),
    ("(021)12345678", "021-12345678"),
    ("（０２１）１２３４５６７８", "021-12345678"),
    ("021-1234-5678", "021-12345678"),
    ("0755 8888 6666", "0755-88886666"),
    ("0755-88886666", "0755-88886666"),
    ("0755.8888.6666", "0755-88886666"),
    ("0898-12345678", "0898-12345678"),
    ("+86 10 12345678", "010-12345678"),
    ("+86-755-88886666", "0755-88886666"),
    ("+86 (0)21 12345678", "021-12345678"),
    ("0086 21 12345678", "021-12345678"),
    ("010-12345678转123", "010-12345678转123"),
    ("010-12345678 转 123", "010-12345678转123"),
    ("010-12345678分机123", "010-12345678转123"),
    ("010-12345678 ext 123", "010-12345678转123"),
    ("010-12345678 EXT.123", "010-12345678转123"),
    ("010-12345678x88", "010-12345678转88"),
    ("010-12345678-123", "010-12345678转123"),
    ("+86 10 12345678-123", "010-12345678转123"),
    (1012345678, "010-12345678"),  # Excel number cell lost the leading 0
    ("  010-12345678  ", "010-12345678"),
])
def test_normalize_landline_accepts(raw, expected):
    assert v.normalize_landline(raw) == expected


@pytest.mark.parametrize("raw, reason", [
    ("12345678", "座机号码需包含区号，如 010-12345678"),
    ("8888-6666", "座机号码需包含区号，如 010-12345678"),
    ("1234567", "座机号码需包含区号，如 010-12345678"),
    ("13812345678", "座机号码应以区号开头（0开头），如 010-12345678"),
    ("0571-8888888", "座机号码无效：区号或号码位数不正确"),
    ("0755-123", "座机号码无效：区号或号码位数不正确"),
    ("010-1234567890123", "座机号码无效：区号或号码位数不正确"),
    ("010-abcdefgh", "座机号码格式不正确，应如 010-12345678"),
    ("+852 2123 4567", "仅支持中国大陆座机号码（+86）"),
])
def test_normalize_landline_refuses(raw, reason):
    with pytest.raises(FieldError) as info:
        v.normalize_landline(raw)
    assert (info.value.field, info.value.reason) == ("phone", reason)


def test_normalize_landline_empty_and_field():
    assert v.normalize_landline(None) == ""
    assert v.normalize_landline(" ") == ""
    with pytest.raises(FieldError) as info:
        v.normalize_landline("12345678", field="office_phone")
    assert info.value.field == "office_phone"


# ---------------------------------------------------------------- phone (either)
@pytest.mark.parametrize("raw, expected", [
    ("+86 138 1234 5678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),
    (13812345678, "13812345678"),
    ("010-12345678", "010-12345678"),
    ("0755 8888 6666转8", "0755-88886666转8"),
    ("+86 10 12345678", "010-12345678"),
    (1012345678, "010-12345678"),
    (None, ""),
    ("", ""),
])
def test_normalize_phone_accepts(raw, expected):
    assert v.normalize_phone(raw) == expected


@pytest.mark.parametrize("raw, reason", [
    ("12345678", "座机号码需包含区号，如 010-12345678"),
    ("0755-123", "座机号码无效：区号或号码位数不正确"),
    ("1381234567", "手机号码应为以1开头的11位数字，或带区号的座机号码"),
    ("+852 6123 4567", "仅支持中国大陆手机号码（+86）"),
    ("abc", "电话号码应为手机号码或带区号的座机号码"),
])
def test_normalize_phone_refuses(raw, reason):
    with pytest.raises(FieldError) as info:
        v.normalize_phone(raw)
    assert (info.value.field, info.value.reason) == ("phone", reason)


# ---------------------------------------------------------------- masking and tail
@pytest.mark.parametrize("raw, expected", [
    ("13812345678", "138****5678"),
    ("+86 138-1234-5678", "138****5678"),
    ("010-12345678", "010*****5678"),
    ("12345678", "123*5678"),
    ("1234567", "*****67"),
    ("123", "*23"),
    ("12", "**"),
    ("", ""),
    (None, ""),
])
def test_mask_mobile(raw, expected):
    assert v.mask_mobile(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("13812345678", "5678"),
    ("+86 138 1234 5678", "5678"),
    ("１３８１２３４５６７８", "5678"),
    ("010-12345678", "5678"),
    ("010-12345678转123", "5678"),
    ("0755 8888 6666", "6666"),
    ("123", "123"),
    (None, ""),
])
def test_phone_tail(raw, expected):
    assert v.phone_tail(raw) == expected


# ---------------------------------------------------------------- e-mail
@pytest.mark.parametrize("raw, expected", [
    ("wang@example.com", "wang@example.com"),
    ("  Wang.Li@Example.COM  ", "Wang.Li@example.com"),
    ("wang＠example．com", "wang@example.com"),
    ("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "wang@example.com"),
    ("wang@example。com", "wang@example.com"),
    ("first.last+tag@mail.company.com.cn", "first.last+tag@mail.company.com.cn"),
    ("a_b-c@sub-domain.example.org", "a_b-c@sub-domain.example.org"),
    ("12345@qq.com", "12345@qq.com"),
    ("user@中文.中国", "user@中文.中国"),
    (None, ""),
    ("", ""),
])
def test_validate_email_accepts(raw, expected):
    assert v.validate_email(raw) == expected


@pytest.mark.parametrize("raw, reason", [
    ("wang li@example.com", "电子邮箱不能包含空格"),
    ("wang@exa mple.com", "电子邮箱不能包含空格"),
    ("wang.example.com", "电子邮箱应包含一个 @，如 name@example.com"),
    ("wang@@example.com", "电子邮箱应包含一个 @，如 name@example.com"),
    ("a@b@example.com", "电子邮箱应包含一个 @，如 name@example.com"),
    ("@example.com", "电子邮箱 @ 前的用户名格式不正确"),
    (".wang@example.com", "电子邮箱 @ 前的用户名格式不正确"),
    ("wang.@example.com", "电子邮箱 @ 前的用户名格式不正确"),
    ("wa..ng@example.com", "电子邮箱 @ 前的用户名格式不正确"),
    ("王@example.com", "电子邮箱 @ 前的用户名格式不正确"),
    ("x" * 65 + "@example.com", "电子邮箱 @ 前的用户名格式不正确"),
    ("wang@", "电子邮箱的域名格式不正确，如 example.com"),
    ("wang@example", "电子邮箱的域名格式不正确，如 example.com"),
    ("wang@-example.com", "电子邮箱的域名格式不正确，如 example.com"),
    ("wang@example-.com", "电子邮箱的域名格式不正确，如 example.com"),
    ("wang@example.com.", "电子邮箱的域名格式不正确，如 example.com"),
    ("wang@exa_mple.com", "电子邮箱的域名格式不正确，如 example.com"),
    ("wang@1.2.3.4", "电子邮箱的域名格式不正确，如 example.com"),
])
def test_validate_email_refuses(raw, reason):
    with pytest.raises(FieldError) as info:
        v.validate_email(raw)
    assert (info.value.field, info.value.reason) == ("email", reason)


def test_validate_email_bad_domain_reason_and_field():
    for raw in ("wang@example..com", "wang@" + "a" * 64 + ".com"):
        with pytest.raises(FieldError) as info:
            v.validate_email(raw, field="contact_email")
        assert info.value.field == "contact_email"
        assert info.value.reason == "电子邮箱的域名格式不正确，如 example.com"


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize("raw, expected", [
    (D(2024, 1, 5), D(2024, 1, 5)),
    (DT(2024, 1, 5, 13, 45), D(2024, 1, 5)),
    (45296, D(2024, 1, 5)),
    (45296.0, D(2024, 1, 5)),
    (45296.75, D(2024, 1, 5)),
    (Decimal("45296"), D(2024, 1, 5)),
    ("45296", D(2024, 1, 5)),
    (1, D(1900, 1, 1)),
    (59, D(1900, 2, 28)),
    (61, D(1900, 3, 1)),  # after Excel's fake 1900-02-29
    (73415, D(2100, 12, 31)),
    ("2024/1/5", D(2024, 1, 5)),
    ("2024/01/05", D(2024, 1, 5)),
    ("2024-01-05", D(2024, 1, 5)),
    ("2024-1-5", D(2024, 1, 5)),
    ("2024.1.5", D(2024, 1, 5)),
    ("2024年1月5日", D(2024, 1, 5)),
    ("2024 年 1 月 5 日", D(2024, 1, 5)),
    ("2024年01月05号", D(2024, 1, 5)),
    ("20240105", D(2024, 1, 5)),
    ("2024-01-05 13:45", D(2024, 1, 5)),
    ("2024-01-05 13:45:00", D(2024, 1, 5)),
    ("2024-01-05T13:45:00", D(2024, 1, 5)),
    ("２０２４－０１－０５", D(2024, 1, 5)),
    ("２０２４年１月５日", D(2024, 1, 5)),
    ("  2024/1/5 ", D(2024, 1, 5)),
    ("13/05/2024", D(2024, 5, 13)),  # year last, day > 12: unambiguous
    ("05/13/2024", D(2024, 5, 13)),  # year last, day > 12 in second place
    ("31.12.2023", D(2023, 12, 31)),
    ("13/5/24", D(2024, 5, 13)),
    ("5/13/95", D(1995, 5, 13)),
    ("03/03/2024", D(2024, 3, 3)),  # both readings equal
    ("2024-02-29", D(2024, 2, 29)),
    ("1900-01-01", D(1900, 1, 1)),
    ("2100-12-31", D(2100, 12, 31)),
    (None, None),
    ("", None),
    ("   ", None),
])
def test_parse_date_accepts(raw, expected):
    assert v.parse_date(raw) == expected
    assert v.parse_date_detailed(raw) == (expected, False)


@pytest.mark.parametrize("raw, reason", [
    ("2024-02-30", "日期 2024-02-30 不存在，请检查月份和日期"),
    ("2023-02-29", "日期 2023-02-29 不存在，请检查月份和日期"),
    ("2024-13-01", "日期 2024-13-01 不存在，请检查月份和日期"),
    ("2024年4月31日", "日期 2024年4月31日 不存在，请检查月份和日期"),
    ("20241301", "日期 20241301 不存在，请检查月份和日期"),
    ("13/13/2024", "日期 13/13/2024 不存在，请检查月份和日期"),
    ("1899-12-31", "日期 1899-12-31 的年份应在1900至2100之间"),
    ("2101-01-01", "日期 2101-01-01 的年份应在1900至2100之间"),
    ("2024-01-05 25:00", "2024-01-05 25:00 中的时间不正确"),
    ("2024-01-05 13:60", "2024-01-05 13:60 中的时间不正确"),
    ("明天", "无法识别的日期“明天”，请写成 2024-01-05 的形式"),
    ("2024", "无法识别的日期“2024”，请写成 2024-01-05 的形式"),
    ("2024-01", "无法识别的日期“2024-01”，请写成 2024-01-05 的形式"),
    ("Jan 5 2024", "无法识别的日期“Jan 5 2024”，请写成 2024-01-05 的形式"),
    (True, "无法识别的日期“True”，请写成 2024-01-05 的形式"),
    (dt.time(13, 45), "无法识别的日期“13:45:00”，请写成 2024-01-05 的形式"),
    (0, "Excel 日期序列号 0 超出范围（1900至2100年）"),
    (-5, "Excel 日期序列号 -5 超出范围（1900至2100年）"),
    (100000, "Excel 日期序列号 100000 超出范围（1900至2100年）"),
    (float("nan"), "Excel 日期序列号 nan 超出范围（1900至2100年）"),
    (60, "Excel 日期序列号 60 是不存在的 1900-02-29"),
])
def test_parse_date_refuses(raw, reason):
    with pytest.raises(FieldError) as info:
        v.parse_date(raw)
    assert (info.value.field, info.value.reason) == ("date", reason)
    with pytest.raises(FieldError):
        v.parse_date_detailed(raw)
    assert v.ambiguous_date_options(raw) == []


@pytest.mark.parametrize("raw, month_first, day_first", [
    ("03/05/2024", D(2024, 3, 5), D(2024, 5, 3)),
    ("3/5/2024", D(2024, 3, 5), D(2024, 5, 3)),
    ("3/5/24", D(2024, 3, 5), D(2024, 5, 3)),
    ("03-05-2024", D(2024, 3, 5), D(2024, 5, 3)),
    ("03.05.2024", D(2024, 3, 5), D(2024, 5, 3)),
    ("０３／０５／２０２４", D(2024, 3, 5), D(2024, 5, 3)),
    ("12/1/1999 08:30", D(1999, 12, 1), D(1999, 1, 12)),
])
def test_ambiguous_dates(raw, month_first, day_first):
    assert v.parse_date_detailed(raw) == (None, True)
    assert v.ambiguous_date_options(raw) == [month_first, day_first]
    with pytest.raises(FieldError) as info:
        v.parse_date(raw, field="start_date")
    assert info.value.field == "start_date"
    assert "有两种读法" in info.value.reason
    assert f"{month_first.month}月{month_first.day}日 或 {day_first.month}月{day_first.day}日" \
        in info.value.reason
    assert month_first.isoformat() in info.value.reason
    assert v.parse_date(raw, dayfirst_ok=True) == day_first


def test_ambiguous_message_wording():
    with pytest.raises(FieldError) as info:
        v.parse_date("03/05/2024")
    assert info.value.reason == (
        "日期 03/05/2024 有两种读法（3月5日 或 5月3日），请写成 2024-03-05 的形式")


@pytest.mark.parametrize("raw, expected", [
    ("2024-01-05", [D(2024, 1, 5)]),
    ("13/05/2024", [D(2024, 5, 13)]),
    (45296, [D(2024, 1, 5)]),
    (None, []),
    ("", []),
    ("rubbish", []),
    ("2024-02-30", []),
])
def test_ambiguous_date_options_unambiguous(raw, expected):
    assert v.ambiguous_date_options(raw) == expected


def test_dayfirst_ok_does_not_change_unambiguous_dates():
    assert v.parse_date("05/13/2024", dayfirst_ok=True) == D(2024, 5, 13)
    assert v.parse_date("2024-03-05", dayfirst_ok=True) == D(2024, 3, 5)


# ---------------------------------------------------------------- datetimes
@pytest.mark.parametrize("raw, expected", [
    ("2024-01-05 13:45", DT(2024, 1, 5, 13, 45)),
    ("2024-01-05 13:45:30", DT(2024, 1, 5, 13, 45, 30)),
    ("2024-01-05T13:45:30", DT(2024, 1, 5, 13, 45, 30)),
    ("2024-01-05 13:45:30.25", DT(2024, 1, 5, 13, 45, 30, 250000)),
    ("2024/1/5 9:05", DT(2024, 1, 5, 9, 5)),
    ("2024年1月5日 13时45分", DT(2024, 1, 5, 13, 45)),
    ("2024年1月5日13:45", DT(2024, 1, 5, 13, 45)),
    ("２０２４－０１－０５　１３：４５", DT(2024, 1, 5, 13, 45)),
    ("13/05/2024 08:00", DT(2024, 5, 13, 8, 0)),
    ("2024-01-05", DT(2024, 1, 5)),
    ("20240105", DT(2024, 1, 5)),
    (D(2024, 1, 5), DT(2024, 1, 5)),
    (DT(2024, 1, 5, 13, 45, 1), DT(2024, 1, 5, 13, 45, 1)),
    (DT(2024, 1, 5, 13, 45, tzinfo=dt.UTC), DT(2024, 1, 5, 13, 45)),
    (45296, DT(2024, 1, 5)),
    (45296.5, DT(2024, 1, 5, 12, 0)),
    (45296.573611111, DT(2024, 1, 5, 13, 46)),  # float noise rounded to the second
    (None, None),
    ("", None),
])
def test_parse_datetime_accepts(raw, expected):
    assert v.parse_datetime(raw) == expected


@pytest.mark.parametrize("raw, reason", [
    ("2024-01-05 24:00", "2024-01-05 24:00 中的时间不正确"),
    ("2024-02-30 10:00", "日期 2024-02-30 10:00 不存在，请检查月份和日期"),
    ("13:45", "无法识别的日期“13:45”，请写成 2024-01-05 的形式"),
])
def test_parse_datetime_refuses(raw, reason):
    with pytest.raises(FieldError) as info:
        v.parse_datetime(raw)
    assert (info.value.field, info.value.reason) == ("time", reason)


def test_parse_datetime_ambiguous():
    with pytest.raises(FieldError) as info:
        v.parse_datetime("03/05/2024 10:00", field="accepted_at")
    assert info.value.field == "accepted_at" and "有两种读法" in info.value.reason
    assert v.parse_datetime("03/05/2024 10:00", dayfirst_ok=True) == DT(2024, 5, 3, 10, 0)


# ---------------------------------------------------------------- amounts
@pytest.mark.parametrize("raw, expected", [
    (125000, "125000.00"),
    (0, "0.00"),
    (12.5, "12.50"),
    (0.1, "0.10"),
    (Decimal("1250.505"), "1250.51"),
    ("125000", "125000.00"),
    ("12.5万", "125000.00"),
    ("12.5万元", "125000.00"),
    ("12.5 万元", "125000.00"),
    ("1.2亿", "120000000.00"),
    ("1.2亿元", "120000000.00"),
    ("3千", "3000.00"),
    ("2百万", "2000000.00"),
    ("1千万", "10000000.00"),
    ("125,000", "125000.00"),
    ("1,250,000.5", "1250000.50"),
    ("125，000", "125000.00"),
    ("125000元", "125000.00"),
    ("125000元整", "125000.00"),
    ("¥125000", "125000.00"),
    ("￥1,250.50", "1250.50"),
    ("¥ 1,250.50 元", "1250.50"),
    ("RMB 100", "100.00"),
    ("rmb100", "100.00"),
    ("CNY 100", "100.00"),
    ("人民币100元", "100.00"),
    ("１２５０００", "125000.00"),
    ("１２．５万", "125000.00"),
    ("+100", "100.00"),
    (".5", "0.50"),
    ("100.", "100.00"),
    ("0.005", "0.01"),  # half up
    ("0.004", "0.00"),
    ("999999999999999.99", "999999999999999.99"),
    ("-0", "0.00"),
])
def test_parse_amount_accepts(raw, expected):
    result = v.parse_amount(raw)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_parse_amount_empty(raw):
    assert v.parse_amount(raw) is None


@pytest.mark.parametrize("raw, reason", [
    (-1, "金额不能为负数"),
    (-0.5, "金额不能为负数"),
    (Decimal("-3"), "金额不能为负数"),
    ("-100", "金额不能为负数"),
    ("－１００", "金额不能为负数"),
    ("-12.5万", "金额不能为负数"),
    ("¥-5", "金额不能为负数"),
    ("(100)", "金额不能为负数"),
    ("abc", "“abc”不是有效的金额"),
    ("12.5.3", "“12.5.3”不是有效的金额"),
    ("1,25", "“1,25”不是有效的金额"),
    ("12,34,567", "“12,34,567”不是有效的金额"),
    ("万", "“万”不是有效的金额"),
    ("100美元", "“100美元”不是有效的金额"),
    ("一百", "“一百”不是有效的金额"),
    ("1" * 30, "金额过大，请检查单位（元/万元）"),
    (10 ** 16, "金额过大，请检查单位（元/万元）"),
    ("99999999亿", "金额过大，请检查单位（元/万元）"),
    (True, "不是有效的金额"),
    (float("nan"), "不是有效的金额"),
    (float("inf"), "不是有效的金额"),
])
def test_parse_amount_refuses(raw, reason):
    with pytest.raises(FieldError) as info:
        v.parse_amount(raw)
    assert (info.value.field, info.value.reason) == ("amount", reason)


def test_parse_amount_custom_field():
    with pytest.raises(FieldError) as info:
        v.parse_amount("-1", field="order_amount")
    assert str(info.value) == "order_amount: 金额不能为负数"


@pytest.mark.parametrize("amount, fen", [
    (Decimal("125000.00"), 12500000),
    (Decimal("0.01"), 1),
    (Decimal("1.235"), 124),
    (Decimal("0"), 0),
    (Decimal("1250.5"), 125050),
])
def test_amount_to_fen(amount, fen):
    assert v.amount_to_fen(amount) == fen
    assert isinstance(v.amount_to_fen(amount), int)


@pytest.mark.parametrize("fen, text", [
    (12500000, "125,000.00"),
    (0, "0.00"),
    (1, "0.01"),
    (99, "0.99"),
    (125050, "1,250.50"),
    (12000000000, "120,000,000.00"),
    (-150, "-1.50"),
])
def test_fen_to_yuan_text(fen, text):
    assert v.fen_to_yuan_text(fen) == text


def test_amount_round_trip():
    for raw in ("12.5万", "￥1,250.50", "0.01"):
        amount = v.parse_amount(raw)
        assert Decimal(v.fen_to_yuan_text(v.amount_to_fen(amount)).replace(",", "")) == amount


# ---------------------------------------------------------------- company names
@pytest.mark.parametrize("a, b", [
    ("深圳市华强（电子）有限公司", "深圳市华强电子股份有限公司 "),
    ("深圳市华强电子有限公司", "深圳市华强电子有限责任公司"),
    ("深圳市华强电子有限公司", "深圳市华强电子"),
    ("深圳市华强电子股份公司", "深圳市华强电子公司"),
    ("华强电子(深圳)有限公司", "华强电子【深圳】有限公司"),
    ("华强电子[深圳]有限公司", "华强电子 深圳 有限公司"),
    ("ABC科技有限公司", "abc 科技 有限公司"),
    ("ＡＢＣ科技有限公司", "abc科技有限公司"),
    ("上海·华强 电子有限公司", "上海华强电子有限公司"),
    ("华强、电子.有限公司", "华强-电子,有限公司"),
    ("华强\u3000电子\t有限公司", "华强电子有限公司"),
    ("华强电子有 限 公 司", "华强电子"),
])
def test_company_names_normalise_equal(a, b):
    assert v.normalize_company_name(a) == v.normalize_company_name(b)


@pytest.mark.parametrize("a, b", [
    ("深圳市华强电子有限公司", "深圳市华强科技有限公司"),
    ("华强集团有限公司", "华强有限公司"),  # 集团 is kept
    ("深圳市华强电子有限公司", "广州市华强电子有限公司"),
    ("华强电子分公司", "华强电子"),
    ("ABC1科技", "ABC2科技"),
])
def test_company_names_normalise_different(a, b):
    assert v.normalize_company_name(a) != v.normalize_company_name(b)


@pytest.mark.parametrize("raw, expected", [
    ("深圳市华强（电子）有限公司", "深圳市华强电子"),
    ("深圳市华强电子股份有限公司 ", "深圳市华强电子"),
    ("华强集团股份有限公司", "华强集团"),
    ("ＡＢＣ·Tech  Co.,Ltd.", "abctechcoltd"),
    ("A+B 有限公司", "a+b"),
    ("", ""),
    (None, ""),
])
def test_normalize_company_name_value(raw, expected):
    assert v.normalize_company_name(raw) == expected


# ---------------------------------------------------------------- every public function is documented
@pytest.mark.parametrize("name", [
    "to_halfwidth", "normalize_mobile", "normalize_landline", "normalize_phone",
    "validate_email", "parse_date", "parse_date_detailed", "ambiguous_date_options",
    "parse_datetime", "parse_amount", "amount_to_fen", "fen_to_yuan_text",
    "normalize_company_name", "mask_mobile", "phone_tail",
])
def test_public_functions_have_docstrings_and_hints(name):
    func = getattr(v, name)
    assert func.__doc__ and func.__doc__.strip()
    assert "return" in func.__annotations__
