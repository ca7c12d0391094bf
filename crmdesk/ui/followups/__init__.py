"""Follow-up dialogs and actions, shared by the calendar, the Today tab and the customer dossier.

They sit in a package of their own below ``calendar`` and ``customers``: the calendar opens a
customer's dossier, and the dossier plans and logs follow-ups, so with the follow-up dialogs in
either of them the two packages would import each other.

Modules:
- ``actions``: What the calendar and Today do with a follow-up: complete, skip, reschedule, edit, delete, open
  its customer or ticket. Each opens its dialog without blocking (``open()``) and returns it.
- ``followup_dialog``: The follow-up form (a Designer form): plan a new follow-up or edit a planned one.
- ``log_call_dialog``: 记录通话: log a call (or another interaction) with a customer in one small dialog.
"""
