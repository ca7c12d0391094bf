"""The database itself: opening and migrating it, the models, typed errors, file locations, the writer lock,
change-sets, the change log and the recycle bin.

Modules:
- ``change_log``: The change log (变更记录): one row per changed field of a customer, a contact or an order.
- ``changes``: Change-sets: what a mutating service changed, so each view refreshes only what concerns it.
- ``db``: Opening, creating and migrating the SQLite database.
- ``errors``: Typed errors of the core.
- ``lock``: One writer per database: an OS file lock beside the database file.
- ``migrations/``: data files (.sql)
- ``models``: peewee models: every entity of docs/spec.md §2–§5.
- ``paths``: Every file location of the application, in one place.
- ``recycle_bin``: The recycle bin (回收站): deleted rows wait ``recycle_bin_days`` before they are purged.
- ``sqlite_files``: Reading, examining and copying SQLite database files safely (used by backups, restore and
  checks).
"""
