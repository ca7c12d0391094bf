"""The today part of the window."""
