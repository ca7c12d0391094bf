-- CRMDesk schema version 10: who does what (docs/spec.md §13). Departments (部门) with a head and
-- a default person (plain staff ids: staff point at their department, and SQLite cannot declare
-- both ends of a cycle); staff belong to one department; the routing table (分派规则) the owner
-- edits, each rule naming its department, how the person is picked and its own SLA; a ticket
-- remembers its responsible department (beside the 责任部门 text a ledger wrote), the rule that
-- routed it, the person it proposed, that rule's SLA and a product model typed on the ticket.
-- A department's tickets are read by stage through their own index (部门工单).

CREATE TABLE "department" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "head_id" INTEGER, "default_person_id" INTEGER, "active" INTEGER NOT NULL, "position" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "department_name" ON "department" ("name");

ALTER TABLE "staff" ADD COLUMN "department_id" INTEGER REFERENCES "department" ("id") ON DELETE SET NULL;
CREATE INDEX "staff_department_id" ON "staff" ("department_id");

CREATE TABLE "routing_rule" ("id" INTEGER NOT NULL PRIMARY KEY, "position" INTEGER NOT NULL, "category" VARCHAR(12) NOT NULL, "complaint_type" VARCHAR(100) NOT NULL, "product_model" VARCHAR(200) NOT NULL, "tier" VARCHAR(10) NOT NULL, "department_id" INTEGER NOT NULL, "pick" VARCHAR(12) NOT NULL, "role" VARCHAR(20) NOT NULL, "response_hours" REAL, "resolution_amount" REAL, "resolution_unit" VARCHAR(16) NOT NULL, "note" VARCHAR(200) NOT NULL, "active" INTEGER NOT NULL, "last_assigned_id" INTEGER, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT, FOREIGN KEY ("last_assigned_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "routing_rule_department_id" ON "routing_rule" ("department_id");

ALTER TABLE "ticket" ADD COLUMN "department_id" INTEGER REFERENCES "department" ("id") ON DELETE SET NULL;
ALTER TABLE "ticket" ADD COLUMN "routing_rule_id" INTEGER REFERENCES "routing_rule" ("id") ON DELETE SET NULL;
ALTER TABLE "ticket" ADD COLUMN "proposed_assignee_id" INTEGER REFERENCES "staff" ("id") ON DELETE SET NULL;
ALTER TABLE "ticket" ADD COLUMN "sla_override" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ticket" ADD COLUMN "product_model" VARCHAR(100) NOT NULL DEFAULT '';
CREATE INDEX "ticket_department_id_stage" ON "ticket" ("department_id", "stage");
