"""The dialogs part of the window."""
