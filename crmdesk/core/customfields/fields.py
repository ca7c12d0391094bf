"""The owner's own fields (设置 → 自定义字段): what a field is, how its name and list are checked.

A field has a label, a kind (text, number, amount, date, yes/no, one choice from a list), an
optional required flag, a place in the form, and may be marked sensitive: its values are then
sealed like the built-in personal fields (``core.safety.secrets``) and masked wherever they are
listed, and it can be neither sorted nor filtered by range (the ciphertext has no order).
Removing a field hides it: its values stay, and restoring it brings them back; nothing is
dropped (``admin`` changes definitions; ``values`` holds the values).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from crmdesk.core.customfields.entities import entity
from crmdesk.core.i18n import _
from crmdesk.core.store.enums import CUSTOM_FIELD_KINDS, CUSTOM_FIELD_RECORDS
from crmdesk.core.store.errors import KnownError, ValidationError
from crmdesk.core.store.models import CustomField
from crmdesk.core.validation import to_halfwidth

KINDS = ("text", "number", "amount", "date", "yes_no", "choice")
#: The kinds in the records' words (the audit log: Chinese whatever the interface shows); the window
#: shows ``CUSTOM_FIELD_KINDS`` in its own language (``ui.labels``).
KIND_LABELS = CUSTOM_FIELD_KINDS.data_labels()
MAX_FIELDS = 50  # per entity: beyond that the form and the registry's column menu stop being usable
MAX_LABEL = 30
MAX_CHOICES = 60
MAX_CHOICE_TEXT = 250  # Excel's inline list (the template's drop-down) holds 255 characters
# Built-in fields' names per entity: a custom field may not take one (the import maps a header equal
# to a field's label to it, and the form would show two fields of the same name). A domain may add its own
# entity's names here (core.equipment.service adds the machine form's).
RESERVED: dict[str, frozenset[str]] = {
    "customer": frozenset({"客户编号", "客户名称", "客户类型", "重要等级", "所属行业", "行业", "企业规模", "所在地区",
                           "详细地址", "地址", "来源渠道", "客户经理", "合作开始日期", "采购意向", "产品偏好", "预算范围",
                           "客户标签", "标签", "备注", "机密备注", "客户层级", "状态", "联系人", "联系人职务",
                           "联系人手机", "联系人邮箱", "手机", "邮箱", "电话", "合作时长(月)", "历史订单金额"}),
    "contact": frozenset({"姓名", "联系人", "职务", "联系人职务", "手机", "联系人手机", "电话", "联系电话", "邮箱",
                          "联系人邮箱", "微信", "生日", "主联系人", "已离职"}),
    "ticket": frozenset({"工单编号", "客户编号", "客户名称", "联系人", "联系电话", "受理渠道", "问题类型", "问题描述",
                         "分级类型", "受理时间", "处理人", "预计解决时间", "实际解决时间", "解决方案", "工单状态",
                         "是否一次解决", "满意度评分", "回访时间", "备注", "投诉等级", "客户诉求", "情绪状态",
                         "责任部门", "处理结果", "处理时限", "投诉时间"}),
}


@dataclass(frozen=True)
class FieldDef:
    """A custom field as the rest of the program sees it."""

    id: int
    entity: str
    label: str
    kind: str
    choices: tuple[str, ...]
    required: bool
    sensitive: bool
    position: int
    hidden: bool

    @property
    def key(self) -> str:
        """How lists, templates and the import mapping name the field: ``cf:<id>``."""
        return f"cf:{self.id}"

    @property
    def column(self) -> str:
        """The associated data its sealed values are bound to (a value cannot move to another field)."""
        return f"custom_value.{self.id}"

    @property
    def sortable(self) -> bool:
        """Whether lists can sort and filter by it (not when its values are sealed)."""
        return not self.sensitive

    @property
    def searchable(self) -> bool:
        """Whether the registry's one search box finds a customer by its text."""
        return self.entity == "customer" and self.kind in ("text", "choice") and not self.sensitive


