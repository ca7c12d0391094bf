"""Translated labels of the ticket values that ``crmdesk.ui.labels`` does not cover.

Channels, complaint severities, pause reasons, history event kinds, survey dimensions and
survey methods, for the ticket, callback and knowledge-base dialogs (one place, like
``labels``; kept beside the dialogs that use them).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "ticket_labels"

_CHANNELS = {
    "phone": QT_TRANSLATE_NOOP("ticket_labels", "Phone"),
    "email": QT_TRANSLATE_NOOP("ticket_labels", "E-mail"),
    "online": QT_TRANSLATE_NOOP("ticket_labels", "Online"),
    "wechat": QT_TRANSLATE_NOOP("ticket_labels", "WeChat"),
    "onsite": QT_TRANSLATE_NOOP("ticket_labels", "On site"),
    "other": QT_TRANSLATE_NOOP("ticket_labels", "Other"),
}
_SEVERITIES = {
    "minor": QT_TRANSLATE_NOOP("ticket_labels", "Minor"),
    "serious": QT_TRANSLATE_NOOP("ticket_labels", "Serious"),
    "critical": QT_TRANSLATE_NOOP("ticket_labels", "Critical"),
}
_PAUSE_REASONS = {
    "customer": QT_TRANSLATE_NOOP("ticket_labels", "Waiting for the customer"),
    "parts": QT_TRANSLATE_NOOP("ticket_labels", "Waiting for parts"),
}
# history lines that are not a plain forward move
_EVENT_KINDS = {
    "pause": QT_TRANSLATE_NOOP("ticket_labels", "Paused"),
    "resume": QT_TRANSLATE_NOOP("ticket_labels", "Resumed"),
    "reopen": QT_TRANSLATE_NOOP("ticket_labels", "Reopened"),
    "redispatch": QT_TRANSLATE_NOOP("ticket_labels", "Re-dispatched"),
    "escalation": QT_TRANSLATE_NOOP("ticket_labels", "Escalated"),
    "change": QT_TRANSLATE_NOOP("ticket_labels", "Changed"),
    "note": QT_TRANSLATE_NOOP("ticket_labels", "Note"),
    "response": QT_TRANSLATE_NOOP("ticket_labels", "Responded"),
    "callback": QT_TRANSLATE_NOOP("ticket_labels", "Callback try"),
}
_DIMENSIONS = {
    "quality": QT_TRANSLATE_NOOP("ticket_labels", "Product quality"),
    "response": QT_TRANSLATE_NOOP("ticket_labels", "Service response"),
    "communication": QT_TRANSLATE_NOOP("ticket_labels", "Communication"),
    "professionalism": QT_TRANSLATE_NOOP("ticket_labels", "Professionalism"),
    "overall": QT_TRANSLATE_NOOP("ticket_labels", "Overall satisfaction"),
}
_SURVEY_METHODS = {
    "phone": QT_TRANSLATE_NOOP("ticket_labels", "Phone"),
    "questionnaire": QT_TRANSLATE_NOOP("ticket_labels", "Questionnaire"),
    "email": QT_TRANSLATE_NOOP("ticket_labels", "E-mail"),
    "visit": QT_TRANSLATE_NOOP("ticket_labels", "Visit"),
}

CHANNELS = list(_CHANNELS)
SEVERITIES = list(_SEVERITIES)
PAUSE_REASONS = list(_PAUSE_REASONS)
DIMENSIONS = list(_DIMENSIONS)
SURVEY_METHODS = list(_SURVEY_METHODS)


def _lookup(table: dict[str, str], value: str) -> str:
    source = table.get(value)
    return value if source is None else QCoreApplication.translate(_CONTEXT, source)


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
