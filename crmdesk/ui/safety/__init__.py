"""Data safety in the window (docs/spec.md §7): File → Back up now / Restore from backup…, Help → Data check…,
and the daily backup after start. The work itself is ``crmdesk.core.safety.backup`` and
``crmdesk.core.safety.integrity``; this package only asks for it and shows the results.

Modules:
- ``actions``: The data-safety actions of the main window and the background runner they share.
- ``check_dialog``: 帮助 → 数据检查: the results of ``core.safety.integrity.run_checks``, one line per check, green
  or red.
- ``restore_dialog``: 文件 → 从备份恢复: choose a backup, see what it holds, confirm, restore.
"""
