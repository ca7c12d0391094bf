"""Search strings (docs/spec.md §2): LIKE wildcards, NUL and other control characters, FTS5 syntax.

Every search box — the registry, the ticket form's caller picker, the follow-up form's customer
picker, the board's filter, the knowledge base — matches such text literally: a ``%`` finds the
customers whose name holds a ``%``, not everybody, and nothing raises.
"""

from __future__ import annotations

import pytest

from crmdesk.core.customers import registry
from crmdesk.core.customers import service as customers
from crmdesk.core.customers.registry import RegistryQuery
from crmdesk.core.customers.service import ContactInput, CustomerInput
from crmdesk.core.followups import service as followups
from crmdesk.core.tickets import board as ticket_board
from crmdesk.core.tickets import knowledge
from crmdesk.core.tickets import records as ticket_records


@pytest.fixture
def names(demo_db) -> dict[str, int]:
    """The demo registry plus customers whose names hold the characters under attack."""
    from crmdesk.core.safety import secrets

    secrets.unlock()
    made = {}
    for name in ("百分百%纯净水有限公司", "A_B贸易有限公司", "反斜杠\\科技有限公司"):
        made[name] = customers.save(CustomerInput(name=name, type="customer", contacts=[
            ContactInput(name="测试人", title="经理", mobile="13700001111", is_primary=True)])).customer_id
    return made


def _registry(db, text: str) -> set[int]:
    return set(registry.customer_ids(RegistryQuery(text=text, include_archived=True)))


def _pickers(text: str) -> tuple[set[int], set[int]]:
    callers = {caller.customer_id for caller in ticket_records.find_callers(text, limit=1000)}
    picked = {cid for cid, _label in followups.find_customers(text, limit=1000)}
    return callers, picked


@pytest.mark.parametrize("text, owner", [("%", "百分百%纯净水有限公司"), ("_", "A_B贸易有限公司"),
                                         ("\\", "反斜杠\\科技有限公司")])
def test_like_wildcards_match_only_themselves(demo_db, names, text: str, owner: str) -> None:
    assert _registry(demo_db, text) == {names[owner]}
    callers, picked = _pickers(text)
    assert callers == {names[owner]} and picked == {names[owner]}


@pytest.mark.parametrize("text", ["\x00", "\x00\x00", "\u200b", "\ufeff", "\x1b[31m", "\r\n\t"])
def test_control_characters_alone_match_nobody_and_raise_nothing(demo_db, names, text: str) -> None:
    assert _registry(demo_db, text) == set(registry.customer_ids(RegistryQuery(include_archived=True))) or \
        _registry(demo_db, text) == set()  # nothing left to search for: no filter (the whole list), or nothing
    assert _pickers(text) == (set(), set())


def test_a_nul_inside_a_word_is_dropped_not_an_error(demo_db, names) -> None:
    plain = _registry(demo_db, "公司")
    assert plain and _registry(demo_db, "公\x00司") == plain  # today: OperationalError
    assert _pickers("公\x00司") == _pickers("公司")
    assert _registry(demo_db, "纯净\x00水") == {names["百分百%纯净水有限公司"]}


@pytest.mark.parametrize("text", ['"', '""', "*", "a*", "NEAR(a b)", "a OR b", "-公司", "^公", "公司:", "(", ")",
                                  "'; DROP TABLE customer; --", "%_%", "_%", "\\%", "{col}:x", "公司 AND"])
def test_fts_and_sql_syntax_is_text(demo_db, names, text: str) -> None:
    _registry(demo_db, text)  # no exception …
    _pickers(text)
    ticket_board.board(ticket_board.BoardFilter(text=text))
    knowledge.list_articles(text)
    # … and the table is still there
    assert registry.customer_ids(RegistryQuery(include_archived=True))


def test_the_board_and_knowledge_filters_drop_control_characters(demo_db, names) -> None:
    assert knowledge.list_articles("\x00") == knowledge.list_articles("")
    assert ticket_board._match_text("\x00\u200b") is None  # nothing left to filter by
