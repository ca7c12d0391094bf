"""Equipment (设备) in the window: the machine form and the dossier's page of machines with their
service history. The work itself is ``crmdesk.core.equipment``.

Modules:
- ``dialog``: The machine form (设备): model, serial number, install date and site, warranty, maintenance
  contract, its service history and its files.
- ``page``: The dossier's 设备 page: a customer's machines with their cover, and the tickets of the chosen
  one.
"""
