"""The tickets part of the window."""
