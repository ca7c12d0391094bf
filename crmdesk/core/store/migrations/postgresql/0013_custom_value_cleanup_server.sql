-- CRMDesk on PostgreSQL, schema version 13: a customer, contact, ticket or machine deleted for good
-- (recycle bin purge, an import undone, its customer purged) takes its custom values with it, as the
-- SQLite triggers of 0009 and 0011 do (the baseline lacked them): custom_value.entity_id points into
-- the table its field's entity names, so no foreign key can say it. One trigger function, told the
-- entity by its argument; the trigger names are SQLite's. SQLite's 0013 is empty.

CREATE FUNCTION "custom_value_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "custom_value" WHERE "entity_id" = OLD."id"
    AND "field_id" IN (SELECT "id" FROM "custom_field" WHERE "entity" = TG_ARGV[0]);
  RETURN NULL;
END
$$;

CREATE TRIGGER "custom_value_after_customer_delete" AFTER DELETE ON "customer"
  FOR EACH ROW EXECUTE FUNCTION "custom_value_after_delete"('customer');
CREATE TRIGGER "custom_value_after_contact_delete" AFTER DELETE ON "contact"
  FOR EACH ROW EXECUTE FUNCTION "custom_value_after_delete"('contact');
CREATE TRIGGER "custom_value_after_ticket_delete" AFTER DELETE ON "ticket"
  FOR EACH ROW EXECUTE FUNCTION "custom_value_after_delete"('ticket');
CREATE TRIGGER "custom_value_after_equipment_delete" AFTER DELETE ON "equipment"
  FOR EACH ROW EXECUTE FUNCTION "custom_value_after_delete"('equipment');
