-- CRMDesk schema version 5: the KPI service (core.kpi) reads the tickets received and resolved
-- in each month of the 12-month trend from two covering indexes instead of the ticket table
-- (docs/spec.md §9: the monthly report within 3 s on the reference data; ~1.0 s → ~0.33 s of queries).

CREATE INDEX "ticket_created_at_deleted_at_category_first_response_at__a1d2b30" ON "ticket" ("created_at", "deleted_at", "category", "first_response_at", "response_due");
CREATE INDEX "ticket_resolved_at_deleted_at_created_at_resolution_due__916dde2" ON "ticket" ("resolved_at", "deleted_at", "created_at", "resolution_due", "category", "one_time_resolved", "reopen_count", "redispatch_count");
