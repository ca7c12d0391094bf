"""Who does what (docs/spec.md §13): departments and roles, the routing table, workload, the firm's written rules.

Modules:
- ``departments``: Departments (部门) with a head and a default person; staff belong to one, with a role.
- ``people``: Staff and departments from a simple sheet (员工与部门表): one person a row, applied as a whole.
- ``policy``: The firm's written service policy as data: what 《售后服务流程规范》 and 《客户资料管理制度》 print.
- ``raci``: The responsibility matrix (RACI 表): who is responsible, accountable, consulted and informed at each
  stage.
- ``routing``: Routing a ticket (分派): the rule that matches it, the department and the person it proposes.
- ``rules``: The routing table (分派规则) the owner edits: conditions, department, pick, the rule's own SLA.
- ``workload``: Open work per person: open tickets, due soon and overdue (the picker, the board, Today).
"""
