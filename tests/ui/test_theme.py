"""One theme and one error line: colours are named in ui/theme.py (the PDFs' in io/pdf/common.py), and
every form says what is wrong in an ErrorLine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
PALETTES = {ROOT / "crmdesk" / "ui" / "theme.py", ROOT / "crmdesk" / "io" / "pdf" / "common.py"}


def test_colours_are_written_only_in_the_palettes() -> None:
    found = [f"{path.relative_to(ROOT)}:{number}"
             for layer in ("ui", "io") for path in sorted((ROOT / "crmdesk" / layer).rglob("*.py"))
             if path not in PALETTES and path.name != "resources_rc.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if HEX.search(line)]
    found += [str(path.relative_to(ROOT)) for path in sorted((ROOT / "forms").glob("*.ui"))
              if HEX.search(path.read_text(encoding="utf-8"))]
    assert found == []


def test_no_form_builds_its_own_error_label() -> None:
    """A form's error line is an ErrorLine (the Designer forms promote their error_label to it)."""
    made = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "crmdesk" / "ui").rglob("*.py"))
            if re.search(r"error_label = QLabel\(", path.read_text(encoding="utf-8"))]
    made += [str(path.relative_to(ROOT)) for path in sorted((ROOT / "forms").glob("*.ui"))
             if '<widget class="QLabel" name="error_label"' in path.read_text(encoding="utf-8")]
    assert made == []


@pytest.mark.gui
def test_the_error_line(qtbot) -> None:
    from crmdesk.core.store.errors import KnownError, ValidationError
    from crmdesk.ui import theme
    from crmdesk.ui.widgets import ErrorLine

    line = ErrorLine()
    qtbot.addWidget(line)
    assert line.isHidden() and line.wordWrap()  # nothing to say yet
    line.show_error(ValidationError("name", "必填", "客户名称"))
    assert not line.isHidden() and line.text() == "客户名称：必填" and theme.ERROR in line.styleSheet()
    line.show_ok("已保存")
    assert line.text() == "已保存" and theme.OK in line.styleSheet()
    line.show_error("名称：必填")
    assert theme.ERROR in line.styleSheet() and not line.isHidden()
    line.show_error("")
    assert line.isHidden()
    with pytest.raises(ZeroDivisionError):  # a bug is not a message: it goes to the crash handler
        line.show_error(ZeroDivisionError())
    line.show_error(KnownError("磁盘已满"))
    assert line.text() == "磁盘已满"
