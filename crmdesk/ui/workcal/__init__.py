"""The working calendar's dialogs (设置 → 工作日历): a year at a glance, the State Council notice
pasted and checked, an ``.ics`` holiday calendar imported, the days corrected one by one."""
