"""The demo data generator (``crmdesk demo``, docs/spec.md §8/§9): shape, validity, determinism, safety."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import defaultdict
from contextlib import closing
from pathlib import Path

import pytest

from crmdesk.core.customers import search
from crmdesk.core.demo import writer as demo
from crmdesk.core.store import db as crm_db
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.validation import normalize_company_name, normalize_landline, normalize_mobile

TODAY = dt.date(2026, 5, 20)
NOW = "2026-05-20 08:00:00"
CUSTOMERS = 200
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with closing(sqlite3.connect(str(path))) as conn:
        return conn.execute(sql, params).fetchall()


def scalar(path: Path, sql: str, params: tuple = ()) -> object:
    return rows(path, sql, params)[0][0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], list[tuple[int, int]]]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    calls: list[tuple[int, int]] = []
    counts = demo.generate(path, CUSTOMERS, seed=7, today=TODAY, progress=lambda d, t: calls.append((d, t)))
    return path, counts, calls


def test_counts_match_the_tables_and_the_reference_proportions(generated):
    path, counts, _calls = generated
    for table, count in counts.items():
        assert scalar(path, f'SELECT count(*) FROM "{table}"') == count, table
    n = counts["customer"]
    assert n == CUSTOMERS
    assert counts["staff"] == 8
    assert 2.4 <= counts["ticket"] / n <= 3.6
    assert 4.2 <= counts["interaction"] / n <= 5.8
    assert 0.75 <= counts["survey"] / n <= 1.25
    assert 1.3 <= counts["contact"] / n <= 2.0
    assert 1.6 <= counts["customer_order"] / n <= 3.2
    assert 5 <= counts["ticket_event"] / counts["ticket"] <= 8
    assert counts["follow_up"] > n and counts["customer_tag"] > 0


def test_staff_roles(generated):
    path = generated[0]
    roles = dict(rows(path, "SELECT role, count(*) FROM staff GROUP BY role"))
    assert roles["owner"] == 1 and 3 <= roles["engineer"] <= 4 and roles["clerk"] >= 2


def test_customer_codes_are_unique_and_carry_the_creation_year(generated):
    path = generated[0]
    codes = rows(path, "SELECT code, created_at FROM customer ORDER BY id")
    assert len({code for code, _ in codes}) == len(codes)
    for code, created in codes:
        assert re.fullmatch(r"C\d{4}\d{3,}", code), code
        assert code[1:5] == created[:4]


def test_ticket_numbers_count_per_day_in_time_order(generated):
    path = generated[0]
    tickets = rows(path, "SELECT number, created_at FROM ticket ORDER BY created_at, id")
    per_day: dict[str, list[int]] = defaultdict(list)
    for number, created in tickets:
        match = re.fullmatch(r"GD(\d{8})-(\d{3,4})", number)
        assert match, number
        assert match.group(1) == created[:10].replace("-", "")
        per_day[match.group(1)].append(int(match.group(2)))
    for day, sequence in per_day.items():
        assert sequence == list(range(1, len(sequence) + 1)), day
    assert dict(rows(path, "SELECT day, last FROM ticket_counter")) == {d: len(s) for d, s in per_day.items()}


def test_contacts_have_valid_phones_and_one_primary(generated):
    path = generated[0]
    contacts = rows(path, "SELECT customer_id, mobile, mobile_key, mobile_tail, phone, is_primary, has_left FROM contact")
    primaries: dict[int, int] = defaultdict(int)
    for customer, mobile, key, tail, phone, primary, left in contacts:
        if mobile:
            assert re.fullmatch(r"1[3-9]\d{9}", mobile), mobile
            assert normalize_mobile(mobile) == mobile
        assert (key, tail) == search.phone_index_keys(mobile)
        if phone:
            assert normalize_landline(phone) == phone
        if primary:
            assert mobile and not left
        primaries[customer] += primary
    assert set(primaries.values()) == {1}
    assert len(primaries) == CUSTOMERS


def test_database_is_sound_and_keeps_its_schema(generated, tmp_path):
    path = generated[0]
    assert scalar(path, "PRAGMA integrity_check") == "ok"
    assert rows(path, "PRAGMA foreign_key_check") == []
    assert scalar(path, "PRAGMA journal_mode") == "wal"
    fresh = tmp_path / "fresh.db"
    crm_db.prepare(fresh)
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    assert rows(path, schema) == rows(fresh, schema)


def test_times_are_well_formed_and_relative_to_today(generated):
    path = generated[0]
    for table, column in [("customer", "created_at"), ("ticket", "created_at"), ("ticket", "resolution_due"),
                          ("ticket_event", "at"), ("interaction", "at"), ("follow_up", "due_at")]:
        for (value,) in rows(path, f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'):
            assert DATETIME.match(value), (table, column, value)
    for table, column in [("customer_order", "date"), ("survey", "date"), ("customer", "coop_start")]:
        for (value,) in rows(path, f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'):
            assert DATE.match(value), (table, column, value)
    for table, column in [("customer", "created_at"), ("ticket", "created_at"), ("ticket_event", "at"),
                          ("interaction", "at"), ("customer_order", "date")]:
        assert scalar(path, f'SELECT max("{column}") FROM "{table}"') < NOW, (table, column)
    assert scalar(path, "SELECT max(created_at) FROM ticket") > "2026-05-17"
    assert scalar(path, "SELECT min(created_at) FROM customer") >= "2020-05-01"
    assert scalar(path, "SELECT min(created_at) FROM ticket") >= "2024-11-01"
    planned = rows(path, "SELECT min(due_at), max(due_at) FROM follow_up WHERE status = 'planned' AND kind <> 'callback'")
    assert planned[0][0] >= "2026-05-11" and planned[0][1] <= "2026-07-20"


def test_ticket_history_matches_the_ticket(generated):
    path = generated[0]
    events: dict[int, list[tuple]] = defaultdict(list)
    for ticket, kind, frm, to, at, operator in rows(
            path, "SELECT ticket_id, kind, from_stage, to_stage, at, operator_id FROM ticket_event ORDER BY id"):
        events[ticket].append((kind, frm, to, at, operator))
    tickets = rows(path, "SELECT id, stage, created_at, resolved_at, one_time_resolved, reopen_count, category, "
                         "severity, satisfaction, first_response_at, response_due FROM ticket")
    assert len(events) == len(tickets)
    for tid, stage, created, resolved, one_time, reopens, category, severity, satisfaction, _first, due in tickets:
        history = events[tid]
        assert history[0][:3] == ("transition", "", "received") and history[0][3] == created
        assert [e[3] for e in history] == sorted(e[3] for e in history)
        assert all(e[4] is not None for e in history)
        moves = [e for e in history if e[0] in ("transition", "reopen", "redispatch")]
        assert moves[-1][2] == stage
        assert sum(e[0] == "reopen" for e in history) == reopens
        resolved_stage = stage in ("resolved", "callback", "archived")
        assert (resolved is not None) == resolved_stage == (one_time is not None)
        assert (category == "complaint") == (severity != "")
        if satisfaction is not None:
            assert 1 <= satisfaction <= 5
        assert due > created


def test_service_levels_look_realistic(generated):
    path = generated[0]
    late_response = scalar(path, "SELECT avg(first_response_at > response_due) FROM ticket "
                                 "WHERE first_response_at IS NOT NULL")
    late_resolution = scalar(path, "SELECT avg(resolved_at > resolution_due) FROM ticket WHERE resolved_at IS NOT NULL")
    one_time = scalar(path, "SELECT avg(one_time_resolved) FROM ticket WHERE one_time_resolved IS NOT NULL")
    complaints = scalar(path, "SELECT avg(category = 'complaint') FROM ticket")
    csat = scalar(path, "SELECT avg(overall) FROM survey")
    assert 0.02 <= late_response <= 0.16
    assert 0.04 <= late_resolution <= 0.2
    assert 0.75 <= one_time <= 0.93
    assert 0.04 <= complaints <= 0.13
    assert 4.2 <= csat <= 4.8
    assert scalar(path, "SELECT count(*) FROM ticket WHERE stage IN "
                        "('received', 'classified', 'dispatched', 'in_progress')") > 0


def test_customer_totals_last_contact_and_tiers_follow_the_data(generated):
    path = generated[0]
    totals = dict(rows(path, "SELECT customer_id, sum(amount_fen) FROM customer_order GROUP BY customer_id"))
    annual = dict(rows(path, "SELECT customer_id, sum(amount_fen) FROM customer_order "
                             "WHERE date >= date(?, '-365 days') GROUP BY customer_id", (str(TODAY),)))
    last = dict(rows(path, "SELECT customer_id, max(at) FROM interaction GROUP BY customer_id"))
    year_ago = f"{TODAY - dt.timedelta(days=365)} 00:00:00"
    for cid, total, contact, tier, pinned, coop, ctype, created in rows(
            path, "SELECT id, total_order_fen, last_contact_at, tier, tier_pinned, coop_start, type, created_at "
                  "FROM customer"):
        assert total == totals.get(cid, 0)
        assert contact == last.get(cid)
        assert (coop is None) == (ctype == "prospect")
        if pinned:
            assert tier == "strategic"
            continue
        year = annual.get(cid, 0)
        months = 0
        if coop:
            start = dt.date.fromisoformat(coop)
            months = (TODAY.year - start.year) * 12 + TODAY.month - start.month - (TODAY.day < start.day)
        if year >= 50_0000_00:
            expected = "strategic"
        elif year >= 10_0000_00 and months >= 12:
            expected = "core"
        elif (not year and (contact is None or contact < year_ago) and (coop is None or coop < year_ago[:10])
              and min(created, f"{coop} 00:00:00" if coop else created) < year_ago):
            expected = "dormant"  # 365 days without order, interaction or cooperation start, while known
        else:
            expected = "ordinary"
        assert tier == expected, cid
    assert scalar(path, "SELECT count(DISTINCT tier) FROM customer") >= 3


def test_the_apps_own_tier_and_churn_rules_agree(generated, tmp_path):
    """Recomputing with ``core.customers.tiers`` (as the app does on start) changes nothing."""
    import shutil

    from crmdesk.core.customers import tiers

    path = tmp_path / "copy.db"
    shutil.copy(generated[0], path)
    flagged = dict(rows(path, "SELECT id, risk_reasons FROM customer WHERE at_risk = 1"))
    followups = scalar(path, "SELECT count(*) FROM follow_up")
    database = crm_db.open_database(path)
    try:
        assert {cid: "\n".join(lines) for cid, lines in tiers.churn_reasons(TODAY).items()} == flagged
        result = tiers.recompute(TODAY)
    finally:
        database.close()
    assert result.changed == {}
    assert result.at_risk == len(flagged)
    assert 0 < len(flagged) < CUSTOMERS * 0.15
    assert scalar(path, "SELECT count(*) FROM follow_up") == followups  # no flag changed: nothing re-planned


def test_departments_members_and_routing_come_with_the_demo(generated, tmp_path):
    """The demo firm is organised (docs/spec.md §13): every person in a department, a head each, a routing
    table the ticket form proposes from, and per-department KPIs with numbers."""
    import shutil

    from crmdesk.core.org import routing
    from crmdesk.core.reports import team
    from crmdesk.core.reports.kpi import Period

    assert scalar(generated[0], "SELECT count(*) FROM staff WHERE department_id IS NULL") == 0
    assert rows(generated[0], "SELECT d.name, s.name FROM department d JOIN staff s ON s.id = d.head_id "
                              "ORDER BY d.position") == [("客服部", "李晓梅"), ("技术服务部", "刘志强"), ("总经办", "王建国")]
    engineers = {r[0] for r in rows(generated[0], "SELECT s.name FROM staff s JOIN department d ON d.id = s.department_id "
                                                  "WHERE d.name = '技术服务部'")}
    assert engineers == {"刘志强", "张伟", "周海涛", "吴俊杰"}
    path = tmp_path / "copy.db"
    shutil.copy(generated[0], path)
    database = crm_db.open_database(path)
    try:
        proposal = routing.propose(routing.Facts("fault"))
        assert proposal is not None and proposal.department == "技术服务部" and proposal.assignee in engineers
        complaint = routing.propose(routing.Facts("complaint", severity="serious"))
        assert complaint is not None and complaint.department == "客服部" and complaint.assignee == "李晓梅"
        month = TODAY.replace(day=1) - dt.timedelta(days=1)
        kpis = team.compute(Period.month(month.year, month.month), dt.datetime(2026, 5, 20, 8))
        received = {row.name: row.get("received").value for row in kpis.departments}
        assert (received.get("技术服务部") or 0) > 0
    finally:
        database.close()


def test_near_duplicates_are_planted_and_names_are_otherwise_unique(tmp_path):
    path = tmp_path / "dups.db"
    demo.generate(path, 1500, seed=3, today=TODAY)
    names = rows(path, "SELECT name, name_norm FROM customer")
    groups: dict[str, list[str]] = defaultdict(list)
    for name, norm in names:
        assert norm == normalize_company_name(name)
        groups[norm].append(name)
    duplicates = [g for g in groups.values() if len(g) > 1]
    assert 3 <= len(duplicates) <= 40
    assert all(len(set(group)) == len(group) for group in duplicates)  # spelled differently
    assert all(len(group) == 2 for group in duplicates)


def test_same_seed_and_day_give_identical_rows(tmp_path):
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    demo.generate(a, 120, seed=5, today=TODAY)
    demo.generate(b, 120, seed=5, today=TODAY)
    demo.generate(c, 120, seed=6, today=TODAY)
    for table in ("customer", "contact", "ticket", "ticket_event", "interaction", "follow_up", "survey",
                  "customer_order", "ticket_counter"):
        order = "day" if table == "ticket_counter" else "id"
        sql = f'SELECT * FROM "{table}" ORDER BY {order}'
        assert rows(a, sql) == rows(b, sql), table
    assert rows(a, "SELECT name FROM customer ORDER BY id") != rows(c, "SELECT name FROM customer ORDER BY id")


def test_a_database_with_customers_is_refused(generated):
    path = generated[0]
    before = scalar(path, "SELECT count(*) FROM ticket")
    with pytest.raises(KnownError):
        demo.generate(path, 10, seed=1, today=TODAY)
    assert scalar(path, "SELECT count(*) FROM customer") == CUSTOMERS
    assert scalar(path, "SELECT count(*) FROM ticket") == before


def test_cancel_leaves_the_database_empty(tmp_path):
    path = tmp_path / "cancel.db"
    checks: list[int] = []

    def cancelled() -> bool:
        checks.append(1)
        return len(checks) >= 3  # after two chunks were written

    with pytest.raises(OperationCancelled):
        demo.generate(path, 5 * demo.CHUNK, seed=1, today=TODAY, cancelled=cancelled)
    assert len(checks) == 3
    for table in ("customer", "contact", "ticket", "ticket_event", "staff", "customer_fts"):
        assert scalar(path, f'SELECT count(*) FROM "{table}"') == 0, table
    assert scalar(path, "PRAGMA integrity_check") == "ok"
    # nothing was left behind: the file can still be filled
    assert demo.generate(path, 20, seed=1, today=TODAY)["customer"] == 20


def test_progress_is_reported(generated, tmp_path):
    assert generated[2] == [(CUSTOMERS, CUSTOMERS)]
    calls: list[tuple[int, int]] = []
    demo.generate(tmp_path / "p.db", 2 * demo.CHUNK + 10, seed=2, today=TODAY,
                  progress=lambda done, total: calls.append((done, total)))
    total = 2 * demo.CHUNK + 10
    assert calls == [(demo.CHUNK, total), (2 * demo.CHUNK, total), (total, total)]


def test_search_index_finds_generated_customers(generated):
    path = generated[0]
    cid, name = rows(path, "SELECT id, name FROM customer WHERE name LIKE '%公司' ORDER BY id LIMIT 1 OFFSET 17")[0]
    contact_name, mobile = rows(path, "SELECT name, mobile FROM contact WHERE customer_id = ? AND is_primary = 1",
                                (cid,))[0]
    word = re.sub(r"^.*?市|（.*", "", name)[:4]  # trade name + start of the industry word
    queries = [word[:2], word[:3], name, contact_name, mobile, mobile[-4:]]
    with closing(sqlite3.connect(str(path))) as conn:
        for query in queries:
            clause, params = search.match_clause(query)
            found = {row[0] for row in conn.execute(f"SELECT id FROM customer WHERE {clause}", params)}
            assert cid in found, query


def test_empty_run_creates_the_schema_and_staff(tmp_path):
    path = tmp_path / "empty.db"
    counts = demo.generate(path, 0, today=TODAY)
    assert counts["customer"] == 0 and counts["staff"] == 8
    assert scalar(path, "PRAGMA user_version") == crm_db.SCHEMA_VERSION
