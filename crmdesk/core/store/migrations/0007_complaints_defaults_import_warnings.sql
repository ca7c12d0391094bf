-- CRMDesk schema version 7: the complaint sheet's own columns on tickets (问题类型 as the
-- complaint type, 客户诉求, 情绪状态, 责任部门), so that 客户投诉处理工单 imports and exports
-- back as typed; customer.defaulted names the fields an import set to their visible default
-- because the ledger held no value (the data-health report counts them as 未填（默认）); an
-- import batch remembers its warnings (values set aside) and the layout it recognised.

ALTER TABLE "ticket" ADD COLUMN "complaint_type" VARCHAR(30) NOT NULL DEFAULT '';
ALTER TABLE "ticket" ADD COLUMN "demand" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ticket" ADD COLUMN "mood" VARCHAR(20) NOT NULL DEFAULT '';
ALTER TABLE "ticket" ADD COLUMN "department" VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE "customer" ADD COLUMN "defaulted" VARCHAR(60) NOT NULL DEFAULT '';
ALTER TABLE "import_batch" ADD COLUMN "warnings" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "import_batch" ADD COLUMN "source" VARCHAR(40) NOT NULL DEFAULT '';
