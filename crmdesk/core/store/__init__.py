"""The database itself: opening and migrating it, the models, typed errors, file locations, the writer lock,
change-sets.

Modules:
- ``changes``: Change-sets: what a mutating service changed, so each view refreshes only what concerns it.
- ``db``: Opening, creating and migrating the SQLite database.
- ``errors``: Typed errors of the core.
- ``lock``: One writer per database: an OS file lock beside the database file.
- ``migrations/``: data files (.sql)
- ``models``: peewee models: every entity of docs/spec.md §2–§5.
- ``paths``: Every file location of the application, in one place.
- ``sqlite_files``: Reading, examining and copying SQLite database files safely (used by backups, restore and
  checks).
"""
