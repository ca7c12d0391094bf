"""Column-wise, memoised cleaning (``columns``, ``KindImporter.clean_rows``) gives exactly
what the per-row ``KindImporter.clean`` gives, on messy ledgers of every kind."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from crmdesk.core.validation import FieldError, parse_amount, parse_date_detailed
from crmdesk.io.importing import fast
from crmdesk.io.importing.base import KindImporter, Options, RowResult
from crmdesk.io.importing.columns import MemoColumn, Refusal, outcome_function
from crmdesk.io.importing.customers import CustomerImporter
from crmdesk.io.importing.history import InteractionImporter, SurveyImporter
from crmdesk.io.importing.mapping import suggest_mapping
from crmdesk.io.importing.tickets import TicketImporter

CUSTOMER_HEADER = ["客户编号", "客户名称", "客户类型", "重要等级", "所属行业", "详细地址", "来源渠道", "联系人",
                   "手机", "联系电话", "邮箱", "合作开始日期", "历史订单金额(万元)", "客户标签", "客户经理", "备注"]
TICKET_HEADER = ["工单编号", "客户编号", "客户名称", "联系人", "联系电话", "受理渠道", "问题类型", "分级类型",
                 "受理时间", "处理人", "实际解决时间", "工单状态", "是否一次解决", "满意度评分", "备注"]

# cell values as legacy ledgers have them: blanks, spaces, numbers of every type, dates written
# every way (and ambiguous ones), amounts with units, phones with prefixes and full-width digits
MESSY = [
    "", "", None, "   ", "\u3000", 0, 1, 1.0, True, False, 2.5, -3, 45292, 45292.0, "45292",
    "2024/1/5", "2024-01-05", "2024.1.5", "2024年1月5日", "03/05/2024", "13/05/2024", "2024/13/40",
    dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 5, 9, 30), dt.date(2024, 1, 5), dt.datetime(2099, 1, 1),
    "12.5万", "125,000", "125000元", "-5", "abc", "1e400",
    "13812345678", 13812345678, 13812345678.0, "+86 138-1234-5678", "１３８１２３４５６７８", "1381234", "0755-88886666",
    "a@b.cn", "wrong@@mail", " 成交客户 ", "潜在", "VIP", "未知类型", "A", "b级", "是", "否", "√", "5分", "满意",
    "老客户介绍", "展会", "张伟", "（华强）电子·股份有限公司", "C2023-01", "c 2023", "ＧＤ２０２４", "高价值、老客户",
    "x" * 60, "长" * 250, "=SUM(A1)", "刘志强",
]


def _messy_rows(count: int, width: int, seed: int) -> list[tuple[int, list[object]]]:
    r = random.Random(seed)
    rows = []
    for number in range(count):
        cells = [r.choice(MESSY) for _ in range(width)]
        if number % 3 == 0:
            cells[1] = f"公司{r.randrange(count // 4)}"  # names repeat, as several contacts of one customer
        if number % 11 == 0:
            cells = cells[:r.randrange(1, width)]  # a short CSV line
        rows.append((number + 2, cells))
    return rows


def _snapshot(importer: KindImporter, rows: list[RowResult]) -> list[tuple]:
    return [(row.source_row, row.status, list(row.reasons), sorted(row.bad_columns), row.values, row.cells)
            for row in rows] + [importer.ambiguous_dates]


def _both(kind: type[KindImporter], header: list[str], rows: list[tuple[int, list[object]]], *,
          dayfirst: bool = False, block: int = 400) -> tuple[list[tuple], list[tuple]]:
    mapping = {int(c): k for c, k in suggest_mapping(header, kind.kind).items() if k}
    options = Options("test.xlsx", dayfirst=dayfirst, staff={"刘志强": 1})
    one_by_one = kind(mapping, header, options)
    expected = _snapshot(one_by_one, [one_by_one.clean(number, list(cells)) for number, cells in rows])
    by_columns = kind(mapping, header, options)
    got: list[RowResult] = []
    for start in range(0, len(rows), block):
        got += by_columns.clean_rows([(number, list(cells)) for number, cells in rows[start:start + block]])
    return expected, _snapshot(by_columns, got)


@pytest.mark.parametrize("dayfirst", [False, True])
def test_customers_by_columns_equal_row_by_row(dayfirst: bool) -> None:
    expected, got = _both(CustomerImporter, CUSTOMER_HEADER, _messy_rows(3000, len(CUSTOMER_HEADER), 7),
                          dayfirst=dayfirst)
    assert got == expected
    assert {row[1] for row in got[:-1]} == {"new", "error"}  # the sample does exercise refusals
    assert (got[-1] > 0) is not dayfirst  # and ambiguous dates (03/05/2024), which dayfirst reads day first


@pytest.mark.parametrize("kind", [TicketImporter, InteractionImporter, SurveyImporter])
def test_history_kinds_by_columns_equal_row_by_row(kind: type[KindImporter]) -> None:
    header = {TicketImporter: TICKET_HEADER,
              InteractionImporter: ["客户编号", "客户名称", "互动时间", "互动方式", "沟通内容摘要", "跟进人"],
              SurveyImporter: ["客户编号", "工单编号", "调查日期", "调查方式", "产品质量", "服务响应", "总体满意度",
                               "意见建议"]}[kind]
    expected, got = _both(kind, header, _messy_rows(1500, len(header), 11), block=250)
    assert got == expected


def test_a_sheet_of_one_mapped_column() -> None:
    expected, got = _both(CustomerImporter, ["客户名称"], [(n, [v]) for n, v in enumerate(MESSY * 3, start=2)])
    assert got == expected


def test_equal_numbers_of_different_types_are_not_confused() -> None:
    """1, 1.0 and True are equal dict keys, but 1 and True clean differently ("1" vs "是")."""
    column = MemoColumn(0, "notes", outcome_function("notes", "备注", None, 0))
    assert column.outcomes([1, 2.0]) == ["1", "2"]
    assert column.outcomes([True, 1.0, 1]) == ["是", "1", "1"]  # a later block brings another number type
    assert column.outcomes([False, 0, 2]) == ["否", "0", "2"]
    mixed = MemoColumn(0, "notes", outcome_function("notes", "备注", None, 0))
    assert mixed.outcomes([True, 1, 1.0, "1", False, 0]) == ["是", "1", "1", "1", "否", "0"]


def test_memo_is_kept_for_repeating_values_and_dropped_for_one_off_values() -> None:
    converted: list[object] = []

    def outcome(value: object) -> object:
        converted.append(value)
        return f"<{value}>"

    dates = MemoColumn(0, "coop_start", outcome)
    for block in range(4):  # 60 distinct values, each block meets most of them again
        values = [f"2024-01-{day % 60}" for day in range(block * 7, block * 7 + 1000)]
        assert dates.outcomes(values) == [f"<{v}>" for v in values]
    assert dates.memo is not None and len(converted) == 60

    mobiles = MemoColumn(1, "mobile", outcome)
    mobiles.outcomes([f"138{i:08d}" for i in range(1000)])
    assert mobiles.memo is not None  # one block tells nothing yet
    mobiles.outcomes([f"139{i:08d}" for i in range(1000)])
    assert mobiles.memo is None  # no repeats in the second block: every value is converted once, unmemoised
    converted.clear()
    assert mobiles.outcomes(["13700000000", "13700000000"]) == ["<13700000000>"] * 2
    assert converted == ["13700000000", "13700000000"]


def test_outcomes_are_values_blanks_or_refusals() -> None:
    text = outcome_function("contact", "联系人", None, 5)
    assert [text(v) for v in ("", None, "  ", " 张伟 ", 12.0)] == [None, None, None, "张伟", "12"]
    refused = text("长" * 6)
    assert isinstance(refused, Refusal) and refused.reason == "联系人：不能超过5个字（现有6个）"
    importer = CustomerImporter({0: "coop_start"}, ["合作开始日期"], Options("x.xlsx"))
    date = importer.columns[0].outcome
    assert date("2024/1/5") == dt.date(2024, 1, 5)
    ambiguous = date("03/05/2024")
    assert isinstance(ambiguous, Refusal) and ambiguous.ambiguous and "两种读法" in ambiguous.reason
    assert not date("2024/13/40").ambiguous  # type: ignore[union-attr]


def _validator_date(value: object) -> object:
    try:
        day, ambiguous = parse_date_detailed(value, "d")
    except FieldError:
        return "refused"
    return "ambiguous" if ambiguous else day


def _validator_amount(value: object) -> object:
    try:
        return parse_amount(value, "a")
    except FieldError:
        return "refused"


def test_fast_dates_and_amounts_equal_the_validator() -> None:
    """Where a fast path answers, it answers exactly like ``core.validation``; elsewhere it defers."""
    r = random.Random(3)
    dates: list[object] = [0, 1, 59, 60, 61, 73415, 73416, -5, 45292.0, 45292.5, True, "2024/2/30", "1899/12/31",
                           "2100-12-31", "2101-01-01", "2024年1月5日", "2024年1月5号", "2024.01.05 ", " 2024-1-5",
                           "２０２４-1-5", "2024-1-5 10:00", "20240105", "03/05/2024", "2024/1/5日", "2024-1/5"]
    for _ in range(3000):
        year, month, day = r.randrange(1890, 2110), r.randrange(0, 14), r.randrange(0, 33)
        sep = r.choice(["-", "/", ".", "年"])
        dates += [f"{year}{sep}{month}{'月' if sep == '年' else sep}{day}{r.choice(['', '日', '号'])}",
                  f"{year:04d}-{month:02d}-{day:02d}", r.randrange(-10, 80000), float(r.randrange(0, 80000))]
    answered = 0
    for value in dates:
        quick = fast.date(value)
        if quick is not None:
            answered += 1
            assert quick == _validator_date(value), value
    amounts: list[object] = [0, 1, -1, 10**15 - 1, 10**15, 2.5, True, "0", "007", "1,000", "1,00", "12,345,678.9",
                             "12.5万", "12.5万元", "0.000001万", "3千", "125000元", "125000元整", "￥125", "1.", ".5",
                             "１２５", "12 500", "-5", "(5)", "1e3", "999999999999999", "1000000000000000",
                             "99999999999.999万", "100000000000万"]
    for _ in range(3000):
        whole = r.randrange(0, 10**r.randrange(1, 17))
        amounts += [whole, f"{whole}", f"{whole:,}", f"{whole}元", f"{whole / 10**r.randrange(0, 6)}万",
                    f"{whole}.{r.randrange(0, 1000)}"]
    for value in amounts:
        quick = fast.amount(value)
        if quick is not None:
            answered += 1
            assert quick == _validator_amount(value) and str(quick) == str(_validator_amount(value)), value
    assert answered > 15000  # the fast paths do answer the common forms
