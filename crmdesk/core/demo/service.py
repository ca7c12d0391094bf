"""Demo tickets with their stage history, SLA dues, callbacks and surveys.

Its Chinese is the demo firm's data, written into its records as a real firm's are, not messages
(``tests/test_literals.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crmdesk.core.demo import words as W
from crmdesk.core.demo.schema import (
    CALLBACK_SUMMARY,
    COMPLAINT_PRIORITY,
    DAY,
    DIMENSIONS,
    HOUR,
    RESOLVED_STAGES,
    SCORE_NOTES,
    WORKDAY,
    _first,
)
from crmdesk.core.demo.state import _State

if TYPE_CHECKING:
    from crmdesk.core.demo.schema import _Customer


class _Service(_State):
    """Tickets, callbacks and surveys of a customer (mixed into the generator)."""

    def tickets(self, c: _Customer) -> None:
        """~3 tickets per customer over the last 18 months (older for dormant customers)."""
        times, sequence, compact = self.ticket_times, self.ticket_seq, self.compact
        for i in range(c.first_ticket, c.end_ticket):
            s = times[i]
            self.ticket(c, s, f"GD{compact[s // DAY]}-{sequence[i]:03d}")

    def later(self, calendar: bool, t: int, seconds: int) -> int:
        """``t`` plus calendar time (urgent clocks, docs/spec.md §3) or working time (the others)."""
        return t + seconds if calendar else self.add_work(t, seconds)

    def ticket(self, c: _Customer, s: int, number: str) -> None:
        """One ticket created at ``s``: its whole life is planned, only what happened before now is kept."""
        r = self.r
        now = self.now
        tid = self.next_id("ticket")
        category = W.CATEGORY_T[int(len(W.CATEGORY_T) * r())]
        severity = ""
        if category == "complaint":
            severity = W.SEVERITY_T[int(len(W.SEVERITY_T) * r())]
            priority = COMPLAINT_PRIORITY[severity] if severity != "minor" else (
                "important" if r() < 0.4 else "normal")
            fix_calendar = severity == "critical"
            allowance = DAY if fix_calendar else WORKDAY * (2 if severity == "serious" else 1)
        else:
            priority = W.PRIORITY_T[int(len(W.PRIORITY_T) * r())]
            fix_calendar = priority == "urgent"
            allowance = DAY if fix_calendar else WORKDAY * (2 if priority == "important" else 5)
        urgent = priority == "urgent"
        add_work = self.add_work
        response_due = s + 2 * HOUR if urgent else add_work(s, (4 if priority == "important" else 8) * HOUR)
        resolution_due = s + allowance if fix_calendar else add_work(s, allowance)
        contacts = c.contacts
        contact = c.primary if r() < 0.7 else contacts[int(len(contacts) * r())][0]
        clerk = self.clerks[int(len(self.clerks) * r())]
        engineer = self.engineers[int(len(self.engineers) * r())]

        # classified and dispatched within minutes (of working time unless urgent); the engineer's
        # first response within the allowance for ~92 %, the resolution for ~90 %
        if urgent:
            classified = s + 300 + int(r() * 1200)
            dispatched = classified + 300 + int(r() * 1800)
        else:
            classified = add_work(s, 300 + int(r() * 1200))
            dispatched = add_work(classified, 300 + int(r() * 1800))
        if r() < 0.92:
            first = (dispatched + int(max(response_due - dispatched, 600) * (0.1 + 0.8 * r())) if urgent
                     else add_work(dispatched, int((3 if priority == "important" else 6) * HOUR * r())))
        else:
            first = self.later(urgent, response_due, 600 + int(r() * r() * WORKDAY))
        first = max(first, dispatched + 120)
        if r() < 0.9:
            work = int(allowance * (0.1 + 0.55 * r()))
        else:
            work = allowance + 1800 + int(r() * r() * 3 * WORKDAY)
        pause = 0
        pause_reason = ""
        pause_at = 0
        if r() < 0.06:
            pause = 2 * HOUR + int(r() * 3 * DAY)
            pause_reason = "customer" if r() < 0.6 else "parts"
            resolution_due += pause  # the resolution clock stops while waiting
            pause_at = self.later(fix_calendar, first, int(work * 0.4))
        resolved = (first + work if fix_calendar else add_work(first, work)) + pause

        def at(frac: float) -> int:  # a moment between first response and resolution
            return self.later(fix_calendar, first, int(work * frac)) + (pause if frac > 0.4 else 0)

        events = [(s, "transition", "", "received", clerk, ""),
                  (classified, "transition", "received", "classified", clerk, ""),
                  (dispatched, "transition", "classified", "dispatched", clerk, ""),
                  (first, "transition", "dispatched", "in_progress", engineer, "")]
        if severity == "critical":
            events.insert(1, (s + 30, "note", "", "", clerk, "重大投诉，已上报主管"))
        if pause:
            events.append((pause_at, "pause", "in_progress", "in_progress", engineer, W.PAUSE_NOTES[pause_reason]))
            events.append((pause_at + pause, "resume", "in_progress", "in_progress", engineer, ""))
        x = r()
        if x < 0.05 and work > 2 * HOUR:  # re-dispatched to another engineer
            old = engineer
            engineer = self.engineers[(self.engineers.index(old) + 1 + int(r() * 3)) % len(self.engineers)]
            events.append((at(0.2), "redispatch", "in_progress", "dispatched", clerk,
                           f"改派：{self.staff_name[old]} → {self.staff_name[engineer]}"))
            events.append((at(0.25), "transition", "dispatched", "in_progress", engineer, ""))
        elif x < 0.15 and work > 2 * HOUR:  # resolved too early and reopened
            events.append((at(0.65), "transition", "in_progress", "resolved", engineer, ""))
            events.append((at(0.8), "reopen", "resolved", "in_progress", clerk, "客户反馈问题复发"))
        events.append((resolved, "transition", "in_progress", "resolved", engineer, ""))
        # callback within ~24 h (a few unreachable), then archived
        unreachable = r() < 0.04
        callback = archived = score = survey_scores = None
        if unreachable:
            archived = add_work(resolved, 3 * WORKDAY + int(r() * 2 * WORKDAY))
            events.append((archived, "transition", "resolved", "archived", clerk, W.UNREACHABLE))
        else:
            callback = add_work(resolved, 600 + int(r() * (WORKDAY if r() < 0.85 else 3 * WORKDAY)))
            if r() < 0.3:
                survey_scores = self.scores()
                score = survey_scores[4]
            else:
                score = W.SATISFACTION_T[int(len(W.SATISFACTION_T) * r())]
            events.append((callback, "transition", "resolved", "callback", clerk, SCORE_NOTES[score]))
            if r() < 0.9:
                archived = add_work(callback, WORKDAY // 2 + int(r() * 8 * WORKDAY))
                events.append((archived, "transition", "callback", "archived", clerk, ""))
        if x < 0.15 or pause:  # re-dispatches, reopens and pauses interleave with the main path
            events.sort(key=_first)

        # the state now
        stage = "received"
        reopens = redispatches = 0
        resolved_at = last = None
        rows = self.chunk["ticket_event"]
        prefix, hms = self.prefix, self.hms
        eid = self.ids["ticket_event"]
        for e in events:
            t = e[0]
            if t >= now:
                break
            kind = e[1]
            if kind == "transition":
                stage = e[3]
                if stage == "resolved":
                    resolved_at = t
            elif kind == "reopen":
                stage = "in_progress"
                reopens += 1
            elif kind == "redispatch":
                stage = "dispatched"
                redispatches += 1
            eid += 1
            rows.append((eid, tid, kind, e[2], e[3], prefix[t // DAY] + hms[t % DAY], e[4], "", e[5]))
            last = t
        self.ids["ticket_event"] = eid
        is_resolved = stage in RESOLVED_STAGES
        if not is_resolved:
            resolved_at = None
        paused = paused_seconds = 0
        paused_at = None
        if pause:
            if pause_at < now < pause_at + pause:  # waiting right now: the due moves on resume
                paused, paused_at = 1, self.fmt(pause_at)
                resolution_due -= pause
            else:
                pause_reason = ""
                if pause_at + pause <= now:
                    paused_seconds = pause
        callback_done = callback is not None and callback < now
        if not is_resolved and not paused and resolution_due < now:  # as core.customers.tiers checks: at this moment
            c.overdue += 1
        if category == "complaint" and s >= (self.nowday - 90) * DAY:
            c.complaints_90 += 1

        fmt = self.fmt
        assert last is not None, "the ticket's first event is before now"
        channel = W.CHANNEL_T[int(len(W.CHANNEL_T) * r())]
        machine, description = self.machine_for(c, s, category, self.description(category))
        self.chunk["ticket"].append((
            tid, number, c.id, contact, channel, category, priority, severity,
            description, engineer, "", stage, paused, pause_reason, paused_at, paused_seconds,
            fmt(s), fmt(first) if first < now else None, fmt(response_due), fmt(resolution_due),
            None if resolved_at is None else fmt(resolved_at),
            self.pick(W.SOLUTIONS[category]) if is_resolved else "",
            self.pick(W.ROOT_CAUSES) if is_resolved and category == "complaint" else "",
            self.pick(W.COMPLAINT_RESULTS) if callback_done and category == "complaint" else "",
            (1 if reopens == 0 and redispatches == 0 else 0) if is_resolved else None,
            reopens, redispatches, score if callback_done else None,
            fmt(callback) if callback_done and callback is not None else None,
            fmt(archived) if archived is not None and archived < now else None,
            self.pick(W.TICKET_NOTES), fmt(last), machine,
        ))
        if resolved_at is None:
            return
        # the callback follow-up created on resolution, and what came of it
        due = self.callback_due(resolved_at)
        followup = (contact, due, "phone", W.CALLBACK_PURPOSE, "callback", clerk, tid, resolved_at)
        if callback_done and resolved_at == resolved:
            assert callback is not None and score is not None, "a callback made has its time and score"
            summary = CALLBACK_SUMMARY[category]
            feedback = self.pick(W.CALLBACK_FEEDBACKS[:3] if score >= 4 else W.CALLBACK_FEEDBACKS[3:])
            c.interactions.append((callback, contact, "phone", summary, feedback, "", clerk, tid,
                                   (*followup, "done", 1 if callback <= due else 2, "")))
            if survey_scores is not None:
                self.survey(c, tid, callback, "phone" if r() < 0.85 else "questionnaire", survey_scores, clerk)
        elif unreachable and archived is not None and archived < now:
            self.followup_row(c.id, (*followup, "skipped", 3, W.UNREACHABLE), None, None)
        else:
            self.followup_row(c.id, (*followup, "planned", 1 if due < now else 0, ""), None, None)

    def callback_due(self, resolved: int) -> int:
        """The rule of ``core.tickets.callbacks.callback_due`` on the demo's calendar (weekends, no holidays):
        24 hours of working days after ``resolved``, moved back to the last business moment."""
        wd = self.wd
        day, t = divmod(resolved, DAY)
        if wd[day] >= 5:  # resolved on a day off: the 24 hours start at the next working day's 00:00
            while wd[day] >= 5:
                day += 1
            t = 0
        if t == 0:
            moment_day, s = day + 1, 0
        else:  # the rest of this day, then as much of the next working day
            moment_day, s = day + 1, t
            while wd[moment_day] >= 5:
                moment_day += 1
        if wd[moment_day] < 5 and (9 * HOUR <= s < 12 * HOUR or 48600 <= s < 18 * HOUR):
            return moment_day * DAY + s
        if wd[moment_day] < 5 and s >= 12 * HOUR:  # the lunch break or the evening: back to 12:00 / 18:00
            return moment_day * DAY + (12 * HOUR if s < 48600 else 18 * HOUR)
        back = moment_day - 1  # before the opening: the previous working day's closing
        while wd[back] >= 5:
            back -= 1
        return back * DAY + 18 * HOUR

    def description(self, category: str) -> str:
        if category == "fault":
            return self.pick(W.DEVICES) + self.pick(W.FAULTS)
        if category == "usage":
            return f"{self.pick(W.DEVICES)}：{self.pick(W.USAGE_QUESTIONS)}"
        if category == "complaint":
            return self.pick(W.COMPLAINTS)
        if category == "suggestion":
            return self.pick(W.SUGGESTIONS)
        return self.pick(W.OTHER_REQUESTS)

    def scores(self) -> list[int]:
        """Five dimension scores, mostly 4–5; about one survey in ten has a dimension ≤ 3."""
        r = self.r
        dims = [5 if r() < 0.6 else 4 for _i in range(5)]
        if r() < 0.1:
            for _i in range(1 + (r() < 0.3)):
                dims[int(r() * 5)] = W.LOW_SCORE_T[int(len(W.LOW_SCORE_T) * r())]
            dims[4] = min(dims[4], round(sum(dims[:4]) / 4))
        return dims

    def survey(self, c: _Customer, ticket: int | None, s: int, method: str, dims: list[int], staff: int) -> None:
        sid = self.next_id("survey")
        day = s // DAY
        self.chunk["survey"].append((sid, c.id, ticket, self.date[day], method, *dims,
                                     self.pick(W.SURVEY_COMMENTS), self.staff_name[staff], self.fmt(s)))
        low = min(dims)
        if day >= self.nowday - 90 and low <= 2:
            c.low_survey = min(c.low_survey or 5, low)
            if self.r() < 0.8:  # the improvement list of docs/spec.md §5
                key = DIMENSIONS[dims.index(low)]
                item, action = W.LOW_SCORE_ACTIONS[key]
                due = min(day + 14, len(self.date) - 1)
                self.chunk["improvement_item"].append((
                    self.next_id("improvement_item"), sid, f"{item}（{low}分）", action,
                    self.pick((self.owner, *self.engineers)), self.date[due],
                    1 if due < self.nowday and self.r() < 0.7 else 0, self.fmt(s + HOUR)))

    def periodic_survey(self, c: _Customer) -> None:
        r = self.r
        if c.hi >= c.lo and r() < 0.15:
            method = "questionnaire" if r() < 0.5 else "email" if r() < 0.6 else "visit"
            self.survey(c, None, self.moment(r, c.lo, c.hi), method, self.scores(), self.pick(self.clerks))
