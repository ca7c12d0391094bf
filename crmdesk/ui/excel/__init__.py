"""Excel in the desktop app: the export dialog, template menu and their File-menu actions (docs/spec.md §6).

Modules:
- ``actions``: The Excel entries of the File menu: export dialog and the seven empty templates.
- ``export_dialog``: 导出到 Excel: choose a list, masking and a file; the export runs in the background.
- ``import_actions``: The import entries of the File menu: 从 Excel 导入… (the wizard) and 导入记录… (history, undo).
- ``import_history``: 导入记录: every import batch with its counts, and 'Undo this import' (docs/spec.md §6).
- ``import_pages``: The import wizard's shared parts and its last page (summary).
- ``import_preview``: The import wizard's check page: every row before anything is written (docs/spec.md §6, §13).
- ``import_wizard``: 从 Excel 导入: the import wizard (docs/spec.md §6) — file, sheet and header, mapping, preview,
  import.
"""
