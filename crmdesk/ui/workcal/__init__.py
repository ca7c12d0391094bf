"""The working calendar's dialogs (设置 → 工作日历): a year at a glance, the State Council notice
pasted and checked, an ``.ics`` holiday calendar imported, the days corrected one by one.

Modules:
- ``calendar_dialog``: 设置 → 工作日历: each year's holidays and make-up working days, and the ways to enter a year.
- ``notice_dialog``: Enter a year in one step: paste the State Council's notice, check the calendar it gives,
  save.
- ``shared``: What the working-calendar dialogs share: storing a year in the background, and the colours' legend.
- ``table_dialog``: The year's days as a table, for corrections: a date, off or working, a name.
- ``year_view``: A whole year at a glance: twelve small months with holidays and make-up working days marked.
"""
