"""The Excel templates of docs/spec.md §6 (and 设备台账 of §11), as data, and the writer that generates them.

``TEMPLATES`` maps the command-line names (``crmdesk template NAME``) to a
:class:`TemplateSpec`: its title, sheet name and columns, each with the header text
exactly as the specification writes it (required ones end with ``*``), a stable key,
a kind (how values are written and validated) and the allowed values of enumerated
columns. The exporter writes its lists in these layouts and the importer recognises
them by the same header lists (:func:`template_for_headers`).

A generated template has the header on row 1 of the first sheet (so a filled-in copy
re-imports without any mapping), drop-downs and range checks on the data rows, and a
second sheet 「填写说明」 that explains every column.

The Chinese here is the templates' own text as docs/spec.md §6 fixes it (headers, allowed values,
the 填写说明 sheet): a firm's Excel file is Chinese whatever the interface shows, and the importer
recognises the headers by it; not messages (``tests/test_literals.py``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmdesk.core.customfields import fields as customfields
from crmdesk.core.firm.settings import OPTIONS
from crmdesk.core.i18n import _
from crmdesk.core.store.atomic import atomic_file
from crmdesk.core.store.enums import Enumeration
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import (
    CUSTOMER_TYPES,
    FOLLOWUP_METHODS,
    IMPORTANCE,
    PRIORITIES,
    SEVERITIES,
    SOURCE_CHANNELS,
    SURVEY_METHODS,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    TICKET_STAGES,
    TIERS,
    database_proxy,
)
from crmdesk.core.validation import to_halfwidth
from crmdesk.io.excel.xlsx import (
    FORMULA_PREFIXES,
    HEADER_FILL,
    ILLEGAL_CHARACTERS,
    MAX_ROW,
    REQUIRED_FILL,
    REQUIRED_FONT,
    display_width,
)

# kind -> (format text for 填写说明, default width, number format of the column)
KINDS: dict[str, tuple[str, float, str]] = {
    "text": ("文本", 14, ""),
    "long": ("文本（可较长）", 32, ""),
    "code": ("文本", 13, "@"),
    "choice": ("从下拉列表中选择", 12, ""),
    "date": ("日期，如 2024-01-05（也可写 2024/1/5、2024年1月5日）", 13, "yyyy-mm-dd"),
    "datetime": ("日期时间，如 2024-01-05 14:30", 17, "yyyy-mm-dd hh:mm"),
    "score": ("1–5 的整数，5 为最满意", 10, "0"),
    "months": ("不小于 0 的整数（月）", 12, "0"),
    "wan": ("数字，单位万元，如 12.5", 14, "#,##0.00"),
    "mean": ("1–5 的数字，可带小数，如 4.2", 12, "0.0"),
    "phone": ("手机号码11位，可带 +86、空格或短横线，如 +86 138 1234 5678；座机带区号，如 010-12345678", 16, "@"),
    "email": ("电子邮箱，如 zhang@example.com", 22, ""),
    "tags": ("多个标签用顿号、逗号或空格分隔，如 高价值、功能定制", 20, ""),
    "number": ("数字，如 12 或 3.5", 12, ""),
    "amount": ("金额（元），可写 125000、125,000 或 12.5万", 14, "#,##0.00"),
}


@dataclass(frozen=True)
class Column:
    """One column of a template: header text as in docs/spec.md §6 and how its values look."""

    header: str
    key: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    width: float = 0
    note: str = ""
    example: str = ""
    strict: bool = True  # choices: refuse other values (False: the list only suggests)

    @property
    def required(self) -> bool:
        """Required columns are marked with ``*`` in the header."""
        return self.header.endswith("*")

    @property
    def name(self) -> str:
        """The header without the ``*``."""
        return self.header.rstrip("*")

    @property
    def format_text(self) -> str:
        """How to fill the column, in words (for 填写说明)."""
        return KINDS[self.kind][0]

    @property
    def number_format(self) -> str:
        """The Excel number format of the column's cells ('' for General)."""
        return KINDS[self.kind][2]

    @property
    def excel_width(self) -> float:
        """Column width in Excel units, wide enough for the header and the choices."""
        longest = max([display_width(self.header) + 4, *(display_width(c) + 5 for c in self.choices)])
        return float(max(self.width or KINDS[self.kind][1], longest))

    @property
    def hint(self) -> str:
        """A one-line explanation (the input prompt shown in Excel)."""
        parts = ["必填" if self.required else "选填", self.note or self.format_text]
        if self.choices:
            parts.append("可选：" + "、".join(self.choices))
        if self.example:
            parts.append("例：" + self.example)
        return "；".join(p for p in parts if p)


