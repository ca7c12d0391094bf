-- CRMDesk schema version 3: registry sorting over 100,000 customers in one index scan (docs/spec.md §9).
-- customer.primary_contact holds the primary contact's name, kept current by triggers on contact
-- (every writer — dialog, import, merge, erasure — stays correct without knowing about it).
-- Each sortable column gets a covering index (column, id, status, deleted_at, merged_into_id):
-- ORDER BY column, id and the list's filters are answered from the index alone.

ALTER TABLE "customer" ADD COLUMN "primary_contact" VARCHAR(50);
UPDATE "customer" SET "primary_contact" = (SELECT name FROM contact WHERE contact.customer_id = customer.id AND contact.is_primary = 1 AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1);

CREATE TRIGGER "contact_primary_after_insert" AFTER INSERT ON "contact" BEGIN
  UPDATE "customer" SET "primary_contact" = (SELECT name FROM contact WHERE contact.customer_id = customer.id AND contact.is_primary = 1 AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) WHERE customer.id = NEW.customer_id;
END;
CREATE TRIGGER "contact_primary_after_update" AFTER UPDATE OF "name", "is_primary", "deleted_at", "customer_id" ON "contact" BEGIN
  UPDATE "customer" SET "primary_contact" = (SELECT name FROM contact WHERE contact.customer_id = customer.id AND contact.is_primary = 1 AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) WHERE customer.id IN (NEW.customer_id, OLD.customer_id);
END;
CREATE TRIGGER "contact_primary_after_delete" AFTER DELETE ON "contact" BEGIN
  UPDATE "customer" SET "primary_contact" = (SELECT name FROM contact WHERE contact.customer_id = customer.id AND contact.is_primary = 1 AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) WHERE customer.id = OLD.customer_id;
END;

DROP INDEX "customer_name";
DROP INDEX "customer_type";
DROP INDEX "customer_importance";
DROP INDEX "customer_industry";
DROP INDEX "customer_account_manager_id";
DROP INDEX "customer_status";
DROP INDEX "customer_tier";
DROP INDEX "customer_at_risk";
DROP INDEX "customer_last_contact_at";
CREATE INDEX "customer_code_id_status_deleted_at_merged_into_id" ON "customer" ("code", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_name_id_status_deleted_at_merged_into_id" ON "customer" ("name", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_type_id_status_deleted_at_merged_into_id" ON "customer" ("type", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_importance_id_status_deleted_at_merged_into_id" ON "customer" ("importance", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_tier_id_status_deleted_at_merged_into_id" ON "customer" ("tier", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_industry_id_status_deleted_at_merged_into_id" ON "customer" ("industry", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_last_contact_at_id_status_deleted_at_merged_into_id" ON "customer" ("last_contact_at", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_at_risk_id_status_deleted_at_merged_into_id" ON "customer" ("at_risk", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_primary_contact_id_status_deleted_at_merged_into_id" ON "customer" ("primary_contact", "id", "status", "deleted_at", "merged_into_id");
CREATE INDEX "customer_account_manager_id_id_status_deleted_at_merged_into_id" ON "customer" ("account_manager_id", "id", "status", "deleted_at", "merged_into_id");
