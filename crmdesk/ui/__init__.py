"""The Qt widgets: the main window, named operations, one package per tab, dialogs and the generated forms.

Modules:
- ``attachments/``: Attachments (附件) in the window: the panel of thumbnails the dossier, the ticket form and
  the machine form share.
- ``calendar/``: The calendar part of the window.
- ``crash``: Errors in layers (docs/architecture.md, pattern 9).
- ``customers/``: The customers part of the window.
- ``customfields/``: Custom fields in the window: the generated form section, the owner's field editor, the
  registry's filter.
- ``data/``: Files the window ships as package data, read with ``importlib.resources``: the compiled
  translations and the app icon.
- ``dial_panel``: The number to dial, for the person who must call: a contact, the full number and a one-click
  copy.
- ``dialogs/``: The dialogs part of the window.
- ``equipment/``: Equipment (设备) in the window: the machine form and the dossier's page of machines with
  their service history.
- ``excel/``: Excel in the desktop app: the export dialog, template menu and their File-menu actions
  (docs/spec.md §6).
- ``form_dialog``: Forms that do not lose what was typed, and multi-line fields that Tab leaves.
- ``forms/``: Compiled Qt Designer forms.
- ``import_scan``: PySide6's look at every imported module, made cheap (docs/spec.md §9 start-up and idle
  memory).
- ``i18n``: Install Qt translators: ours (package data, crmdesk/ui/data/translations) and Qt's own for standard
  buttons and dialogs.
- ``labels``: Translated display labels of the stored enumeration values (one place for every view).
- ``main_window``: The main window: lays out the tabs, menus and status bar, and wires signals. Nothing more.
- ``marks``: Marking refused fields: a red frame and the reason as tooltip, cleared on the next try.
- ``operations/``: Background operations: named work off the GUI thread, results and change-sets back on it.
- ``planning/``: Follow-up capacity (设置 → 跟进容量): what the tier policy asks of each person against what they
  can do, the firm's default and each person's own number; the summary widget the settings and Today show.
- ``qt_import``: PySide6 loaded for the window, without its per-import source scan (docs/spec.md §9 start-up).
- ``reports/``: The reports part of the window.
- ``safety/``: Data safety in the window (docs/spec.md §7): File → Back up now / Restore from backup…, Help → Data
  check…, and the daily backup after start. The work itself is ``crmdesk.core.safety.backup`` and
  ``crmdesk.core.safety.integrity``; this package only asks for it and shows the results.
- ``saved_views``: 常用视图: the list of saved views next to a list's search box, and what can be done with them.
- ``screen_fit``: Every window opens inside the screen's work area (docs/spec.md §9: a 1366×768 laptop whose taskbar
  leaves 1366×728).
- ``single_instance``: Starting CRMDesk again brings the running window forward instead of refusing.
- ``tickets/``: The tickets part of the window.
- ``today/``: The today part of the window.
- ``tray``: The system tray (docs/spec.md §4): the app can live in the tray, and due items raise a desktop
  notification while it runs.
- ``widgets``: Small shared widget helpers.
- ``workcal/``: The working calendar's dialogs (设置 → 工作日历): a year at a glance, the State Council notice
  pasted and checked, an ``.ics`` holiday calendar imported, the days corrected one by one.
"""
