-- CRMDesk on PostgreSQL: the baseline at schema 10 (the SQLite files reach it through 0001–0010).
-- Generated once from the models by peewee (PostgresqlDatabase, tables in dependency order) and frozen: later schema steps
-- are new numbered scripts, as on SQLite. Native types: timestamp/date/boolean, bigint money.
-- The models do not describe the primary-contact trigger (SQLite: three triggers in 0003): it follows
-- the tables. The schema_migration table (instead of PRAGMA user_version) is the runner's own
-- (core.store.server), made in the same transaction. custom_value.value is untyped on SQLite (a
-- number or text, as the field's kind says); PostgreSQL needs a type: text, until stage 4 decides. The two KPI covering indexes
-- carry SQLite's names (0005): peewee's generated ones pass PostgreSQL's 63-byte identifier limit.

CREATE TABLE "department" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "head_id" INTEGER, "default_person_id" INTEGER, "active" BOOLEAN NOT NULL, "position" INTEGER NOT NULL, "created_at" TIMESTAMP NOT NULL);
CREATE UNIQUE INDEX "department_name" ON "department" ("name");
CREATE TABLE "staff" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(50) NOT NULL, "role" VARCHAR(20) NOT NULL, "phone" VARCHAR(30) NOT NULL, "active" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL, "department_id" INTEGER, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE SET NULL);
CREATE UNIQUE INDEX "staff_name" ON "staff" ("name");
CREATE INDEX "staff_department_id" ON "staff" ("department_id");
CREATE TABLE "import_batch" ("id" SERIAL NOT NULL PRIMARY KEY, "kind" VARCHAR(20) NOT NULL, "file_name" VARCHAR(500) NOT NULL, "sheet" VARCHAR(100) NOT NULL, "operator_id" INTEGER, "started_at" TIMESTAMP NOT NULL, "finished_at" TIMESTAMP, "rows" INTEGER NOT NULL, "created" INTEGER NOT NULL, "updated" INTEGER NOT NULL, "duplicates" INTEGER NOT NULL, "errors" INTEGER NOT NULL, "status" VARCHAR(12) NOT NULL, "undone_at" TIMESTAMP, "warnings" INTEGER NOT NULL, "source" VARCHAR(40) NOT NULL, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "import_batch_operator_id" ON "import_batch" ("operator_id");
CREATE INDEX "import_batch_status" ON "import_batch" ("status");
CREATE TABLE "customer" ("id" SERIAL NOT NULL PRIMARY KEY, "code" VARCHAR(20) NOT NULL, "name" VARCHAR(200) NOT NULL, "name_norm" VARCHAR(200) NOT NULL, "type" VARCHAR(12) NOT NULL, "importance" VARCHAR(1) NOT NULL, "industry" VARCHAR(50) NOT NULL, "size" VARCHAR(30) NOT NULL, "region" VARCHAR(50) NOT NULL, "address" TEXT NOT NULL, "source_channel" VARCHAR(20) NOT NULL, "account_manager_id" INTEGER, "coop_start" DATE, "purchase_intent" TEXT NOT NULL, "product_preference" TEXT NOT NULL, "budget_range" VARCHAR(50) NOT NULL, "notes" TEXT NOT NULL, "confidential_notes" TEXT NOT NULL, "status" VARCHAR(10) NOT NULL, "tier" VARCHAR(10) NOT NULL, "tier_pinned" BOOLEAN NOT NULL, "tier_updated_at" TIMESTAMP, "at_risk" BOOLEAN NOT NULL, "risk_reasons" TEXT NOT NULL, "last_contact_at" TIMESTAMP, "total_order_fen" BIGINT NOT NULL, "archived_at" TIMESTAMP, "erased_at" TIMESTAMP, "merged_into_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "deleted_at" TIMESTAMP, "batch_id" INTEGER, "primary_contact" VARCHAR(50), "defaulted" VARCHAR(60) NOT NULL, FOREIGN KEY ("account_manager_id") REFERENCES "staff" ("id") ON DELETE SET NULL, FOREIGN KEY ("merged_into_id") REFERENCES "customer" ("id") ON DELETE SET NULL, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE UNIQUE INDEX "customer_code" ON "customer" ("code");
CREATE INDEX "customer_name_norm" ON "customer" ("name_norm");
CREATE INDEX "customer_region" ON "customer" ("region");
CREATE INDEX "customer_total_order_fen" ON "customer" ("total_order_fen");
CREATE INDEX "customer_merged_into_id" ON "customer" ("merged_into_id");
CREATE INDEX "customer_created_at" ON "customer" ("created_at");
CREATE INDEX "customer_deleted_at" ON "customer" ("deleted_at");
CREATE INDEX "customer_batch_id" ON "customer" ("batch_id");
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
CREATE TABLE "contact" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "name" VARCHAR(50) NOT NULL, "title" VARCHAR(50) NOT NULL, "mobile" VARCHAR(200) NOT NULL, "mobile_tail" VARCHAR(64) NOT NULL, "mobile_key" VARCHAR(64) NOT NULL, "phone" VARCHAR(200) NOT NULL, "email" VARCHAR(300) NOT NULL, "wechat" VARCHAR(100) NOT NULL, "birthday" VARCHAR(100) NOT NULL, "birthday_lunar" BOOLEAN NOT NULL, "is_primary" BOOLEAN NOT NULL, "has_left" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "deleted_at" TIMESTAMP, "batch_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "contact_customer_id" ON "contact" ("customer_id");
CREATE INDEX "contact_name" ON "contact" ("name");
CREATE INDEX "contact_mobile_tail" ON "contact" ("mobile_tail");
CREATE INDEX "contact_mobile_key" ON "contact" ("mobile_key");
CREATE INDEX "contact_batch_id" ON "contact" ("batch_id");
CREATE TABLE "equipment" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "model" VARCHAR(100) NOT NULL, "model_key" VARCHAR(100) NOT NULL, "serial" VARCHAR(100) NOT NULL, "serial_key" VARCHAR(100) NOT NULL, "install_date" DATE, "site_address" TEXT NOT NULL, "warranty_end" DATE, "warranty_months" INTEGER, "contract_no" VARCHAR(60) NOT NULL, "contract_start" DATE, "contract_end" DATE, "contract_level" VARCHAR(30) NOT NULL, "notes" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "deleted_at" TIMESTAMP, "batch_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "equipment_serial_key" ON "equipment" ("serial_key");
CREATE INDEX "equipment_warranty_end" ON "equipment" ("warranty_end");
CREATE INDEX "equipment_contract_end" ON "equipment" ("contract_end");
CREATE INDEX "equipment_batch_id" ON "equipment" ("batch_id");
CREATE UNIQUE INDEX "equipment_model_key_serial_key" ON "equipment" ("model_key", "serial_key");
CREATE INDEX "equipment_customer_id_deleted_at" ON "equipment" ("customer_id", "deleted_at");
CREATE TABLE "routing_rule" ("id" SERIAL NOT NULL PRIMARY KEY, "position" INTEGER NOT NULL, "category" VARCHAR(12) NOT NULL, "complaint_type" VARCHAR(100) NOT NULL, "product_model" VARCHAR(200) NOT NULL, "tier" VARCHAR(10) NOT NULL, "department_id" INTEGER NOT NULL, "pick" VARCHAR(12) NOT NULL, "role" VARCHAR(20) NOT NULL, "response_hours" REAL, "resolution_amount" REAL, "resolution_unit" VARCHAR(16) NOT NULL, "note" VARCHAR(200) NOT NULL, "active" BOOLEAN NOT NULL, "last_assigned_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE RESTRICT, FOREIGN KEY ("last_assigned_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "routing_rule_department_id" ON "routing_rule" ("department_id");
CREATE TABLE "ticket" ("id" SERIAL NOT NULL PRIMARY KEY, "number" VARCHAR(20) NOT NULL, "customer_id" INTEGER NOT NULL, "contact_id" INTEGER, "channel" VARCHAR(10) NOT NULL, "category" VARCHAR(12) NOT NULL, "priority" VARCHAR(10) NOT NULL, "severity" VARCHAR(10) NOT NULL, "description" TEXT NOT NULL, "assignee_id" INTEGER, "assignee_name" VARCHAR(50) NOT NULL, "stage" VARCHAR(12) NOT NULL, "paused" BOOLEAN NOT NULL, "pause_reason" VARCHAR(12) NOT NULL, "paused_at" TIMESTAMP, "paused_seconds" INTEGER NOT NULL, "created_at" TIMESTAMP NOT NULL, "first_response_at" TIMESTAMP, "response_due" TIMESTAMP, "resolution_due" TIMESTAMP, "resolved_at" TIMESTAMP, "solution" TEXT NOT NULL, "root_cause" TEXT NOT NULL, "complaint_result" TEXT NOT NULL, "one_time_resolved" BOOLEAN, "reopen_count" INTEGER NOT NULL, "redispatch_count" INTEGER NOT NULL, "satisfaction" SMALLINT, "callback_at" TIMESTAMP, "archived_at" TIMESTAMP, "notes" TEXT NOT NULL, "updated_at" TIMESTAMP NOT NULL, "deleted_at" TIMESTAMP, "batch_id" INTEGER, "complaint_type" VARCHAR(30) NOT NULL, "demand" TEXT NOT NULL, "mood" VARCHAR(20) NOT NULL, "department" VARCHAR(50) NOT NULL, "equipment_id" INTEGER, "department_id" INTEGER, "routing_rule_id" INTEGER, "proposed_assignee_id" INTEGER, "sla_override" TEXT NOT NULL, "product_model" VARCHAR(100) NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL, FOREIGN KEY ("assignee_id") REFERENCES "staff" ("id") ON DELETE SET NULL, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL, FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON DELETE SET NULL, FOREIGN KEY ("department_id") REFERENCES "department" ("id") ON DELETE SET NULL, FOREIGN KEY ("routing_rule_id") REFERENCES "routing_rule" ("id") ON DELETE SET NULL, FOREIGN KEY ("proposed_assignee_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE UNIQUE INDEX "ticket_number" ON "ticket" ("number");
CREATE INDEX "ticket_customer_id" ON "ticket" ("customer_id");
CREATE INDEX "ticket_contact_id" ON "ticket" ("contact_id");
CREATE INDEX "ticket_category" ON "ticket" ("category");
CREATE INDEX "ticket_priority" ON "ticket" ("priority");
CREATE INDEX "ticket_assignee_id" ON "ticket" ("assignee_id");
CREATE INDEX "ticket_stage" ON "ticket" ("stage");
CREATE INDEX "ticket_created_at" ON "ticket" ("created_at");
CREATE INDEX "ticket_resolution_due" ON "ticket" ("resolution_due");
CREATE INDEX "ticket_resolved_at" ON "ticket" ("resolved_at");
CREATE INDEX "ticket_batch_id" ON "ticket" ("batch_id");
CREATE INDEX "ticket_customer_id_created_at" ON "ticket" ("customer_id", "created_at");
CREATE INDEX "ticket_stage_resolution_due" ON "ticket" ("stage", "resolution_due");
CREATE INDEX "ticket_stage_response_due" ON "ticket" ("stage", "response_due");
CREATE INDEX "ticket_created_at_covering" ON "ticket" ("created_at", "deleted_at", "category", "first_response_at", "response_due");
CREATE INDEX "ticket_resolved_at_covering" ON "ticket" ("resolved_at", "deleted_at", "created_at", "resolution_due", "category", "one_time_resolved", "reopen_count", "redispatch_count");
CREATE INDEX "ticket_department_id_stage" ON "ticket" ("department_id", "stage");
CREATE INDEX "ticket_equipment_id_created_at" ON "ticket" ("equipment_id", "created_at");
CREATE TABLE "attachment" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "ticket_id" INTEGER, "equipment_id" INTEGER, "name" TEXT NOT NULL, "mime" VARCHAR(100) NOT NULL, "size" INTEGER NOT NULL, "chunks" INTEGER NOT NULL, "operator_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "deleted_at" TIMESTAMP, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE CASCADE, FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON DELETE CASCADE, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "attachment_ticket_id" ON "attachment" ("ticket_id");
CREATE INDEX "attachment_equipment_id" ON "attachment" ("equipment_id");
CREATE INDEX "attachment_operator_id" ON "attachment" ("operator_id");
CREATE INDEX "attachment_customer_id_deleted_at" ON "attachment" ("customer_id", "deleted_at");
CREATE TABLE "attachment_chunk" ("id" SERIAL NOT NULL PRIMARY KEY, "attachment_id" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "data" BYTEA NOT NULL, FOREIGN KEY ("attachment_id") REFERENCES "attachment" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX "attachment_chunk_attachment_id_seq" ON "attachment_chunk" ("attachment_id", "seq");
CREATE TABLE "audit_log" ("id" SERIAL NOT NULL PRIMARY KEY, "at" TIMESTAMP NOT NULL, "operator_id" INTEGER, "action" VARCHAR(30) NOT NULL, "entity" VARCHAR(20) NOT NULL, "entity_id" INTEGER, "detail" TEXT NOT NULL, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "audit_log_at" ON "audit_log" ("at");
CREATE INDEX "audit_log_operator_id" ON "audit_log" ("operator_id");
CREATE TABLE "calendar_day" ("date" DATE NOT NULL PRIMARY KEY, "is_workday" BOOLEAN NOT NULL, "name" VARCHAR(30) NOT NULL);
CREATE TABLE "change_log" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER, "entity" VARCHAR(20) NOT NULL, "entity_id" INTEGER, "field" VARCHAR(50) NOT NULL, "old_value" TEXT NOT NULL, "new_value" TEXT NOT NULL, "reason" TEXT NOT NULL, "operator_id" INTEGER, "operator_name" VARCHAR(50) NOT NULL, "at" TIMESTAMP NOT NULL, "batch_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "change_log_customer_id" ON "change_log" ("customer_id");
CREATE INDEX "change_log_operator_id" ON "change_log" ("operator_id");
CREATE INDEX "change_log_at" ON "change_log" ("at");
CREATE INDEX "change_log_batch_id" ON "change_log" ("batch_id");
CREATE INDEX "change_log_customer_id_at" ON "change_log" ("customer_id", "at");
CREATE TABLE "tag" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(30) NOT NULL);
CREATE UNIQUE INDEX "tag_name" ON "tag" ("name");
CREATE TABLE "customer_tag" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "customer_tag_customer_id" ON "customer_tag" ("customer_id");
CREATE INDEX "customer_tag_tag_id" ON "customer_tag" ("tag_id");
CREATE UNIQUE INDEX "customer_tag_customer_id_tag_id" ON "customer_tag" ("customer_id", "tag_id");
CREATE TABLE "custom_field" ("id" SERIAL NOT NULL PRIMARY KEY, "entity" VARCHAR(20) NOT NULL, "label" VARCHAR(30) NOT NULL, "kind" VARCHAR(10) NOT NULL, "choices" TEXT NOT NULL, "required" BOOLEAN NOT NULL, "sensitive" BOOLEAN NOT NULL, "position" INTEGER NOT NULL, "hidden_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL);
CREATE INDEX "custom_field_entity_position" ON "custom_field" ("entity", "position");
CREATE TABLE "custom_value" ("id" SERIAL NOT NULL PRIMARY KEY, "field_id" INTEGER NOT NULL, "entity_id" INTEGER NOT NULL, "value" TEXT NOT NULL, "batch_id" INTEGER, FOREIGN KEY ("field_id") REFERENCES "custom_field" ("id") ON DELETE CASCADE, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "custom_value_batch_id" ON "custom_value" ("batch_id");
CREATE UNIQUE INDEX "custom_value_field_id_entity_id" ON "custom_value" ("field_id", "entity_id");
CREATE INDEX "custom_value_field_id_value_entity_id" ON "custom_value" ("field_id", "value", "entity_id");
CREATE TABLE "interaction" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "contact_id" INTEGER, "at" TIMESTAMP NOT NULL, "method" VARCHAR(10) NOT NULL, "summary" TEXT NOT NULL, "feedback" TEXT NOT NULL, "next_step" TEXT NOT NULL, "staff_id" INTEGER, "staff_name" VARCHAR(50) NOT NULL, "ticket_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "batch_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL, FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE SET NULL, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE SET NULL, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "interaction_customer_id" ON "interaction" ("customer_id");
CREATE INDEX "interaction_contact_id" ON "interaction" ("contact_id");
CREATE INDEX "interaction_staff_id" ON "interaction" ("staff_id");
CREATE INDEX "interaction_ticket_id" ON "interaction" ("ticket_id");
CREATE INDEX "interaction_batch_id" ON "interaction" ("batch_id");
CREATE INDEX "interaction_customer_id_at" ON "interaction" ("customer_id", "at");
CREATE TABLE "follow_up" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "contact_id" INTEGER, "due_at" TIMESTAMP NOT NULL, "method" VARCHAR(10) NOT NULL, "purpose" VARCHAR(200) NOT NULL, "kind" VARCHAR(10) NOT NULL, "assignee_id" INTEGER, "status" VARCHAR(10) NOT NULL, "ticket_id" INTEGER, "attempts" SMALLINT NOT NULL, "skip_reason" TEXT NOT NULL, "done_at" TIMESTAMP, "interaction_id" INTEGER, "generated_key" VARCHAR(80), "moved_by_user" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL, "deleted_at" TIMESTAMP, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE SET NULL, FOREIGN KEY ("assignee_id") REFERENCES "staff" ("id") ON DELETE SET NULL, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE SET NULL, FOREIGN KEY ("interaction_id") REFERENCES "interaction" ("id") ON DELETE SET NULL);
CREATE INDEX "follow_up_customer_id" ON "follow_up" ("customer_id");
CREATE INDEX "follow_up_contact_id" ON "follow_up" ("contact_id");
CREATE INDEX "follow_up_due_at" ON "follow_up" ("due_at");
CREATE INDEX "follow_up_assignee_id" ON "follow_up" ("assignee_id");
CREATE INDEX "follow_up_status" ON "follow_up" ("status");
CREATE INDEX "follow_up_ticket_id" ON "follow_up" ("ticket_id");
CREATE INDEX "follow_up_interaction_id" ON "follow_up" ("interaction_id");
CREATE UNIQUE INDEX "follow_up_generated_key" ON "follow_up" ("generated_key");
CREATE INDEX "follow_up_status_due_at" ON "follow_up" ("status", "due_at");
CREATE INDEX "follow_up_assignee_id_due_at_status_deleted_at_customer_id" ON "follow_up" ("assignee_id", "due_at", "status", "deleted_at", "customer_id");
CREATE TABLE "import_journal" ("id" SERIAL NOT NULL PRIMARY KEY, "batch_id" INTEGER NOT NULL, "table_name" VARCHAR(30) NOT NULL, "row_id" INTEGER NOT NULL, "action" VARCHAR(8) NOT NULL, "old_values" TEXT NOT NULL, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE CASCADE);
CREATE INDEX "import_journal_batch_id" ON "import_journal" ("batch_id");
CREATE TABLE "survey" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "ticket_id" INTEGER, "date" DATE NOT NULL, "method" VARCHAR(14) NOT NULL, "quality" SMALLINT, "response" SMALLINT, "communication" SMALLINT, "professionalism" SMALLINT, "overall" SMALLINT, "comment" TEXT NOT NULL, "staff_name" VARCHAR(50) NOT NULL, "created_at" TIMESTAMP NOT NULL, "batch_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE SET NULL, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "survey_customer_id" ON "survey" ("customer_id");
CREATE INDEX "survey_ticket_id" ON "survey" ("ticket_id");
CREATE INDEX "survey_date" ON "survey" ("date");
CREATE INDEX "survey_batch_id" ON "survey" ("batch_id");
CREATE INDEX "survey_customer_id_date" ON "survey" ("customer_id", "date");
CREATE TABLE "improvement_item" ("id" SERIAL NOT NULL PRIMARY KEY, "survey_id" INTEGER, "item" TEXT NOT NULL, "action" TEXT NOT NULL, "owner_id" INTEGER, "due" DATE, "done" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("survey_id") REFERENCES "survey" ("id") ON DELETE SET NULL, FOREIGN KEY ("owner_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "improvement_item_survey_id" ON "improvement_item" ("survey_id");
CREATE INDEX "improvement_item_owner_id" ON "improvement_item" ("owner_id");
CREATE TABLE "knowledge_article" ("id" SERIAL NOT NULL PRIMARY KEY, "title" VARCHAR(200) NOT NULL, "problem" TEXT NOT NULL, "solution" TEXT NOT NULL, "keywords" TEXT NOT NULL, "category" VARCHAR(12) NOT NULL, "source_ticket_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, "deleted_at" TIMESTAMP, FOREIGN KEY ("source_ticket_id") REFERENCES "ticket" ("id") ON DELETE SET NULL);
CREATE INDEX "knowledge_article_title" ON "knowledge_article" ("title");
CREATE INDEX "knowledge_article_source_ticket_id" ON "knowledge_article" ("source_ticket_id");
CREATE TABLE "mapping_preset" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(60) NOT NULL, "kind" VARCHAR(20) NOT NULL, "mapping" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL);
CREATE UNIQUE INDEX "mapping_preset_kind_name" ON "mapping_preset" ("kind", "name");
CREATE TABLE "merge_record" ("id" SERIAL NOT NULL PRIMARY KEY, "kept_id" INTEGER NOT NULL, "merged_id" INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "operator_id" INTEGER, "payload" TEXT NOT NULL, "undone_at" TIMESTAMP, FOREIGN KEY ("kept_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("merged_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "merge_record_kept_id" ON "merge_record" ("kept_id");
CREATE INDEX "merge_record_merged_id" ON "merge_record" ("merged_id");
CREATE INDEX "merge_record_operator_id" ON "merge_record" ("operator_id");
CREATE TABLE "customer_order" ("id" SERIAL NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "date" DATE NOT NULL, "product" VARCHAR(200) NOT NULL, "amount_fen" BIGINT NOT NULL, "contract_no" VARCHAR(60) NOT NULL, "created_at" TIMESTAMP NOT NULL, "batch_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "customer_order_customer_id" ON "customer_order" ("customer_id");
CREATE INDEX "customer_order_date" ON "customer_order" ("date");
CREATE INDEX "customer_order_batch_id" ON "customer_order" ("batch_id");
CREATE INDEX "customer_order_customer_id_date" ON "customer_order" ("customer_id", "date");
CREATE TABLE "recycle_bin_entry" ("id" SERIAL NOT NULL PRIMARY KEY, "entity" VARCHAR(20) NOT NULL, "entity_id" INTEGER NOT NULL, "label" VARCHAR(300) NOT NULL, "deleted_at" TIMESTAMP NOT NULL, "operator_id" INTEGER, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "recycle_bin_entry_deleted_at" ON "recycle_bin_entry" ("deleted_at");
CREATE INDEX "recycle_bin_entry_operator_id" ON "recycle_bin_entry" ("operator_id");
CREATE INDEX "recycle_bin_entry_entity_entity_id" ON "recycle_bin_entry" ("entity", "entity_id");
CREATE TABLE "saved_view" ("id" SERIAL NOT NULL PRIMARY KEY, "scope" VARCHAR(20) NOT NULL, "name" VARCHAR(60) NOT NULL, "state" TEXT NOT NULL, "created_by_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, FOREIGN KEY ("created_by_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "saved_view_created_by_id" ON "saved_view" ("created_by_id");
CREATE UNIQUE INDEX "saved_view_scope_name" ON "saved_view" ("scope", "name");
CREATE TABLE "saved_view_default" ("id" SERIAL NOT NULL PRIMARY KEY, "staff_id" INTEGER NOT NULL, "scope" VARCHAR(20) NOT NULL, "view_id" INTEGER NOT NULL, FOREIGN KEY ("staff_id") REFERENCES "staff" ("id") ON DELETE CASCADE, FOREIGN KEY ("view_id") REFERENCES "saved_view" ("id") ON DELETE CASCADE);
CREATE INDEX "saved_view_default_view_id" ON "saved_view_default" ("view_id");
CREATE UNIQUE INDEX "saved_view_default_staff_id_scope" ON "saved_view_default" ("staff_id", "scope");
CREATE TABLE "setting" ("key" VARCHAR(80) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "ticket_counter" ("day" VARCHAR(8) NOT NULL PRIMARY KEY, "last" INTEGER NOT NULL);
CREATE TABLE "ticket_event" ("id" SERIAL NOT NULL PRIMARY KEY, "ticket_id" INTEGER NOT NULL, "kind" VARCHAR(12) NOT NULL, "from_stage" VARCHAR(12) NOT NULL, "to_stage" VARCHAR(12) NOT NULL, "at" TIMESTAMP NOT NULL, "operator_id" INTEGER, "operator_name" VARCHAR(50) NOT NULL, "note" TEXT NOT NULL, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE CASCADE, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "ticket_event_ticket_id" ON "ticket_event" ("ticket_id");
CREATE INDEX "ticket_event_operator_id" ON "ticket_event" ("operator_id");
CREATE INDEX "ticket_event_ticket_id_at" ON "ticket_event" ("ticket_id", "at");
CREATE TABLE "tier_policy" ("tier" VARCHAR(10) NOT NULL PRIMARY KEY, "min_annual_fen" BIGINT, "min_coop_months" INTEGER, "response_hours" TEXT NOT NULL, "resolution_hours" TEXT NOT NULL, "cadence" TEXT NOT NULL, "questionnaire" TEXT NOT NULL, "greeting" TEXT NOT NULL);

-- customer.primary_contact: the primary contact's name, kept current for the registry's sort (0003)
CREATE FUNCTION crm_primary_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE "customer" SET "primary_contact" = (SELECT name FROM contact WHERE contact.customer_id = customer.id
      AND contact.is_primary AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) WHERE customer.id = OLD.customer_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE "customer" SET "primary_contact" = (SELECT name FROM contact WHERE contact.customer_id = customer.id
      AND contact.is_primary AND contact.deleted_at IS NULL ORDER BY contact.id LIMIT 1) WHERE customer.id = NEW.customer_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "contact_primary" AFTER INSERT OR DELETE OR UPDATE OF "name", "is_primary", "deleted_at", "customer_id"
  ON "contact" FOR EACH ROW EXECUTE FUNCTION crm_primary_contact();

-- customer_search: the customer search index (SQLite: the FTS5 tables customer_fts and customer_bigram, 0002), one row
-- per customer written by core.customers.search in the transaction that changes the customer. doc is the folded
-- document: 3+ characters by LIKE through the trigram index (pg_trgm takes Chinese characters as word characters only
-- under a UTF-8 LC_CTYPE, which server init checks); grams holds its distinct bigrams: 2 characters by containment.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE "customer_search" ("customer_id" INTEGER NOT NULL PRIMARY KEY, "doc" TEXT NOT NULL, "grams" TEXT[] NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE);
CREATE INDEX "customer_search_doc" ON "customer_search" USING gin ("doc" gin_trgm_ops);
CREATE INDEX "customer_search_grams" ON "customer_search" USING gin ("grams");
