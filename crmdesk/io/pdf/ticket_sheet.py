"""服务工单: the A4 sheet an engineer takes to an on-site visit (docs/spec.md §5, issue #6).

It carries what the engineer needs at the customer's door — the customer, the contact with
the full mobile and the address, the machine (model, serial number, where it stands, and whether
it is 在保 / 过保 / 维保合同内 today, which decides what the visit costs), the problem, the dues —
and what comes back signed: an
empty solution area, the time on site, the result, the customer's rating and two signature
boxes. Printing the full number and address reveals personal data, so it is recorded in
the audit log like any other reveal (个人信息保护法).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crmdesk.core.customers import privacy
from crmdesk.core.customfields import fields as customfields
from crmdesk.core.customfields import values as custom_values
from crmdesk.core.equipment import service as equipment
from crmdesk.core.safety import secrets
from crmdesk.core.store.models import (
    PRIORITIES,
    SEVERITIES,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    Contact,
    Customer,
    Staff,
)
from crmdesk.core.tickets import records as ticket_records
from crmdesk.io.pdf.common import GRID, ZEBRA, build_pdf, field_table, frame_width, para, styles, text

TITLE = "服务工单"
CHECK = "□"


def _contact_lines(ticket: Any) -> tuple[str, str, str]:
    """(name and title, mobile, phone) of the ticket's contact, else of the customer's primary contact."""
    contact = None
    if ticket.contact_id:
        contact = Contact.get_or_none(Contact.id == ticket.contact_id)
    if contact is None:
        contact = (Contact.select().where((Contact.customer == ticket.customer_id) & Contact.deleted_at.is_null())
                   .order_by(Contact.is_primary.desc(), Contact.id).first())
    if contact is None:
        return "", "", ""
    name = contact.name + (f"（{contact.title}）" if contact.title else "")
    return (name, secrets.reveal("contact", "mobile", contact.mobile),
            secrets.reveal("contact", "phone", contact.phone))


def _box(rows: list[list[Any]], widths: list[float], heights: list[float] | None = None,
         shaded_first_col: bool = False) -> Any:
    """A ruled block of cells (solution area, result, signatures)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, rowHeights=heights)
    commands = [("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor(GRID)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4)]
    if shaded_first_col:
        commands.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor(ZEBRA)))
    table.setStyle(TableStyle(commands))
    return table


def _choices(options: tuple[str, ...], st: Any) -> Any:
    """Tick boxes with their labels, spaced with non-breaking spaces (a paragraph folds plain ones)."""
    from reportlab.platypus import Paragraph

    boxes = [f'<font size="13">{CHECK}</font>&nbsp;{option}' for option in options]
    return Paragraph(("&nbsp;" * 6).join(boxes), st.cell)


def _custom_pairs(ticket_id: int) -> list[tuple[str, str]]:
    """The ticket's custom fields (设置 → 自定义字段) for the 工单信息 table; a sensitive one hidden. An empty
    yes/no (or a short list of choices) is printed as boxes the engineer ticks on site."""
    own = customfields.fields("ticket")
    stored = custom_values.load("ticket", [ticket_id], own).get(ticket_id, {})
    pairs = []
    for f in own:
        text = custom_values.shown(f, stored.get(f.id), reveal=False).replace(custom_values.MASK, "已填写（隐藏）")
        options = ("是", "否") if f.kind == "yes_no" else f.choices if f.kind == "choice" else ()
        if not text and 0 < len(options) <= 4:
            text = "　".join(f"{CHECK} {option}" for option in options)
        pairs.append((f.label, text))
    return pairs
def _machine(ticket: Any, width: float, st: Any) -> list[Any]:
    """设备信息: model, serial number, cover today with its dates, contract, and where the machine stands."""
    machine = equipment.get(ticket.equipment_id) if ticket.equipment_id else None
    if machine is None:
        return []
    site = equipment.site_address(machine.id) if machine.has_site else "同客户地址"
    contract = f"{machine.contract_no} {machine.contract_level}".strip() or "无"
    # the cover with a contract's dates and the site address are long: each has a whole row
    return [para("设备信息", st.h2),
            field_table([("产品型号", machine.model), ("序列号", machine.serial),
                         ("维保合同", contract), ("安装日期", text(machine.install_date))], width, st),
            field_table([("保修状态", machine.warranty.text), ("安装地址", site)], width, st, columns=1)]


