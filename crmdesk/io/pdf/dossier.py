"""客户档案（一户一档）: everything about one customer on paper (docs/spec.md §5).

The same data as the dossier window (``core.customers.dossier.load``): the fields, contacts, orders,
machines with their cover and service history, tickets, interactions, surveys, the change log and
the attachments listed by name. Personal numbers are masked as in the
lists unless the caller reveals them (which the caller logs, as the window does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crmdesk.core.customers import dossier
from crmdesk.core.i18n import _
from crmdesk.core.store import atomic
from crmdesk.core.store.errors import KnownError
from crmdesk.core.store.models import Customer
from crmdesk.io.pdf.common import build_pdf, data_table, field_table, frame_width, para, styles

TITLE = "客户档案"


def customer_id_by_code(code: str) -> int:
    """The live customer with this code, or a ``KnownError`` that says what became of it."""
    code = (code or "").strip()
    customer = Customer.get_or_none((Customer.code == code) & Customer.deleted_at.is_null())
    if customer is None:
        raise KnownError(_("There is no customer with the code {code}.", code=code))
    if customer.merged_into_id is not None:
        target = Customer.get_by_id(customer.merged_into_id).code
        raise KnownError(_("Customer {code} was merged into {target}; print the dossier of {target}.",
                           code=code, target=target))
    return customer.id


def _section(title: str, header: list[str], rows: list[list[str]], shares: tuple[float, ...], st: Any,
             right: tuple[int, ...] = ()) -> list[Any]:
    width = frame_width()
    return [para(f"{title}（{len(rows)}）", st.h2),
            data_table(header, rows, [width * f for f in shares], st, right=right)]


def write_dossier(customer_id: int, out: Path, *, reveal: bool = False) -> Path:
    """Write one customer's dossier to ``out`` (atomically); returns ``out``."""
    d = dossier.load(customer_id, reveal=reveal)
    st = styles()
    c = d.customer
    story: list[Any] = [
        para(f"{TITLE}（一户一档）", st.title),
        para(f"{c.name}　{c.code}", st.subtitle),
        para("基本信息", st.h1),
        field_table(d.fields, frame_width(), st),
        para("往来记录", st.h1),
    ]
    shares: tuple[float, ...] = (0.11, 0.12, 0.14, 0.11, 0.15, 0.12, 0.13, 0.12)
    if d.contact_custom:  # the owner's contact fields take room from the columns that can wrap, never the mobile's
        extra = min(0.09 * len(d.contact_custom), 0.4)
        flexible = sum(share for i, share in enumerate(shares) if i not in (0, 2))
        shares = tuple(share if i in (0, 2) else share * (flexible - extra) / flexible for i, share in enumerate(shares))
        shares += (extra / len(d.contact_custom),) * len(d.contact_custom)
    story += _section("联系人", ["姓名", "职务", "手机", "电话", "邮箱", "微信", "生日", "标记", *d.contact_custom],
                      d.contacts, shares, st)
    story += _section("交易记录", ["日期", "产品", "金额（元）", "合同编号"], d.orders, (0.15, 0.45, 0.18, 0.22), st,
                      right=(2,))
    machine_shares: tuple[float, ...] = (0.15, 0.19, 0.12, 0.13, 0.22, 0.13, 0.06)
    if d.equipment_custom:  # the owner's machine fields take room from the site, cover and contract columns
        extra = min(0.09 * len(d.equipment_custom), 0.3)
        flexible = machine_shares[3] + machine_shares[4] + machine_shares[5]
        machine_shares = tuple(share * (flexible - extra) / flexible if i in (3, 4, 5) else share
                               for i, share in enumerate(machine_shares))
        machine_shares += (extra / len(d.equipment_custom),) * len(d.equipment_custom)
    story += _section("设备", ["产品型号", "序列号", "安装日期", "安装地址", "保修状态", "维保合同", "工单",
                             *d.equipment_custom], d.equipment, machine_shares, st, right=(6,))
    if d.service:
        story += _section("设备维修记录", ["序列号", "工单编号", "受理时间", "类型", "阶段", "当时保修", "问题"],
                          d.service, (0.20, 0.17, 0.15, 0.10, 0.07, 0.09, 0.22), st)
    story += _section("服务工单", ["工单编号", "受理时间", "类型", "分级", "阶段", "处理人", "问题描述"], d.tickets,
                      (0.17, 0.15, 0.09, 0.07, 0.07, 0.09, 0.36), st)
    story += _section("互动记录", ["时间", "方式", "摘要", "客户反馈", "下一步", "跟进人"], d.interactions,
                      (0.15, 0.07, 0.26, 0.22, 0.20, 0.10), st)
    story += _section("满意度调查", ["日期", "方式", "产品质量", "服务响应", "沟通效率", "专业度", "总体", "意见建议"],
                      d.surveys, (0.12, 0.08, 0.09, 0.09, 0.09, 0.08, 0.07, 0.38), st, right=(2, 3, 4, 5, 6))
    story += _section("变更记录", ["时间", "字段", "变更前", "变更后", "原因", "变更人"], d.changes,
                      (0.15, 0.13, 0.2, 0.2, 0.2, 0.12), st)
    story += _section("附件", ["文件名", "所属", "大小", "添加时间", "添加人"], d.files,
                      (0.34, 0.28, 0.10, 0.16, 0.12), st, right=(2,))
    if not reveal:
        story.append(para("注：手机、电话、邮箱、微信、地址（含设备安装地址）、生日、机密备注和标为敏感的自定义字段已按"
                          "个人信息保护要求隐藏；附件只列出文件名。", st.small))
    # printed for a visit, with the numbers: personal data, owner-only like exports
    return build_pdf(Path(out), story, title=f"{TITLE} {c.code} {c.name}", subject=c.name,
                     mode=atomic.PRIVATE if reveal else atomic.SHARED)
