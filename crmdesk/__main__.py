"""``python -m crmdesk`` = the ``crmdesk`` command."""

import gc

# start-up: no garbage collection while some 500 modules load (~40 ms of full collections over
# their objects); the window enables it after its first paint, a command at once (crmdesk.cli.main)
gc.disable()

from crmdesk.cli import main  # noqa: E402 - after the collector is paused

main()
