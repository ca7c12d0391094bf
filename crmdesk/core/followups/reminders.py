"""Reminders of docs/spec.md §4, planned as follow-ups so they show in Today and the calendar.

- 久未联系: a strategic or core customer with no contact for 30 days gets a call planned for
  today (once per silence: the key holds the date of the last contact);
- 生日: each contact's birthday, solar or lunar (``core.firm.lunar``), is reminded 1–2 days before on
  a working day (``core.firm.lunar.reminder_day``), with the greeting of the customer's tier;
- 节日: 春节, 端午, 中秋 and 国庆 likewise; strategic and core customers get one follow-up each,
  every tier has its greeting list (``greeting_list``) for the mass greeting;
- 续保: a machine's warranty or maintenance contract ending in 30 days becomes a renewal offer for
  the account manager (``core.equipment.reminders``);
- the thank-you after a visit is planned when the visit is completed (``core.followups.service``) and
  the weekly call of at-risk customers by the cadence (``core.followups.cadence``).

Every reminder carries a ``generated_key``, so ``run`` may run any number of times a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crmdesk.core import jobs
from crmdesk.core.equipment import reminders as renewals
from crmdesk.core.firm import lunar, settings, workcal
from crmdesk.core.followups import planner
from crmdesk.core.followups import service as followups
from crmdesk.core.i18n import N_, _, data_text
from crmdesk.core.safety import secrets
from crmdesk.core.store import db
from crmdesk.core.store.changes import Changes
from crmdesk.core.store.models import TIERS, TierPolicy, database_proxy, now
from crmdesk.core.validation import mask_mobile

SILENCE_DAYS = 30
SILENCE_TIERS = ("strategic", "core")
HOLIDAY_FOLLOWUP_TIERS = ("strategic", "core")
LOOKAHEAD_DAYS = 12  # far enough to see an event behind the 7-day National Day holiday
SILENCE_SOON = dt.timedelta(days=14)  # a follow-up planned within this is the contact that is coming
SILENCE_SPREAD = 5  # days a silence call may wait for a less busy day

#: how each tier is greeted (method, what to do) unless the tier policy's ``greeting`` says otherwise
TIER_GREETING = {
    "strategic": ("visit", N_("Visit and bring a holiday gift")),
    "core": ("phone", N_("Call with greetings")),
    "ordinary": ("wechat", N_("Send wishes on WeChat")),
    "dormant": ("sms", N_("Send wishes by SMS")),
}


def _greeting(tier: str, policies: dict[str, str]) -> tuple[str, str]:
    method, text = TIER_GREETING.get(tier, TIER_GREETING["ordinary"])
    return method, policies.get(tier) or data_text(text)


def _policies() -> dict[str, str]:
    return {p.tier: (p.greeting or "").strip() for p in TierPolicy.select(TierPolicy.tier, TierPolicy.greeting)}


_LIVE = "c.status = 'active' AND c.deleted_at IS NULL AND c.merged_into_id IS NULL AND c.erased_at IS NULL"
_PRIMARY = ("(SELECT p.id FROM contact p WHERE p.customer_id = c.id AND p.is_primary = TRUE AND p.deleted_at IS NULL "
            "LIMIT 1)")


def silence(today: dt.date | None = None, book: planner.LoadBook | None = None) -> int:
    """Plan a call for each strategic or core customer not contacted for 30 days; returns how many.

    A customer who already has a follow-up planned in the next two weeks (its cadence call, a
    visit) is left alone: that contact is coming. The others get the least-loaded working day of
    their account manager in the next few days — even a full one: this call must not be lost.
    """
    today = today or dt.date.today()
    cutoff = dt.datetime.combine(today - dt.timedelta(days=SILENCE_DAYS), dt.time())
    start, soon = dt.datetime.combine(today, dt.time()), dt.datetime.combine(today + SILENCE_SOON, dt.time())
    book = book or planner.LoadBook(today, today + SILENCE_SOON, now=planner.moment_of(today))
    stamp = str(now())
    rows = []
    for cid, manager, contact, last in db.sql(
            f"SELECT c.id, c.account_manager_id, {_PRIMARY}, COALESCE(c.last_contact_at, c.created_at) "
            f"FROM customer c WHERE {_LIVE} AND c.tier IN ({','.join('?' * len(SILENCE_TIERS))}) "
            "AND COALESCE(c.last_contact_at, c.created_at) < ? AND NOT EXISTS (SELECT 1 FROM follow_up f "
            "WHERE f.customer_id = c.id AND f.status = 'planned' AND f.deleted_at IS NULL AND f.due_at >= ? "
            "AND f.due_at < ?)", [*SILENCE_TIERS, str(cutoff), str(start), str(soon)]):
        days = (today - dt.date.fromisoformat(str(last)[:10])).days
        key = f"silence:{cid}:{str(last)[:10]}"
        if _exists(key):
            continue  # already planned for this silence (and perhaps done or moved)
        due = book.place(manager, today, SILENCE_SPREAD, force=True)
        rows.append((key, cid, contact, str(due), "phone", data_text("No contact for {days} days: please get in touch", days=days), "silence", manager, stamp))
    return followups.insert_generated(rows)


@dataclass(frozen=True)
class Birthday:
    """A contact's coming birthday."""

    contact_id: int
    customer_id: int
    contact: str
    customer: str
    tier: str
    date: dt.date
    lunar: bool
    remind_on: dt.date


