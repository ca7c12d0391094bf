"""The way in from other CRMs (docs/spec.md §13): their export and import-template layouts, known by their headers.

A firm leaving 悟空CRM (9 and 11), CordysCRM or Odoo brings the files those programs write:
customer and contact exports and filled-in import templates. Each :class:`Layout` lists the
headers such a file has (as the program writes them), the headers it cannot do without, and
how its columns map where the general header synonyms (``io.importing.mapping``) would guess wrong or
not at all — 悟空's 电话 is the company's landline, Cordys' 状态 is a contact's 启用/禁用, Odoo's
状态 is the province and its 公司 a yes/no. :func:`detect` names the layout of a header row
(the preview says "识别为：悟空CRM 11 客户导出"), and :func:`mapping.suggest_mapping` maps it
without any hand work: columns that mean nothing here (锁定状态, 距进入公海天数, 相关团队 …)
are ignored and listed as such, any other column without a field of its own goes to the
customer's notes. Their value formats (levels such as ``A（重点客户）``, regions such as
``广东省,深圳市,南山区`` or ``中国-广东省-深圳市-南山区-详细地址``, tags such as
``[标签1，标签2]``, 400 numbers) are read by ``formats``.

The Chinese here is data the importer matches, not messages: the headers and values the other
programs write, and the layouts' names as their users know them (``tests/test_literals.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from crmdesk.io.importing.headers import normalize_header

CUSTOMERS = "customers"


@dataclass(frozen=True)
class Layout:
    """One file layout of another CRM.

    ``headers`` are the header texts the program writes (compared normalised, so 「*客户名称」
    and 「客户名称(*)」 are 客户名称); ``needs`` are groups of headers of which the file must
    have one each; ``columns`` maps a header to the field it holds in this layout ('' for a
    column that means nothing here); ``contacts`` marks a contact list (one row a contact,
    notes lines named after the contact).
    """

    key: str
    label: str
    headers: tuple[str, ...]
    needs: tuple[tuple[str, ...], ...]
    columns: Mapping[str, str] = field(default_factory=dict)
    contacts: bool = False
    kind: str = CUSTOMERS


# Columns of other CRMs that mean nothing here (lock state, days until the public pool,
# teams, record bookkeeping): ignored in any customer file, and listed as ignored.
IGNORED = frozenset({
    "锁定状态", "距进入公海天数", "距进入公海客户天数", "相关团队", "所属部门", "部门", "领取时间", "回收公海", "剩余归属",
    "归属公海", "创建人", "创建时间", "更新人", "更新时间", "修改人", "修改时间", "最后修改时间", "有效", "语言", "时区",
    "显示名称", "id", "外部id", "序号", "协作人", "协作成员", "星标", "客户id", "联系人id"})

_WUKONG_CUSTOMER = {"电话": "phone", "手机": "mobile", "网址": "memo", "地区定位": "region", "详细地址": "address",
                    "客户级别": "importance", "客户来源": "source_channel", "客户行业": "industry"}
_WUKONG_CONTACT = {"电话": "phone", "手机": "mobile", "地址": "address", "性别": "memo", "职务": "title",
                   "是否关键决策人": "primary_flag", "电子邮箱": "email"}
_CORDYS_CUSTOMER = {"地区": "region", "客户等级": "importance", "客户类型": "type", "线上来源详情": "memo",
                    "最新跟进人员": "last_followup_by", "最新跟进时间": "last_followup_at"}
_CORDYS_CONTACT = {"手机号": "mobile", "状态": "contact_status", "停用原因": "memo"}
_ODOO = {"名字": "name", "名称": "name", "公司类别": "partner_kind", "公司类型": "partner_kind", "公司": "partner_kind",
         "是公司": "partner_kind", "关联公司": "parent", "街道": "address", "街道2": "street2", "城市": "city",
         "状态": "province", "省份": "province", "州/省": "province", "邮政编码": "memo", "国家": "country",
         "国家/地区": "country", "电话": "phone", "手机": "mobile", "email": "email", "电子邮件": "email",
         "网站": "memo", "网站链接": "memo", "工作岗位": "title", "工作职位": "title", "称谓": "memo",
         "销售员": "account_manager", "内部参照": "code", "标签": "tags", "备注": "notes", "税务登记证号码": "memo",
         "税号": "memo"}

# Odoo's own labels of the same fields, for an export or import file made with the English interface
_ODOO_ENGLISH = {"name": "name", "company type": "partner_kind", "is a company": "partner_kind",
                 "related company": "parent", "street": "address", "street2": "street2", "city": "city",
                 "state": "province", "zip": "memo", "country": "country", "phone": "phone", "mobile": "mobile",
                 "email": "email", "website": "memo", "website link": "memo", "job position": "title", "title": "memo",
                 "salesperson": "account_manager", "internal reference": "code", "reference": "code", "tags": "tags",
                 "notes": "notes", "tin": "memo", "tax id": "memo", "language": "", "active": ""}

LAYOUTS: tuple[Layout, ...] = (
    Layout("wukong11_customer_export", "悟空CRM 11 客户导出", (
        "客户名称", "客户来源", "手机", "电话", "网址", "客户行业", "客户级别", "下次联系时间", "备注", "邮箱", "锁定状态",
        "成交状态", "最后跟进时间", "最后跟进记录", "详细地址", "地区定位", "距进入公海天数", "负责人", "相关团队", "所属部门",
        "更新时间", "创建时间", "创建人"), (("客户名称",), ("客户级别",), ("成交状态", "锁定状态", "地区定位")),
        _WUKONG_CUSTOMER),
    Layout("wukong11_customer_template", "悟空CRM 11 客户导入模板", (
        "客户名称", "负责人", "客户来源", "手机", "电话", "网址", "邮箱", "客户行业", "客户级别", "下次联系时间", "备注",
        "省", "市", "区", "详细地址"), (("客户名称",), ("客户级别",), ("省",), ("市",)), _WUKONG_CUSTOMER),
    Layout("wukong9_customer_export", "悟空CRM 9 客户导出", (
        "客户名称", "手机", "电话", "客户来源", "客户行业", "客户级别", "网址", "下次联系时间", "备注", "成交状态",
        "距进入公海客户天数", "最后跟进时间", "最后跟进记录", "更新时间", "创建时间", "负责人", "创建人"),
        (("客户名称",), ("客户级别",), ("成交状态", "距进入公海客户天数")), _WUKONG_CUSTOMER),
    Layout("wukong9_customer_template", "悟空CRM 9 客户导入模板", (
        "客户名称", "手机", "电话", "客户来源", "客户行业", "客户级别", "网址", "下次联系时间", "备注", "省", "市", "区"),
        (("客户名称",), ("客户级别",), ("省",), ("市",)), _WUKONG_CUSTOMER),
    Layout("wukong11_contact_export", "悟空CRM 11 联系人导出", (
        "姓名", "客户名称", "手机", "电话", "邮箱", "职务", "是否关键决策人", "地址", "下次联系时间", "备注", "性别",
        "最后跟进时间", "负责人", "相关团队", "所属部门", "更新时间", "创建时间", "创建人"),
        (("姓名",), ("客户名称",), ("是否关键决策人", "职务")), _WUKONG_CONTACT, contacts=True),
    Layout("wukong11_contact_template", "悟空CRM 11 联系人导入模板", (
        "姓名", "负责人", "客户名称", "手机", "电话", "邮箱", "职务", "是否关键决策人", "地址", "下次联系时间", "备注", "性别"),
        (("姓名",), ("客户名称",), ("是否关键决策人", "职务")), _WUKONG_CONTACT, contacts=True),
    Layout("wukong9_contact_export", "悟空CRM 9 联系人导出", (
        "姓名", "客户名称", "手机", "电话", "电子邮箱", "职务", "地址", "下次联系时间", "备注", "是否关键决策人", "性别",
        "更新时间", "创建时间", "负责人", "创建人"), (("姓名",), ("客户名称",), ("是否关键决策人", "职务")),
        _WUKONG_CONTACT, contacts=True),
    Layout("cordys_customer_export", "CordysCRM 客户导出", (
        "客户名称", "客户行业", "客户等级", "客户类型", "客户来源", "线上来源详情", "客户标签", "地区", "负责人", "部门",
        "领取时间", "回收公海", "剩余归属", "最新跟进人员", "最新跟进时间", "创建人", "创建时间", "更新人", "更新时间"),
        (("客户名称",), ("客户等级", "客户类型")), _CORDYS_CUSTOMER),
    Layout("cordys_customer_template", "CordysCRM 客户导入模板", (
        "客户名称", "客户行业", "客户等级", "客户类型", "客户来源", "线上来源详情", "客户标签", "地区", "负责人"),
        (("客户名称",), ("客户等级", "客户类型")), _CORDYS_CUSTOMER),
    Layout("cordys_contact_export", "CordysCRM 联系人导出", (
        "客户名称", "姓名", "邮箱", "手机号", "负责人", "状态", "停用原因", "部门", "创建人", "创建时间", "更新人", "更新时间"),
        (("客户名称",), ("姓名",), ("手机号",)), _CORDYS_CONTACT, contacts=True),
    Layout("cordys_contact_template", "CordysCRM 联系人导入模板", ("客户名称", "姓名", "邮箱", "手机号", "负责人"),
           (("客户名称",), ("姓名",), ("手机号",)), _CORDYS_CONTACT, contacts=True),
    Layout("odoo_partner_export", "Odoo 联系人导出", (
        "名字", "公司类别", "关联公司", "街道", "街道2", "城市", "状态", "邮政编码", "国家", "电话", "手机", "email", "网站",
        "工作岗位", "称谓", "销售员", "内部参照", "标签", "备注", "税务登记证号码", "语言", "公司", "有效"),
        (("名字", "名称"), ("公司类别", "公司类型", "关联公司", "是公司")), _ODOO, contacts=True),
    Layout("odoo_partner_english", "Odoo 联系人（英文表头）", (
        "Name", "Company Type", "Related Company", "Street", "Street2", "City", "State", "Zip", "Country", "Phone",
        "Mobile", "Email", "Website", "Job Position", "Title", "Salesperson", "Internal Reference", "Tags", "Notes",
        "TIN", "Language", "Is a Company", "Active"),
        (("Name",), ("Company Type", "Related Company", "Is a Company")), _ODOO_ENGLISH, contacts=True),
)

MIN_SCORE = 0.5  # share of the headers of file and layout together that both have


def _normalised(headers: Sequence[object]) -> set[str]:
    return {n for n in (normalize_header(h) for h in headers) if n}


def detect(headers: Sequence[object], kind: str | None = None) -> Layout | None:
    """The layout a header row was written in, or ``None`` for a ledger of the firm's own.

    Every needed group must be there; among the layouts that qualify, the one whose headers
    overlap the file's most (shared / all headers of both) wins, if at least ``MIN_SCORE``.
    """
    found = _normalised(headers)
    best: Layout | None = None
    best_score = MIN_SCORE
    for layout in LAYOUTS:
        if kind is not None and layout.kind != kind:
            continue
        own = _normalised(layout.headers)
        if not all(found & _normalised(group) for group in layout.needs):
            continue
        score = len(found & own) / len(found | own)
        if score > best_score or (best is None and score >= best_score):
            best, best_score = layout, score
    return best


def layout_columns(layout: Layout) -> dict[str, str]:
    """The layout's own column mapping keyed by normalised header."""
    return {normalize_header(header): key for header, key in layout.columns.items()}


def by_key(key: str) -> Layout | None:
    """The layout called ``key`` (as a preview or a batch remembers it)."""
    return next((layout for layout in LAYOUTS if layout.key == key), None)
