"""Excel in the desktop app: the export dialog, template menu and their File-menu actions (SPEC §6)."""
