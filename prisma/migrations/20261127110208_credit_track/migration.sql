-- CreateEnum
CREATE TYPE "ApprovalLevel" AS ENUM ('SUB_BRANCH_APPROVER', 'BRANCH_APPROVER', 'CREDIT_COMMITTEE');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('OPEN', 'ACCEPTED', 'DECLINED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "LoanStatus" AS ENUM ('CONTRACTED', 'LIVE', 'REPAID');

-- CreateEnum
CREATE TYPE "DisbursementStatus" AS ENUM ('PENDING', 'PAID');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ApplicationStatus" ADD VALUE 'AWAITING_DOCUMENTS';
ALTER TYPE "ApplicationStatus" ADD VALUE 'WITHDRAWN';
ALTER TYPE "ApplicationStatus" ADD VALUE 'EXPIRED';
ALTER TYPE "ApplicationStatus" ADD VALUE 'OFFER_DECLINED';
ALTER TYPE "ApplicationStatus" ADD VALUE 'OFFER_EXPIRED';
ALTER TYPE "ApplicationStatus" ADD VALUE 'CONTRACTED';
ALTER TYPE "ApplicationStatus" ADD VALUE 'DISBURSED';

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'COMMITTEE_MEMBER';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TaskKind" ADD VALUE 'DOCUMENTS';
ALTER TYPE "TaskKind" ADD VALUE 'COMMITTEE';
ALTER TYPE "TaskKind" ADD VALUE 'INFORMATION';
ALTER TYPE "TaskKind" ADD VALUE 'OFFER';
ALTER TYPE "TaskKind" ADD VALUE 'CONDITIONS';
ALTER TYPE "TaskKind" ADD VALUE 'EARLY_WARNING';

-- AlterEnum
ALTER TYPE "TaskStatus" ADD VALUE 'CANCELLED';

-- DropIndex
DROP INDEX "Letter_applicationId_kind_language_revision_key";

-- DropIndex
DROP INDEX "Task_applicationId_kind_key";

-- DropIndex
DROP INDEX "Task_institutionId_status_idx";

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "approvalLevel" "ApprovalLevel",
ADD COLUMN     "decisionDueAt" TIMESTAMPTZ(3),
ADD COLUMN     "fileCompletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "grade" TEXT;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "conditions" TEXT[],
ADD COLUMN     "level" "ApprovalLevel",
ADD COLUMN     "repaymentMethod" TEXT,
ALTER COLUMN "actorId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "sequence" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "detail" JSONB,
ADD COLUMN     "key" TEXT,
ADD COLUMN     "level" "ApprovalLevel",
ADD COLUMN     "remindedAt" TIMESTAMPTZ(3);

-- Tasks opened before keys existed were one per case and kind.
UPDATE "Task" SET "key" = "applicationId" || ':' || "kind";
ALTER TABLE "Task" ALTER COLUMN "key" SET NOT NULL;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "approvalLevel" "ApprovalLevel";

-- CreateTable
CREATE TABLE "CommitteeVote" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "choice" "DecisionOutcome" NOT NULL,
    "reasons" TEXT[],
    "castAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CommitteeVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" UUID NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "annualRate" DECIMAL(9,6) NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "repaymentMethod" TEXT NOT NULL,
    "conditions" TEXT[],
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,
    "validUntil" TIMESTAMPTZ(3) NOT NULL,
    "status" "OfferStatus" NOT NULL DEFAULT 'OPEN',
    "respondedAt" TIMESTAMPTZ(3),
    "respondedById" UUID,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Loan" (
    "id" UUID NOT NULL,
    "contractNumber" TEXT NOT NULL,
    "applicationId" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "annualRate" DECIMAL(9,6) NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "repaymentMethod" TEXT NOT NULL,
    "dayCount" TEXT NOT NULL,
    "conditions" TEXT[],
    "status" "LoanStatus" NOT NULL DEFAULT 'CONTRACTED',
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "signedById" UUID NOT NULL,
    "disbursedOn" DATE,
    "schedule" JSONB,
    "classification" TEXT NOT NULL DEFAULT 'normal',
    "daysPastDue" INTEGER NOT NULL DEFAULT 0,
    "classificationPolicy" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "repaidAt" TIMESTAMPTZ(3),

    CONSTRAINT "Loan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disbursement" (
    "id" UUID NOT NULL,
    "loanId" UUID NOT NULL,
    "tranche" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "status" "DisbursementStatus" NOT NULL DEFAULT 'PENDING',
    "transferReference" TEXT,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidAt" TIMESTAMPTZ(3),

    CONSTRAINT "Disbursement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Repayment" (
    "id" UUID NOT NULL,
    "loanId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Repayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FakeCoreBankingTransfer" (
    "reference" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "bookedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FakeCoreBankingTransfer_pkey" PRIMARY KEY ("reference")
);

-- CreateIndex
CREATE UNIQUE INDEX "CommitteeVote_applicationId_memberId_key" ON "CommitteeVote"("applicationId", "memberId");

-- CreateIndex
CREATE INDEX "Document_applicationId_type_idx" ON "Document"("applicationId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_applicationId_key" ON "Offer"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Loan_contractNumber_key" ON "Loan"("contractNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Loan_applicationId_key" ON "Loan"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Loan_workflowId_key" ON "Loan"("workflowId");

-- CreateIndex
CREATE INDEX "Loan_bankId_status_idx" ON "Loan"("bankId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Disbursement_key_key" ON "Disbursement"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Disbursement_loanId_tranche_key" ON "Disbursement"("loanId", "tranche");

-- CreateIndex
CREATE UNIQUE INDEX "Repayment_key_key" ON "Repayment"("key");

-- CreateIndex
CREATE INDEX "Repayment_loanId_receivedOn_idx" ON "Repayment"("loanId", "receivedOn");

-- CreateIndex
CREATE UNIQUE INDEX "FakeCoreBankingTransfer_idempotencyKey_key" ON "FakeCoreBankingTransfer"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Letter_applicationId_kind_sequence_language_revision_key" ON "Letter"("applicationId", "kind", "sequence", "language", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "Task_key_key" ON "Task"("key");

-- CreateIndex
CREATE INDEX "Task_institutionId_status_dueAt_idx" ON "Task"("institutionId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Task_applicationId_idx" ON "Task"("applicationId");

-- AddForeignKey
ALTER TABLE "CommitteeVote" ADD CONSTRAINT "CommitteeVote_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Loan" ADD CONSTRAINT "Loan_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disbursement" ADD CONSTRAINT "Disbursement_loanId_fkey" FOREIGN KEY ("loanId") REFERENCES "Loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Repayment" ADD CONSTRAINT "Repayment_loanId_fkey" FOREIGN KEY ("loanId") REFERENCES "Loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A vote, like a decision, is never changed once cast.
CREATE TRIGGER "CommitteeVote_immutable"
  BEFORE UPDATE OR DELETE ON "CommitteeVote"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();
