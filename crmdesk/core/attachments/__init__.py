"""Attachments (附件): files of customers, tickets and machines, kept sealed inside the database.

Modules:
- ``store``: Attachments (附件): files kept with a customer, a ticket or a machine, inside the database.
"""
