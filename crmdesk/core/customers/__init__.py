"""Customers (客户档案): the registry, editing, search, interactions, tiers, merge, archive, recycle bin and erasure.

Modules:
- ``bin_kinds``: Customers and contacts in the recycle bin (``core.store.recycle_bin``), registered at import.
- ``dossier``: 一户一档: everything about one customer, for the dossier view and the printed dossier.
- ``interactions``: The interaction log (互动记录): what happened when the firm talked to a customer.
- ``lifecycle``: The end of a customer's life: archive (归档库), recycle bin (回收站) and erasure (docs/spec.md §2).
- ``merge``: Duplicate customers and their merge, undoable (docs/spec.md §2).
- ``privacy``: Privacy actions that must leave a trace, or must leave none (个人信息保护法, docs/spec.md §2, §7).
- ``registry``: Queries behind the registry list (客户档案): ids first, rows on demand (docs/architecture.md,
  pattern 4).
- ``search``: The customer search index and the one-box search of docs/spec.md §2.
- ``service``: Creating and editing customers with their contacts, orders and tags (docs/spec.md §2).
- ``tiers``: Customer tiers (客户层级) and churn warning (流失预警), docs/spec.md §2.
"""