def key_id(key: str) -> int | None:
    """The field id of a ``cf:<id>`` key, else ``None``."""
    if key.startswith("cf:") and key[3:].isdigit():
        return int(key[3:])
    return None


def definition(row: CustomField) -> FieldDef:
    """The definition of a stored row."""
    try:
        choices = tuple(str(c) for c in json.loads(row.choices or "[]"))
    except ValueError:
        choices = ()
    return FieldDef(row.id, row.entity, row.label, row.kind, choices, bool(row.required), bool(row.sensitive),
                    row.position, row.hidden_at is not None)


def fields(entity_key: str, *, hidden: bool = False) -> list[FieldDef]:
    """The fields of an entity in form order; ``hidden`` includes the removed ones (after the others)."""
    entity(entity_key)
    query = CustomField.select().where(CustomField.entity == entity_key)
    if not hidden:
        query = query.where(CustomField.hidden_at.is_null())
    rows = sorted(query, key=lambda r: (r.hidden_at is not None, r.position, r.id))
    return [definition(row) for row in rows]


def get(field_id: int) -> FieldDef:
    """One field (hidden or not); ``KnownError`` when it does not exist."""
    row = CustomField.get_or_none(CustomField.id == field_id)
    if row is None:
        raise KnownError(_("The custom field no longer exists."))
    return definition(row)


def by_key(key: str) -> FieldDef | None:
    """The field of a ``cf:<id>`` key, or ``None``."""
    field_id = key_id(key)
    row = CustomField.get_or_none(CustomField.id == field_id) if field_id is not None else None
    return definition(row) if row is not None else None


# --------------------------------------------------------------------------- checking a definition


def clean_label(label: str, entity_key: str, field_id: int | None = None) -> str:
    """The label as stored, or a ``ValidationError`` naming the reason."""
    text = " ".join(to_halfwidth(label or "").split())
    where = CUSTOM_FIELD_RECORDS[entity_key]  # in the interface's language, like the message
    if not text:
        raise ValidationError("label", _("required"), _("Label"))
    if len(text) > MAX_LABEL:
        raise ValidationError("label", _("at most {count} characters", count=MAX_LABEL), _("Label"))
    if "*" in text:
        raise ValidationError("label", _("“*” is kept for the required mark of the Excel templates"), _("Label"))
    if text in RESERVED.get(entity_key, ()):
        raise ValidationError("label", _("“{label}” is a built-in field of {entity}", label=text, entity=where),
                              _("Label"))
    clash = CustomField.select().where((CustomField.entity == entity_key) & (CustomField.label == text)
                                       & (CustomField.id != (field_id or 0))).exists()
    if clash:
        raise ValidationError("label", _("{entity} already has a field called “{label}”", entity=where, label=text),
                              _("Label"))
    return text


def clean_choices(choices: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The list of a choice field, trimmed, in the owner's order; ``ValidationError`` on a bad list."""
    out: list[str] = []
    for raw in choices:
        text = " ".join(to_halfwidth(str(raw or "")).split())
        if not text:
            continue
        if "," in text or "，" in text:
            raise ValidationError("choices", _("a value may not contain a comma"), _("Choices"))
        if '"' in text:  # the Excel templates' drop-down is a quoted list
            raise ValidationError("choices", _("a value may not contain a double quotation mark"), _("Choices"))
        if len(text) > MAX_LABEL:
            raise ValidationError("choices", _("at most {count} characters", count=MAX_LABEL), _("Choices"))
        if text in out:
            raise ValidationError("choices", _("“{value}” appears twice", value=text), _("Choices"))
        out.append(text)
    if not out:
        raise ValidationError("choices", _("a choice field needs at least one value"), _("Choices"))
    if len(out) > MAX_CHOICES:
        raise ValidationError("choices", _("at most {count} values", count=MAX_CHOICES), _("Choices"))
    if len(",".join(out)) > MAX_CHOICE_TEXT:
        raise ValidationError("choices", _("the values together may have at most {count} characters (the Excel "
                                           "drop-down's limit)", count=MAX_CHOICE_TEXT), _("Choices"))
    return tuple(out)
