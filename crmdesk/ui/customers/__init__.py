"""The customers part of the window."""
