"""Custom fields in the window: the generated form section, the owner's field editor, the registry's filter.

Modules:
- ``dialog``: 设置 → 自定义字段: the owner's fields per record kind — add, edit, order, remove, restore.
- ``filter_dialog``: 按自定义字段筛选: a condition on one custom field for the registry.
- ``form``: The generated part of a form: one editor per custom field of an entity, in the owner's order.
"""
