-- CRMDesk schema version 12: several writers (issue #19 stage 2, docs/design of #19 §6).
-- version/updated_by on the records people edit in a dialog (customer with its contacts, ticket,
-- follow-up, equipment): a save updates only the version its dialog loaded (UPDATE … WHERE id = ? AND
-- version = ?), and a save that finds another version names who changed the record and when
-- ("已被 李晓梅 于 10:42 修改"). updated_by is the name of the operator of that change (text: the name
-- stays readable after the staff member is deleted; empty when nobody was chosen at that PC).
-- follow_up had no updated_at: it gets one (empty for the rows before this version).
-- code_counter: the last sequence of generated customer codes per prefix (C + year), upserted in the
-- creating transaction like ticket_counter, so two PCs creating customers at once never take the same
-- code; seeded here from the highest code of each year already stored.

ALTER TABLE "customer" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "customer" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "contact" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "contact" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "equipment" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "equipment" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "ticket" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "ticket" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "follow_up" ADD COLUMN "updated_at" DATETIME;
ALTER TABLE "follow_up" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "follow_up" ADD COLUMN "updated_by" VARCHAR(50) NOT NULL DEFAULT '';

CREATE TABLE "code_counter" ("prefix" VARCHAR(20) NOT NULL PRIMARY KEY, "last" INTEGER NOT NULL);
INSERT INTO "code_counter" ("prefix", "last")
  SELECT substr("code", 1, 5), max(CAST(substr("code", 6) AS INTEGER)) FROM "customer"
  WHERE "code" GLOB 'C[0-9][0-9][0-9][0-9][0-9]*' AND substr("code", 6) NOT GLOB '*[^0-9]*'
  GROUP BY substr("code", 1, 5);
