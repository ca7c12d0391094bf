"""Named operations: every change a widget asks for, run off the GUI thread, with its outcome and
change-set delivered back on it.

A widget never reaches the database itself: it calls a named operation, which returns an ``Op``
(a write, on the single writer thread) or a ``ReadOp`` (a read, on the reader thread) that is not
yet running; the widget adds what it does with the outcome and runs it::

    tickets_ops.move_ticket(self, ticket_id, "in_progress").success(self._on_moved).run()

``failure`` handlers see only expected problems (``KnownError``); a bug goes to the crash handler
by itself. The change-set a write returns is broadcast with the widget that asked for it as its
initiator, so the view that made a change knows it (``crmdesk.core.store.changes``).

Modules:
- ``attachments``: Named operations on attachments (附件): add files, delete one, save one elsewhere, open one.
- ``customers``: Named operations on customers: saving, logging a call, reveals, tiers, archive, recycle
  bin, merges, erasure and the dossier PDF.
- ``customfields``: Named operations on custom fields (设置 → 自定义字段): add, change, order, remove and restore
  a field.
- ``equipment``: Named operations on machines (设备): save one (with the files chosen for it), delete one to the
  recycle bin.
- ``excel``: Named operations of the Excel menu: templates, exports, the import (check, write, undo) and
  the column presets.
- ``firm``: Named operations on the firm's set-up: who works at this PC, the staff, the settings and the
  tier policy, the working calendar.
- ``followups``: Named operations on follow-ups: plan, edit, complete, skip, move, delete, the capacities
  of the plan, and the calendar export.
- ``org``: Named operations on who does what (docs/spec.md §13): departments and membership, the routing table,
  the responsibility matrix, the written service policy as a PDF, and the team KPIs.
- ``overview``: Named reads of the window's overview: the numbers in the status bar.
- ``reports``: Named operations of the reports tab: the KPIs and what is behind them, the low-score and
  improvement lists, surveys, and the two PDF reports.
- ``runner``: Background operations (docs/architecture.md, patterns 2–4): named work off the GUI thread, results
  back on it.
- ``safety``: Named operations of data safety: backups, the data check, describing and restoring a backup.
- ``tickets``: Named operations on tickets: the board's moves, the ticket form's steps, callbacks, the
  sheet and the knowledge base.
- ``views``: Named operations on saved views (常用视图) of the registry and the ticket board.
"""
