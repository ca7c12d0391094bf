"""The Qt-free domain of CRMDesk: one package per domain, each __init__ docstring is its map.

Modules:
- ``attachments/``: Attachments (附件): files of customers, tickets and machines, kept sealed inside the database.
- ``customers/``: Customers (客户档案): the registry, editing, search, interactions, tiers, merge, archive,
  recycle bin and erasure.
- ``customfields/``: Custom fields (自定义字段): fields the owner adds to customers, contacts and tickets without a
  programmer.
- ``demo/``: Realistic demo data (crmdesk demo): word lists, the row generator and the transaction that writes
  it.
- ``domains``: Every domain that registers itself with a shared mechanism, loaded in one place.
- ``equipment/``: Equipment (设备档案与保修): the machines customers own, their warranty and maintenance contracts.
- ``firm/``: The firm's own setup: settings declared once, staff, the working calendar and the Chinese
  calendar.
- ``followups/``: Follow-ups (跟进计划): planned contacts, the per-tier cadence and the reminders.
- ``i18n``: Translation of the few user-facing messages produced by the Qt-free layers.
- ``jobs``: The daily jobs (每日任务): what runs once a day, in which order, whoever runs them.
- ``memory``: Handing memory freed by big pieces of work back to the operating system (docs/spec.md §9: idle memory).
- ``org/``: Who does what (docs/spec.md §13): departments and roles, the routing table, workload, the firm's
  written rules.
- ``overview``: Read-only queries for the status bar and the tabs' lists (Today, board, calendar, reports).
- ``reports/``: Reports (满意度报表): KPIs, their measures and lists, data quality, satisfaction surveys.
- ``saved_views``: Saved views (常用视图) of the registry and the ticket board: a list's state under a name.
- ``safety/``: Data safety: backups, the data check, encryption of personal data at rest.
- ``session``: One way to open a database for a piece of work (docs/architecture.md, pattern 15; docs/spec.md §7).
- ``store/``: The database itself: opening and migrating it, the models, typed errors, file locations, the
  writer lock, change-sets, the change log and the recycle bin.
- ``tickets/``: Tickets (服务工单): stages, SLA dues, the board's queries, callbacks, alerts and the knowledge
  base.
- ``validation``: Normalisation and validation of customer data (docs/spec.md §2 entry rules, §6 Excel import).
"""
