-- CRMDesk schema version 16: the open tickets' work read from one covering index instead of the
-- table. 今日's critical complaints, overdue and near-due tickets and everyone's workload each looked
-- up every open ticket's row (~4,000 on the reference data: 6–8 ms a list at start-up); they now read
-- this index alone and the table only for the lines shown (docs/spec.md §9 start-up).

CREATE INDEX "ticket_open_work" ON "ticket" ("stage", "deleted_at", "paused", "assignee_id", "customer_id", "first_response_at", "resolved_at", "response_due", "resolution_due", "category", "severity");
