"""The enumerations: one definition, labels from the gettext catalogue, Chinese in the firm's files."""

from __future__ import annotations

import pytest

from crmdesk.core.i18n import set_language
from crmdesk.core.store import enums

ALL = {name: value for name, value in vars(enums).items() if isinstance(value, enums.Enumeration)}


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("zh_CN")


def test_every_label_has_its_own_chinese_and_english() -> None:
    assert len(ALL) >= 16
    for name, enumeration in ALL.items():
        chinese, english = enumeration.in_language("zh_CN"), enumeration.in_language("en")
        assert all(chinese.values()) and chinese != english, name  # translated, not the English again
        # an import reads a label back to its value: no two values of one enumeration share a label
        assert len(set(chinese.values())) == len(chinese) and len(set(english.values())) == len(english), name


def test_reads_follow_the_current_language(english) -> None:
    from crmdesk.ui import labels

    assert enums.TICKET_STAGES["in_progress"] == labels.stage("in_progress") == "In progress"
    assert enums.CUSTOMER_STATUSES["archived"] == "Archived" == enums.TICKET_STAGES["archived"]
    set_language("zh_CN")
    # the same English in two contexts: each enumeration keeps its own Chinese
    assert (enums.CUSTOMER_STATUSES["archived"], enums.TICKET_STAGES["archived"]) == ("已归档", "归档")
    assert labels.priority("urgent") == "紧急" and labels.staff_role("owner") == "老板 / 主管"
    assert enums.SEVERITIES.choices() == [("一般", "minor"), ("严重", "serious"), ("重大", "critical")]


def test_unknown_values_pass_and_mapping_reads_work() -> None:
    assert enums.PRIORITIES.label("legacy") == "legacy" and enums.PRIORITIES.label(None) == ""
    assert "urgent" in enums.PRIORITIES and "紧急" not in enums.PRIORITIES
    assert list(enums.PRIORITIES) == ["urgent", "important", "normal"]
    assert enums.PRIORITIES.get("normal") == "一般" and enums.PRIORITIES.get("x", "?") == "?"
    with pytest.raises(KeyError):
        enums.PRIORITIES["x"]


def test_the_firms_files_stay_chinese_in_english(english) -> None:
    """Template choices, export values and the words an import understands do not follow --lang."""
    from crmdesk.io.excel.templates import TEMPLATES
    from crmdesk.io.importing import tickets

    assert enums.TICKET_STAGES.data_labels()["resolved"] == "反馈"
    stage = next(c for c in TEMPLATES["ticket"].columns if c.key == "stage")
    assert "反馈" in stage.choices and "Resolved" not in stage.choices
    assert tickets.PRIORITY["紧急"] == "urgent"
