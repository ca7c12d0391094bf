-- CRMDesk schema version 6: the follow-up calendar filtered by assignee reads each person's month
-- from one covering index range instead of every follow-up of the month (~180 → ~25 ms on the
-- reference data, where cadences plan ~200,000 follow-ups a month).

CREATE INDEX "follow_up_assignee_id_due_at_status_deleted_at_customer_id" ON "follow_up" ("assignee_id", "due_at", "status", "deleted_at", "customer_id");
