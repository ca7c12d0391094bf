"""Qt-free files: importing legacy ledgers, Excel templates and export, PDF documents, calendar files.

Modules:
- ``excel/``: Excel files written by CRMDesk: the templates (docs/spec.md §6's seven and 设备台账), the list export, masking.
- ``holiday_files``: Holiday arrangements from files: an ``.ics`` holiday calendar, or the notice saved as
  text.
- ``ics``: 跟进日历 as an iCalendar (``.ics``) file, for Outlook, the phone's calendar or WeCom (docs/spec.md §4).
- ``importing/``: Importing legacy Excel/CSV ledgers: reading, column mapping, cleaning, writing, undo, the
  error workbook.
- ``pdf/``: Printable PDF documents: monthly report, dossier, data health, ticket sheet, recovery sheet.
"""
