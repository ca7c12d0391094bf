"""Column mapping of the import wizard: header synonyms → field keys, per import kind (docs/spec.md §6).

Legacy ledgers name their columns in many ways (客户名称 = 公司名称 = 单位名称 = 客户全称;
联系人手机 = 手机 = 手机号码 = 联系电话 …). Headers are normalised (full width → half width,
spaces, ``*``, bracketed remarks such as 「（必填）」 and a trailing colon removed, lower case)
and looked up in the synonym table of the chosen kind; :func:`suggest_mapping` proposes a
mapping, the user corrects it by hand and may save it as a preset (:func:`save_preset`),
stored by header text so that it still applies when the columns are reordered.

Kinds: ``customers`` (客户信息登记表), ``tickets`` (服务工单表, also 客户投诉处理工单),
``interactions`` (客户互动跟踪表), ``surveys`` (客户满意度调查表), ``equipment`` (设备台账).

The Chinese here is data the importer matches, not messages: the headers of the firm's ledgers
(``tests/test_literals.py``).

Files of other CRMs (``sources``) are mapped by their own layout first; columns
that mean nothing here are left out on purpose (:func:`ignored_columns`, listed in the
preview) and the other columns without a field go to the notes (写入备注, the one field a
mapping may use for several columns).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crmdesk.core.store.models import MappingPreset, database_proxy
from crmdesk.io.importing import custom
from crmdesk.io.importing.headers import normalize_header
from crmdesk.io.importing.sources import IGNORED, Layout, layout_columns

KINDS = ("customers", "tickets", "interactions", "surveys", "equipment")


@dataclass(frozen=True)
class FieldSpec:
    """One importable field: its key, the label shown to the user, header synonyms (best first).

    ``overflow`` names the field a second matching column goes to (a second phone column
    becomes the landline); ``required`` fields must have a value in every row; a ``multi``
    field takes any number of columns (写入备注: each column's values go to the notes).
    """

    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False
    overflow: str | None = None
    multi: bool = False


def _f(key: str, label: str, *synonyms: str, required: bool = False, overflow: str | None = None,
       multi: bool = False) -> FieldSpec:
    return FieldSpec(key, label, (label, *synonyms), required, overflow, multi)


_CUSTOMER_REF = (
    _f("customer_code", "客户编号", "客户编码", "客户代码", "客户号"),
    _f("customer_name", "客户名称", "公司名称", "单位名称", "客户全称", "企业名称", "客户", "公司", "单位",
       "客户名"),
)

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "customers": (
        _f("code", "客户编号", "客户编码", "客户代码", "编号", "客户号", "档案编号", "内部参照"),
        _f("name", "客户名称", "公司名称", "单位名称", "客户全称", "企业名称", "客户", "公司", "单位", "名称",
           "客户名", "公司全称", "单位全称", required=True),
        _f("type", "客户类型", "客户类别", "类型", "客户性质", "客户状态"),
        _f("importance", "重要等级", "客户等级", "重要程度", "等级", "客户级别", "级别", "重要性"),
        _f("industry", "所属行业", "行业", "行业类别", "行业分类", "客户行业"),
        _f("size", "企业规模", "规模", "人数", "员工人数", "公司规模", "人员规模"),
        _f("region", "所在地区", "地区", "省市", "区域", "所在地", "所属地区", "地区定位", "省市区"),
        _f("province", "省份", "省", "所在省份", "省/直辖市"),
        _f("city", "城市", "市", "所在城市"),
        _f("district", "区县", "区", "县区", "所在区县"),
        _f("address", "详细地址", "地址", "公司地址", "通讯地址", "联系地址", "办公地址", "街道", "地址1"),
        _f("street2", "地址第二行", "街道2", "地址2"),
        _f("country", "国家/地区", "国家", "国别"),
        _f("source_channel", "来源渠道", "客户来源", "来源", "渠道", "获客渠道"),
        _f("contact", "联系人", "联系人姓名", "姓名", "主要联系人", "对接人", "主联系人", "客户联系人"),
        _f("title", "联系人职务", "职务", "职位", "岗位", "联系人职位", "头衔", "工作岗位", "工作职位"),
        _f("mobile", "联系人手机", "手机", "手机号", "手机号码", "联系人手机号", "联系人手机号码", "联系电话",
           "电话", "联系人电话", "移动电话", "联系方式", "电话号码", overflow="phone"),
        _f("phone", "座机", "固定电话", "办公电话", "固话", "座机号码", "公司电话", "单位电话"),
        _f("email", "联系人邮箱", "邮箱", "电子邮件", "e-mail", "email", "电子邮箱", "邮件", "邮箱地址"),
        _f("wechat", "微信", "微信号", "联系人微信"),
        _f("birthday", "生日", "联系人生日", "出生日期"),
        _f("primary_flag", "是否关键决策人", "关键决策人", "是否主联系人", "首要联系人"),
        _f("contact_status", "联系人状态", "在职状态"),
        _f("purchase_intent", "采购意向", "意向", "需求", "采购需求"),
        _f("product_preference", "产品偏好", "偏好"),
        _f("budget_range", "预算范围", "预算"),
        _f("tags", "客户标签", "标签", "关键需求标签", "需求标签"),
        _f("account_manager", "客户经理", "负责人", "业务员", "销售", "销售负责人", "归属销售", "跟进人", "客户负责人",
           "销售员", "归属人"),
        _f("coop_start", "合作开始日期", "合作日期", "首次合作", "首次合作日期", "合作开始时间", "开始合作日期",
           "签约日期", "合作时间"),
        _f("deal_status", "成交状态", "是否成交"),
        _f("order_amount", "历史订单金额", "订单金额", "成交金额", "交易金额", "合同金额", "年交易额",
           "累计交易额", "累计金额", "交易额", "金额"),
        _f("order_date", "成交日期", "最近成交日期", "下单日期", "订单日期", "最近下单日期"),
        _f("next_contact", "下次联系时间", "下次跟进时间", "下次联系日期", "计划跟进时间", "下次跟进日期"),
        _f("last_followup_at", "最后跟进时间", "最新跟进时间", "最近跟进时间", "最后联系时间", "最近联系时间"),
        _f("last_followup_text", "最后跟进记录", "最新跟进记录", "最近跟进记录", "跟进记录", "跟进内容"),
        _f("last_followup_by", "最后跟进人", "最新跟进人员", "最新跟进人", "最近跟进人"),
        _f("partner_kind", "公司类别（公司/个人）", "公司类别", "公司类型", "是公司", "是一家公司"),
        _f("parent", "关联公司", "上级公司", "所属公司"),
        _f("notes", "备注", "说明", "备注信息", "其他"),
        _f("memo", "写入备注", "网址", "网站", "网站链接", "公司网址", "官网", "邮政编码", "邮编", "传真", "qq",
           "性别", "线上来源详情", "停用原因", "税号", "税务登记证号码", "纳税人识别号", "统一社会信用代码", "称谓",
           multi=True),
    ),
    "tickets": (
        _f("number", "工单编号", "工单号", "单号", "工单编码", "服务单号", "报修单号"),
        *_CUSTOMER_REF,
        _f("contact", "联系人", "报修人", "来电人", "联系人姓名", "客户联系人"),
        _f("contact_phone", "联系电话", "电话", "手机", "手机号码", "手机号", "联系人手机", "联系方式"),
        _f("channel", "受理渠道", "渠道", "来源", "报修方式", "受理方式", "来源渠道"),
        _f("category", "问题类型", "类型", "工单类型", "问题分类", "服务类型", "类别"),
        _f("description", "问题描述", "故障描述", "问题", "描述", "内容", "问题内容", "报修内容"),
        # required in every row except complaints, whose 投诉等级 sets the priority (see missing_required)
        _f("priority", "分级类型", "优先级", "紧急程度", "分级", "级别", "等级", "紧急度"),
        _f("severity", "投诉等级", "严重程度", "投诉级别"),
        _f("complaint_type", "投诉类型", "投诉类别", "投诉问题类型", "投诉原因"),
        _f("demand", "客户诉求", "诉求", "客户要求"),
        _f("mood", "情绪状态", "客户情绪", "情绪"),
        _f("department", "责任部门", "处理部门"),
        _f("created_at", "受理时间", "报修时间", "创建时间", "登记时间", "来电时间", "投诉时间", "受理日期",
           "日期", "时间"),
        _f("assignee", "处理人", "负责人", "工程师", "维修人员", "处理工程师", "维修工程师", "经办人", "责任人"),
        _f("resolution_due", "预计解决时间", "计划完成时间", "要求完成时间", "处理时限", "预计完成时间"),
        _f("resolved_at", "实际解决时间", "完成时间", "解决时间", "关闭时间", "实际完成时间"),
        _f("solution", "解决方案", "处理方案", "处理措施", "解决办法"),
        _f("complaint_result", "处理结果", "结果"),
        _f("root_cause", "原因分析", "根本原因", "故障原因"),
        _f("stage", "工单状态", "状态", "处理状态", "进度"),
        _f("one_time_resolved", "是否一次解决", "一次解决", "一次性解决", "是否一次性解决"),
        _f("satisfaction", "满意度评分", "满意度", "客户评价", "评分", "客户满意度"),
        _f("callback_at", "回访时间", "回访日期"),
        _f("notes", "备注", "说明"),
    ),
    "interactions": (
        *_CUSTOMER_REF,
        _f("at", "互动时间", "时间", "日期", "沟通时间", "跟进时间", "联系时间", "跟进日期", "沟通日期", "互动日期",
           required=True),
        _f("method", "互动方式", "方式", "沟通方式", "跟进方式", "联系方式"),
        _f("contact", "联系人", "对接人", "客户联系人"),
        _f("summary", "沟通内容摘要", "沟通内容", "内容", "摘要", "内容摘要", "跟进内容", "跟进记录", "沟通记录",
           "互动内容", required=True),
        _f("feedback", "客户反馈", "反馈", "客户意见"),
        _f("next_step", "下一步计划", "下一步", "后续计划", "下次跟进", "跟进计划"),
        _f("staff", "跟进人", "负责人", "业务员", "经办人", "记录人", "客户经理", "沟通人"),
    ),
    "surveys": (
        *_CUSTOMER_REF,
        _f("ticket_number", "工单编号", "工单号", "关联工单"),
        _f("date", "调查日期", "日期", "回访日期", "回访时间", "调查时间", required=True),
        _f("method", "调查方式", "方式", "回访方式"),
        _f("quality", "产品质量", "质量"),
        _f("response", "服务响应", "响应速度", "响应"),
        _f("communication", "沟通效率", "沟通"),
        _f("professionalism", "专业度", "专业能力", "专业性"),
        _f("overall", "总体满意度", "满意度", "总体评价", "综合评分", "总体评分", "综合满意度"),
        _f("comment", "意见建议", "建议", "意见", "客户意见", "备注", "意见和建议"),
        _f("staff", "调查人", "回访人", "访问员", "调查员", "回访人员"),
    ),
    "equipment": (
        *_CUSTOMER_REF,
        _f("model", "产品型号", "型号", "设备型号", "规格型号", "机型", "产品名称", "设备名称", "产品", "设备",
           required=True),
        _f("serial", "序列号", "设备序列号", "出厂编号", "机身号", "机身编号", "sn", "s/n", "sn码", "序列号码",
           "设备编号", "机器编号", required=True),
        _f("install_date", "安装日期", "安装时间", "装机日期", "装机时间", "交付日期", "发货日期"),
        _f("site_address", "安装地址", "设备地址", "安装地点", "使用地址", "现场地址", "设备所在地"),
        _f("warranty_end", "保修期至", "保修到期", "保修到期日", "保修截止", "保修截止日期", "质保到期", "质保期至",
           "质保截止日期"),
        _f("warranty_months", "保修期", "保修期(月)", "保修月数", "质保期", "质保期(月)", "保修时长"),
        _f("contract_no", "维保合同号", "维保合同编号", "维保合同", "合同编号", "合同号"),
        _f("contract_start", "合同开始", "维保开始", "合同开始日期", "维保开始日期", "合同起始日期"),
        _f("contract_end", "合同到期", "维保到期", "合同到期日", "维保合同到期", "合同截止日期", "维保截止日期"),
        _f("contract_level", "维保级别", "服务级别", "维保等级"),
        _f("notes", "备注", "说明"),
    ),
}

# Columns that only a given kind has: used to guess the kind of a sheet.
_DISTINCTIVE = {
    "customers": {"name", "type", "importance", "industry", "size", "region", "address", "title", "email",
                  "coop_start", "purchase_intent", "budget_range", "tags", "account_manager", "deal_status",
                  "next_contact", "last_followup_at", "partner_kind", "parent", "province", "city", "primary_flag"},
    "tickets": {"number", "description", "priority", "assignee", "stage", "solution", "one_time_resolved",
                "resolved_at", "category", "channel", "severity", "complaint_type", "demand", "mood", "department"},
    "interactions": {"at", "method", "summary", "feedback", "next_step"},
    "surveys": {"quality", "response", "communication", "professionalism", "overall"},
    "equipment": {"model", "serial", "install_date", "site_address", "warranty_end", "warranty_months",
                  "contract_no", "contract_end"},
}

def _index() -> dict[str, dict[str, tuple[str, int]]]:
    table: dict[str, dict[str, tuple[str, int]]] = {}
    for kind, specs in FIELDS.items():
        entries: dict[str, tuple[str, int]] = {}
        for spec in specs:
            for rank, synonym in enumerate(spec.synonyms):
                entries.setdefault(normalize_header(synonym), (spec.key, rank))
        table[kind] = entries
    return table


_INDEX = _index()
_ANY: dict[str, str] = {}
for _kind in KINDS:
    for _key, (_field, _rank) in _INDEX[_kind].items():
        _ANY.setdefault(_key, _field)


def field_specs(kind: str) -> tuple[FieldSpec, ...]:
    """The fields of an import kind, in template order, then the owner's custom fields (``custom``)."""
    if kind not in FIELDS:
        raise ValueError(f"unknown import kind {kind!r}")
    return FIELDS[kind] + tuple(FieldSpec(field.key, name, (name, field.label)) for field, name in custom.named(kind))


def field_labels(kind: str) -> dict[str, str]:
    """Field key → Chinese label of a kind (for the wizard's drop-downs and error reasons)."""
    return {spec.key: spec.label for spec in field_specs(kind)}


def _match(norm: str, kind: str) -> tuple[str, int] | None:
    """(field, rank) for a normalised header: exact synonym, else the longest synonym it ends with."""
    entries = _INDEX[kind]
    if norm in entries:
        return entries[norm]
    best: tuple[int, str, int] | None = None
    for synonym, (key, rank) in entries.items():
        if len(synonym) >= 2 and norm.endswith(synonym) and (best is None or len(synonym) > best[0]):
            best = (len(synonym), key, rank + 100)
    return None if best is None else (best[1], best[2])


def field_for_header(text: object, kind: str | None = None) -> str | None:
    """The field a header stands for in ``kind`` (any kind when None), exact synonyms only."""
    norm = normalize_header(text)
    if not norm:
        return None
    if kind is None:
        return _ANY.get(norm)
    found = _INDEX[kind].get(norm)
    return found[0] if found else None


def suggest_mapping(headers: Sequence[object], kind: str, layout: Layout | None = None) -> dict[int, str]:
    """Column index → field key for the headers that are recognised; each field used once
    (a ``multi`` field any number of times).

    With the ``layout`` of another CRM (``sources.detect``) its own column meanings
    come first, the columns that mean nothing here stay unmapped (see :func:`ignored_columns`)
    and every other column goes to the notes (写入备注), so nothing of the file is dropped.
    """
    specs = {spec.key: spec for spec in field_specs(kind)}
    mapping: dict[int, str] = {}
    used: set[str] = set()
    own: dict[str, str] = {}
    if layout is not None and layout.kind == kind:
        own = layout_columns(layout)
    skipped = set(ignored_columns(headers, kind, layout))
    # a header equal to a custom field's name is that field, before any synonym (the owner named it so)
    # (a name both a customer and a contact field have is the customer's; 联系人·name is the contact's)
    custom_names: dict[str, str] = {}
    for spec in specs.values():
        if spec.key.startswith("cf:"):
            for synonym in spec.synonyms:
                custom_names.setdefault(normalize_header(synonym), spec.key)
    for column, header in enumerate(headers):
        key = custom_names.get(normalize_header(header))
        if key and key not in used:
            mapping[column] = key
            used.add(key)
    for column, header in enumerate(headers):
        if column in mapping:
            continue
        key = own.get(normalize_header(header))
        if key and (key not in used or specs[key].multi):
            mapping[column] = key
            used.add(key)
        elif key is not None:
            skipped.add(column)  # ignored by the layout, or a second column for the same field
    candidates: list[tuple[int, int, str]] = []
    for column, header in enumerate(headers):
        norm = normalize_header(header)
        if norm and column not in mapping and column not in skipped:
            found = _match(norm, kind)
            if found is not None:
                candidates.append((found[1], column, found[0]))
    candidates.sort()
    for _rank, column, key in candidates:
        if column in mapping:
            continue
        if key in used and not specs[key].multi:
            key = specs[key].overflow or ""
            if not key or key in used:
                continue
        mapping[column] = key
        used.add(key)
    if own and "memo" in specs:
        for column, header in enumerate(headers):
            if column not in mapping and column not in skipped and normalize_header(header):
                mapping[column] = "memo"
    return dict(sorted(mapping.items()))


def ignored_columns(headers: Sequence[object], kind: str, layout: Layout | None = None) -> list[int]:
    """The columns that mean nothing here (another CRM's lock state, teams, record bookkeeping):
    left unmapped on purpose, and listed as ignored in the preview."""
    if kind != "customers":
        return []
    own = layout_columns(layout) if layout is not None and layout.kind == kind else {}
    multi = {spec.key for spec in field_specs(kind) if spec.multi}
    used: set[str] = set()
    out = []
    for column, header in enumerate(headers):
        norm = normalize_header(header)
        key = own.get(norm)
        if norm and (key == "" or (norm in IGNORED and not key) or (key and key in used and key not in multi)):
            out.append(column)  # a second column of the layout for the same field (Odoo's 公司 beside 公司类别) too
        elif key:
            used.add(key)
    return out


def guess_kind(headers: Sequence[object]) -> str:
    """The import kind whose distinctive columns the headers match best (customers on a tie)."""
    scores = {kind: len(set(suggest_mapping(headers, kind).values()) & _DISTINCTIVE[kind]) for kind in KINDS}
    best = max(KINDS, key=lambda kind: (scores[kind], kind == "customers"))
    return best if scores[best] > 0 else "customers"


def missing_required(mapping: Mapping[int, str], kind: str) -> list[str]:
    """Labels of required fields no column is mapped to (tickets, interactions and surveys also
    need a customer column)."""
    mapped = set(mapping.values())
    missing = [spec.label for spec in field_specs(kind) if spec.required and spec.key not in mapped]
    if kind == "tickets" and not mapped & {"priority", "severity"}:
        missing.append("分级类型")  # a complaint sheet has 投诉等级 instead
    if kind != "customers" and not mapped & {"customer_code", "customer_name"}:
        missing.insert(0, "客户编号或客户名称")
    return missing


# --------------------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    """A saved mapping: header text → field key."""

    name: str
    kind: str
    columns: dict[str, str]

    def apply(self, headers: Sequence[object]) -> dict[int, str]:
        """The preset as column index → field for these headers (matched by text, then normalised)."""
        return apply_preset(self.columns, headers, self.kind)


def by_header(mapping: Mapping[int, str], headers: Sequence[object]) -> dict[str, str]:
    """Column index → field turned into header text → field (blank headers are left out)."""
    out: dict[str, str] = {}
    for column, key in mapping.items():
        if 0 <= column < len(headers):
            text = str(headers[column] if headers[column] is not None else "").strip()
            if text:
                out[text] = key
    return out


def apply_preset(columns: Mapping[str, str], headers: Sequence[object], kind: str) -> dict[int, str]:
    """Header text → field applied to ``headers``; fields unknown to ``kind`` are ignored."""
    valid = {spec.key for spec in field_specs(kind)}
    exact = {text: key for text, key in columns.items() if key in valid}
    loose = {normalize_header(text): key for text, key in exact.items()}
    multi = {spec.key for spec in field_specs(kind) if spec.multi}
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for column, header in enumerate(headers):
        text = str(header if header is not None else "").strip()
        key = exact.get(text) or loose.get(normalize_header(text)) if text else None
        if key and (key not in used or key in multi):
            mapping[column] = key
            used.add(key)
    return mapping


def save_preset(name: str, kind: str, mapping: Mapping[int, str] | Mapping[str, str],
                headers: Sequence[object] | None = None) -> Preset:
    """Save (or replace) a preset. ``mapping`` is header text → field, or column index → field
    together with ``headers``."""
    name = " ".join((name or "").split())[:60]
    if not name:
        raise ValueError("a preset needs a name")
    field_specs(kind)
    if mapping and all(isinstance(k, int) for k in mapping):
        if headers is None:
            raise ValueError("a mapping by column index needs the headers")
        columns = by_header(mapping, headers)  # type: ignore[arg-type]  # the keys are column indexes (checked above)
    else:
        columns = {str(k): v for k, v in mapping.items()}
    payload = json.dumps(columns, ensure_ascii=False, sort_keys=True)
    with database_proxy.atomic():
        existing = MappingPreset.get_or_none((MappingPreset.kind == kind) & (MappingPreset.name == name))
        if existing is None:
            MappingPreset.create(name=name, kind=kind, mapping=payload)
        else:
            MappingPreset.update(mapping=payload).where(MappingPreset.id == existing.id).execute()
    return Preset(name, kind, columns)


def load_presets(kind: str) -> list[Preset]:
    """The saved presets of a kind, by name."""
    presets = []
    for row in MappingPreset.select().where(MappingPreset.kind == kind).order_by(MappingPreset.name):
        try:
            columns = json.loads(row.mapping or "{}")
        except ValueError:
            columns = {}
        presets.append(Preset(row.name, kind, {str(k): str(v) for k, v in columns.items()}))
    return presets


def delete_preset(name: str, kind: str) -> None:
    """Forget a preset."""
    MappingPreset.delete().where((MappingPreset.kind == kind) & (MappingPreset.name == name)).execute()
