"""The script both bundle executables run: the one named ``crmdesk-gui`` is the windowed entry
point (``crmdesk.cli:gui_main``), the other the console command (``crmdesk.cli:main``).

One script for two executables keeps PyInstaller to a single analysis (half the build time);
the executable's own name picks the entry point, exactly as pyproject's two scripts do.
"""

import gc
import sys
from pathlib import Path

gc.disable()  # start-up: collections resume after the window's first paint, or at once for a command (crmdesk.cli)

if Path(sys.executable).stem.lower().endswith("-gui"):
    from crmdesk.cli import gui_main

    gui_main()
else:
    from crmdesk.cli import main

    main()
