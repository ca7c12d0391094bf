"""The stored enumerations and their labels, defined once for every layer.

Stored values are stable English identifiers (``"received"``); each enumeration lists them in
their order with an English label marked for the gettext catalogue (``C_``, in the
enumeration's own context). Reading an enumeration like a dict gives the label in the current
language: ``TICKET_STAGES["received"]`` is 接收 in Chinese and "Received" with ``--lang en``. The
widgets show the same labels through ``crmdesk.ui.labels``, the PDFs and the command line
directly. The firm's records and Excel files are Chinese whatever the interface shows (the change
log, the templates, the exports an import reads back, the old ledgers): they take
:meth:`Enumeration.data_labels`.

``core.store.models`` re-exports these names for the modules that read them with the models.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from crmdesk.core.i18n import C_, DATA_LANGUAGE, Label


class Enumeration(Mapping[str, str]):
    """Stored values in order, each with its label; ``enum[value]`` is the label in the current language."""

    __slots__ = ("_labels",)

    def __init__(self, labels: Mapping[str, Label]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, value: str) -> str:
        return self._labels[value].text()

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __contains__(self, value: object) -> bool:
        return value in self._labels

    def label(self, value: str | None) -> str:
        """The label of ``value``; a value the enumeration does not know as it is (older rows, a ledger's word)."""
        known = self._labels.get(value or "")
        return (value or "") if known is None else known.text()

    def in_language(self, language: str) -> dict[str, str]:
        """``{stored value: label}`` in ``language``, whatever the current one is."""
        return {value: label.text(language) for value, label in self._labels.items()}

    def data_labels(self) -> dict[str, str]:
        """``{stored value: label}`` as the firm's records and Excel files write them (Chinese)."""
        return self.in_language(DATA_LANGUAGE)

    def choices(self) -> list[tuple[str, str]]:
        """``(label, stored value)`` pairs in order, for a combo box."""
        return [(label.text(), value) for value, label in self._labels.items()]


# --------------------------------------------------------------------------- customers

CUSTOMER_TYPES = Enumeration({
    "prospect": C_("customer type", "Prospect"),
    "customer": C_("customer type", "Customer"),
    "strategic": C_("customer type", "Strategic customer"),  # the type 战略客户 is not the tier 战略
})
IMPORTANCE = {"A": "A", "B": "B", "C": "C"}  # letters in every language
TIERS = Enumeration({
    "strategic": C_("customer tier", "Strategic"),
    "core": C_("customer tier", "Core"),
    "ordinary": C_("customer tier", "Ordinary"),
    "dormant": C_("customer tier", "Dormant"),
})
# The source channel is stored as its Chinese word (the ledgers' own values); the label translates it.
SOURCE_CHANNELS = Enumeration({
    "展会": C_("source channel", "Trade fair"),
    "陌拜": C_("source channel", "Cold visit"),
    "合作伙伴推荐": C_("source channel", "Partner referral"),
    "老客户转介绍": C_("source channel", "Customer referral"),
    "线上咨询": C_("source channel", "Online enquiry"),
    "其他": C_("source channel", "Other"),
})
CUSTOMER_STATUSES = Enumeration({
    "active": C_("customer status", "Active"),
    "archived": C_("customer status", "Archived"),
})

STAFF_ROLES = Enumeration({
    "clerk": C_("staff role", "Service clerk"),
    "engineer": C_("staff role", "Engineer"),
    "account_manager": C_("staff role", "Account manager"),
    "owner": C_("staff role", "Owner / manager"),
})

# --------------------------------------------------------------------------- tickets

TICKET_STAGES = Enumeration({
    "received": C_("ticket stage", "Received"),
    "classified": C_("ticket stage", "Classified"),
    "dispatched": C_("ticket stage", "Dispatched"),
    "in_progress": C_("ticket stage", "In progress"),
    "resolved": C_("ticket stage", "Resolved"),
    "callback": C_("ticket stage", "Callback done"),
    "archived": C_("ticket stage", "Archived"),
})
TICKET_CHANNELS = Enumeration({
    "phone": C_("ticket channel", "Phone"),
    "email": C_("ticket channel", "E-mail"),
    "online": C_("ticket channel", "Online"),
    "wechat": C_("ticket channel", "WeChat"),
    "onsite": C_("ticket channel", "On site"),
    "other": C_("ticket channel", "Other"),
})
TICKET_CATEGORIES = Enumeration({
    "fault": C_("ticket category", "Fault repair"),
    "usage": C_("ticket category", "Usage question"),
    "complaint": C_("ticket category", "Complaint"),
    "suggestion": C_("ticket category", "Suggestion"),
    "other": C_("ticket category", "Other"),
})
PRIORITIES = Enumeration({
    "urgent": C_("ticket priority", "Urgent"),
    "important": C_("ticket priority", "Important"),
    "normal": C_("ticket priority", "Normal"),
})
SEVERITIES = Enumeration({
    "minor": C_("complaint severity", "Minor"),
    "serious": C_("complaint severity", "Serious"),
    "critical": C_("complaint severity", "Critical"),
})
PAUSE_REASONS = Enumeration({
    "customer": C_("pause reason", "Waiting for the customer"),
    "parts": C_("pause reason", "Waiting for parts"),
})
# a ticket history line that is not a plain forward move
EVENT_KINDS = Enumeration({
    "pause": C_("ticket event", "Paused"),
    "resume": C_("ticket event", "Resumed"),
    "reopen": C_("ticket event", "Reopened"),
    "redispatch": C_("ticket event", "Re-dispatched"),
    "escalation": C_("ticket event", "Escalated"),
    "change": C_("ticket event", "Changed"),
    "note": C_("ticket event", "Note"),
    "response": C_("ticket event", "Responded"),
    "callback": C_("ticket event", "Callback try"),
})

# --------------------------------------------------------------------------- follow-ups and surveys

FOLLOWUP_METHODS = Enumeration({
    "phone": C_("contact method", "Phone"),
    "visit": C_("contact method", "Visit"),
    "email": C_("contact method", "E-mail"),
    "wechat": C_("contact method", "WeChat"),
    "sms": C_("contact method", "SMS"),
})
FOLLOWUP_STATUSES = Enumeration({
    "planned": C_("follow-up status", "Planned"),
    "done": C_("follow-up status", "Done"),
    "skipped": C_("follow-up status", "Skipped"),
})
FOLLOWUP_KINDS = Enumeration({
    "manual": C_("follow-up kind", "Manual"),
    "cadence": C_("follow-up kind", "Routine"),
    "callback": C_("follow-up kind", "Callback"),
    "birthday": C_("follow-up kind", "Birthday"),
    "holiday": C_("follow-up kind", "Holiday"),
    "thanks": C_("follow-up kind", "Thank-you"),
    "winback": C_("follow-up kind", "Win-back"),
    "silence": C_("follow-up kind", "No recent contact"),
    "renewal": C_("follow-up kind", "Renewal"),  # a warranty or maintenance contract ending (core.equipment.reminders)
})
# --------------------------------------------------------------------------- equipment

# 保修状态 of a machine on a day (computed by core.equipment.warranty, never stored)
WARRANTY_STATES = Enumeration({
    "contract": C_("warranty state", "Under maintenance contract"),
    "warranty": C_("warranty state", "In warranty"),
    "expired": C_("warranty state", "Out of warranty"),
    "unknown": C_("warranty state", "Warranty not recorded"),
})
SURVEY_METHODS = Enumeration({
    "phone": C_("survey method", "Phone"),
    "questionnaire": C_("survey method", "Questionnaire"),
    "email": C_("survey method", "E-mail"),
    "visit": C_("survey method", "Visit"),
})
SURVEY_DIMENSIONS = Enumeration({
    "quality": C_("survey dimension", "Product quality"),
    "response": C_("survey dimension", "Service response"),
    "communication": C_("survey dimension", "Communication"),
    "professionalism": C_("survey dimension", "Professionalism"),
    "overall": C_("survey dimension", "Overall satisfaction"),
})


# --------------------------------------------------------------------------- custom fields (core.customfields)

CUSTOM_FIELD_KINDS = Enumeration({
    "text": C_("custom field kind", "Text"),
    "number": C_("custom field kind", "Number"),
    "amount": C_("custom field kind", "Amount (yuan)"),
    "date": C_("custom field kind", "Date"),
    "yes_no": C_("custom field kind", "Yes / no"),
    "choice": C_("custom field kind", "One choice from a list"),
})
# the records that carry custom fields (core.customfields.entities: a new one adds its line here)
CUSTOM_FIELD_RECORDS = Enumeration({
    "customer": C_("custom field record", "Customers"),
    "contact": C_("custom field record", "Contacts"),
    "ticket": C_("custom field record", "Tickets"),
    "equipment": C_("custom field record", "Equipment"),
})
CUSTOM_FILTER_OPS = Enumeration({
    "is": C_("custom field filter", "is"),
    "contains": C_("custom field filter", "contains"),
    "range": C_("custom field filter", "from … to"),
    "empty": C_("custom field filter", "is empty"),
    "filled": C_("custom field filter", "is filled in"),
})
