"""Background operations: off the GUI thread, results and errors back on it, change-sets broadcast."""

from __future__ import annotations

import threading

import pytest

from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError, OperationCancelled
from crmdesk.ui.operations import runner as operations
from crmdesk.ui.operations.runner import Op, SyncRunner, get_broadcaster


def test_work_runs_on_the_writer_thread_and_success_on_the_gui_thread(qtbot, thread_runner) -> None:
    seen: dict[str, object] = {}

    def work(ctx):
        seen["work_thread"] = threading.current_thread()
        ctx.progress(1, 2)
        return 42

    def done(result):
        seen["result"] = result
        seen["done_thread"] = threading.current_thread()

    Op(None, work).success(done).run()
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["work_thread"] is not threading.main_thread()
    assert seen["done_thread"] is threading.main_thread()


def test_changes_are_broadcast(qtbot, thread_runner) -> None:
    with qtbot.waitSignal(get_broadcaster().changed, timeout=5000) as blocker:
        Op(None, lambda ctx: Changes(customers=True, customer_ids={7})).run()
    assert blocker.args[0].customer_ids == {7}


def test_failure_handler_gets_the_exception(qtbot, thread_runner) -> None:
    errors: list[BaseException] = []
    Op(None, lambda ctx: (_ for _ in ()).throw(KnownError("磁盘已满"))).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors[0].message == "磁盘已满"


def test_unhandled_errors_are_never_swallowed(qtbot, thread_runner) -> None:
    with qtbot.waitSignal(get_broadcaster().error, timeout=5000) as blocker:
        Op(None, lambda ctx: 1 / 0).run()
    assert isinstance(blocker.args[0], ZeroDivisionError)


def test_jobs_run_in_submission_order(qtbot, thread_runner) -> None:
    order: list[int] = []
    for i in range(5):
        Op(None, lambda ctx, i=i: order.append(i)).run()
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4]


def test_cancel_reaches_the_service_and_is_reported_quietly(qtbot, thread_runner) -> None:
    started = threading.Event()
    results: list[object] = []

    def work(ctx):
        started.set()
        while not ctx.cancelled():
            threading.Event().wait(0.01)
        raise OperationCancelled()

    op = Op(None, work).success(results.append).run()
    assert started.wait(5)
    with qtbot.waitSignal(get_broadcaster().message, timeout=5000) as blocker:
        op.context.cancel()
    assert blocker.args[0] in ("已取消。", "Cancelled.")
    assert results == []


def test_progress_dialog_shows_and_closes(qtbot, thread_runner) -> None:
    gate = threading.Event()
    done: list[object] = []
    op = Op(None, lambda ctx: (ctx.progress(3, 10), gate.wait(5), "ok")[2]).with_progress("导入中…") \
        .success(done.append).run()
    assert op._dialog is not None
    qtbot.waitUntil(lambda: op._dialog is not None and op._dialog.maximum() == 10, timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: done == ["ok"], timeout=5000)
    assert op._dialog is None


def test_sync_runner_runs_inline() -> None:
    operations.set_runner(SyncRunner())
    try:
        results: list[int] = []
        Op(None, lambda ctx: 5).success(results.append).run()
        assert results == [5]
    finally:
        operations.set_runner(None)


def test_a_bug_goes_to_the_crash_handler_even_with_a_failure_handler(qtbot, thread_runner) -> None:
    known: list[BaseException] = []
    after: list[str] = []
    with qtbot.waitSignal(get_broadcaster().error, timeout=5000) as blocker:
        Op(None, lambda ctx: 1 / 0).failure(known.append).finally_(lambda: after.append("done")).run()
    assert isinstance(blocker.args[0], ZeroDivisionError)
    assert known == [] and after == ["done"]  # the handler only ever sees expected problems


def test_finally_runs_after_success_and_after_failure() -> None:
    operations.set_runner(SyncRunner())
    try:
        seen: list[str] = []
        Op(None, lambda ctx: 1).success(lambda _r: seen.append("ok")).finally_(lambda: seen.append("end")).run()
        Op(None, lambda ctx: (_ for _ in ()).throw(KnownError("不行"))) \
            .failure(lambda e: seen.append(e.message)).finally_(lambda: seen.append("end")).run()
        assert seen == ["ok", "end", "不行", "end"]
    finally:
        operations.set_runner(None)


def test_under_the_sync_runner_a_bug_is_raised_to_the_test() -> None:
    operations.set_runner(SyncRunner())
    try:
        with pytest.raises(ZeroDivisionError):
            Op(None, lambda ctx: 1 / 0).failure(lambda e: None).run()
    finally:
        operations.set_runner(None)


