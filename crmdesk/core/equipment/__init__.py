"""Equipment (设备档案与保修): the machines customers own, their warranty and maintenance contracts.

Modules:
- ``reminders``: Warranty and maintenance-contract ends 30 days ahead, planned as follow-ups (续保 offers).
- ``service``: Equipment (设备档案): a customer's machines, edited, listed and found by serial number.
- ``warranty``: 保修状态: is a machine covered on a given day — 维保合同内, 在保 or 过保 — and until when.
"""
