-- CRMDesk on PostgreSQL, schema version 16: the same step as the SQLite files' 0016 (今日's open
-- tickets read from a covering index: their lists and everyone's workload). Applied
-- after the baseline by core.store.server.prepare under the migration lock, in one transaction, and
-- recorded in schema_migration.

CREATE INDEX "ticket_open_work" ON "ticket" ("stage", "deleted_at", "paused", "assignee_id", "customer_id", "first_response_at", "resolved_at", "response_due", "resolution_due", "category", "severity");