def write_ticket_sheet(ticket_id: int, out: Path, *, operator: Staff | None = None) -> Path:
    """Write the sheet of one ticket to ``out`` (atomically) and log the reveal; returns ``out``."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    ticket = ticket_records.load(ticket_id)
    customer = Customer.get_by_id(ticket.customer_id)
    contact, mobile, phone = _contact_lines(ticket)
    assignee = Staff.get_or_none(Staff.id == ticket.assignee_id) if ticket.assignee_id else None
    st = styles()
    width = frame_width()
    machine = _machine(ticket, width, st)
    # the solution area: room to write by hand, less by what the machine's block takes of the page (its
    # rows grow with a long site address), so the sheet stays one A4 page
    taken = sum(f.wrap(width, 10 ** 6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in machine)
    custom = _custom_pairs(ticket.id)
    # each pair of custom fields takes a row of the 工单信息 table (7 mm): the hand-written area gives
    # that room back too
    taken += 7 * mm * ((len(custom) + 1) // 2)
    writing = max(28 * mm, 62 * mm - taken + (4 * mm if machine else 0))
    category = TICKET_CATEGORIES.get(ticket.category, ticket.category)
    if ticket.category == "complaint" and ticket.severity:
        category += f"（{SEVERITIES.get(ticket.severity, ticket.severity)}）"
    story: list[Any] = [
        para(TITLE, st.title),
        para(f"工单编号：{ticket.number}", st.subtitle),
        Spacer(1, (2 if machine else 5) * mm),
        para("客户信息", st.h2),
        field_table([
            ("客户名称", customer.name), ("客户编号", customer.code),
            ("联系人", contact), ("手机", mobile),
            ("电话", phone), ("所在地区", customer.region),
        ], width, st),
        field_table([("详细地址", secrets.reveal("customer", "address", customer.address))], width, st, columns=1),
        *machine,
        para("工单信息", st.h2),
        field_table([
            ("受理时间", text(ticket.created_at)), ("受理渠道", TICKET_CHANNELS.get(ticket.channel, ticket.channel)),
            ("问题类型", category), ("分级", PRIORITIES.get(ticket.priority, ticket.priority)),
            ("处理人", assignee.name if assignee else ticket.assignee_name), ("当前阶段",
                                                                          ticket_records.stage_label(ticket.stage)),
            ("响应时限", text(ticket.response_due)), ("解决时限", text(ticket.resolution_due)),
            *custom,
        ], width, st),
        para("问题描述", st.h2),
        _box([[para(ticket.description or "（未填写）", st.body)]], [width]),
        para("现场处理记录 / 解决方案", st.h2),
        # the solution area: room to write in by hand, or as tall as a long typed solution needs
        _box([[para(ticket.solution, st.body)]], [width],
             [max(writing, para(ticket.solution, st.body).wrap(width - 12, 10 ** 6)[1] + 12)]),
        Spacer(1, 3 * mm),
    ]
    label_w = 28 * mm
    result_rows = [
        [para("到达时间", st.cell), para("____年___月___日  ___:___", st.cell),
         para("离开时间", st.cell), para("____年___月___日  ___:___", st.cell)],
        [para("处理结果", st.cell), _choices(("已解决", "未解决，需再次上门", "需更换备件"), st), "", ""],
        [para("客户评价", st.cell), _choices(("非常满意", "满意", "一般", "不满意"), st), "", ""],
    ]
    result = _box(result_rows, [label_w, width / 2 - label_w, label_w, width / 2 - label_w], shaded_first_col=True)
    from reportlab.platypus import TableStyle

    result.setStyle(TableStyle([("SPAN", (1, 1), (3, 1)), ("SPAN", (1, 2), (3, 2))]))
    story.append(result)
    story.append(Spacer(1, 4 * mm))
    signatures = [[para("工程师签字：", st.body), para("客户签字（盖章）：", st.body)],
                  [para("日期：", st.small), para("日期：", st.small)]]
    story.append(_box(signatures, [width / 2, width / 2], [22 * mm, 8 * mm]))
    story.append(Spacer(1, 3 * mm))
    story.append(para("本工单一式两份，客户与服务方各执一份。客户签字即确认上述服务内容与结果。", st.small))
    build_pdf(Path(out), story, title=f"{TITLE} {ticket.number}", subject=customer.name)
    if mobile or customer.address:
        privacy.record_reveal(customer.id, operator, f"联系人手机和地址（打印服务工单 {ticket.number}）")
    return Path(out)
