"""The calendar part of the window (its follow-up dialogs and actions are in ``ui.followups``).

Modules:
- ``agenda``: The day agenda beside the calendar grid: the chosen day's follow-ups and what to do with them.
- ``day_grid``: The calendar's grid of days: a month (6 weeks) or one week, painted by hand.
- ``tab``: 跟进日历: month and week views with per-day counts, the day agenda, filters, drag to reschedule and the
  ``.ics`` export (docs/spec.md §4).
"""
