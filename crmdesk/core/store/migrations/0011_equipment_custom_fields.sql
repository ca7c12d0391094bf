-- CRMDesk schema version 11: custom fields on equipment (设备, issue #17 part 2). Equipment joins the
-- entities of core.customfields.entities; as for the others (0009), a machine deleted for good
-- (recycle bin purge, an import undone, its customer purged) takes its custom values with it.

CREATE TRIGGER "custom_value_after_equipment_delete" AFTER DELETE ON "equipment" BEGIN
  DELETE FROM "custom_value" WHERE "entity_id" = OLD."id" AND "field_id" IN (SELECT "id" FROM "custom_field" WHERE "entity" = 'equipment');
END;
