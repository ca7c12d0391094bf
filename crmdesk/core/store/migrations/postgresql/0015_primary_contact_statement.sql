-- CRMDesk on PostgreSQL, schema version 15: customer.primary_contact (the registry's sort, 0003) kept
-- current at a fraction of the cost when contacts arrive in bulk (issue #19: a 10,000-row import spent
-- a third of its writing time in this trigger).
--
-- Before, every contact inserted ran a row trigger that rewrote its customer's row: a new row version,
-- an entry in each of the customer's indexes (primary_contact is indexed, so no HOT update) and the
-- change feed's statement trigger on customer, once per contact, even when the value did not change —
-- and the importer already writes primary_contact of the customers it creates. Now
--   - inserts fire one statement trigger over the inserted rows (a transition table): only contacts
--     that are primary and not deleted can change the value, and a customer's row is written only
--     when its value differs (IS DISTINCT FROM), so an import's own rows cost one statement;
--   - updates and deletes keep the row trigger, which returns at once when none of the columns it
--     reads changed and likewise writes the customer only on a different value.
-- The values written are the ones the old trigger wrote (the first primary, undeleted contact by id, or
-- NULL). A trigger with a column list (UPDATE OF …) cannot have a transition table, hence two triggers.
-- SQLite's 0015 is empty.

CREATE OR REPLACE FUNCTION crm_primary_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.customer_id = OLD.customer_id AND NEW.name IS NOT DISTINCT FROM OLD.name
      AND NEW.is_primary IS NOT DISTINCT FROM OLD.is_primary AND NEW.deleted_at IS NOT DISTINCT FROM OLD.deleted_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE "customer" SET "primary_contact" = found.name
      FROM (SELECT (SELECT name FROM contact WHERE contact.customer_id = OLD.customer_id AND contact.is_primary
                    AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) AS name) AS found
      WHERE customer.id = OLD.customer_id AND customer.primary_contact IS DISTINCT FROM found.name;
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.customer_id <> OLD.customer_id) THEN
    UPDATE "customer" SET "primary_contact" = found.name
      FROM (SELECT (SELECT name FROM contact WHERE contact.customer_id = NEW.customer_id AND contact.is_primary
                    AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) AS name) AS found
      WHERE customer.id = NEW.customer_id AND customer.primary_contact IS DISTINCT FROM found.name;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION crm_primary_contact_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "customer" SET "primary_contact" = found.name
    FROM (SELECT DISTINCT customer_id FROM inserted WHERE is_primary AND deleted_at IS NULL) AS touched
    CROSS JOIN LATERAL (SELECT name FROM contact WHERE contact.customer_id = touched.customer_id
                        AND contact.is_primary AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) AS found
    WHERE customer.id = touched.customer_id AND customer.primary_contact IS DISTINCT FROM found.name;
  RETURN NULL;
END $$;

DROP TRIGGER "contact_primary" ON "contact";
CREATE TRIGGER "contact_primary" AFTER DELETE OR UPDATE OF "name", "is_primary", "deleted_at", "customer_id"
  ON "contact" FOR EACH ROW EXECUTE FUNCTION crm_primary_contact();
CREATE TRIGGER "contact_primary_insert" AFTER INSERT ON "contact" REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION crm_primary_contact_inserted();
