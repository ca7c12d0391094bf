"""Translated display labels of the stored enumeration values (one place for every view)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def stage(value: str) -> str:
    return {"received": _t("Received"), "classified": _t("Classified"), "dispatched": _t("Dispatched"),
            "in_progress": _t("In progress"), "resolved": _t("Resolved"), "callback": _t("Callback done"),
            "archived": _t("Archived")}.get(value, value)


def priority(value: str) -> str:
    return {"urgent": _t("Urgent"), "important": _t("Important"), "normal": _t("Normal")}.get(value, value)


def category(value: str) -> str:
    return {"fault": _t("Fault repair"), "usage": _t("Usage question"), "complaint": _t("Complaint"),
            "suggestion": _t("Suggestion"), "other": _t("Other")}.get(value, value)


def method(value: str) -> str:
    return {"phone": _t("Phone"), "visit": _t("Visit"), "email": _t("E-mail"), "wechat": _t("WeChat"),
            "sms": _t("SMS")}.get(value, value)


def followup_status(value: str) -> str:
    return {"planned": _t("Planned"), "done": _t("Done"), "skipped": _t("Skipped")}.get(value, value)


def agenda_kind(value: str) -> str:
    return {"followup": _t("Follow-up"), "callback": _t("Callback"), "ticket": _t("Ticket due"),
            "complaint": _t("Critical complaint")}.get(value, value)


def customer_type(value: str) -> str:
    return {"prospect": _t("Prospect"), "customer": _t("Customer"), "strategic": _t("Strategic")}.get(value, value)


def tier(value: str) -> str:
    return {"strategic": _t("Strategic"), "core": _t("Core"), "ordinary": _t("Ordinary"),
            "dormant": _t("Dormant")}.get(value, value)


STAGES = ["received", "classified", "dispatched", "in_progress", "resolved", "callback", "archived"]
