"""Tickets (服务工单): stages, SLA dues, the board's queries, callbacks, alerts and the knowledge base.

Modules:
- ``alerts``: The tickets the Today view, the tray and the monthly report call out: overdue and near-due
  tickets, and open 重大 complaints (escalated to the owner at once, docs/spec.md §3).
- ``board``: Read-only ticket queries of the board (工单看板); the Today lists are in ``core.tickets.alerts``.
- ``callbacks``: Callbacks (回访) after a ticket is resolved (docs/spec.md §3, §5).
- ``form``: What a button of the ticket form does in the core, as one transaction.
- ``knowledge``: The knowledge base (知识库): problem → solution articles, and suggestions for the ticket form.
- ``records``: A ticket's row and history: stages, loading, writing, logging events, dues and the paused
  clock.
- ``service``: The ticket service (服务工单, docs/spec.md §3): numbers, stages, SLA dues, pauses, resolution.
- ``sla``: Service-level allowances and due times of tickets (docs/spec.md §3).
- ``stages``: The stages of a ticket (接收 → 分级 → 分派 → 处理 → 反馈 → 回访 → 归档) and the moves between
  them.
"""
