"""Data safety in the window (SPEC §7): File → Back up now / Restore from backup…, Help → Data check…,
and the daily backup after start. The work itself is ``crmdesk.core.backup`` and
``crmdesk.core.integrity``; this package only asks for it and shows the results."""