@dataclass(frozen=True)
class TemplateSpec:
    """A template: command-line name, title (also the file name), sheet name and columns."""

    name: str
    title: str
    sheet: str
    columns: tuple[Column, ...]
    description: str = ""

    @property
    def headers(self) -> list[str]:
        """Header texts exactly as written in row 1 (with ``*``)."""
        return [c.header for c in self.columns]

    @property
    def names(self) -> list[str]:
        """Header texts without ``*`` (what legacy files usually write)."""
        return [c.name for c in self.columns]

    @property
    def keys(self) -> list[str]:
        """Column keys in order."""
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        """The column with ``key``."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


def _values(mapping: Enumeration | dict[str, str]) -> tuple[str, ...]:
    """A choice column's words: the Chinese labels, whatever the interface language (the file format)."""
    return tuple((mapping.data_labels() if isinstance(mapping, Enumeration) else mapping).values())


C = Column
YES_NO = ("是", "否")
MOODS = ("平静", "不满", "焦急", "愤怒")
COMPLAINT_TYPES = tuple(OPTIONS["complaint_types"].default)  # the firm's list starts as this one

_REGISTRATION = TemplateSpec("registration", "客户信息登记表", "客户信息登记表", (
    C("客户编号", "code", "code", note="留空则自动编号；已有编号会保留", example="C2024001"),
    C("客户名称*", "name", width=28, example="杭州科美模具有限公司"),
    C("客户类型*", "type", "choice", _values(CUSTOMER_TYPES), example="成交客户"),
    C("重要等级*", "importance", "choice", _values(IMPORTANCE), note="A 最重要，C 一般", example="A"),
    C("所属行业", "industry", example="制造业"),
    C("企业规模", "size", example="20-99人"),
    C("所在地区", "region", width=16, example="浙江省杭州市"),
    C("详细地址", "address", "long", example="浙江省杭州市西湖区高新路152号"),
    C("来源渠道", "source_channel", "choice", _values(SOURCE_CHANNELS), example="展会"),
    C("联系人*", "contact", example="张伟"),
    C("联系人职务*", "title", example="采购经理"),
    C("联系人手机*", "mobile", "phone", note="主联系人的手机号码", example="+86 138 1234 5678"),
    C("联系人邮箱", "email", "email", example="zhangwei@example.com"),
    C("采购意向", "purchase_intent", "long", example="计划年内采购2台设备"),
    C("产品偏好", "product_preference", "long", width=24, example="偏好国产品牌，性价比优先"),
    C("预算范围", "budget_range", example="10-50万"),
    C("客户标签", "tags", "tags", example="高价值、功能定制"),
    C("客户经理", "account_manager", note="员工姓名，须与系统中的员工一致", example="李晓梅"),
    C("合作开始日期", "coop_start", "date", example="2024-01-05"),
    C("备注", "notes", "long"),
), "一户一档：每行一个客户及其主联系人。")

_CHANGES = TemplateSpec("changes", "客户信息更新记录表", "客户信息更新记录表", (
    C("客户编号", "code", "code", example="C2024001"),
    C("客户名称", "name", width=28, example="杭州科美模具有限公司"),
    C("变更字段", "field", example="联系人手机"),
    C("变更前", "old_value", "long", width=24, example="138****5678"),
    C("变更后", "new_value", "long", width=24, example="139****1234"),
    C("变更原因", "reason", "long", width=24, example="联系人更换手机号"),
    C("变更人", "operator", example="李晓梅"),
    C("变更时间", "at", "datetime", example="2024-01-05 14:30"),
), "客户或联系人每个字段的变更：变更前、变更后、原因、变更人和时间。")

