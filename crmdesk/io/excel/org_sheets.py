"""Who does what in Excel (docs/spec.md §13): the staff-and-departments sheet and the routing table.

- 员工与部门表: 姓名*, 部门, 角色, 电话, 部门主管, 默认处理人, 在职 — one person a row. The export of
  the current staff is also the template; filled in (or an old 人员名单 with 姓名/部门/岗位 columns),
  it imports through ``core.org.people``.
- 分派规则表: the routing table one rule a row, in its order, with 规则编号 (the rule's id, so a
  re-imported sheet updates those rules and keeps their round-robin place; blank for a new rule).
  Importing replaces the whole table (``core.org.rules.save_table``).

Both sheets are read through the importer's reader (hostile files refused, the header found
below a title block) and their headers matched without ``*``, spaces or width; labels are
Chinese as in every file of the firm. Every row is checked before anything is written; a
refusal names the file, the row and the column.
Its Chinese constants are the sheets' headers and values (data, not messages), as in every Excel file of the firm.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crmdesk.core.firm.staff import ROLES
from crmdesk.core.i18n import _
from crmdesk.core.org import departments, people, rules
from crmdesk.core.org.people import PersonRow
from crmdesk.core.org.rules import PICKS, UNITS, RuleRow
from crmdesk.core.store.atomic import atomic_file
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import TICKET_CATEGORIES as _CATEGORY_ENUM
from crmdesk.core.store.models import TIERS as _TIER_ENUM
from crmdesk.io.excel.templates import Column, TemplateSpec, build_workbook
from crmdesk.io.importing.cells import plain
from crmdesk.io.importing.mapping import normalize_header
from crmdesk.io.importing.reader import open_workbook

YES, NO = "是", "否"
# the sheets are the firm's files: Chinese whatever language the window speaks
TICKET_CATEGORIES = _CATEGORY_ENUM.data_labels()
TIERS = _TIER_ENUM.data_labels()
ROLE_NAMES = {"clerk": "客服", "engineer": "工程师", "account_manager": "客户经理", "owner": "老板/主管"}
# words old staff lists use for a role (岗位), checked in this order
ROLE_WORDS = (("客户经理", "account_manager"), ("销售", "account_manager"), ("业务", "account_manager"),
              ("工程师", "engineer"), ("技术", "engineer"), ("售后", "engineer"), ("维修", "engineer"),
              ("客服", "clerk"), ("坐席", "clerk"), ("前台", "clerk"), ("文员", "clerk"),
              ("老板", "owner"), ("总经理", "owner"), ("主管", "owner"), ("经理", "owner"), ("负责人", "owner"))
PICK_NAMES = {"least_open": "在办最少", "round_robin": "轮流分派", "default": "默认处理人"}
UNIT_NAMES = {"working_days": "工作日", "working_hours": "工作小时", "calendar_days": "自然日", "calendar_hours": "小时"}
ANY = "不限"

C = Column
STAFF_SHEET = TemplateSpec("staff", "员工与部门表", "员工与部门", (
    C("姓名*", "name", example="王磊"),
    C("部门", "department", note="留空表示不属于任何部门；没有的部门会自动建立", example="技术部"),
    C("角色", "role", "choice", tuple(ROLE_NAMES.values()), strict=False, note="留空则保持原角色（新员工为客服）",
      example="工程师"),
    C("电话", "phone", "code", example="0571-88886666"),
    C("部门主管", "head", "choice", (YES, NO), example=NO),
    C("默认处理人", "default_person", "choice", (YES, NO), note="分派规则选“默认处理人”时由此人处理", example=YES),
    C("在职", "active", "choice", (YES, NO), note="留空为在职", example=YES),
), "每行一位员工：所属部门、角色，以及是否为部门主管或默认处理人。")

ROUTING_SHEET = TemplateSpec("routing", "分派规则表", "分派规则", (
    C("规则编号", "id", "code", note="程序导出的编号，重新导入时据此更新原规则；新规则留空", example="3"),
    C("工单类型", "category", "choice", (ANY, *TICKET_CATEGORIES.values()), example="投诉"),
    C("问题类型", "complaint_type", note="投诉的问题类型，多个用顿号分隔；留空为不限", example="产品质量"),
    C("产品型号", "product_model", note="可用 * 通配，如 X2*；多个用顿号分隔；留空为不限", example="X200、X3*"),
    C("客户层级", "tier", "choice", (ANY, *TIERS.values()), example=ANY),
    C("责任部门*", "department", example="产品部"),
    C("分派方式", "pick", "choice", tuple(PICK_NAMES.values()), example="在办最少"),
    C("限定角色", "role", "choice", (ANY, *ROLE_NAMES.values()), example="工程师"),
    C("响应时限(小时)", "response_hours", note="留空则按服务时限", example=""),
    C("解决时限", "resolution_amount", note="留空则按服务时限", example="3"),
    C("解决时限单位", "resolution_unit", "choice", tuple(UNIT_NAMES.values()), example="工作日"),
    C("说明", "note", "long", example="需求可行性反馈"),
    C("启用", "active", "choice", (YES, NO), example=YES),
), "分派规则自上而下匹配，第一条条件全部满足的规则决定责任部门、分派方式和时限。")

#: the sheets by their command-line kind (``crmdesk export KIND``, ``crmdesk import --kind KIND``)
SHEETS = {"staff": STAFF_SHEET, "routing": ROUTING_SHEET}


@dataclass(frozen=True)
class SheetImport:
    """What importing a sheet did (or would do, on a dry run): the numbers of ``crmdesk import --json``."""

    rows: int
    created: int
    updated: int
    changes: Changes

    def as_json(self) -> dict[str, int | None]:
        """Same keys as a ledger import (docs/spec.md §8); nothing is rejected row by row here."""
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "duplicates": 0, "errors": 0,
                "batch": None}


def _key(text: object) -> str:
    return normalize_header(text)


# header synonyms beyond the sheet's own names (old staff lists)
_SYNONYMS = {"name": ("员工姓名", "员工", "人员", "姓名"), "department": ("所属部门", "部门名称", "部门"),
             "role": ("岗位", "职务", "职位", "角色"), "phone": ("联系电话", "手机", "电话"),
             "head": ("是否主管", "主管", "部门负责人"), "active": ("是否在职", "状态", "在职")}


def _read(path: Path, spec: TemplateSpec) -> tuple[dict[str, int], list[tuple[int, list[object]]]]:
    """(field key → column, data rows) of the sheet at ``path``; hostile or unreadable files are refused."""
    with open_workbook(path) as book:
        sheet = book.read_sheet()
        columns: dict[str, int] = {}
        for index, header in enumerate(sheet.header):
            found = _key(header)
            for column in spec.columns:
                names = {_key(column.name), *(_key(s) for s in _SYNONYMS.get(column.key, ()) if spec is STAFF_SHEET)}
                if found in names and column.key not in columns:
                    columns[column.key] = index
        rows = list(sheet.iter_rows())
    for column in spec.columns:
        if column.required and column.key not in columns:
            raise KnownError(_("{file}: no column {column}. Use the sheet the app exports (设置 → 导出).",
                               file=path.name, column=column.name))
    return columns, rows


def _cell(values: Sequence[object], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return plain(values[index]) if index is not None and index < len(values) else ""


def _choice(path: Path, row: int, column: str, value: str, table: dict[str, str], *, blank: str = "") -> str:
    """The stored value of a label (``blank`` for an empty cell or 不限), or a refusal naming the cell."""
    value = value.strip()
    if not value or value == ANY:
        return blank
    reverse = {label: key for key, label in table.items()}
    if value in reverse:
        return reverse[value]
    if value in table:  # the stored value itself
        return value
    raise KnownError(_("{file}, row {row}: {column} “{value}” is not one of {choices}.", file=path.name, row=row,
                       column=column, value=value, choices="、".join(table.values())))


def _role(path: Path, row: int, text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    exact = {label: key for key, label in ROLE_NAMES.items()} | {"老板": "owner", "主管": "owner"}
    if text in exact or text in ROLES:
        return exact.get(text, text)
    for word, role in ROLE_WORDS:
        if word in text:
            return role
    return _choice(path, row, "角色", text, ROLE_NAMES)


def _yes(text: str, default: bool) -> bool:
    text = text.strip()
    return default if not text else text in (YES, "Y", "y", "1", "true", "True", "在职", "√", "✓")


def _number(path: Path, row: int, column: str, text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise KnownError(_("{file}, row {row}: {column} “{value}” is not a number.", file=path.name, row=row,
                           column=column, value=text)) from None


def _named(path: Path, work: Callable[[], object]) -> object:
    """Run ``work``; a refusal of the core names the file too."""
    try:
        return work()
    except KnownError as error:
        raise KnownError(_("{file}: {reason}", file=path.name, reason=error.message)) from error


# --------------------------------------------------------------------------- staff and departments


def read_people(path: Path | str) -> list[PersonRow]:
    """The rows of a 员工与部门表 (or an old staff list) at ``path``."""
    path = Path(path)
    columns, rows = _read(path, STAFF_SHEET)
    out = []
    for number, values in rows:
        name = _cell(values, columns, "name")
        if not name and not any(_cell(values, columns, k) for k in columns):
            continue
        active_text = _cell(values, columns, "active")
        out.append(PersonRow(number, name, _cell(values, columns, "department"),
                             _role(path, number, _cell(values, columns, "role")), _cell(values, columns, "phone"),
                             _yes(_cell(values, columns, "head"), False),
                             _yes(_cell(values, columns, "default_person"), False),
                             _yes(active_text, True) and active_text not in ("离职", "停用")))
    return out


def import_people(path: Path | str, *, dry_run: bool = False) -> SheetImport:
    """Read and apply a staff sheet (checked as a whole, written in one transaction unless ``dry_run``)."""
    path = Path(path)
    rows = read_people(path)
    outcome = _named(path, lambda: people.apply_people(rows, dry_run=dry_run))
    return SheetImport(outcome.rows, outcome.created, outcome.updated, outcome.changes)  # type: ignore[attr-defined]


def people_rows() -> list[list[object]]:
    """The current staff as rows of the sheet, by department then name."""
    by_dept = {d.id: d for d in departments.departments()}
    rows: list[list[object]] = []
    for person in sorted(departments.people(), key=lambda p: (p.department_id not in by_dept,
                                                              by_dept[p.department_id].position
                                                              if p.department_id in by_dept else 0, p.name)):
        dept = by_dept.get(person.department_id) if person.department_id else None
        rows.append([person.name, dept.name if dept else "", ROLE_NAMES.get(person.role, person.role), person.phone,
                     YES if dept and dept.head_id == person.id else NO,
                     YES if dept and dept.default_person_id == person.id else NO, YES if person.active else NO])
    return rows


def write_people(path: str | os.PathLike[str]) -> Path:
    """The staff sheet with everyone on it (an empty firm gets the bare template)."""
    return _write(STAFF_SHEET, people_rows(), path)


# --------------------------------------------------------------------------- the routing table


def routing_rows() -> list[list[object]]:
    """The routing table as rows of the sheet, in its order."""
    return [[r.id, TICKET_CATEGORIES.get(r.category, ANY) if r.category else ANY, r.complaint_type, r.product_model,
             TIERS.get(r.tier, ANY) if r.tier else ANY, r.department, PICK_NAMES.get(r.pick, r.pick),
             ROLE_NAMES.get(r.role, ANY) if r.role else ANY,
             "" if r.response_hours is None else r.response_hours,
             "" if r.resolution_amount is None else r.resolution_amount, UNIT_NAMES.get(r.resolution_unit, ""),
             r.note, YES if r.active else NO] for r in rules.rules()]


def write_routing(path: str | os.PathLike[str]) -> Path:
    """The routing table as a sheet (edit it in Excel or WPS and import it again)."""
    return _write(ROUTING_SHEET, routing_rows(), path)


def read_routing(path: Path | str) -> list[RuleRow]:
    """The rules of a 分派规则表 at ``path``, in their order."""
    path = Path(path)
    columns, rows = _read(path, ROUTING_SHEET)
    out = []
    for number, values in rows:
        def cell(key: str, values: Sequence[object] = values) -> str:  # one row's reader (this row's values)
            return _cell(values, columns, key)
        if not any(cell(k) for k in columns):
            continue
        rule_id = cell("id").strip()
        amount = _number(path, number, "解决时限", cell("resolution_amount"))
        out.append(RuleRow(
            int(rule_id) if rule_id.isdigit() else None,
            category=_choice(path, number, "工单类型", cell("category"), dict(TICKET_CATEGORIES)),
            complaint_type=cell("complaint_type"), product_model=cell("product_model"),
            tier=_choice(path, number, "客户层级", cell("tier"), dict(TIERS)), department=cell("department"),
            pick=_choice(path, number, "分派方式", cell("pick"), PICK_NAMES, blank=PICKS[0]),
            role=_choice(path, number, "限定角色", cell("role"), ROLE_NAMES),
            response_hours=_number(path, number, "响应时限(小时)", cell("response_hours")),
            resolution_amount=amount,
            resolution_unit=_choice(path, number, "解决时限单位", cell("resolution_unit"), UNIT_NAMES,
                                    blank=UNITS[0] if amount is not None else ""),
            note=cell("note"), active=_yes(cell("active"), True)))
    return out


def import_routing(path: Path | str, *, dry_run: bool = False) -> SheetImport:
    """Replace the routing table by the sheet at ``path`` (every rule checked first)."""
    path = Path(path)
    table = read_routing(path)
    if dry_run:
        _named(path, lambda: rules.check_table(table))
        return SheetImport(len(table), sum(1 for r in table if r.id is None), sum(1 for r in table if r.id), Changes())
    known = {r.id for r in rules.rules()}
    table = [r if r.id in known else RuleRow(**{**r.__dict__, "id": None}) for r in table]
    changes = _named(path, lambda: rules.save_table(table))
    return SheetImport(len(table), sum(1 for r in table if r.id is None), sum(1 for r in table if r.id),
                       changes)  # type: ignore[arg-type]


def _write(spec: TemplateSpec, rows: list[list[object]], path: str | os.PathLike[str]) -> Path:
    book = build_workbook(spec, rows)
    with atomic_file(path) as target:
        book.save(target.temp)
        return target.commit()
