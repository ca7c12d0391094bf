"""Custom fields (自定义字段): fields the owner adds to customers, contacts, tickets and
equipment without a programmer.

Modules:
- ``admin``: Changing the owner's fields (设置 → 自定义字段): add, edit, order, remove (hide) and restore.
- ``entities``: The records that can carry custom fields, one line each.
- ``fields``: The owner's own fields (设置 → 自定义字段): what a field is, how its name and list are checked.
- ``filters``: Filtering and sorting a list by a custom field in SQL (the registry's optional columns).
- ``history``: What the records keep of a field's values besides the values: hidden when a field turns sensitive.
- ``values``: Custom field values: checked by kind, stored typed (sealed when sensitive), loaded, shown.
"""
