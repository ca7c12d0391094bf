-- CRMDesk schema version 8: equipment (设备档案与保修) and attachments (附件).
-- equipment: a customer's machines; a serial number is unique per product model (both compared
-- normalised: model_key, serial_key), serial_key has its own index so a serial typed alone finds
-- the machine; warranty_end and contract_end are indexed for the 30-day reminders; site_address is
-- personal data, stored encrypted. ticket.equipment_id names the machine a ticket is about, with an
-- index for a machine's service history and its repeat faults.
-- attachment: one small row per file (what a list shows: name, type, size), always with the owning
-- customer; the content lies in attachment_chunk rows of at most 256 KiB (a picture's thumbnail as
-- piece -1), each sealed with the data key, so a file is never read whole into memory, a list never
-- reads a file, and a copied database reveals nothing.

CREATE TABLE "equipment" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "model" VARCHAR(100) NOT NULL, "model_key" VARCHAR(100) NOT NULL, "serial" VARCHAR(100) NOT NULL, "serial_key" VARCHAR(100) NOT NULL, "install_date" DATE, "site_address" TEXT NOT NULL, "warranty_end" DATE, "warranty_months" INTEGER, "contract_no" VARCHAR(60) NOT NULL, "contract_start" DATE, "contract_end" DATE, "contract_level" VARCHAR(30) NOT NULL, "notes" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "batch_id" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE SET NULL);
CREATE INDEX "equipment_serial_key" ON "equipment" ("serial_key");
CREATE INDEX "equipment_warranty_end" ON "equipment" ("warranty_end");
CREATE INDEX "equipment_contract_end" ON "equipment" ("contract_end");
CREATE INDEX "equipment_batch_id" ON "equipment" ("batch_id");
CREATE UNIQUE INDEX "equipment_model_key_serial_key" ON "equipment" ("model_key", "serial_key");
CREATE INDEX "equipment_customer_id_deleted_at" ON "equipment" ("customer_id", "deleted_at");

ALTER TABLE "ticket" ADD COLUMN "equipment_id" INTEGER REFERENCES "equipment" ("id") ON DELETE SET NULL;
CREATE INDEX "ticket_equipment_id_created_at" ON "ticket" ("equipment_id", "created_at");

CREATE TABLE "attachment" ("id" INTEGER NOT NULL PRIMARY KEY, "customer_id" INTEGER NOT NULL, "ticket_id" INTEGER, "equipment_id" INTEGER, "name" TEXT NOT NULL, "mime" VARCHAR(100) NOT NULL, "size" INTEGER NOT NULL, "chunks" INTEGER NOT NULL, "operator_id" INTEGER, "created_at" DATETIME NOT NULL, "deleted_at" DATETIME, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("ticket_id") REFERENCES "ticket" ("id") ON DELETE CASCADE, FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON DELETE CASCADE, FOREIGN KEY ("operator_id") REFERENCES "staff" ("id") ON DELETE SET NULL);
CREATE INDEX "attachment_ticket_id" ON "attachment" ("ticket_id");
CREATE INDEX "attachment_equipment_id" ON "attachment" ("equipment_id");
CREATE INDEX "attachment_operator_id" ON "attachment" ("operator_id");
CREATE INDEX "attachment_customer_id_deleted_at" ON "attachment" ("customer_id", "deleted_at");

CREATE TABLE "attachment_chunk" ("id" INTEGER NOT NULL PRIMARY KEY, "attachment_id" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "data" BLOB NOT NULL, FOREIGN KEY ("attachment_id") REFERENCES "attachment" ("id") ON DELETE CASCADE);
CREATE UNIQUE INDEX "attachment_chunk_attachment_id_seq" ON "attachment_chunk" ("attachment_id", "seq");
