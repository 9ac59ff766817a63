-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "workflowStartedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "deliveredAt" TIMESTAMPTZ(3);

-- Cases and documents from before: their workflows started and were told, or the filing failed
-- loudly at the time.
UPDATE "Application" SET "workflowStartedAt" = "createdAt";
UPDATE "Document" SET "deliveredAt" = "uploadedAt";
