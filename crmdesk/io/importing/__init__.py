"""Importing legacy Excel/CSV ledgers: reading, column mapping, cleaning, writing, undo, the error workbook.

Modules:
- ``base``: What every import kind shares: the per-row result, the cleaning loop, the kind interface.
- ``cells``: Cell converters of the importer: one legacy cell → one clean value, or a :class:`FieldError`.
- ``columns``: Column-wise cleaning of a block of rows, memoised by cell value (docs/spec.md §9 speed).
- ``custom``: Custom fields in imports: a column headed with a field's name is that field (docs/spec.md §6, issue
  #17).
- ``customer_history``: What a customer file carries besides the customer: history and people (docs/spec.md §13).
- ``customer_plan``: The plan of a customer import: which rows make which customer, and what each adds.
- ``customers``: Importing customers with their contacts (客户信息登记表, legacy 客户台账, other CRMs' files).
- ``customers_write``: Writing a customer import (the commit half of ``customers``).
- ``equipment``: Importing a 设备台账 (equipment ledger): machines with their warranty and maintenance contracts.
- ``error_workbook``: The error workbook of an import (docs/spec.md §6): the rejected rows, ready to fix and import
  again.
- ``fast``: Fast paths for the commonest clean cells: exactly ``core.validation``'s result, or ``None`` to ask
  it.
- ``file_guard``: Hostile and odd files, refused before a reader can be taken down by them (docs/spec.md §6, §7).
- ``formats``: Value formats of other CRMs' files, and the shaping of a customer row (docs/spec.md §13).
- ``headers``: Header cells of a legacy ledger: their matching key, and the unit an amount header states.
- ``history``: Importing history: interactions (客户互动跟踪表), surveys, and the rules tickets share
  (importer_tickets).
- ``mapping``: Column mapping of the import wizard: header synonyms → field keys, per import kind (docs/spec.md §6).
- ``overlap``: Python work run beside long SQLite statements and the Excel parse (docs/spec.md §9 speed).
- ``phases``: Where an import's time goes, phase by phase (docs/spec.md §9; ``bench/import_bench.py`` prints it).
- ``reader``: Reading legacy ledgers: .xlsx/.xlsm/.xls/.ods through python-calamine, .csv by hand (docs/spec.md §6).
- ``search``: Search-index rows for the customers an import creates (docs/spec.md §2 search, §9 speed).
- ``service``: Importing legacy Excel/CSV ledgers (docs/spec.md §6): preview, commit, error workbook, undo.
- ``sources``: The way in from other CRMs (docs/spec.md §13): their export and import-template layouts, known by their
  headers.
- ``sql``: The importer's write path: batched ``executemany`` on the raw connection (docs/spec.md §9).
- ``tickets``: Importing tickets (服务工单表, 客户投诉处理工单): numbers, stages, dates and staff names kept.
- ``undo``: Undoing an import batch and listing the batches (docs/spec.md §6: a whole batch can be undone).
- ``zip_guard``: Zip workbooks (.xlsx/.xlsm) that would take the reader down, refused before python-calamine
  reads them.
"""