_TICKET = TemplateSpec("ticket", "服务工单表", "服务工单表", (
    C("工单编号", "number", "code", width=16, note="留空则自动编号", example="GD20241122-007"),
    C("客户编号", "code", "code", example="C2024001"),
    C("客户名称", "customer", width=28, example="杭州科美模具有限公司"),
    C("联系人", "contact", example="张伟"),
    C("联系电话", "phone", "phone", example="+86 138 1234 5678"),
    C("受理渠道", "channel", "choice", _values(TICKET_CHANNELS), example="电话"),
    C("问题类型", "category", "choice", _values(TICKET_CATEGORIES), example="故障报修"),
    C("问题描述", "description", "long", width=36, example="设备开机报警E03"),
    C("分级类型*", "priority", "choice", _values(PRIORITIES), note="紧急2小时内响应，重要4小时，一般8小时",
      example="重要"),
    C("受理时间", "created_at", "datetime", example="2024-01-05 09:30"),
    C("处理人", "assignee", example="刘志强"),
    C("预计解决时间", "resolution_due", "datetime", example="2024-01-07 18:00"),
    C("实际解决时间", "resolved_at", "datetime", example="2024-01-06 16:20"),
    C("解决方案", "solution", "long", width=30, example="更换传感器后恢复正常"),
    C("工单状态", "stage", "choice", _values(TICKET_STAGES), example="反馈"),
    C("是否一次解决", "one_time", "choice", YES_NO, example="是"),
    C("满意度评分", "satisfaction", "score", example="5"),
    C("回访时间", "callback_at", "datetime", example="2024-01-07 10:00"),
    C("备注", "notes", "long"),
), "每行一张服务工单。")

_TIERS = TemplateSpec("tiers", "客户信息整合与分层表", "客户信息整合与分层表", (
    C("客户编号", "code", "code", example="C2024001"),
    C("客户名称", "name", width=28, example="杭州科美模具有限公司"),
    C("联系人", "contact", example="张伟"),
    C("行业", "industry", example="制造业"),
    C("合作时长(月)", "coop_months", "months", example="18"),
    C("历史订单金额(万元)", "total_wan", "wan", example="12.5"),
    C("满意度历史评分", "score", "mean", note="历次满意度调查「总体满意度」的平均分", example="4.2"),
    C("客户层级", "tier", "choice", _values(TIERS), example="核心"),
    C("关键需求标签", "tags", "tags", width=24, example="功能定制、售后响应"),
), "客户分层：合作时长、历史订单金额、满意度和层级。")

_INTERACTIONS = TemplateSpec("interactions", "客户互动跟踪表", "客户互动跟踪表", (
    C("客户编号", "code", "code", example="C2024001"),
    C("互动时间", "at", "datetime", example="2024-01-05 14:30"),
    C("互动方式", "method", "choice", _values(FOLLOWUP_METHODS), example="电话"),
    C("沟通内容摘要", "summary", "long", width=36, example="沟通新产品试用安排"),
    C("客户反馈", "feedback", "long", width=28, example="对交付周期较满意"),
    C("下一步计划", "next_step", "long", width=28, example="下周上门演示"),
    C("跟进人", "staff", example="李晓梅"),
), "每行一次与客户的互动（电话、上门、邮件、微信、短信）。")

_COMPLAINT = TemplateSpec("complaint", "客户投诉处理工单", "客户投诉处理工单", (
    C("工单编号", "number", "code", width=16, note="留空则自动编号", example="GD20241122-008"),
    C("客户编号", "code", "code", example="C2024001"),
    C("投诉时间", "created_at", "datetime", example="2024-01-05 09:30"),
    C("问题类型", "complaint_type", "choice", COMPLAINT_TYPES, strict=False, note="可选列表中的类型，也可自行填写",
      example="产品质量"),
    C("客户诉求", "demand", "long", width=30, example="要求更换新机"),
    C("情绪状态", "mood", "choice", MOODS, strict=False, example="不满"),
    C("投诉等级", "severity", "choice", _values(SEVERITIES),
      note="一般：1个工作日内解决；严重：2个工作日内；重大：立即上报，1天内解决", example="严重"),
    C("责任部门", "department", example="售后部"),
    C("处理方案", "solution", "long", width=30, example="48小时内上门更换"),
    C("处理时限", "resolution_due", "datetime", example="2024-01-07 18:00"),
    C("处理结果", "result", "long", width=28, example="已更换，客户认可"),
    C("回访时间", "callback_at", "datetime", example="2024-01-08 10:00"),
), "每行一件客户投诉。")

