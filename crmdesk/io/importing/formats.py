"""Value formats of other CRMs' files, and the shaping of a customer row (docs/spec.md §13).

``sources`` says which column is what; this module reads the values those programs
write and turns one row into the customer and contact our registry keeps:

- levels: 悟空's ``A（重点客户）``/``B（普通客户）``/``C（非优先客户）`` and Cordys' 重要客户/一般客户/
  战略客户 as 重要等级 (a 战略客户 is also of type 战略客户); Cordys' 客户类型 最终客户/代理商 say what
  kind of business the customer is, not how far we are with it: they become tags; 成交状态
  已成交/未成交 gives the 客户类型 when the file has no other;
- regions: ``广东省,深圳市,南山区``, ``中国-广东省-深圳市-南山区-科技园路1号``, separate 省/市/区
  columns and Odoo's 城市 + 状态/省份 + 国家 become 所在地区 and, where the text goes on past the
  district, 详细地址; Odoo's 街道 2 is added to the address;
- tags such as ``[标签1，标签2]``; 来源渠道 of the other programs mapped onto ours or kept as typed;
- Odoo's one table of partners: a row of 公司类别 个人 is a contact of the customer named in
  关联公司 (a person without a company is a customer of their own);
- a row with numbers but no contact name gets a named contact (总机 for a landline only);
- columns without a field of their own (网址, 性别, 线上来源详情 …) become lines of the notes.

The Chinese here is data, not messages: the values other programs write and the words this module
matches or writes into the firm's records (总机, 备注 lines) (``tests/test_literals.py``).
"""

from __future__ import annotations

import re

from crmdesk.core.customers.service import split_tags
from crmdesk.core.store.models import SOURCE_CHANNELS
from crmdesk.core.validation import FieldError
from crmdesk.io.importing import cells
from crmdesk.io.importing.customer_plan import IMPORTANCE, TYPES, add_memo

TAG_PREFIX = "tag:"  # a 客户类型 value that is a kind of business: kept as a tag
STRATEGIC_A = "A+strategic"  # Cordys' 战略客户 as a level: A, and of type 战略客户
UNNAMED = "（未留姓名）"  # the contact of a row with numbers but no name
SWITCHBOARD = "总机"  # … when the only number is a landline
PLACEHOLDERS = frozenset({UNNAMED, SWITCHBOARD})  # names a later file's real name may replace

LEVELS = {**IMPORTANCE, "重点客户": "A", "普通客户": "B", "非优先客户": "C", "重要客户": "A", "一般客户": "B",
          "核心客户": "A", "战略客户": STRATEGIC_A, "a类客户": "A", "b类客户": "B", "c类客户": "C"}
_LEVEL_LETTER = re.compile(r"([abc])(?:级|类)?[（(\[【]", re.IGNORECASE)
BUSINESS_KINDS = ("最终客户", "终端客户", "代理商", "经销商", "渠道商", "分销商", "集成商", "合作伙伴", "供应商", "直客")
KINDS_OF_TYPE = {**TYPES, **{kind: TAG_PREFIX + kind for kind in BUSINESS_KINDS}}
DEALS = {"已成交": "customer", "成交": "customer", "是": "customer", "成交客户": "customer",
         "未成交": "prospect", "否": "prospect", "未成交客户": "prospect"}
LEFT = {"禁用": True, "停用": True, "离职": True, "已离职": True, "无效": True, "启用": False, "正常": False,
        "在职": False, "有效": False}
PARTNER_KINDS = {"公司": "company", "企业": "company", "company": "company", "是": "company", "true": "company",
                 "1": "company", "个人": "person", "individual": "person", "person": "person", "否": "person",
                 "false": "person", "0": "person"}
# the source channels of 悟空CRM (客户来源) and CordysCRM (客户来源 / 线上来源详情) that are ours
CHANNEL_SPELLINGS = {"搜索引擎": "线上咨询", "线上注册": "线上咨询", "线上询价": "线上咨询", "邮件咨询": "线上咨询",
                     "官网咨询": "线上咨询", "社区用户": "线上咨询", "转介绍": "老客户转介绍", "陌拜": "陌拜"}

