"""Another PC on the shared database, in a process of its own (the change feed's tests, issue #19 stage 5).

``python -m tests.helpers.feed_pc ROLE URL [ARGS…]``; the key comes from ``CRMDESK_RECOVERY_CODE`` (the
PC is enrolled with the recovery code, no key store). It prints one JSON object per line:

- ``edit CUSTOMER_ID TICKET_ID OPERATOR FIELD VALUE GO_FILE``: loads the customer and the board's stage
  of the ticket, prints ``{"ready": …}``, waits for ``GO_FILE``, then saves its field and moves the
  ticket to 处理中 from the stage it saw. A conflict on the customer is reloaded and saved again with its
  own field (nothing is lost); a conflict on the move is reported (the other PC moved it).
- ``move TICKET_ID STAGE``: moves the ticket; prints when it committed (``time.time()``).
- ``watch``: listens to the feed and prints every change-set it hears (with ``time.time()``) until
  its standard input closes.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import Any


def _say(**values: Any) -> None:
    print(json.dumps(values, ensure_ascii=False), flush=True)


def _edit(customer_id: int, ticket_id: int, operator_name: str, field: str, value: str, go: Path) -> None:
    from crmdesk.core.customers import service as customers
    from crmdesk.core.store.errors import ConflictError
    from crmdesk.core.store.models import Staff, Ticket
    from crmdesk.core.tickets import service as tickets

    operator = Staff.get(Staff.name == operator_name)
    loaded = customers.load(customer_id)
    seen_stage = Ticket.get_by_id(ticket_id).stage
    _say(ready=True, version=loaded.version, stage=seen_stage)
    while not go.exists():
        time.sleep(0.005)
    setattr(loaded, field, value)
    outcome: dict[str, Any] = {"operator": operator_name}
    try:
        customers.save(loaded, customer_id=customer_id, operator=operator)
        outcome["customer"] = "saved"
    except ConflictError as conflict:  # 重新载入, then my change again on what the other PC saved
        outcome["customer"], outcome["customer_message"] = "conflict", conflict.message
        again = customers.load(customer_id)
        setattr(again, field, value)
        customers.save(again, customer_id=customer_id, operator=operator)
        outcome["customer_again"] = "saved"
    try:
        tickets.move(ticket_id, "in_progress", operator=operator, seen_stage=seen_stage)
        outcome["move"] = "moved"
    except ConflictError as conflict:
        outcome["move"], outcome["move_message"] = "conflict", conflict.message
    _say(**outcome)


def _move(ticket_id: int, stage: str) -> None:
    from crmdesk.core.store.models import Ticket
    from crmdesk.core.tickets import service as tickets

    seen = Ticket.get_by_id(ticket_id).stage
    _say(ready=True)
    tickets.move(ticket_id, stage, seen_stage=seen)
    _say(moved=time.time())


def _watch(url: str) -> None:
    from crmdesk.core.server_feed import FeedListener
    from crmdesk.core.store.server import ServerTarget

    def heard(changes: Any) -> None:
        _say(at=time.time(), customers=changes.customers, tickets=changes.tickets, everything=changes.everything,
             customer_ids=sorted(changes.customer_ids))

    listener = FeedListener(ServerTarget.parse(url), heard, lambda state, _detail: _say(state=state))
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    sys.stdin.read()  # until the test closes it
    listener.stop()
    thread.join(5)


def main(argv: list[str]) -> None:
    from crmdesk.core import session

    role, url, *args = argv
    if role == "watch":
        _watch(url)
        return
    with session.open_session(url, write=True):
        if role == "edit":
            _edit(int(args[0]), int(args[1]), args[2], args[3], args[4], Path(args[5]))
        elif role == "move":
            _move(int(args[0]), args[1])


if __name__ == "__main__":
    main(sys.argv[1:])