_SURVEY = TemplateSpec("survey", "客户满意度调查表", "客户满意度调查表", (
    C("客户编号", "code", "code", example="C2024001"),
    C("工单编号", "number", "code", width=16, note="针对某张工单的回访填写；定期调查留空", example="GD20241122-007"),
    C("调查日期", "date", "date", example="2024-01-05"),
    C("调查方式", "method", "choice", _values(SURVEY_METHODS), example="电话"),
    C("产品质量", "quality", "score", example="5"),
    C("服务响应", "response", "score", example="4"),
    C("沟通效率", "communication", "score", example="5"),
    C("专业度", "professionalism", "score", example="5"),
    C("总体满意度", "overall", "score", example="5"),
    C("意见建议", "comment", "long", width=32, example="希望缩短上门等待时间"),
), "每行一次满意度调查；各项评分为 1–5 分，百分制得分 = 平均分 × 20。")

_EQUIPMENT = TemplateSpec("equipment", "设备台账", "设备台账", (
    C("客户编号", "code", "code", note="客户编号或客户名称至少填一项", example="C2024001"),
    C("客户名称", "customer", width=28, example="杭州科美模具有限公司"),
    C("产品型号*", "model", width=20, example="激光切割机 3015"),
    C("序列号*", "serial", "code", width=18, note="同一型号下不能重复", example="LC3015-22071"),
    C("安装日期", "install_date", "date", example="2024-01-05"),
    C("安装地址", "site_address", "long", note="与客户地址不同时填写", example="浙江省杭州市余杭区仓前街道 3 号厂房"),
    C("保修期至", "warranty_end", "date", note="保修到期日；也可另加一列「保修期」写月数（如 12个月）",
      example="2026-01-04"),
    C("维保合同号", "contract_no", "code", width=16, example="WB2025-017"),
    C("合同到期", "contract_end", "date", example="2026-12-31"),
    C("备注", "notes", "long"),
), "每行一台设备：所属客户、型号、序列号、安装和保修信息；保修或维保合同到期前 30 天会提醒客户经理续保。")

#: The templates in the order of docs/spec.md §6 (then §11), keyed by their command-line names.
TEMPLATES: dict[str, TemplateSpec] = {t.name: t for t in (
    _REGISTRATION, _CHANGES, _TICKET, _TIERS, _INTERACTIONS, _COMPLAINT, _SURVEY, _EQUIPMENT)}
#: The names in the order docs/spec.md §8 lists them for ``crmdesk template NAME`` (equipment: §11).
TEMPLATE_NAMES = ["registration", "ticket", "tiers", "interactions", "changes", "complaint", "survey", "equipment"]


#: The records whose custom fields (设置 → 自定义字段) a template carries as extra columns, after its own.
TEMPLATE_ENTITIES = {"registration": ("customer", "contact"), "ticket": ("ticket",), "equipment": ("equipment",)}
_CUSTOM_KINDS = {"text": "text", "number": "number", "amount": "amount", "date": "date", "yes_no": "choice",
                 "choice": "choice"}


def custom_columns(name: str, *, export: bool = False) -> tuple[Column, ...]:
    """The custom fields of template ``name`` as columns (none without an open database).

    A header is the field's name (a contact field named like a customer field is 联系人·name), so a
    filled-in copy imports into the field. Required custom fields are not starred: an import does
    not require them (the form does, for new records). In an export a sensitive field is text
    (its value revealed, or masked as ****).
    """
    entities = TEMPLATE_ENTITIES.get(name, ())
    if not entities or database_proxy.obj is None:
        return ()
    every = [field for entity in entities for field in customfields.fields(entity)]
    out = []
    for field in every:
        clash = field.entity != "customer" and any(o.entity == "customer" and o.label == field.label for o in every)
        header = f"联系人·{field.label}" if clash else field.label
        kind = "text" if export and field.sensitive else _CUSTOM_KINDS[field.kind]
        choices = field.choices if field.kind == "choice" else YES_NO if field.kind == "yes_no" else ()
        notes = ["自定义字段" + ("（联系人）" if field.entity == "contact" else "")]
        if field.required:
            notes.append("在程序中新建时必填")
        if field.sensitive:
            notes.append("敏感信息，导入后加密保存")
        out.append(Column(header, field.key, kind, choices, note="；".join(notes)))
    return tuple(out)