def coming_birthdays(today: dt.date | None = None, days: int = LOOKAHEAD_DAYS) -> list[Birthday]:
    """Birthdays of contacts still at live customers in ``[today, today + days]`` (decrypting each birthday)."""
    today = today or dt.date.today()
    cal = workcal.current()
    out = []
    for contact_id, cid, name, customer, tier, stored, is_lunar in db.sql(
            "SELECT x.id, c.id, x.name, c.name, c.tier, x.birthday, x.birthday_lunar FROM contact x "
            f"JOIN customer c ON c.id = x.customer_id WHERE x.birthday != '' AND x.deleted_at IS NULL "
            f"AND x.has_left = FALSE AND {_LIVE}"):
        try:
            born = dt.date.fromisoformat(secrets.reveal("contact", "birthday", stored))
        except ValueError:
            continue
        event = lunar.next_birthday(born, bool(is_lunar), today)
        if event is not None and (event - today).days <= days:
            out.append(Birthday(contact_id, cid, name, customer, tier, event, bool(is_lunar),
                                lunar.reminder_day(event, cal.is_workday)))
    return sorted(out, key=lambda b: (b.date, b.customer))


def _birthday_text(b: Birthday, greeting: str) -> str:
    when = data_text("{month}/{day}", month=b.date.month, day=b.date.day)
    if b.lunar:
        _y, month, day, _leap = lunar.solar_to_lunar(b.date)
        when += data_text(" (lunar {month}/{day})", month=month, day=day)
    return data_text("Birthday greetings: {contact} {when}, {greeting}", contact=b.contact, when=when, greeting=greeting)


def birthdays(today: dt.date | None = None, book: planner.LoadBook | None = None) -> int:
    """Plan the greeting of each birthday whose reminder day has come; returns how many were added."""
    today = today or dt.date.today()
    book = book or planner.LoadBook(today, today + dt.timedelta(days=LOOKAHEAD_DAYS), now=planner.moment_of(today))
    policies = _policies()
    managers = dict(db.sql("SELECT id, account_manager_id FROM customer"
                            " WHERE account_manager_id IS NOT NULL").fetchall())
    stamp = str(now())
    rows = []
    for b in coming_birthdays(today):
        if b.remind_on <= today <= b.date:
            method, greeting = _greeting(b.tier, policies)
            key = f"birthday:{b.contact_id}:{b.date.isoformat()}"
            if _exists(key):
                continue
            manager = managers.get(b.customer_id)
            rows.append((key, b.customer_id, b.contact_id, str(book.place_on(manager, b.remind_on)),
                         "phone" if method == "visit" else method, _birthday_text(b, greeting), "birthday", manager,
                         stamp))
    return followups.insert_generated(rows)


def coming_festivals(today: dt.date | None = None) -> list[lunar.ComingFestival]:
    """Festivals whose reminder day has come and which have not passed yet (on the working calendar)."""
    return lunar.coming(today or dt.date.today(), workcal.current().is_workday)


