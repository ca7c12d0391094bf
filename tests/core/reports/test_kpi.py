"""The KPI service against a hand-built data set whose answers are worked out below.

The data set: October 2026 (and September, its previous month), numbers taken on
2026-11-05 12:00. Every ticket, callback, survey and customer is chosen to hit one rule of
the formulas in ``core.reports.kpi``; the expected values are derived in the comments next to them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from crmdesk.core.reports import kpi
from crmdesk.core.reports import lists as kpi_lists
from crmdesk.core.reports.kpi import Period
from crmdesk.core.store.errors import KnownError

pytestmark = pytest.mark.both_engines  # issue #19: SQLite and PostgreSQL (tests/helpers/postgres.py)

AS_OF = dt.datetime(2026, 11, 5, 12, 0)
OCT = Period.month(2026, 10)
SEP = Period.month(2026, 9)


def T(text: str) -> dt.datetime:
    return dt.datetime.strptime(f"2026-{text}", "%Y-%m-%d %H:%M")


@pytest.fixture
def data(db):
    """The hand-built data set (see the module doc); returns the ids the tests look up."""
    from crmdesk.core.store.models import ChangeLog, Customer, FollowUp, ImprovementItem, Staff, Survey, Ticket

    old = dt.datetime(2025, 1, 1)
    ids: dict[str, int] = {}

    def customer(key: str, tier: str, created: dt.datetime, **extra: object) -> None:
        ids[key] = Customer.create(code=f"C2026{len(ids):03d}", name=f"客户{key}", name_norm=f"客户{key}", tier=tier,
                                   created_at=created, updated_at=created, **extra).id

    # Tiers now: strategic c1, core c2, ordinary c3 c5 c6, dormant c4 c8 (c9 archived, c7 deleted).
    customer("c1", "strategic", old)
    customer("c2", "core", old)
    customer("c3", "ordinary", old)
    customer("c4", "dormant", old)  # turned dormant on 10-15 (change log below): ordinary at both starts
    customer("c5", "ordinary", T("10-10 09:00"))  # new in October
    customer("c6", "ordinary", T("09-05 09:00"))  # new in September
    customer("c7", "ordinary", T("10-12 09:00"), deleted_at=T("10-13 09:00"))  # deleted: never counts
    customer("c8", "dormant", dt.datetime(2024, 3, 1))  # dormant all along
    customer("c9", "dormant", dt.datetime(2023, 3, 1), status="archived")
    ChangeLog.create(customer=ids["c4"], entity="customer", entity_id=ids["c4"], field="客户层级", old_value="普通",
                     new_value="休眠", at=T("10-15 02:00"))
    c1 = ids["c1"]

    def ticket(key: str, category: str, created: str, *, response: str | None, response_due: str,
               resolution_due: str, resolved: str | None = None, stage: str = "archived", **extra: object) -> None:
        ids[key] = Ticket.create(
            number=f"GD-{key}", customer=c1, category=category, created_at=T(created), stage=stage,
            first_response_at=T(response) if response else None, response_due=T(response_due),
            resolution_due=T(resolution_due), resolved_at=T(resolved) if resolved else None, **extra).id

    # October: received T1–T6 (T7 deleted)
    ticket("T1", "fault", "10-02 09:00", response="10-02 10:00", response_due="10-02 13:00",  # 1 h, on time
           resolution_due="10-05 18:00", resolved="10-03 09:00", one_time_resolved=True)  # 24 h, on time
    ticket("T2", "usage", "10-03 09:00", response="10-03 15:00", response_due="10-03 13:00",  # 6 h, late
           resolution_due="10-06 18:00", resolved="10-08 09:00", stage="callback",  # 120 h, late
           one_time_resolved=False, redispatch_count=1)
    ticket("T3", "complaint", "10-10 10:00", response="10-10 11:00", response_due="10-10 12:00",  # 1 h, on time
           resolution_due="10-11 10:00", resolved="10-11 09:00", stage="resolved", severity="minor")  # 23 h, on time;
    # one-time flag unknown (imported): no reopen and no re-dispatch → one-time
    ticket("T4", "complaint", "10-20 09:00", response="10-20 09:30", response_due="10-20 11:00",  # 0.5 h, on time
           resolution_due="10-21 09:00", stage="in_progress", severity="serious")  # open past its due: a miss
    ticket("T5", "fault", "10-30 09:00", response=None, response_due="10-30 17:00",  # no answer, due passed: late
           resolution_due="11-06 09:00", stage="received")  # due after October: not a miss there
    ticket("T6", "fault", "10-31 20:00", response=None, response_due="11-06 10:00",  # not due yet: not counted
           resolution_due="11-10 09:00", stage="received")
    ticket("T7", "fault", "10-05 09:00", response="10-05 09:10", response_due="10-05 13:00",
           resolution_due="10-06 09:00", resolved="10-06 08:00", deleted_at=T("10-07 09:00"))
    # September: received T8–T10
    ticket("T8", "other", "09-20 09:00", response="09-20 11:00", response_due="09-20 13:00",  # 2 h, on time
           resolution_due="09-25 18:00", resolved="10-02 09:00",  # resolved in October: 288 h, late
           one_time_resolved=False, reopen_count=1)
    ticket("T9", "suggestion", "09-10 09:00", response="09-10 10:00", response_due="09-10 12:00",  # 1 h, on time
           resolution_due="10-03 18:00", stage="in_progress", paused=True)  # paused: its due is not a miss
    ticket("T10", "fault", "09-15 09:00", response="09-15 09:30", response_due="09-15 13:00",  # 0.5 h, on time
           resolution_due="09-18 18:00", resolved="09-16 09:00", one_time_resolved=True)  # 24 h, on time

    def callback(due: str, status: str, kind: str = "callback", **extra: object) -> None:
        FollowUp.create(customer=c1, due_at=T(due), kind=kind, status=status, **extra)

    callback("10-04 10:00", "done")  # due, done
    callback("10-09 10:00", "skipped", skip_reason="未联系上")  # due, not done
    callback("10-12 10:00", "skipped", skip_reason="工单已重新打开")  # closed by a reopen: not due
    callback("10-25 10:00", "planned")  # past due, not done
    callback("10-31 10:00", "done")  # due, done
    callback("10-05 10:00", "done", kind="manual")  # not a callback
    callback("10-06 10:00", "done", deleted_at=T("10-07 10:00"))  # deleted
    callback("09-17 10:00", "done")  # September: 1 of 1
    callback("11-03 10:00", "planned")  # November: past due at 11-05
    callback("11-20 10:00", "planned")  # November: not due yet

    def survey(key: str, day: str, q: int | None, r: int | None, c: int | None, p: int | None, o: int,
               comment: str = "") -> None:
        ids[key] = Survey.create(customer=c1, date=T(f"{day} 00:00").date(), quality=q, response=r, communication=c,
                                 professionalism=p, overall=o, comment=comment).id

    survey("S1", "10-04", 5, 5, 5, 5, 5)
    survey("S2", "10-09", 2, 4, 3, 4, 3, "配件质量差")  # low: quality 2, communication 3, overall 3
    survey("S3", "10-20", 5, 5, 4, 5, 4)  # a 4 is not low
    survey("S4", "10-28", None, None, None, None, 5)  # only the overall score asked
    survey("S5", "10-31", 4, 4, 4, 4, 2)  # low: overall 2
    survey("S6", "09-20", 4, 4, 4, 4, 4)
    survey("S7", "11-01", 1, 1, 1, 1, 1)  # November

    owner = Staff.create(name="王主管", role="owner")
    ids["owner"] = owner.id

    def item(key: str, created: str, done: bool, survey_key: str | None = None) -> None:
        ids[key] = ImprovementItem.create(item=f"事项{key}", action=f"措施{key}", owner=owner, due=T(created).date(),
                                          done=done, created_at=T(created),
                                          survey=ids[survey_key] if survey_key else None).id

    item("I1", "09-25 10:00", False)  # open from September: carried into October
    item("I2", "09-26 10:00", True)  # done in September: not in October
    item("I3", "10-10 10:00", True, "S2")  # October, done
    item("I4", "10-29 10:00", False, "S5")  # October, open
    item("I5", "11-02 10:00", False)  # November
    return ids


def approx(value: float | None, expected: float) -> None:
    # julianday() differences carry ~1e-9 h of rounding
    assert value is not None and value == pytest.approx(expected, abs=1e-6)


def test_ticket_kpis(data) -> None:
    k = kpi.compute(OCT, AS_OF)
    assert k.value("received") == 6  # T1–T6
    assert k.value("resolved") == 4  # T1, T2, T3 and September's T8
    # received in October and resolved by its end: T1 (10-03), T2 (10-08), T3 (10-11); T4–T6 open
    approx(k.value("resolution_rate"), 3 / 6)
    # September: T8, T9, T10 received; only T10 resolved by 09-30 (T8 on 10-02, T9 still open)
    approx(k.get("resolution_rate").previous, 1 / 3)
    approx(k.value("response_hours"), (1 + 6 + 1 + 0.5) / 4)  # T1–T4 answered
    approx(k.value("resolution_hours"), (24 + 120 + 23 + 288) / 4)
    approx(k.value("on_time_response"), 3 / 5)  # T1, T3, T4 of T1–T5 (T6 not due yet)
    approx(k.value("on_time_resolution"), 2 / (4 + 1))  # T1, T3 of the 4 resolved + T4 open past due
    approx(k.value("one_time_rate"), 2 / 4)  # T1 and T3 (flag unknown, no reopen or re-dispatch)
    assert k.value("complaints") == 2  # T3, T4
    approx(k.value("complaint_on_time"), 1 / 2)  # T3 on time, T4 open past due
    assert k.by_category == {"fault": 3, "usage": 1, "complaint": 2, "suggestion": 0, "other": 0}


def test_resolution_rate_never_passes_100_percent(data) -> None:
    """#14: 解决率 read 105.5 % when a backlog was cleared (resolved in P / received in P). From
    10-08 to 10-11: received T3 only; resolved T2 (10-08, received 10-03) and T3 (10-11). The old
    formula gave 2 / 1 = 200 %; now 1 / 1 (T3 received and resolved in the period), and 解决工单
    stays 2."""
    k = kpi.compute(Period.custom(dt.date(2026, 10, 8), dt.date(2026, 10, 11)), AS_OF)
    assert (k.value("received"), k.value("resolved")) == (1, 2)
    approx(k.value("resolution_rate"), 1.0)
    # in every month of the trend the rate stays within 0–100 %
    trend = kpi.compute(OCT, AS_OF, trend_months=12).trend
    assert all(v.values["resolution_rate"] is None or 0 <= v.values["resolution_rate"] <= 1 for v in trend)
    assert [v.values["resolution_rate"] for v in trend[-2:]] == pytest.approx([1 / 3, 3 / 6])


def test_callback_survey_and_customer_kpis(data) -> None:
    k = kpi.compute(OCT, AS_OF)
    approx(k.value("callback_rate"), 2 / 4)  # done 10-04, 10-31 of those plus 未联系上 10-09 and planned 10-25
    approx(k.value("csat"), (5 + 3 + 4 + 5 + 2) / 5)
    approx(k.value("csat100"), 3.8 * 20)
    approx(k.value("low_share"), 2 / 5)  # S2, S5
    assert k.value("surveys") == 5
    approx(k.dimensions["quality"], (5 + 2 + 5 + 4) / 4)  # S4 did not ask it
    approx(k.dimensions["communication"], (5 + 3 + 4 + 4) / 4)
    approx(k.dimensions["professionalism"], 4.5)
    assert k.value("new_customers") == 1  # c5 (c7 was deleted)
    approx(k.value("churn_rate"), 1 / 5)  # c4 of c1, c2, c3, c4, c6 (c8, c9 dormant, c5 newer)
    assert k.by_tier == {"strategic": 1, "core": 1, "ordinary": 3, "dormant": 2}  # c9 archived
    november = kpi.compute(Period.month(2026, 11), AS_OF)
    approx(november.value("callback_rate"), 0 / 1)  # 11-03 past due; 11-20 not yet due


def test_previous_period_change_and_targets(data) -> None:
    k = kpi.compute(OCT, AS_OF)
    assert k.previous_period == SEP
    received, csat = k.get("received"), k.get("csat")
    assert received.previous == 3  # T8–T10
    assert received.change == 3
    approx(csat.previous, 4.0)
    approx(csat.change, -0.2)
    assert csat.improved is False
    approx(k.get("resolution_hours").previous, 24.0)
    assert k.get("on_time_resolution").previous == 1.0  # T10 on time; T9 paused
    assert k.get("complaint_on_time").previous is None  # no complaints in September
    assert k.get("complaint_on_time").change is None
    assert k.get("churn_rate").previous == 0.0
    assert k.get("new_customers").previous == 1  # c6
    assert k.get("one_time_rate").definition.target == 0.85
    assert k.get("one_time_rate").met is False
    assert k.get("csat").definition.target == 4.5 and k.get("csat100").definition.target == 90
    assert k.get("low_share").met is False  # 40 % against at most 10 %
    assert k.get("churn_rate").met is False
    september = kpi.compute(SEP, AS_OF)
    assert september.get("one_time_rate").met is True  # T10: 100 %
    assert september.get("on_time_response").met is True


def test_trend_months_equal_the_single_period_numbers(data) -> None:
    """The grouped monthly scan and the per-period index queries give the same numbers."""
    with_trend = kpi.compute(OCT, AS_OF, trend_months=12)
    alone = kpi.compute(OCT, AS_OF)
    for a, b in zip(with_trend.kpis, alone.kpis):
        assert (a.key, a.value, a.previous) == (b.key, pytest.approx(b.value), pytest.approx(b.previous))
    assert with_trend.by_category == alone.by_category
    assert with_trend.dimensions == pytest.approx(alone.dimensions)
    trend = with_trend.trend
    assert [v.period.label for v in trend][-3:] == ["2026年8月", "2026年9月", "2026年10月"]
    assert len(trend) == 12 and trend[0].period == Period.month(2025, 11)
    september = kpi.values(SEP, AS_OF)
    for key in kpi.TREND_KEYS:
        assert trend[-2].values[key] == pytest.approx(september.values[key]), key
    assert trend[0].values["received"] == 0 and trend[0].values["csat"] is None
    assert trend[-1].values["callback_rate"] is None  # not part of the trend scan


def test_periods() -> None:
    assert OCT.previous() == SEP
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    q4 = Period.quarter(2026, 4)
    assert (q4.start, q4.end, q4.label) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1), "2026年第4季度")
    assert q4.previous() == Period.quarter(2026, 3)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    custom = Period.custom(dt.date(2026, 10, 5), dt.date(2026, 10, 14))  # ten days
    assert custom.previous() == Period.custom(dt.date(2026, 9, 25), dt.date(2026, 10, 4))
    assert custom.label == "2026-10-05 至 2026-10-14"
    assert Period.parse_month("2026-02").end == dt.date(2026, 3, 1)
    for bad in ("2026-13", "202611", "十一月", ""):
        with pytest.raises(KnownError) as info:
            Period.parse_month(bad)
        assert "YYYY-MM" not in info.value.message or bad in info.value.message
    with pytest.raises(KnownError):
        Period.custom(dt.date(2026, 10, 5), dt.date(2026, 10, 1))
    assert [p.label for p in kpi.last_months(q4, 3)] == ["2026年10月", "2026年11月", "2026年12月"]


def test_quarter_sums_its_months(data) -> None:
    q4 = kpi.compute(Period.quarter(2026, 4), AS_OF)
    assert q4.value("received") == 6 + 0  # October's six; November has none
    assert q4.get("received").previous == 3  # the third quarter: September's three
    approx(q4.value("csat"), (19 + 1) / 6)  # S1–S5 and November's S7


def test_overdue_list_is_the_on_time_resolution_misses(data) -> None:
    total, lines = kpi_lists.overdue(OCT, AS_OF)
    assert total == 3
    assert [line.number for line in lines] == ["GD-T4", "GD-T8", "GD-T2"]  # most hours late first
    assert lines[0].resolved_at is None  # T4: still open, 15 days 3 hours past its due at AS_OF
    assert lines[0].hours_late == 15 * 24 + 3
    assert lines[1].hours_late == 6 * 24 + 15  # T8: resolved 10-02 09:00, due 09-25 18:00
    misses = kpi.compute(OCT, AS_OF)
    approx(misses.value("on_time_resolution"), (5 - total) / 5)


def test_complaint_and_low_score_lists(data) -> None:
    total, complaints = kpi_lists.complaints(OCT, AS_OF)
    assert total == 2
    assert [(c.number, c.on_time) for c in complaints] == [("GD-T3", True), ("GD-T4", False)]
    total, low = kpi_lists.low_scores(OCT)
    assert total == 2
    assert [s.survey_id for s in low] == [data["S5"], data["S2"]]  # both lowest 2; S5's overall is lower
    assert low[1].low_dimensions == ["quality", "communication", "overall"]
    assert low[1].comment == "配件质量差"
    assert [(a.action, a.owner, a.done) for a in low[1].actions] == [("措施I3", "王主管", True)]
    assert [a.action for a in low[0].actions] == ["措施I4"]


@pytest.mark.sqlite_only  # SQLite's covering indexes and hints
def test_covering_indexes_give_the_same_numbers(data) -> None:
    """Schema 5's covering indexes make each month an index range scan; without them, the same answers."""
    from crmdesk.core.reports import measures as kpi_measures
    from crmdesk.core.store.models import database_proxy

    assert kpi_measures.covering_indexes()  # found by their columns, whatever the migration names them
    created, resolved = kpi_measures.covering_index("created_at"), kpi_measures.covering_index("resolved_at")
    plan = " ".join(str(row) for row in database_proxy.execute_sql(
        f'EXPLAIN QUERY PLAN SELECT count(*) FROM ticket INDEXED BY "{created}" '
        "WHERE created_at >= '2026-10-01' AND created_at < '2026-11-01' AND deleted_at IS NULL"))
    assert "COVERING INDEX" in plan
    after = kpi.compute(OCT, AS_OF, trend_months=12)
    database_proxy.execute_sql(f'DROP INDEX "{created}"')
    database_proxy.execute_sql(f'DROP INDEX "{resolved}"')
    assert not kpi_measures.covering_indexes()
    before = kpi.compute(OCT, AS_OF, trend_months=12)
    assert [(k.value, k.previous) for k in after.kpis] == [(pytest.approx(k.value), pytest.approx(k.previous))
                                                           for k in before.kpis]
    for a, b in zip(after.trend, before.trend):
        assert a.period == b.period and a.values == pytest.approx(b.values)


