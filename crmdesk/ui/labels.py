"""Display labels of the stored enumeration values: a thin view over ``core.store.enums``.

The labels are defined once there and translated by the core's gettext catalogue, so the
window, the PDFs and the command line say the same words; the language is the one the
application chose at start (``core.i18n.set_language``, beside the Qt translators).
"""

from __future__ import annotations

from crmdesk.core.store import enums

STAGES = list(enums.TICKET_STAGES)
CHANNELS = list(enums.TICKET_CHANNELS)
SEVERITIES = list(enums.SEVERITIES)
PAUSE_REASONS = list(enums.PAUSE_REASONS)
DIMENSIONS = list(enums.SURVEY_DIMENSIONS)
SURVEY_METHODS = list(enums.SURVEY_METHODS)


def stage(value: str) -> str:
    """Ticket stage."""
    return enums.TICKET_STAGES.label(value)


def priority(value: str) -> str:
    """Ticket priority."""
    return enums.PRIORITIES.label(value)


def category(value: str) -> str:
    """Ticket category."""
    return enums.TICKET_CATEGORIES.label(value)


def method(value: str) -> str:
    """Follow-up / interaction method."""
    return enums.FOLLOWUP_METHODS.label(value)


def followup_status(value: str) -> str:
    """Follow-up status."""
    return enums.FOLLOWUP_STATUSES.label(value)


def followup_kind(value: str) -> str:
    """Why a follow-up was planned (例行, 生日, 回访, …)."""
    return enums.FOLLOWUP_KINDS.label(value)


def customer_type(value: str) -> str:
    """Customer type."""
    return enums.CUSTOMER_TYPES.label(value)


def tier(value: str) -> str:
    """Customer tier."""
    return enums.TIERS.label(value)


def source_channel(value: str) -> str:
    """How the customer found the firm (stored as its Chinese word)."""
    return enums.SOURCE_CHANNELS.label(value)


def staff_role(value: str) -> str:
    """A staff member's role (客服, 工程师, 老板 / 主管)."""
    return enums.STAFF_ROLES.label(value)


def channel(value: str) -> str:
    """Where the ticket came in (电话, 邮件, …)."""
    return enums.TICKET_CHANNELS.label(value)


def severity(value: str) -> str:
    """Complaint severity (一般, 严重, 重大)."""
    return enums.SEVERITIES.label(value)


def pause_reason(value: str) -> str:
    """Why a ticket waits (等待客户, 等待备件)."""
    return enums.PAUSE_REASONS.label(value)


def event_kind(value: str) -> str:
    """A history line's kind, for lines that are not a forward move."""
    return enums.EVENT_KINDS.label(value)


def dimension(value: str) -> str:
    """A survey dimension (产品质量, …, 总体满意度)."""
    return enums.SURVEY_DIMENSIONS.label(value)


def survey_method(value: str) -> str:
    """How a survey was taken."""
    return enums.SURVEY_METHODS.label(value)


# --------------------------------------------------------------------------- custom fields

FIELD_KINDS = list(enums.CUSTOM_FIELD_KINDS)


def field_kind(value: str) -> str:
    """The kind of a custom field (文本, 数字, …)."""
    return enums.CUSTOM_FIELD_KINDS.label(value)


def entity(value: str) -> str:
    """A kind of record that carries custom fields (客户, 联系人, 服务工单, 设备)."""
    return enums.CUSTOM_FIELD_RECORDS.label(value)


def filter_op(value: str) -> str:
    """A condition of a custom-field filter (是, 包含, 介于, 未填, 已填)."""
    return enums.CUSTOM_FILTER_OPS.label(value)
def warranty_state(value: str) -> str:
    """A machine's cover: 维保合同内 / 在保 / 过保 / 保修未登记."""
    return enums.WARRANTY_STATES.label(value)
