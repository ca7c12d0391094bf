-- CRMDesk schema version 9: custom fields (自定义字段) and saved views (常用视图), issue #17.
-- custom_field: the owner's own fields per entity (customer, contact, ticket; equipment joins with a
-- line in core.customfields.entities and its trigger below). Removing a field only sets hidden_at:
-- its values stay and come back with it.
-- custom_value: one typed value per (field, record). "value" has no type affinity, so a number or an
-- amount (fen) is stored as a number, a date as ISO text, yes/no as 0/1, text and choices as text;
-- the (field_id, value, entity_id) index answers a filter or a sort by one field over 100,000
-- records from one index range (docs/spec.md §9). A sensitive field's values are sealed like the built-in
-- personal fields (enc1:…), so they can be neither sorted nor filtered by range.
-- The triggers remove a record's values when the record itself is deleted for good (recycle bin
-- purge, an import undone, a foreign-key cascade): a value never outlives its record, and a reused
-- id never inherits one.
-- saved_view: a named state of the registry or the ticket board (search, filters, sort, columns),
-- shared by the firm; saved_view_default: each staff member's own default per list.

CREATE TABLE "custom_field" ("id" INTEGER NOT NULL PRIMARY KEY, "entity" VARCHAR(20) NOT NULL, "label" VARCHAR(30) NOT NULL, "kind" VARCHAR(10) NOT NULL, "choices" TEXT NOT NULL, "required" INTEGER NOT NULL, "sensitive" INTEGER NOT NULL, "position" INTEGER NOT NULL, "hidden_at" DATETIME, "created_at" DATETIME NOT NULL);
CREATE INDEX "custom_field_entity_position" ON "custom_field" ("entity", "position");

CREATE TABLE "custom_value" ("id" INTEGER NOT NULL PRIMARY KEY, "field_id" INTEGER NOT NULL, "entity_id" INTEGER NOT NULL, "value" NOT NULL, "batch_id" INTEGER, FOREIGN KEY ("field_id") REFERENCES "custom_field" ("id") ON DELETE CASCADE, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "custom_value_batch_id" ON "custom_value" ("batch_id");
CREATE UNIQUE INDEX "custom_value_field_id_entity_id" ON "custom_value" ("field_id", "entity_id");
CREATE INDEX "custom_value_field_id_value_entity_id" ON "custom_value" ("field_id", "value", "entity_id");

CREATE TRIGGER "custom_value_after_customer_delete" AFTER DELETE ON "customer" BEGIN
  DELETE FROM "custom_value" WHERE "entity_id" = OLD."id" AND "field_id" IN (SELECT "id" FROM "custom_field" WHERE "entity" = 'customer');
END;
CREATE TRIGGER "custom_value_after_contact_delete" AFTER DELETE ON "contact" BEGIN
  DELETE FROM "custom_value" WHERE "entity_id" = OLD."id" AND "field_id" IN (SELECT "id" FROM "custom_field" WHERE "entity" = 'contact');
END;
CREATE TRIGGER "custom_value_after_ticket_delete" AFTER DELETE ON "ticket" BEGIN
  DELETE FROM "custom_value" WHERE "entity_id" = OLD."id" AND "field_id" IN (SELECT "id" FROM "custom_field" WHERE "entity" = 'ticket');
END;

CREATE TABLE "saved_view" ("id" INTEGER NOT NULL PRIMARY KEY, "scope" VARCHAR(20) NOT NULL, "name" VARCHAR(60) NOT NULL, "state" TEXT NOT NULL, "created_by_id" INTEGER, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("created_by_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "saved_view_created_by_id" ON "saved_view" ("created_by_id");
CREATE UNIQUE INDEX "saved_view_scope_name" ON "saved_view" ("scope", "name");

CREATE TABLE "saved_view_default" ("id" INTEGER NOT NULL PRIMARY KEY, "staff_id" INTEGER NOT NULL, "scope" VARCHAR(20) NOT NULL, "view_id" INTEGER NOT NULL, FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE CASCADE, FOREIGN KEY ("view_id") REFERENCES "saved_view" ("id") ON DELETE CASCADE);
CREATE INDEX "saved_view_default_view_id" ON "saved_view_default" ("view_id");
CREATE UNIQUE INDEX "saved_view_default_staff_id_scope" ON "saved_view_default" ("staff_id", "scope");
