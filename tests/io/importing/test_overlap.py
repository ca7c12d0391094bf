"""The commit's helper thread (``overlap``): results and errors come back, nothing waits
forever, and a failure on either side rolls the whole import back."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from crmdesk.core.customers import search
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.core.store.models import Customer, ImportBatch, database_proxy
from crmdesk.io.importing import customers_write, error_workbook
from crmdesk.io.importing import search as importer_search
from crmdesk.io.importing import service as importer
from crmdesk.io.importing.overlap import Helper, Stream, StreamClosed
from crmdesk.io.importing.service import commit, preview

HEADER = ["客户名称", "联系人", "手机", "客户标签"]


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _helpers_alive() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "crmdesk-import-helper"]


def _tables() -> dict[str, int]:
    conn = database_proxy.connection()
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("customer", "contact", "change_log", "import_batch", "import_journal", "customer_fts",
                          "customer_bigram")}


def test_helper_returns_results_in_order_and_raises_a_jobs_exception() -> None:
    assert Helper(lambda: 1, lambda: "two").start().join() == [1, "two"]
    ran: list[str] = []

    def fail() -> None:
        raise ValueError("broken job")

    helper = Helper(lambda: ran.append("first"), fail, lambda: ran.append("never")).start()
    with pytest.raises(ValueError, match="broken job"):
        helper.join()
    assert ran == ["first"]


def test_the_callers_exception_wins_and_the_thread_is_always_joined() -> None:
    finished = threading.Event()

    def slow_failure() -> None:
        time.sleep(0.05)
        finished.set()
        raise ValueError("helper")

    with pytest.raises(KeyError), Helper(slow_failure):
        raise KeyError("caller")
    assert finished.is_set() and not _helpers_alive()


def test_a_stream_hands_items_over_in_order_with_bounded_lead() -> None:
    stream: Stream[int] = Stream(depth=2)
    produced: list[int] = []

    def items():
        for i in range(20):
            produced.append(i)
            yield i

    with Helper(lambda: stream.feed(items())), stream:
        received = []
        for item in stream:
            received.append(item)
            assert len(produced) - len(received) <= 3  # depth 2 queued + 1 in the producer's hand
    assert received == list(range(20))


def test_a_failing_producer_ends_the_stream_and_its_error_reaches_the_caller() -> None:
    stream: Stream[int] = Stream()

    def items():
        yield 1
        raise RuntimeError("producer broke")

    with pytest.raises(RuntimeError, match="producer broke"), Helper(lambda: stream.feed(items())), stream:
        assert list(stream) == [1]  # the loop ends instead of waiting forever


def test_a_failing_consumer_stops_a_blocked_producer() -> None:
    stream: Stream[int] = Stream(depth=1)
    helper = Helper(lambda: stream.feed(iter(range(1000))))
    with pytest.raises(ZeroDivisionError), helper, stream:
        for _item in stream:
            raise ZeroDivisionError  # the producer is blocked on the full stream
    with pytest.raises(StreamClosed):
        helper.join()
    assert not _helpers_alive()


def test_search_rows_through_json_equal_a_reindex(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of JSON carry any text (quotes, backslashes, astral characters) into both index tables."""
    monkeypatch.setattr(importer_search, "BLOCK", 2)  # 7 customers: 4 blocks
    names = ['引号"公司', "反斜杠\\公司", "𠀀字公司", "ＡＢＣ　有限公司", "A·B 科技", "华强电子", "x"]
    rows = [[name, f"联系人{i}", f"138{i:08d}", "高价值" if i % 2 else ""] for i, name in enumerate(names)]
    outcome = commit(preview(_ledger(tmp_path / "a.xlsx", rows), "customers"))
    assert outcome.created == 7
    conn = database_proxy.connection()

    def index() -> list[list[tuple]]:
        return [sorted(conn.execute(f"SELECT rowid, {column} FROM {table}"))
                for table, column in (("customer_fts", "text"), ("customer_bigram", "grams"))]

    imported = index()
    search.reindex(conn)  # what the general indexer makes of the same customers
    assert index() == imported and len(imported[0]) == 7
    clause, params = search.match_clause("斜杠")
    assert conn.execute(f"SELECT name FROM customer WHERE {clause}", params).fetchall() == [("反斜杠\\公司",)]


