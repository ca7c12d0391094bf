"""The database itself: opening and migrating it, the models, typed errors, file locations, the writer lock,
change-sets, the change log and the recycle bin.

How core and io reach the database — one style, chosen for a second engine (a shared
PostgreSQL database, docs/spec.md §12):

- No function takes a database. The one function that opens a database for work
  (``core.session.open_session``) binds the models' ``database_proxy`` to it; everything else
  works on whatever database is bound, so another engine is a different object handed to the
  proxy there, and no call site changes. peewee gives each thread its own connection.
- Reads and writes go through the models (``models.Customer.select()``, ``.update()``,
  ``database_proxy.atomic()`` for a transaction).
- Where a query is better written in SQL (set-based updates, reports, the registry's sorted id
  lists), it goes through ``db.sql(statement, params)`` (``many=True`` for ``executemany``):
  the one place that knows the engine's parameter style. Statements use ``?`` placeholders;
  SQLite's dialect (``strftime``, ``julianday``, FTS5, ``PRAGMA``) is what a second engine will
  have to translate, statement by statement.
- Only the SQLite fast paths use the raw ``sqlite3`` connection: the bulk import
  (``io.importing``) and its undo, the demo writer, the search index (``core.customers.search``),
  the generated follow-ups' bulk insert (``core.followups.service``), the reports' index hints
  (``core.reports.measures``), the export's SQL functions (``io.excel.export``), and backups,
  restores and checks of database files (``core.safety``, ``sqlite_files``). A second engine
  brings its own (``COPY``, ``pg_dump``).

Modules:
- ``change_log``: The change log (变更记录): one row per changed field of a customer, a contact or an order.
- ``changes``: Change-sets: what a mutating service changed, so each view refreshes only what concerns it.
- ``db``: Opening, creating and migrating the SQLite database.
- ``errors``: Typed errors of the core.
- ``lock``: One writer per database: an OS file lock beside the database file.
- ``migrations/``: data files (.sql)
- ``models``: peewee models: every entity of docs/spec.md §2–§5.
- ``paths``: Every file location of the application, in one place.
- ``pg_driver``: psycopg, the PostgreSQL driver, loaded only for a database on a server (docs/spec.md §9 start-up).
- ``recycle_bin``: The recycle bin (回收站): deleted rows wait ``recycle_bin_days`` before they are purged.
- ``sqlite_files``: Reading, examining and copying SQLite database files safely (used by backups, restore and
  checks).
- ``units``: Units of work: a service's writes in one transaction, run again when a server asks (issue #19).
- ``versions``: Several writers, one record: optimistic saves (issue #19 stage 2, schema 12).
"""
