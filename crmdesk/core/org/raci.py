"""The responsibility matrix (RACI 表): who is responsible, accountable, consulted and informed at each stage.

Rows are the seven stages of a ticket (docs/spec.md §3); columns are the active departments and
the owner (老板/主管). A cell holds letters of ``RACI`` (``"RA"`` prints as R/A). What the owner
set in 设置 → 职责分工 is stored in the ``raci`` setting as ``{stage: {column: letters}}``; a column
the owner never set (a department added since, or no matrix stored yet) takes the default the
departments' roles suggest:

- a department with 客服 (clerks) receives, classifies, dispatches, gives the result, calls back and
  archives (R/A), and is consulted while the work is done;
- a department with 工程师 (engineers) does the work (R/A) and is consulted or informed around it;
- a department with 客户经理 (account managers) is informed of requests and results and consulted on
  callbacks (客户经理负责回访 of its customers);
- the owner is informed of classification (complaint levels) and of what is archived.

A department whose members hold several roles takes the strongest letter of each row.
"""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.core.firm import settings
from crmdesk.core.i18n import _
from crmdesk.core.org import departments
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import ValidationError
from crmdesk.core.tickets.records import STAGES

OWNER = "owner"
LETTERS = "RACI"
# stage -> default letters of (service, handling, sales, owner)
_DEFAULTS: dict[str, tuple[str, str, str, str]] = {
    "received": ("RA", "I", "I", ""),
    "classified": ("RA", "C", "", "I"),
    "dispatched": ("RA", "I", "", ""),
    "in_progress": ("C", "RA", "I", ""),
    "resolved": ("RA", "C", "I", ""),
    "callback": ("RA", "I", "C", ""),
    "archived": ("RA", "I", "", "I"),
}
_STRENGTH = {"RA": 4, "R": 3, "A": 3, "C": 2, "I": 1, "": 0}


@dataclass(frozen=True)
class Column:
    """A column of the matrix: a department (its id as text) or the owner."""

    key: str
    name: str


@dataclass(frozen=True)
class Matrix:
    """The matrix as printed and edited: columns, and ``cells[stage][column key]`` letters."""

    columns: tuple[Column, ...]
    cells: dict[str, dict[str, str]]

    def cell(self, stage: str, key: str) -> str:
        """The letters of one cell in print (``R/A``), or ``""``."""
        return "/".join(self.cells.get(stage, {}).get(key, ""))


def clean(letters: str) -> str:
    """``"a r"`` → ``"RA"``: the letters in RACI order, or a ``ValidationError``."""
    found = {ch for ch in (letters or "").upper() if not ch.isspace() and ch not in "/,、"}
    if not found <= set(LETTERS):
        raise ValidationError("raci", _("letters of R, A, C and I only"), _("Responsibility matrix"))
    return "".join(ch for ch in LETTERS if ch in found)


def _suggested(dept: departments.DepartmentView, stage: str) -> str:
    roles = {m.role for m in dept.active_members()}
    service, handling, sales, _owner = _DEFAULTS[stage]
    options = [service if "clerk" in roles else "", handling if "engineer" in roles else "",
               sales if "account_manager" in roles else ""]
    return max(options, key=lambda letters: _STRENGTH.get(letters, 0))


def matrix() -> Matrix:
    """The matrix for the active departments: the owner's cells where set, the suggested ones elsewhere."""
    stored = settings.get("raci") or {}
    active = departments.departments(include_inactive=False)
    columns = (*tuple(Column(str(d.id), d.name) for d in active), Column(OWNER, _("Owner / manager")))
    cells: dict[str, dict[str, str]] = {}
    for stage in STAGES:
        row = stored.get(stage, {})
        cells[stage] = {}
        for dept in active:
            key = str(dept.id)
            cells[stage][key] = row[key] if key in row else _suggested(dept, stage)
        cells[stage][OWNER] = row[OWNER] if OWNER in row else _DEFAULTS[stage][3]
    return Matrix(columns, cells)


def save(cells: dict[str, dict[str, str]]) -> Changes:
    """Store the owner's matrix (cells of columns not given keep what they had)."""
    stored = settings.get("raci") or {}
    for stage, row in cells.items():
        if stage not in STAGES:
            continue
        target = stored.setdefault(stage, {})
        for key, letters in row.items():
            target[str(key)] = clean(letters)
    settings.put("raci", stored)
    return Changes(settings=True)


def reset() -> Changes:
    """Forget the owner's matrix: every cell takes the suggested letters again."""
    settings.put("raci", {})
    return Changes(settings=True)