def spec_for(name: str, *, export: bool = False) -> TemplateSpec:
    """Template ``name`` with the custom fields' columns after its own (what files are written with)."""
    from dataclasses import replace

    spec = get_template(name)
    extra = custom_columns(name, export=export)
    return replace(spec, columns=spec.columns + extra) if extra else spec


def get_template(name: str) -> TemplateSpec:
    """The template called ``name``; a ``KnownError`` lists the names otherwise."""
    try:
        return TEMPLATES[name]
    except KeyError:
        raise KnownError(_("Unknown template {name}: choose one of {names}.", name=name,
                           names=", ".join(TEMPLATE_NAMES))) from None


def _clean_header(text: object) -> str:
    return "".join(to_halfwidth(str(text or "")).split()).rstrip("*")


def template_for_headers(headers: list[object], *, minimum: float = 0.8) -> TemplateSpec | None:
    """The template whose header names best match ``headers`` (ignoring ``*``, spaces, width).

    At least ``minimum`` of the template's columns must be present; ``None`` otherwise.
    """
    found = {_clean_header(h) for h in headers}
    best, best_score = None, 0.0
    for spec in TEMPLATES.values():
        score = sum(name in found for name in spec.names) / len(spec.columns)
        if score > best_score:
            best, best_score = spec, score
    return best if best is not None and best_score >= minimum else None


GENERAL_NOTES = (
    "第1行是表头，请不要修改、删除或调换列；从第2行起每行填写一条记录。",
    "列名带 * 的为必填项（表头为橙色）；其余列可以留空。",
    "日期写成 2024-01-05（也可写 2024/1/5、2024.1.5 或 2024年1月5日）；日期时间写成 2024-01-05 14:30。",
    "金额可以写 125000、125,000、125000元 或 12.5万。",
    "手机号码写 11 位，可带 +86、空格或短横线，如 +86 138 1234 5678，导入时会自动整理。",
    "带下拉箭头的列请从列表中选择；评分为 1–5 的整数。",
    "填好后在客户服务台中选择「文件 → 从 Excel 导入」，有问题的行会写入错误工作簿，改正后可再次导入。",
)


