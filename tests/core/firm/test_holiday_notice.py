"""The holiday notice parser against the State Council's own notices for 2025 and 2026.

The texts below are the published notices (国务院办公厅关于2025年部分节假日安排的通知, 国办发明电
〔2024〕12号, 2024-11-12; 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04) as an owner would
paste them from the government's site, preamble and closing paragraphs included. Their arrangement is
in the calendar the app ships (chinesecalendar 1.11), so every day of each year is compared with it.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from crmdesk.core.firm import holiday_notice
from crmdesk.core.store.errors import KnownError

NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
国办发明电〔2024〕12号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经党中央、国务院批准，根据2024年11月修订的《全国年节及纪念日放假办法》，自2025年1月1日起，全体公民放假的\
假日增加2天，其中春节、劳动节各增加1天。据此对放假调休原则作进一步优化完善，除个别特殊情形外，春节自农历除夕起\
放假调休8天，国庆节自10月1日起放假调休7天，劳动节放假调休5天，元旦、清明节、端午节、中秋节分别放假调休或连休3天\
（如逢周三则只在当日放假），国庆节放假如逢中秋节则合并放假8天。
　　按照上述原则，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周三）放假1天，不调休。
　　二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日\
（周六）上班。
　　三、清明节：4月4日（周五）至6日（周日）放假，共3天。
　　四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
　　五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
　　六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并\
妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2024年11月12日
"""

# as it reads when copied from a news site: half-width punctuation, one paragraph per line
NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府,国务院各部委、各直属机构:
经国务院批准,现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。
二、春节:2月15日(农历腊月二十八、周日)至23日(农历正月初七、周一)放假调休,共9天。2月14日(周六)、2月28日(周六)上班。
三、清明节:4月4日(周六)至6日(周一)放假,共3天。
四、劳动节:5月1日(周五)至5日(周二)放假调休,共5天。5月9日(周六)上班。
五、端午节:6月19日(周五)至21日(周日)放假,共3天。
六、中秋节:9月25日(周五)至27日(周日)放假,共3天。
七、国庆节:10月1日(周四)至7日(周三)放假调休,共7天。9月20日(周日)、10月10日(周六)上班。
鼓励单位和个人结合落实带薪年休假等制度,实际形成较长假期,推动错峰出行。节假日期间,各地区、各部门要妥善安排好值班和\
安全、保卫、疫情防控等工作,遇有重大突发事件,要按规定及时报告并妥善处置,确保人民群众祥和平安度过节日假期。
国务院办公厅
2025年11月4日
"""


def _is_workday(arrangement: holiday_notice.Arrangement, day: dt.date) -> bool:
    """A day's status by the arrangement alone: its days, else Monday–Friday."""
    if day in arrangement.workdays:
        return True
    if day in arrangement.holidays:
        return False
    return day.weekday() < 5


@pytest.mark.parametrize(("text", "year"), [(NOTICE_2025, 2025), (NOTICE_2026, 2026)])
def test_official_notice_gives_the_shipped_calendar_day_by_day(text: str, year: int) -> None:
    arrangement = holiday_notice.parse(text)
    assert arrangement.year == year and arrangement.warnings == []
    day = dt.date(year, 1, 1)
    while day.year == year:
        assert _is_workday(arrangement, day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
    shipped_holidays = {d for d in chinese_calendar.holidays if d.year == year}
    assert set(arrangement.holidays) == shipped_holidays  # every day of every break, weekends inside included
    shipped_workdays = {d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5}
    assert set(arrangement.workdays) == shipped_workdays


def test_items_names_and_counts_of_2026() -> None:
    arrangement = holiday_notice.parse(NOTICE_2026)
    names = [item.name for item in arrangement.items]
    assert names == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    spring = arrangement.items[1]
    assert (spring.holidays[0], spring.holidays[-1], len(spring.holidays)) == (
        dt.date(2026, 2, 15), dt.date(2026, 2, 23), 9)
    assert spring.workdays == [dt.date(2026, 2, 14), dt.date(2026, 2, 28)]
    assert arrangement.holidays[dt.date(2026, 10, 1)] == "国庆节"
    assert arrangement.workdays[dt.date(2026, 1, 4)] == "元旦调休上班"
    assert len(arrangement.days) == 33 + 6


def test_the_preamble_dates_are_not_holidays() -> None:
    """“自2025年1月1日起” and “国庆节自10月1日起” in the preamble, “2024年11月12日” at the end: only the
    numbered items set days."""
    arrangement = holiday_notice.parse(NOTICE_2025)
    assert dt.date(2024, 11, 12) not in arrangement.holidays
    assert min(arrangement.holidays) == dt.date(2025, 1, 1) and max(arrangement.holidays) == dt.date(2025, 10, 8)
    assert [item.name for item in arrangement.items][-1] == "国庆节、中秋节"


def test_a_wrong_year_is_caught_by_the_weekdays() -> None:
    """The 2026 text read as 2027 (the year typed wrongly): every stated weekday is off, and the
    warnings say which year fits."""
    arrangement = holiday_notice.parse(NOTICE_2026, year=2027)
    assert arrangement.year == 2027
    assert any("2027 年的这一天是" in w for w in arrangement.warnings)
    assert arrangement.warnings[-1] == "通知中写的星期与 2026 年相符：这是 2026 年的通知吗？"


def test_counts_and_make_up_days_are_checked() -> None:
    text = ("关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共4天。\n"
            "二、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月28日（周三）上班。")
    arrangement = holiday_notice.parse(text)
    assert arrangement.warnings == ["元旦：通知写共 4 天，按日期算是 3 天。",
                                    "劳动节：上班日 4月28日 是周三，调休上班一般在周六或周日。"]


def test_old_style_notice_with_xingqi_explicit_years_and_a_break_across_the_new_year() -> None:
    """Older notices write 星期, give years, and put 元旦 across the new year."""
    text = ("国务院办公厅关于2018年部分节假日安排的通知\n"
            "一、元旦：2017年12月30日至2018年1月1日放假调休，共3天。\n"
            "二、春节：2月15日至21日放假调休，共7天。2月11日（星期日）、2月24日（星期六）上班。")
    arrangement = holiday_notice.parse(text)
    assert arrangement.warnings == []
    assert sorted(arrangement.holidays)[:3] == [dt.date(2017, 12, 30), dt.date(2017, 12, 31), dt.date(2018, 1, 1)]
    assert set(arrangement.workdays) == {dt.date(2018, 2, 11), dt.date(2018, 2, 24)}
    for day in (dt.date(2018, 2, 11), dt.date(2018, 2, 15), dt.date(2018, 2, 21), dt.date(2018, 2, 24)):
        assert _is_workday(arrangement, day) == chinese_calendar.is_workday(day)


def test_text_without_items_or_year_is_refused() -> None:
    with pytest.raises(KnownError, match="没有找到"):
        holiday_notice.parse("春节放假七天，大家注意安全。")
    with pytest.raises(KnownError, match="年份"):
        holiday_notice.parse("一、元旦：1月1日放假1天。")
    assert holiday_notice.parse("一、元旦：1月1日放假1天。", year=2027).holidays == {dt.date(2027, 1, 1): "元旦"}
