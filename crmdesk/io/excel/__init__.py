"""Excel files written by CRMDesk: the seven templates, the list export, masking of personal data.

Modules:
- ``export``: Export of the lists to Excel in the template layouts (docs/spec.md §6 export, §9 budget).
- ``masking``: Masking of personal data in exported files (个人信息保护法, docs/spec.md §2).
- ``templates``: The seven Excel templates of docs/spec.md §6, as data, and the writer that generates them.
- ``xlsx``: Small helpers shared by the Excel writers (templates, export, later the error workbook).
"""
