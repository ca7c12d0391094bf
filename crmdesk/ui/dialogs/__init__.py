"""The dialogs part of the window.

Modules:
- ``about``: 帮助 → 关于: version, database location and data folder.
- ``key_dialogs``: Dialogs of the encryption key: the recovery code shown once, unlocking, a passphrase
  without key store.
- ``operator_dialog``: 我是…: who works at this PC (the operator every change records), chosen from the active
  staff.
- ``pdf_preview``: The in-app PDF preview: pages drawn by pypdfium2 in a scrollable view, zoom, print, save
  as.
- ``result_dialog``: The outcome of a job the user started (a backup, a restore): a small dialog that stays
  until read.
- ``settings_dialog``: 设置: firm, this PC's current user, staff, the tier policy (a form per tier) and service
  times (a Designer form).
- ``staff_dialog``: Add or rename a staff member (a Designer form), with their follow-up capacity.
- ``tier_policy``: 设置 → 客户等级策略: the tier policy as one form per tier (a page each: 战略, 核心, 普通, 休眠).
"""
