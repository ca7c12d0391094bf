"""Translated display labels of the stored enumeration values (one place for every view)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from crmdesk.core.customfields.entities import ENTITIES

_STAGES = {
    "received": QT_TRANSLATE_NOOP("labels", "Received"),
    "classified": QT_TRANSLATE_NOOP("labels", "Classified"),
    "dispatched": QT_TRANSLATE_NOOP("labels", "Dispatched"),
    "in_progress": QT_TRANSLATE_NOOP("labels", "In progress"),
    "resolved": QT_TRANSLATE_NOOP("labels", "Resolved"),
    "callback": QT_TRANSLATE_NOOP("labels", "Callback done"),
    "archived": QT_TRANSLATE_NOOP("labels", "Archived"),
}
_PRIORITIES = {
    "urgent": QT_TRANSLATE_NOOP("labels", "Urgent"),
    "important": QT_TRANSLATE_NOOP("labels", "Important"),
    "normal": QT_TRANSLATE_NOOP("labels", "Normal"),
}
_CATEGORIES = {
    "fault": QT_TRANSLATE_NOOP("labels", "Fault repair"),
    "usage": QT_TRANSLATE_NOOP("labels", "Usage question"),
    "complaint": QT_TRANSLATE_NOOP("labels", "Complaint"),
    "suggestion": QT_TRANSLATE_NOOP("labels", "Suggestion"),
    "other": QT_TRANSLATE_NOOP("labels", "Other"),
}
_METHODS = {
    "phone": QT_TRANSLATE_NOOP("labels", "Phone"),
    "visit": QT_TRANSLATE_NOOP("labels", "Visit"),
    "email": QT_TRANSLATE_NOOP("labels", "E-mail"),
    "wechat": QT_TRANSLATE_NOOP("labels", "WeChat"),
    "sms": QT_TRANSLATE_NOOP("labels", "SMS"),
}
_FOLLOWUP_STATUSES = {
    "planned": QT_TRANSLATE_NOOP("labels", "Planned"),
    "done": QT_TRANSLATE_NOOP("labels", "Done"),
    "skipped": QT_TRANSLATE_NOOP("labels", "Skipped"),
}
_AGENDA_KINDS = {
    "followup": QT_TRANSLATE_NOOP("labels", "Follow-up"),
    "callback": QT_TRANSLATE_NOOP("labels", "Callback"),
    "ticket": QT_TRANSLATE_NOOP("labels", "Ticket due"),
    "complaint": QT_TRANSLATE_NOOP("labels", "Critical complaint"),
}
_CUSTOMER_TYPES = {  # the type 战略客户 is not the tier 战略: its own source text
    "prospect": QT_TRANSLATE_NOOP("labels", "Prospect"),
    "customer": QT_TRANSLATE_NOOP("labels", "Customer"),
    "strategic": QT_TRANSLATE_NOOP("labels", "Strategic customer"),
}
_TIERS = {
    "strategic": QT_TRANSLATE_NOOP("labels", "Strategic"),
    "core": QT_TRANSLATE_NOOP("labels", "Core"),
    "ordinary": QT_TRANSLATE_NOOP("labels", "Ordinary"),
    "dormant": QT_TRANSLATE_NOOP("labels", "Dormant"),
}

STAGES = list(_STAGES)


def _lookup(table: dict[str, str], value: str) -> str:
    source = table.get(value)
    return value if source is None else QCoreApplication.translate("labels", source)


def stage(value: str) -> str:
    """Ticket stage."""
    return _lookup(_STAGES, value)


def priority(value: str) -> str:
    """Ticket priority."""
    return _lookup(_PRIORITIES, value)


def category(value: str) -> str:
    """Ticket category."""
    return _lookup(_CATEGORIES, value)


def method(value: str) -> str:
    """Follow-up / interaction method."""
    return _lookup(_METHODS, value)


def followup_status(value: str) -> str:
    """Follow-up status."""
    return _lookup(_FOLLOWUP_STATUSES, value)


def agenda_kind(value: str) -> str:
    """Kind of a Today item."""
    return _lookup(_AGENDA_KINDS, value)


def customer_type(value: str) -> str:
    """Customer type."""
    return _lookup(_CUSTOMER_TYPES, value)


def tier(value: str) -> str:
    """Customer tier."""
    return _lookup(_TIERS, value)


# --------------------------------------------------------------------------- tickets and surveys

_CHANNELS = {
    "phone": QT_TRANSLATE_NOOP("labels", "Phone"),
    "email": QT_TRANSLATE_NOOP("labels", "E-mail"),
    "online": QT_TRANSLATE_NOOP("labels", "Online"),
    "wechat": QT_TRANSLATE_NOOP("labels", "WeChat"),
    "onsite": QT_TRANSLATE_NOOP("labels", "On site"),
    "other": QT_TRANSLATE_NOOP("labels", "Other"),
}
_SEVERITIES = {
    "minor": QT_TRANSLATE_NOOP("labels", "Minor"),
    "serious": QT_TRANSLATE_NOOP("labels", "Serious"),
    "critical": QT_TRANSLATE_NOOP("labels", "Critical"),
}
_PAUSE_REASONS = {
    "customer": QT_TRANSLATE_NOOP("labels", "Waiting for the customer"),
    "parts": QT_TRANSLATE_NOOP("labels", "Waiting for parts"),
}
# history lines that are not a plain forward move
_EVENT_KINDS = {
    "pause": QT_TRANSLATE_NOOP("labels", "Paused"),
    "resume": QT_TRANSLATE_NOOP("labels", "Resumed"),
    "reopen": QT_TRANSLATE_NOOP("labels", "Reopened"),
    "redispatch": QT_TRANSLATE_NOOP("labels", "Re-dispatched"),
    "escalation": QT_TRANSLATE_NOOP("labels", "Escalated"),
    "change": QT_TRANSLATE_NOOP("labels", "Changed"),
    "note": QT_TRANSLATE_NOOP("labels", "Note"),
    "response": QT_TRANSLATE_NOOP("labels", "Responded"),
    "callback": QT_TRANSLATE_NOOP("labels", "Callback try"),
}
_DIMENSIONS = {
    "quality": QT_TRANSLATE_NOOP("labels", "Product quality"),
    "response": QT_TRANSLATE_NOOP("labels", "Service response"),
    "communication": QT_TRANSLATE_NOOP("labels", "Communication"),
    "professionalism": QT_TRANSLATE_NOOP("labels", "Professionalism"),
    "overall": QT_TRANSLATE_NOOP("labels", "Overall satisfaction"),
}
_SURVEY_METHODS = {
    "phone": QT_TRANSLATE_NOOP("labels", "Phone"),
    "questionnaire": QT_TRANSLATE_NOOP("labels", "Questionnaire"),
    "email": QT_TRANSLATE_NOOP("labels", "E-mail"),
    "visit": QT_TRANSLATE_NOOP("labels", "Visit"),
}

CHANNELS = list(_CHANNELS)
SEVERITIES = list(_SEVERITIES)
PAUSE_REASONS = list(_PAUSE_REASONS)
DIMENSIONS = list(_DIMENSIONS)
SURVEY_METHODS = list(_SURVEY_METHODS)



def channel(value: str) -> str:
    """Where the ticket came in (电话, 邮件, …)."""
    return _lookup(_CHANNELS, value)


def severity(value: str) -> str:
    """Complaint severity (一般, 严重, 重大)."""
    return _lookup(_SEVERITIES, value)


def pause_reason(value: str) -> str:
    """Why a ticket waits (等待客户, 等待备件)."""
    return _lookup(_PAUSE_REASONS, value)


def event_kind(value: str) -> str:
    """A history line's kind, for lines that are not a forward move."""
    return _lookup(_EVENT_KINDS, value)


