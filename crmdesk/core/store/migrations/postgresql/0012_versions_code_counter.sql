-- CRMDesk on PostgreSQL, schema version 12: the same step as the SQLite files' 0012 (several writers:
-- version/updated_by on the edited records, follow_up.updated_at, the code_counter of customer
-- codes seeded from the stored codes). Applied after the baseline by core.store.server.prepare under
-- the migration lock, in one transaction, and recorded in schema_migration.

ALTER TABLE "customer" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "customer" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "contact" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "contact" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "equipment" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "equipment" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "ticket" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "ticket" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "follow_up" ADD COLUMN "updated_at" TIMESTAMP;
ALTER TABLE "follow_up" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "follow_up" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';

CREATE TABLE "code_counter" ("prefix" VARCHAR(20) NOT NULL PRIMARY KEY, "last" BIGINT NOT NULL);
INSERT INTO "code_counter" ("prefix", "last")
  SELECT substr("code", 1, 5), max(CAST(substr("code", 6) AS BIGINT)) FROM "customer"
  WHERE "code" ~ '^C[0-9]{5,}$' GROUP BY substr("code", 1, 5);
