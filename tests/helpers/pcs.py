"""Several PCs in one test: each work on a connection of its own (peewee gives each thread one)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from crmdesk.core.store import db as store


def at_once(*works: Callable[[], Any]) -> list[Any]:
    """Run each work on its own connection, starting together; their results or errors, in order."""
    start = threading.Barrier(len(works))
    out: list[Any] = [None] * len(works)

    def run(i: int, work: Callable[[], Any]) -> None:
        try:
            start.wait()
            out[i] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out[i] = exc
        finally:
            store.close_thread_connection()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return out
