"""PyInstaller runtime hook: portable mode.

Runs in the frozen executable before the app starts. When ``portable.txt`` lies beside the
executable (a copy on a USB stick, say), the data folder moves beside it too, through
``crmdesk.core.store.paths.enable_portable_mode`` (see that module for the marker's format).
An installed copy has no marker and keeps its data in the user's profile.
"""

import sys

from crmdesk.core.store import paths

paths.enable_portable_mode(sys.executable)
