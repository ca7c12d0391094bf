"""The calendar part of the window.

Modules:
- ``actions``: What the calendar and Today do with a follow-up: complete, skip, reschedule, edit, delete, open
  its customer or ticket. Each opens its dialog without blocking (``open()``) and returns it.
- ``agenda``: The day agenda beside the calendar grid: the chosen day's follow-ups and what to do with them.
- ``day_grid``: The calendar's grid of days: a month (6 weeks) or one week, painted by hand.
- ``followup_dialog``: The follow-up form (a Designer form): plan a new follow-up or edit a planned one.
- ``tab``: 跟进日历: month and week views with per-day counts, the day agenda, filters, drag to reschedule and the
  ``.ics`` export (docs/spec.md §4).
"""
