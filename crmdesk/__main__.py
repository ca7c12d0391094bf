"""``python -m crmdesk`` = the ``crmdesk`` command."""

from crmdesk.cli import main

main()
