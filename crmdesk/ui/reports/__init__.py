"""The reports part of the window."""
