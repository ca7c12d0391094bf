"""Reports (满意度报表): KPIs, their measures and lists, data quality, satisfaction surveys.

Modules:
- ``equipment``: Equipment KPIs (设备报表): tickets by product model, repeat faults per serial number, in/out of
  warranty.
- ``items``: What is behind a number of the reports: the tickets, callbacks, surveys or customers a KPI
  counts.
- ``kpi``: The KPI service of docs/spec.md §5: every KPI for a period and the one before, with targets and trends.
- ``lists``: The lists behind the KPIs of a period: late tickets, complaints, low-score surveys (docs/spec.md §5).
- ``measures``: The raw measures behind the KPIs of docs/spec.md §5: one SQL statement per subject.
- ``quality``: Data quality and service health (数据质量, 现状诊断; docs/spec.md §5): what an owner reads after
  the import.
- ``surveys``: Satisfaction surveys on their own and the improvement list (满意度调查, 改进清单; docs/spec.md §5).
- ``team``: KPIs per person and per department (docs/spec.md §13): the month beside the month before.
"""
