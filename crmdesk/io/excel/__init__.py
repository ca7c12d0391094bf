"""Excel files written by CRMDesk: the templates (docs/spec.md §6's seven and 设备台账), the list export, masking.

Modules:
- ``export``: Export of the lists to Excel in the template layouts (docs/spec.md §6 export, §9 budget).
- ``masking``: Masking of personal data in exported files (个人信息保护法, docs/spec.md §2).
- ``org_sheets``: Who does what in Excel (docs/spec.md §13): the staff-and-departments sheet and the routing table.
- ``templates``: The Excel templates of docs/spec.md §6 (and 设备台账 of §11), as data, and the writer that
  generates them.
- ``xlsx``: Small helpers shared by the Excel writers (templates, export, later the error workbook).
"""
