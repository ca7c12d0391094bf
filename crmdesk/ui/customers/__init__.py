"""The customers part of the window.

Modules:
- ``contact_dialog``: The contact editor (a Designer form): checks each value as the customer dialog will.
- ``dialog``: The customer dialog (a Designer form): every field of docs/spec.md §2, contacts, orders, tags.
- ``dossier``: 一户一档: the dossier window — fields, contacts, orders, tickets, interactions, surveys, change
  log.
- ``tab``: 客户档案: the registry list with search-as-you-type, filters and SQL sorting.
- ``table_model``: The registry table model: ids first, rows fetched on demand in blocks (docs/architecture.md,
  pattern 4).
- ``tools``: Registry tools: duplicate finder and merge, archive proposals, recycle bin.
"""