def test_the_broadcast_carries_its_initiator_on_a_copy(qtbot) -> None:
    operations.set_runner(SyncRunner())
    try:
        source = Changes(tickets=True)
        someone, view = object(), object()
        with qtbot.waitSignal(get_broadcaster().changed, timeout=1000) as by_parent:
            Op(None, lambda ctx: source).run()
        assert by_parent.args[0].initiator is None
        with qtbot.waitSignal(get_broadcaster().changed, timeout=1000) as by_view:
            Op(None, lambda ctx: source).run(initiator=view)
        assert by_view.args[0].initiator is view and by_view.args[0].tickets
        assert source.initiator is None  # the service's own change-set is left as it was
        merged = Changes(customers=True, initiator=someone) | Changes(tickets=True)
        assert merged.initiator is someone and merged.customers and merged.tickets
        assert not Changes(initiator=someone)  # an initiator alone is no change
    finally:
        operations.set_runner(None)


def test_a_read_operation_runs_on_the_reader_thread_not_the_writer(qtbot, thread_runner) -> None:
    threads: dict[str, threading.Thread] = {}
    gate = threading.Event()
    Op(None, lambda ctx: (threads.setdefault("write", threading.current_thread()), gate.wait(5))).run()
    results: list[object] = []
    operations.ReadOp(None, lambda ctx: threads.setdefault("read", threading.current_thread()) and "read") \
        .success(results.append).run()
    qtbot.waitUntil(lambda: results == ["read"], timeout=5000)  # not queued behind the blocked write
    gate.set()
    assert threads["read"] is not threads["write"] and threads["read"] is not threading.main_thread()
    operations.stop_reader()


def test_work_held_at_start_runs_in_order_once_released(qtbot, thread_runner) -> None:
    # the app holds the threads' work until its window is painted (docs/spec.md §9 start-up)
    order: list[str] = []
    operations.hold()
    try:
        Op(None, lambda ctx: order.append("write 1")).run()
        operations.ReadOp(None, lambda ctx: order.append("read")).run()
        Op(None, lambda ctx: order.append("write 2")).run()
        qtbot.wait(200)
        assert order == [] and thread_runner.pending == 2
    finally:
        operations.release()
    qtbot.waitUntil(lambda: len(order) == 3, timeout=5000)
    assert [item for item in order if item.startswith("write")] == ["write 1", "write 2"]
    operations.release()  # idempotent; nothing is held any more
    Op(None, lambda ctx: order.append("after")).run()
    qtbot.waitUntil(lambda: order[-1] == "after", timeout=5000)


def test_held_work_still_runs_when_the_runner_shuts_down_first(qtbot) -> None:
    runner = operations.ThreadRunner()
    operations.set_runner(runner)
    done: list[int] = []
    operations.hold()
    try:
        Op(None, lambda ctx: done.append(1)).run()
    finally:
        runner.shutdown()  # releases, then finishes the queue
        operations.set_runner(None)
    assert done == [1]


def test_after_a_long_job_its_cycles_are_collected_and_the_memory_handed_back(qtbot, thread_runner,
                                                                              monkeypatch) -> None:
    # docs/spec.md §9 idle memory: the daily jobs' garbage must not stay with the idle window
    calls: list[str] = []
    monkeypatch.setattr(operations, "LONG_JOB_SECONDS", 0.0)
    monkeypatch.setattr(operations.gc, "collect", lambda *args: calls.append("collect") or 0)
    monkeypatch.setattr(operations, "release_memory", lambda: calls.append("release"))
    done: list[int] = []
    Op(None, lambda ctx: 1).success(done.append).run()
    qtbot.waitUntil(lambda: done == [1], timeout=5000)
    assert calls == ["collect", "release"]


def test_a_write_while_the_server_is_unreachable_reaches_the_form_as_a_message(qtbot, thread_runner) -> None:
    """The shared database cut off during a save: the form's failure handler gets "cannot reach the database
    server" (it keeps what the user typed), not the crash handler."""
    import psycopg

    from crmdesk.core.store.errors import ConnectionLostError

    def save(_ctx):
        raise psycopg.OperationalError("connection to server failed: Connection refused")

    got: list[KnownError] = []
    get_broadcaster().error.connect(lambda error: pytest.fail(f"crash handler got {error!r}"))
    Op(None, save).failure(got.append).run()
    qtbot.waitUntil(lambda: bool(got))
    assert isinstance(got[0], ConnectionLostError) and "Connection refused" in got[0].message
