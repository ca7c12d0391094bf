"""The firm's own setup: settings declared once, staff, the working calendar and the Chinese calendar.

Modules:
- ``holiday_notice``: Reading the State Council's yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知).
- ``holidays``: The working calendar's years: which have holiday data, entering a year, and what moves then.
- ``lunar``: Dates of the Chinese calendar for reminders: lunar birthdays and the major festivals (docs/spec.md §4).
- ``settings``: Settings declared once (type, default, title), stored as JSON in the ``setting`` table.
- ``staff``: Staff members (员工): add, rename, deactivate; never deleted once they appear in history.
- ``tier_policy``: The tier policy table (客户层级政策): thresholds, service times, cadence and survey questions per
  tier.
- ``workcal``: The Chinese working calendar (工作日历) and working-time arithmetic (docs/spec.md §3, §4).
- ``workstation``: Settings of this PC, not of the database: where its database is, who works at it, its second
  backup folder.
"""