_OUR_CHANNELS = frozenset(SOURCE_CHANNELS)
# keys only other CRMs' layouts bring: a row without any of them needs no further shaping
_SPECIAL = frozenset({"partner_kind", "parent", "deal_status", "province", "city", "district", "country", "street2",
                      "last_followup_text"})
_SEPARATORS = "-－—–,，、/|;；"  # what the other CRMs put between 省, 市, 区 and the street (never a space)
_TOKEN = re.compile(f"[^{_SEPARATORS}]+")
_DISTRICT = ("区", "县", "旗")  # the last level of a region: what follows is the street
_COUNTRY = {"中国", "中华人民共和国", "china", "cn", "prc"}
_UNIT = re.compile(r".{1,10}(?:省|市|区|县|自治区|自治州|州|盟|旗|特别行政区|地区|新区|开发区)$")
_PROVINCES = frozenset(("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
                        "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
                        "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门"))
_COUNTRY_CODE = re.compile(r"\s*[(（][A-Za-z]{2,3}[)）]$")  # Odoo's 「广东 (CN)」


def level(field: str) -> cells.Converter:
    """重要等级: A/B/C in any spelling, 悟空's ``A（重点客户）``, Cordys' 重要客户/一般客户/战略客户."""
    table = cells.choice(field, LEVELS, ["A", "B", "C"])

    def convert(value: object) -> object:
        match = _LEVEL_LETTER.match(cells.choice_key(value))
        return match.group(1).upper() if match else table(value)

    return convert


def customer_type(field: str) -> cells.Converter:
    """客户类型: ours, or a kind of business (代理商 …) kept as a tag."""
    return cells.choice(field, KINDS_OF_TYPE, ["潜在客户", "成交客户", "战略客户", *BUSINESS_KINDS])


def deal(field: str) -> cells.Converter:
    """成交状态 已成交/未成交 → the 客户类型 it implies."""
    return cells.choice(field, DEALS, ["已成交", "未成交"])


def left_the_company(field: str) -> cells.Converter:
    """A contact's 状态 (Cordys 启用/禁用): whether the person has left."""
    return cells.choice(field, LEFT, ["启用", "禁用"])  # type: ignore[arg-type]  # a choice whose values are flags


def partner_kind(field: str) -> cells.Converter:
    """Odoo's 公司类别 (公司/个人) or its yes/no 公司."""
    return cells.choice(field, PARTNER_KINDS, ["公司", "个人"])


def tags(field: str) -> cells.Converter:
    """Tags as ``[标签1，标签2]`` or ``标签1,标签2``: one clean list, written with 、."""

    def convert(value: object) -> str:
        text = cells.plain(value).strip().strip("[]【】").replace("'", "").replace('"', "")
        return "、".join(split_tags(text))

    return convert


def channel(field: str, ours: dict[str, str]) -> cells.Converter:
    """来源渠道: ours, the other CRMs' channels that are ours, or kept as typed (up to 20 characters)."""
    limited = cells.text(field, 20)
    table = {**ours, **CHANNEL_SPELLINGS}

    def convert(value: object) -> str:
        return table.get(cells.plain(value)) or limited(value)  # type: ignore[return-value]  # text either way

    return convert


def split_region(text: str) -> tuple[str, str]:
    """``中国-广东省-深圳市-南山区-科技园路1号`` → (``广东省深圳市南山区``, ``科技园路1号``).

    The leading administrative units (and a leading country name) make the region; what
    follows them, separators and all, is the street address. A text without separators is a
    region as it is.
    """
    text = cells.halfwidth(text).strip()
    units: list[str] = []
    end = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0).strip()
        if not units and token.lower() in _COUNTRY:
            end = match.end()
            continue
        if _UNIT.fullmatch(token) or (not units and token in _PROVINCES):
            if token not in units:  # 北京市-北京市-朝阳区
                units.append(token)
            end = match.end()
            if token.endswith(_DISTRICT):
                break
            continue
        break
    if not units:
        return text, ""
    return "".join(units), text[end:].lstrip(_SEPARATORS + " \t").strip()


