-- CRMDesk schema version 4: the Today view's overdue and near-due tickets are a range per open
-- stage instead of a walk over every archived ticket's due time (docs/spec.md §9 start-up budget).

CREATE INDEX "ticket_stage_resolution_due" ON "ticket" ("stage", "resolution_due");
CREATE INDEX "ticket_stage_response_due" ON "ticket" ("stage", "response_due");
