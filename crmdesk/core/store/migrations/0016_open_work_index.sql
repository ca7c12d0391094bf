-- CRMDesk schema version 16: 今日's open tickets read from a covering index instead of the table
-- (docs/spec.md §9 start-up). Indexes only: no copy of the file is taken before it (core.store.db).

-- The open tickets' critical complaints, overdue and near-due lines and everyone's workload each looked
-- up every open ticket's row (~4,000 on the reference data: 6–8 ms a list); they now read this index
-- alone, and the table only for the lines shown.
CREATE INDEX "ticket_open_work" ON "ticket" ("stage", "deleted_at", "paused", "assignee_id", "customer_id", "first_response_at", "resolved_at", "response_due", "resolution_due", "category", "severity");
