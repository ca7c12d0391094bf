"""The calendar part of the window."""
