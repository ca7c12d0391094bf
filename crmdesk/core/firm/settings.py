"""Settings declared once (type, default, title), stored as JSON in the ``setting`` table.

These are the firm's settings, the same on every PC of a shared database. What belongs to one
PC lives on that PC: window geometry and other UI state in a QSettings file (see
``paths.settings_file``); the database location, who works at this PC and its second backup
folder in ``core.firm.workstation`` (:func:`second_backup_folder` takes an older database's value
over once); secrets never live in any of them (keyring only).
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from crmdesk.core.firm import workstation
from crmdesk.core.i18n import data_text
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.models import Setting, TierPolicy, database_proxy


class Option(NamedTuple):
    """A declared setting."""

    key: str
    default: Any
    title: str  # English; the settings dialog shows it translated


OPTIONS: dict[str, Option] = {o.key: o for o in [
    Option("firm_name", "", "Firm name (printed on reports)"),
    Option("business_hours", [["09:00", "12:00"], ["13:30", "18:00"]], "Business hours"),
    Option("sla_response_hours", {"urgent": 2, "important": 4, "normal": 8}, "Response allowance (hours)"),
    Option("sla_resolution", {"urgent": [24, "calendar_hours"], "important": [2, "working_days"],
                              "normal": [5, "working_days"]}, "Resolution allowance"),
    Option("sla_complaint_resolution", {"minor": [1, "working_days"], "serious": [2, "working_days"],
                                        "critical": [1, "calendar_days"]}, "Complaint resolution allowance"),
    Option("archive_after_days", 365, "Propose archiving dormant customers after (days)"),
    Option("dormant_after_days", 365, "Dormant after days without order or interaction"),
    Option("callback_retry_working_days", 1, "Retry an unreachable callback after (working days)"),
    Option("callback_max_tries", 3, "Callback tries before closing as unreachable"),
    Option("recycle_bin_days", 30, "Keep deleted items in the recycle bin (days)"),
    Option("last_tier_recompute", "", "Last tier recomputation"),
    Option("last_backup", "", "Last automatic backup"),
    Option("last_snapshot", "", "Last daily snapshot of the shared database (core.server_snapshot)"),
    Option("cadence_state", {}, "Follow-up cadence generated through"),
    Option("reminders_last_run", "", "Reminders planned on"),
    Option("encryption", "", "Encryption key record (wrapped keys only, see core.secrets)"),
    Option("calendar_years", {}, "Years whose holiday arrangement the user entered (core.holidays)"),
    Option("followup_capacity_per_day", 25, "Follow-ups per working day of a person (core.planner)"),
    Option("followup_capacity_by_staff", {}, "A person's own follow-ups per working day {staff id: n}"),
    Option("complaint_types", ["产品质量", "服务态度", "服务失误", "交付延误", "价格争议", "使用疑问", "其他"],
           "Complaint types (问题类型) offered on tickets, routing rules and the complaint template"),
    Option("raci", {}, "Responsibility matrix set by the owner {stage: {department id or owner: letters}}"),
    Option("attachment_max_mb", 20, "Largest file that can be attached (MB)"),
]}

DEFAULT_TIER_POLICY: list[dict[str, Any]] = [
    {"tier": "strategic", "min_annual_fen": 50_0000_00, "min_coop_months": None,
     "cadence": [{"method": "visit", "purpose": data_text("Monthly visit"), "every_days": 30},
                 {"method": "visit", "purpose": data_text("Quarterly review meeting"), "every_days": 91}],
     "questionnaire": ["quality", "response", "communication", "professionalism", "overall"]},
    {"tier": "core", "min_annual_fen": 10_0000_00, "min_coop_months": 12,
     "cadence": [{"method": "phone", "purpose": data_text("Fortnightly call"), "every_days": 14},
                 {"method": "phone", "purpose": data_text("Monthly needs survey"), "every_days": 30}],
     "questionnaire": ["quality", "response", "overall"]},
    {"tier": "ordinary", "min_annual_fen": None, "min_coop_months": None,
     "cadence": [{"method": "email", "purpose": data_text("Monthly e-mail"), "every_days": 30},
                 {"method": "email", "purpose": data_text("Quarterly satisfaction questionnaire"), "every_days": 91}],
     "questionnaire": ["overall"]},
    {"tier": "dormant", "min_annual_fen": None, "min_coop_months": None,
     "cadence": [{"method": "phone", "purpose": data_text("Quarterly offer"), "every_days": 91}],
     "questionnaire": ["overall"]},
]


def get(key: str) -> Any:
    """The stored value of a declared setting, or its default."""
    option = OPTIONS[key]
    row = Setting.get_or_none(Setting.key == key)
    return option.default if row is None else json.loads(row.value)


def put(key: str, value: Any) -> None:
    """Store a declared setting."""
    if key not in OPTIONS:
        raise KeyError(key)
    text = json.dumps(value, ensure_ascii=False)  # an upsert both engines know (not SQLite's INSERT OR REPLACE)
    Setting.insert(key=key, value=text).on_conflict(conflict_target=[Setting.key], update={Setting.value: text}).execute()


def put_all(values: dict[str, Any]) -> Changes:
    """Store several declared settings at once: all of them or, on any error, none."""
    with database_proxy.atomic():
        for key, value in values.items():
            put(key, value)
    return Changes(settings=True)


def location() -> str | None:
    """The bound database as this PC names it (a file's path, a server's address), or ``None``."""
    database = database_proxy.obj
    target = getattr(database, "target", None)  # a server database (core.store.server)
    if target is not None:
        return str(target)
    name = getattr(database, "database", None)
    return name if isinstance(name, str) and name not in ("", ":memory:") else None


def _old_second_folder() -> str:
    row = Setting.get_or_none(Setting.key == workstation.OLD_SECOND_FOLDER)
    return "" if row is None else str(json.loads(row.value) or "")


def second_backup_folder() -> str:
    """This PC's second backup folder for the bound database ('' for none; ``core.firm.workstation``)."""
    where = location()
    return "" if where is None else workstation.backup_folder(where, shared=_old_second_folder)


def set_second_backup_folder(folder: str) -> None:
    """Keep this PC's second backup folder for the bound database (in this PC's file, not the database)."""
    where = location()
    if where is not None:
        workstation.remember_backup_folder(where, folder)


def ensure_tier_policy() -> None:
    """Insert the default tier policy rows that are missing (never overwrites the owner's edits)."""
    for row in DEFAULT_TIER_POLICY:
        if TierPolicy.get_or_none(TierPolicy.tier == row["tier"]) is None:
            TierPolicy.create(tier=row["tier"], min_annual_fen=row["min_annual_fen"],
                              min_coop_months=row["min_coop_months"],
                              cadence=json.dumps(row["cadence"], ensure_ascii=False),
                              questionnaire=json.dumps(row["questionnaire"]))