def region(field: str) -> cells.Converter:
    """所在地区 in any of the other CRMs' forms: the region, or (region, street address) when a street follows."""

    def convert(value: object) -> object:
        place, street = split_region(cells.plain(value))
        if len(place) > 50:
            raise FieldError(field, f"不能超过50个字（现有{len(place)}个）")
        return (place, street) if street else place

    return convert


def _join_region(values: dict[str, object]) -> str:
    parts: list[str] = []
    country = str(values.pop("country", "") or "")
    for key in ("province", "city", "district"):
        part = _COUNTRY_CODE.sub("", str(values.pop(key, "") or "")).strip()
        if part and not any(part in p or p in part for p in parts):  # 北京市 北京市 朝阳区
            parts.append(part)
    if country and country.lower() not in _COUNTRY and parts:
        parts.insert(0, country)
    return "".join(parts)[:50]


def name_contact(values: dict[str, object]) -> None:
    """A row with a number or an address of its own but no contact name gets a named contact."""
    if "contact" not in values and not values.keys().isdisjoint(("mobile", "phone", "email", "wechat")):
        values["contact"] = SWITCHBOARD if values.keys().isdisjoint(("mobile", "email", "wechat")) else UNNAMED


def shape(values: dict[str, object], headers: dict[str, str], contacts_file: bool) -> list[str]:
    """Turn a cleaned row of another CRM's layout into our customer row (in place).

    ``headers`` maps the keys of the notes columns (``memo:N``) to their header. Returns the
    notes for the preview (what was mapped how, when it is worth saying).
    """
    said: list[str] = []
    kind = values.get("type")
    if kind.__class__ is str and kind.startswith(TAG_PREFIX):
        del values["type"]
        tag = kind[len(TAG_PREFIX):]
        values["tags"] = "、".join(dict.fromkeys([*split_tags(str(values.get("tags", ""))), tag]))
        said.append(f"客户类型：“{tag}”是业务类别，记为标签")
    if values.get("importance") == STRATEGIC_A:
        values["importance"] = "A"
        values.setdefault("type", "strategic")
    place = values.get("region")
    if place.__class__ is tuple:  # a region with the street after it
        values["region"], street = place
        if street and not values.get("address"):
            values["address"] = street
    chosen = values.get("source_channel")
    if chosen and chosen not in _OUR_CHANNELS:
        said.append(f"来源渠道：“{chosen}”不在标准选项中，按原样保存")
    if not headers and _SPECIAL.isdisjoint(values):
        return said  # a ledger of the firm's own: nothing more to shape (100,000 rows pass here)
    kind_of_partner = values.pop("partner_kind", None)
    parent = values.pop("parent", None)
    if kind_of_partner == "person" or (kind_of_partner is None and parent):
        name = values.get("name")
        if name and "contact" not in values:
            values["contact"] = name
        if parent:
            values["name"] = parent
    elif parent and parent != values.get("name"):
        add_memo(values, f"关联公司：{parent}")
    person = values.get("contact")
    for key in [k for k in values if k.startswith("memo:")]:
        text = values.pop(key)
        who = f"{person}的" if contacts_file and person else ""
        add_memo(values, f"{who}{headers.get(key, '')}：{text}")
    deal_type = values.pop("deal_status", None)
    if deal_type is not None:
        values.setdefault("type", deal_type)
    if not values.keys().isdisjoint(("province", "city", "district", "country")):
        joined = _join_region(values)
        if joined and not values.get("region"):
            values["region"] = joined
    street2 = values.pop("street2", None)
    if street2:
        values["address"] = f"{values['address']} {street2}" if values.get("address") else street2
    text = values.get("last_followup_text")
    if text and "last_followup_at" not in values:
        add_memo(values, f"最后跟进记录：{values.pop('last_followup_text')}")
    return said
