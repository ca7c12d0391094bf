"""Attachments (附件) in the window: the panel of thumbnails the dossier, the ticket form and the machine
form share. The work itself is ``crmdesk.core.attachments``; ``crmdesk.ui.operations.attachments``
runs it in the background.

Modules:
- ``panel``: The attachments of a customer, a ticket or a machine, as thumbnails: add (button or drag and
  drop), open with the PC's program, save as, delete to the recycle bin.
"""
