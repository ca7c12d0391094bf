"""The reports part of the window.

Modules:
- ``cards``: KPI cards of the reports tab: the value, the change against the previous period, the target.
- ``charts``: Small charts of the reports tab, painted with QPainter (QtCharts is not part of
  PySide6-Essentials).
- ``detail_dialog``: The items behind a number of the reports tab: tickets, callbacks, surveys or customers.
- ``dialogs``: Dialogs of the reports tab: an improvement-list item, and a survey recorded on its own.
- ``equipment_page``: The reports tab's 设备 page: tickets by product model, repeat faults per serial number,
  in/out of warranty.
- ``lists``: The low-score surveys and the improvement list of the reports tab (docs/spec.md §5).
- ``team``: The reports tab's 人员与部门 page: per-person and per-department KPIs of the period, the period
  before beside each figure (docs/spec.md §13, ``core.reports.team``).
- ``tab``: 满意度报表: the KPIs of a period against the previous one, the charts, the lists and the PDFs
  (docs/spec.md §5).
"""