def test_chunks_built_beside_the_index_fill_are_all_written_and_found(db, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper builds chunk k+1 while chunk k's index rows go in: every chunk ends up written and
    indexed as the general indexer would, and a failure in the helper rolls the whole import back."""
    monkeypatch.setattr(customers_write, "CHUNK", 4)  # 11 customers: 3 chunks
    rows = [[f"华强{i}号电子公司", f"联系人{i}", f"138{i:08d}", "高价值" if i % 2 else ""] for i in range(11)]
    result = preview(_ledger(tmp_path / "c.xlsx", rows), "customers")
    before = _tables()
    real = customers_write._sealed_contacts
    calls: list[int] = []

    def broken(clear: list[tuple]) -> list[tuple]:
        calls.append(1)
        if len(calls) == 2:  # the second chunk, built while the first one's index rows go in
            raise RuntimeError("sealing failed")
        return real(clear)

    monkeypatch.setattr(customers_write, "_sealed_contacts", broken)
    with pytest.raises(RuntimeError, match="sealing failed"):
        commit(result)
    assert _tables() == before and not _helpers_alive()
    monkeypatch.setattr(customers_write, "_sealed_contacts", real)
    assert commit(result).created == 11
    conn = database_proxy.connection()

    def index() -> list[list[tuple]]:
        return [sorted(conn.execute(f"SELECT rowid, {column} FROM {table}"))
                for table, column in (("customer_fts", "text"), ("customer_bigram", "grams"))]

    imported = index()
    search.reindex(conn)
    assert index() == imported and len(imported[0]) == 11
    for query in ("华强", "10号", "0010"):  # two characters, three and more, a mobile's last four digits
        clause, params = search.match_clause(query)
        assert conn.execute(f"SELECT name FROM customer WHERE {clause}", params).fetchall() != [], query
    clause, params = search.match_clause("0010")
    assert conn.execute(f"SELECT name FROM customer WHERE {clause}", params).fetchall() == [("华强10号电子公司",)]


def _with_errors(tmp_path: Path) -> importer.Preview:
    rows = [[f"公司{i}", f"人{i}", f"139{i:08d}", ""] for i in range(30)] + [["", "人", "123", ""]]  # no name: rejected
    return preview(_ledger(tmp_path / "e.xlsx", rows), "customers")


def test_an_error_workbook_that_fails_rolls_the_import_back(db, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    result = _with_errors(tmp_path)
    before = _tables()

    def broken(*args: object, **kwargs: object) -> Path:
        raise PermissionError("the folder is read-only")

    monkeypatch.setattr(importer, "write_error_workbook", broken)
    with pytest.raises(KnownError, match=r"errors.xlsx：无法写入被拒绝行的工作簿（the folder is read-only）；未导入任何内容"):
        commit(result, error_path=tmp_path / "out" / "errors.xlsx")  # a message, never a traceback
    assert _tables() == before and not _helpers_alive()
    monkeypatch.undo()
    outcome = commit(result, error_path=tmp_path / "errors.xlsx")  # the same preview still commits
    assert (outcome.created, outcome.errors) == (30, 1) and (tmp_path / "errors.xlsx").exists()


def test_a_cancel_while_the_error_workbook_is_written_rolls_back(db, tmp_path: Path) -> None:
    result = _with_errors(tmp_path)
    before = _tables()
    polls: list[str] = []

    def cancelled() -> bool:  # true once the helper thread asks (the error workbook polls it)
        polls.append(threading.current_thread().name)
        return threading.current_thread().name == "crmdesk-import-helper"

    errors = tmp_path / "errors.xlsx"
    with pytest.raises(OperationCancelled):
        commit(result, error_path=errors, cancelled=cancelled)
    assert "crmdesk-import-helper" in polls
    assert _tables() == before and not errors.exists() and not list(tmp_path.glob(".errors*"))


def test_a_database_error_beside_the_helper_rolls_back_without_hanging(db, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer_search, "BLOCK", 3)
    rows = [[f"公司{i}", f"人{i}", f"139{i:08d}", "标签"] for i in range(40)] + [["", "人", "123", ""]]  # no name: rejected
    result = preview(_ledger(tmp_path / "d.xlsx", rows), "customers")
    before = _tables()
    real = importer_search.insert_json
    calls: list[int] = []

    def disk_full(conn: sqlite3.Connection, trigram_rows: str, bigram_rows: str) -> None:
        calls.append(1)
        if len(calls) == 2:  # the helper is still making blocks (and will write the error workbook)
            raise sqlite3.OperationalError("database or disk is full")
        real(conn, trigram_rows, bigram_rows)

    monkeypatch.setattr(importer_search, "insert_json", disk_full)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        commit(result, error_path=tmp_path / "errors.xlsx")
    assert time.monotonic() - started < 30 and not _helpers_alive()
    assert _tables() == before and ImportBatch.select().count() == 0
    assert not (tmp_path / "errors.xlsx").exists() and not list(tmp_path.glob(".errors*"))
    monkeypatch.undo()
    assert commit(result).created == 40 and Customer.select().count() == 40


def test_the_error_workbook_is_written_by_the_commit(db, tmp_path: Path) -> None:
    outcome = commit(_with_errors(tmp_path), error_path=tmp_path / "errors.xlsx")
    sheet = openpyxl.load_workbook(outcome.error_workbook).active
    assert [c.value for c in sheet[2]][:3] == [None, "人", "123"]
    assert error_workbook.REASON_HEADER in [c.value for c in sheet[1]]