def _write_instructions(wb: Any, spec: TemplateSpec) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet("填写说明")
    ws.append([f"{spec.title} 填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    if spec.description:
        ws.append([spec.description])
    for note in GENERAL_NOTES:
        ws.append([f"• {note}"])
    ws.append([])
    head_row = ws.max_row + 1
    ws.append(["列名", "是否必填", "填写格式", "可选值", "示例", "说明"])
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for column in spec.columns:
        ws.append([column.header, "必填" if column.required else "选填", column.format_text,
                   "、".join(column.choices) + ("（也可自行填写）" if column.choices and not column.strict else ""),
                   column.example, column.note])
        if column.required:
            ws.cell(ws.max_row, 1).font = Font(bold=True, color="C00000")
    for letter, width in zip("ABCDEF", (20, 10, 44, 36, 26, 40)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=head_row + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.number_format = "@"  # examples such as 2024-01-05 stay text here


def build_template(name: str, *, custom: bool = True) -> Any:
    """The workbook of template ``name`` (openpyxl ``Workbook``), not yet saved; ``custom``: with the
    open database's custom fields."""
    return build_workbook(spec_for(name) if custom else get_template(name))


def build_workbook(spec: TemplateSpec, rows: Sequence[list[object]] = ()) -> Any:
    """A workbook in the layout of ``spec`` holding ``rows`` (none: the empty template), not yet saved.

    For small sheets (the staff list, the routing table): values that look like formulas are
    written as text, as the list export does.
    """
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet
    ws.append(header_cells(ws, spec))
    apply_layout(ws, spec)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS.sub("", value)
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
                cell.data_type = "s"
                cell.quotePrefix = True
    _write_instructions(wb, spec)
    wb.properties.title = spec.title
    wb.properties.creator = "CRMDesk"
    return wb


def write_template(name: str, path: str | os.PathLike[str], *, custom: bool = True) -> Path:
    """Write template ``name`` to ``path`` atomically; returns the absolute path written (``custom``: with
    the open database's custom fields)."""
    wb = build_template(name, custom=custom)
    with atomic_file(path) as target:
        wb.save(target.temp)
        return target.commit()


def header_cells(ws: Any, spec: TemplateSpec) -> list[Any]:
    """The styled header row of ``spec`` (works for normal and write-only sheets)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    side = Side(style="thin", color="8EA9DB")
    border = Border(left=side, right=side, top=side, bottom=side)
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    fills = {True: PatternFill("solid", fgColor=REQUIRED_FILL), False: PatternFill("solid", fgColor=HEADER_FILL)}
    fonts = {True: Font(bold=True, color=REQUIRED_FONT), False: Font(bold=True)}
    cells = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = fonts[column.required]
        cell.fill = fills[column.required]
        cell.alignment = align
        cell.border = border
        cells.append(cell)
    return cells


def apply_layout(ws: Any, spec: TemplateSpec, *, prompts: bool = True) -> None:
    """Widths, column formats, frozen header and data validations (call before writing rows)."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, 1):
        letter = get_column_letter(index)
        dim = ws.column_dimensions[letter]
        dim.width = column.excel_width
        if column.number_format:
            dim.number_format = column.number_format
        validation = data_validation(column, prompts=prompts)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{MAX_ROW}")
            ws.data_validations.append(validation)
    ws.row_dimensions[1].height = 30


def _quoted_list(choices: tuple[str, ...]) -> str:
    text = ",".join(choices)
    if len(text) > 255 or any(c in text for c in '"'):  # Excel's limit for an inline list
        raise ValueError(f"choice list too long for an inline validation: {text!r}")
    return f'"{text}"'


def data_validation(column: Column, *, prompts: bool = True) -> Any | None:
    """The drop-down or range validation of ``column``, or ``None`` for free text."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = column.kind
    if column.choices:
        validation = DataValidation(type="list", formula1=_quoted_list(column.choices), allow_blank=True,
                                    errorStyle="stop" if column.strict else "information",
                                    showDropDown=False)  # False means: do show the arrow (sic)
        validation.error = f"请从下拉列表中选择：{'、'.join(column.choices)}"
    elif kind == "score":
        validation = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True)
        validation.error = "请填写 1 到 5 的整数"
    elif kind == "months":
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        validation.error = "请填写不小于 0 的整数"
    elif kind in ("number", "amount"):
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual" if kind == "amount" else "between",
                                    formula1="0" if kind == "amount" else "-1E+15",
                                    formula2=None if kind == "amount" else "1E+15", allow_blank=True,
                                    errorStyle="warning")  # 12.5万 is an amount too: warn, do not refuse
        validation.error = "请填写数字" + ("（不小于 0）" if kind == "amount" else "")
    elif kind in ("wan", "mean"):
        low, high = ("0", None) if kind == "wan" else ("1", "5")
        validation = DataValidation(type="decimal", operator="between" if high else "greaterThanOrEqual",
                                    formula1=low, formula2=high, allow_blank=True)
        validation.error = "请填写数字" + (f"（{low}–{high}）" if high else "（不小于 0）")
    elif kind in ("date", "datetime"):
        validation = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                                    formula2="DATE(2100,12,31)", allow_blank=True, errorStyle="warning")
        validation.error = "请填写日期，如 2024-01-05"
    else:
        return None
    validation.showErrorMessage = True
    validation.errorTitle = column.name
    if prompts:
        validation.showInputMessage = True
        validation.promptTitle = column.name[:32]
        validation.prompt = column.hint[:255]
    return validation