def dimension(value: str) -> str:
    """A survey dimension (产品质量, …, 总体满意度)."""
    return _lookup(_DIMENSIONS, value)


def survey_method(value: str) -> str:
    """How a survey was taken."""
    return _lookup(_SURVEY_METHODS, value)


# --------------------------------------------------------------------------- custom fields

_FIELD_KINDS = {
    "text": QT_TRANSLATE_NOOP("labels", "Text"),
    "number": QT_TRANSLATE_NOOP("labels", "Number"),
    "amount": QT_TRANSLATE_NOOP("labels", "Amount (yuan)"),
    "date": QT_TRANSLATE_NOOP("labels", "Date"),
    "yes_no": QT_TRANSLATE_NOOP("labels", "Yes / no"),
    "choice": QT_TRANSLATE_NOOP("labels", "One choice from a list"),
}
# the records with custom fields (core.customfields.entities; a new one without a line here shows its own name)
_ENTITIES = {
    "customer": QT_TRANSLATE_NOOP("labels", "Customers"),
    "contact": QT_TRANSLATE_NOOP("labels", "Contacts"),
    "ticket": QT_TRANSLATE_NOOP("labels", "Tickets"),
}
_FILTER_OPS = {
    "is": QT_TRANSLATE_NOOP("labels", "is"),
    "contains": QT_TRANSLATE_NOOP("labels", "contains"),
    "range": QT_TRANSLATE_NOOP("labels", "from … to"),
    "empty": QT_TRANSLATE_NOOP("labels", "is empty"),
    "filled": QT_TRANSLATE_NOOP("labels", "is filled in"),
}
FIELD_KINDS = list(_FIELD_KINDS)


def field_kind(value: str) -> str:
    """The kind of a custom field (文本, 数字, …)."""
    return _lookup(_FIELD_KINDS, value)


def entity(value: str) -> str:
    """A kind of record that carries custom fields (客户, 联系人, 服务工单)."""
    if value in _ENTITIES:
        return _lookup(_ENTITIES, value)
    return ENTITIES[value].label if value in ENTITIES else value


def filter_op(value: str) -> str:
    """A condition of a custom-field filter (是, 包含, 介于, 未填, 已填)."""
    return _lookup(_FILTER_OPS, value)