def test_every_number_opens_the_items_it_counts(data) -> None:
    """#14: each KPI card and chart point lists what is behind it — the same rows the KPI counts."""
    from crmdesk.core.reports import items as kpi_items

    k = kpi.compute(OCT, AS_OF)
    expected = {  # key: (rows listed, rows counted above the line) — from the data set's comments
        "received": (6, 0), "resolved": (4, 0),
        "resolution_rate": (6, 3),  # T1–T6; T1, T2, T3 resolved by 10-31
        "response_hours": (4, 0), "resolution_hours": (4, 0),
        "on_time_response": (5, 3),  # T1–T5 decided (T6 not due yet); T1, T3, T4 on time
        "on_time_resolution": (5, 2),  # T1, T2, T3, T8 resolved + T4 breached open; T1, T3 on time
        "one_time_rate": (4, 2),  # T1 and T3 (no reopen, no re-dispatch)
        "complaints": (2, 0), "complaint_on_time": (2, 1),  # T3 on time, T4 breached
        "callback_rate": (4, 2),  # 10-04 done, 10-09 unreachable, 10-25 overdue, 10-31 done
        "csat": (5, 0), "csat100": (5, 0), "low_share": (5, 2), "surveys": (5, 0),
        "new_customers": (1, 0),  # c5 (c7 deleted)
        "churn_rate": (1, 0),  # c4 turned dormant on 10-15
    }
    for key, (rows, counted) in expected.items():
        detail = kpi_items.detail(key, OCT, AS_OF)
        assert (detail.total, detail.counted) == (rows, counted), key
        assert detail.title.endswith("2026年10月") and detail.formula == kpi.KPI_BY_KEY[key].explanation()
        assert all(len(r.cells) == len(detail.columns) for r in detail.rows), key
    # a rate's rows and flags give its value back
    for key in ("resolution_rate", "on_time_response", "on_time_resolution", "one_time_rate", "complaint_on_time",
                "callback_rate", "low_share"):
        detail = kpi_items.detail(key, OCT, AS_OF)
        approx(k.value(key), detail.counted / detail.total)
    rate = kpi_items.detail("resolution_rate", OCT, AS_OF)
    assert [(r.cells[0], r.counted) for r in rate.rows] == [
        ("GD-T1", True), ("GD-T2", True), ("GD-T3", True), ("GD-T4", False), ("GD-T5", False), ("GD-T6", False)]
    assert rate.rows[0].kind == "ticket" and rate.rows[0].ticket_id == data["T1"]
    # chart points: a category bar, a tier bar, a dimension bar, a month of the trend
    assert kpi_items.detail("received", OCT, AS_OF, category="complaint").total == k.by_category["complaint"] == 2
    tier = kpi_items.detail("customers", OCT, AS_OF, tier="dormant")
    assert tier.total == k.by_tier["dormant"] == 2 and tier.title == "客户层级（当前）：休眠"
    quality = kpi_items.detail("surveys", OCT, AS_OF, dimension="quality")
    assert quality.total == 4 and quality.rows[0].kind == "survey"  # S4 asked only the overall score
    assert kpi_items.detail("received", SEP, AS_OF).total == 3
    callbacks = kpi_items.detail("callback_rate", OCT, AS_OF)
    assert [r.cells[3] for r in callbacks.rows] == ["已完成", "已关闭（未联系上）", "逾期未做", "已完成"]


def test_month_to_date_is_compared_with_the_same_days() -> None:
    """本月至今 on 2026-12-05: 1–5 December against 1–5 November, never a partial month against a
    full one; the trend ends with the last complete month."""
    mtd = Period.month_to_date(dt.date(2026, 12, 5))
    assert (mtd.start, mtd.end, mtd.kind) == (dt.date(2026, 12, 1), dt.date(2026, 12, 6), "mtd")
    assert mtd.previous() == Period(dt.date(2026, 11, 1), dt.date(2026, 11, 6), "mtd")
    assert mtd.label == "2026年12月1日至5日" and mtd.previous().label == "2026年11月1日至5日"
    assert mtd.trend_end == dt.date(2026, 11, 30)
    # on 31 March the month before has only 28 days: all of February
    assert Period.month_to_date(dt.date(2026, 3, 31)).previous() == Period(dt.date(2026, 2, 1), dt.date(2026, 3, 1),
                                                                          "mtd")
    assert Period.last_complete_month(dt.date(2026, 12, 5)) == Period.month(2026, 11)
    assert Period.last_complete_month(dt.date(2027, 1, 1)) == Period.month(2026, 12)