def holidays(today: dt.date | None = None, book: planner.LoadBook | None = None) -> int:
    """Plan one greeting per strategic and core customer for each coming festival (on the reminder
    day, at hours spread over the account manager's day)."""
    today = today or dt.date.today()
    policies = _policies()
    stamp = str(now())
    rows = []
    comings = coming_festivals(today)
    if comings and book is None:
        book = planner.LoadBook(today, today + dt.timedelta(days=LOOKAHEAD_DAYS), now=planner.moment_of(today))
    for coming in comings:
        assert book is not None, "made above when a festival is coming"
        f = coming.festival
        for cid, tier, manager, contact in db.sql(
                f"SELECT c.id, c.tier, c.account_manager_id, {_PRIMARY} FROM customer c WHERE {_LIVE} "
                f"AND c.tier IN ({','.join('?' * len(HOLIDAY_FOLLOWUP_TIERS))})", HOLIDAY_FOLLOWUP_TIERS):
            key = f"holiday:{cid}:{f.key}:{f.date.year}"
            if _exists(key):
                continue
            method, greeting = _greeting(tier, policies)
            rows.append((key, cid, contact, str(book.place_on(manager, coming.remind_on)), method,
                         data_text("{festival} greetings: {greeting} ({wish})", festival=f.name, greeting=greeting, wish=f.wish), "holiday", manager, stamp))
    return followups.insert_generated(rows)


def _exists(key: str) -> bool:
    """Whether a reminder with this key was planned already (its hour is not chosen twice)."""
    return db.sql("SELECT 1 FROM follow_up WHERE generated_key = ?",
                   [key]).fetchone() is not None


@dataclass(frozen=True)
class GreetingLine:
    """One line of a tier's greeting list."""

    customer_id: int
    code: str
    customer: str
    contact: str
    mobile: str  # masked
    method: str
    greeting: str


def greeting_list(tier: str, festival: lunar.Festival, limit: int = 5000) -> list[GreetingLine]:
    """Who to greet in ``tier`` for ``festival``: the primary contact of each live customer."""
    method, greeting = _greeting(tier, _policies())
    text = f"{festival.name}：{greeting}（{festival.wish}）"
    rows = db.sql(
        f"SELECT c.id, c.code, c.name, p.name, p.mobile FROM customer c LEFT JOIN contact p ON p.customer_id = c.id "
        f"AND p.is_primary = TRUE AND p.deleted_at IS NULL WHERE {_LIVE} AND c.tier = ? ORDER BY c.code LIMIT ?",
        [tier, limit])
    return [GreetingLine(cid, code, name, contact or "",
                         mask_mobile(secrets.reveal("contact", "mobile", mobile or "")), method, text)
            for cid, code, name, contact, mobile in rows]


def greeting_counts() -> dict[str, int]:
    """How many live customers each tier's greeting list holds."""
    counts = dict(db.sql(
        f"SELECT c.tier, count(*) FROM customer c WHERE {_LIVE} GROUP BY c.tier").fetchall())
    return {tier: int(counts.get(tier, 0)) for tier in TIERS}


STATE_KEY = "reminders_last_run"


@dataclass
class Planned:
    """How many reminders a run added, by kind."""

    silence: int
    birthdays: int
    holidays: int
    changes: Changes
    renewals: int = 0  # warranty and maintenance-contract ends (续保)


def run(today: dt.date | None = None, *, force: bool = False) -> Planned:
    """Plan today's reminders (once a day unless ``force``: the birthday scan decrypts every birthday)."""
    today = today or dt.date.today()
    if not force and settings.get(STATE_KEY) == today.isoformat():
        return Planned(0, 0, 0, Changes())
    with database_proxy.atomic():
        book = planner.LoadBook(today, today + dt.timedelta(days=LOOKAHEAD_DAYS), now=planner.moment_of(today))
        counts = (silence(today, book), birthdays(today, book), holidays(today, book))
        renewed = renewals.plan(today, book)
        settings.put(STATE_KEY, today.isoformat())
    return Planned(*counts, Changes(followups=True) if any(counts) or renewed else Changes(), renewed)


def _reminders_job(ctx: jobs.JobContext, _prepared: object) -> jobs.Outcome:
    """The daily job: today's reminders (after unlock: birthdays are encrypted)."""
    planned = run(ctx.today)
    counts = {"silence": planned.silence, "birthdays": planned.birthdays, "holidays": planned.holidays,
              "renewals": planned.renewals}
    if not any(counts.values()):
        return jobs.Outcome(False, counts)
    return jobs.Outcome(True, counts, _("{silence} call(s) after a long silence, {birthdays} birthday(s), {holidays} "
                                        "festival greeting(s), {renewals} warranty or contract renewal(s)", **counts),
                        planned.changes)


jobs.register(jobs.Job("reminders", 50, lambda: _("Reminders"), _reminders_job))
