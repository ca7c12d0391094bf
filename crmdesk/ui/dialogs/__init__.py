"""The dialogs part of the window.

Modules:
- ``about``: 帮助 → 关于: version, database location and data folder.
- ``key_dialogs``: Dialogs of the encryption key: the recovery code shown once, unlocking, a passphrase
  without key store.
- ``org_sheets_bar``: Export and import buttons for the firm's set-up in Excel (员工与部门表, 分派规则表), on the
  pages of 部门与分派.
- ``org_dialog``: 设置 → 部门与分派: departments and who belongs to them, the routing table, the responsibility
  matrix.
- ``operator_dialog``: 我是…: who works at this PC (the operator every change records), chosen from the active
  staff.
- ``pdf_preview``: The in-app PDF preview: pages drawn by pypdfium2 in a scrollable view, zoom, print, save
  as.
- ``raci_editor``: The responsibility matrix (RACI 表) as the owner edits it, and the written service policy it
  prints into.
- ``result_dialog``: The outcome of a job the user started (a backup, a restore): a small dialog that stays
  until read.
- ``routing_editor``: The routing table (分派规则) as the owner edits it: one line a rule, first match wins.
- ``settings_dialog``: 设置: firm, this PC's current user, staff, the tier policy (a form per tier) and service
  times (a Designer form).
- ``staff_dialog``: Add or rename a staff member (a Designer form), with their follow-up capacity.
- ``tier_policy``: 设置 → 客户等级策略: the tier policy as one form per tier (a page each: 战略, 核心, 普通, 休眠).
"""
