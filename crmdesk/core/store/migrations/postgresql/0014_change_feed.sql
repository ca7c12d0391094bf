-- CRMDesk on PostgreSQL, schema version 14: the change feed (issue #19 stage 5, core.store.feed).
--
-- Every write to a table the views show adds a row to change_feed in the same transaction (a
-- statement-level trigger, so every path — the window, the command line, an import, the daily jobs,
-- an older client — is covered), and pg_notify('crmdesk_feed', <feed id>) tells the other PCs at
-- commit. One row per table and transaction: the first statement inserts it, later ones add their
-- customers to it until more than 200 are named, then the row says "several" (customer_ids NULL)
-- and further statements of that transaction skip the trigger through its WHEN clause, which reads
-- the transaction-local marker crmdesk.feed_<table> (an import of 100,000 rows writes one row per
-- table, not 100,000). A PC that was away reads the rows after the last one it saw; the daily jobs
-- keep 7 days (core.store.feed.prune). client is the writing process's crmdesk.client setting (set
-- at connection by core.store.server), so a PC can tell its own changes from other PCs'. SQLite's
-- 0014 is empty: a file has one writer, whose views refresh from its own broadcast.

CREATE TABLE "change_feed" (
  "id" BIGSERIAL PRIMARY KEY,
  "at" TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  "kind" TEXT NOT NULL,
  "record_id" BIGINT,
  "customer_ids" INTEGER[],
  "client" TEXT NOT NULL DEFAULT coalesce(current_setting('crmdesk.client', true), ''),
  "source" TEXT NOT NULL DEFAULT current_setting('application_name'));
CREATE INDEX "change_feed_at" ON "change_feed" ("at");

-- TG_ARGV: the written rows' id column ('' when the table has none), their customer column ('' when none)
CREATE FUNCTION "change_feed_note"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marker text := 'crmdesk.feed_' || TG_TABLE_NAME;
  known text := coalesce(current_setting(marker, true), '');
  written bigint;
  one bigint;
  ids integer[];
  feed bigint;
  several boolean;
BEGIN
  -- (no format(): the runner sends the script through the driver, which reads percent signs as placeholders)
  EXECUTE 'SELECT count(*), '
          || CASE WHEN TG_ARGV[0] = '' THEN 'NULL::bigint' ELSE 'min(' || quote_ident(TG_ARGV[0]) || ')' END || ', '
          || CASE WHEN TG_ARGV[1] = '' THEN 'NULL::integer[]'
                  ELSE 'array_agg(DISTINCT ' || quote_ident(TG_ARGV[1]) || ')' END
          || ' FROM changed'
    INTO written, one, ids;
  IF written = 0 THEN
    RETURN NULL;
  END IF;
  IF known = '' THEN
    INSERT INTO "change_feed" ("kind", "record_id", "customer_ids")
      VALUES (TG_TABLE_NAME, CASE WHEN written = 1 THEN one END, CASE WHEN cardinality(ids) <= 200 THEN ids END)
      RETURNING "id", "customer_ids" IS NULL INTO feed, several;
    PERFORM pg_notify('crmdesk_feed', feed::text);
  ELSE
    UPDATE "change_feed" SET "record_id" = CASE WHEN written = 1 AND "record_id" = one THEN one END,
        "customer_ids" = CASE WHEN cardinality(ids) + cardinality("customer_ids") <= 200
                              THEN ARRAY(SELECT DISTINCT unnest("customer_ids" || ids)) END
      WHERE "id" = known::bigint RETURNING "id", "customer_ids" IS NULL INTO feed, several;
  END IF;
  -- a table without customers says "several" from its second statement on: nothing more to add
  PERFORM set_config(marker, CASE WHEN several AND (known <> '' OR TG_ARGV[1] <> '') THEN 'all'
                                  ELSE feed::text END, true);
  RETURN NULL;
END
$$;

DO $$
DECLARE
  -- table, id column, customer column: the tables the views show (core.store.feed.KINDS maps them to views)
  watched text[] := ARRAY[
    ['customer', 'id', 'id'], ['contact', 'id', 'customer_id'], ['customer_tag', 'id', 'customer_id'],
    ['tag', 'id', ''], ['customer_order', 'id', 'customer_id'], ['custom_value', 'id', ''],
    ['ticket', 'id', 'customer_id'], ['ticket_event', 'id', ''], ['follow_up', 'id', 'customer_id'],
    ['interaction', 'id', 'customer_id'], ['survey', 'id', 'customer_id'], ['improvement_item', 'id', ''],
    ['equipment', 'id', 'customer_id'], ['attachment', 'id', 'customer_id'], ['staff', 'id', ''],
    ['department', 'id', ''], ['routing_rule', 'id', ''], ['setting', '', ''], ['tier_policy', '', ''],
    ['custom_field', 'id', ''], ['calendar_day', '', ''], ['saved_view', 'id', ''],
    ['saved_view_default', 'id', ''], ['knowledge_article', 'id', ''], ['mapping_preset', 'id', '']];
  entry text[];
  event text;
BEGIN
  FOREACH entry SLICE 1 IN ARRAY watched LOOP
    FOREACH event IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      EXECUTE 'CREATE TRIGGER ' || quote_ident('change_feed_' || event) || ' AFTER ' || upper(event)
        || ' ON ' || quote_ident(entry[1]) || ' REFERENCING ' || CASE WHEN event = 'delete' THEN 'OLD' ELSE 'NEW' END
        || ' TABLE AS changed FOR EACH STATEMENT WHEN (coalesce(current_setting('
        || quote_literal('crmdesk.feed_' || entry[1]) || ', true), '''') <> ''all'') '
        || 'EXECUTE FUNCTION change_feed_note(' || quote_literal(entry[2]) || ', ' || quote_literal(entry[3]) || ')';
    END LOOP;
  END LOOP;
END
$$;
