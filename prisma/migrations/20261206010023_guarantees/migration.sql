-- CreateEnum
CREATE TYPE "GuaranteeStatus" AS ENUM ('REQUESTED', 'UNDER_REVIEW', 'APPROVED', 'DECLINED', 'IN_FORCE', 'LAPSED', 'RELEASED', 'CLAIMED');

-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('FILED', 'GUARANTOR_PAID', 'SETTLED');

-- AlterEnum
ALTER TYPE "ApplicationStatus" ADD VALUE 'GUARANTEE_DECLINED';

-- AlterEnum
ALTER TYPE "InstitutionKind" ADD VALUE 'REGUARANTOR';
ALTER TYPE "InstitutionKind" ADD VALUE 'NATIONAL_FUND';

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'GUARANTEE_APPROVER';

-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'GUARANTEE_REVIEW';
ALTER TYPE "TaskKind" ADD VALUE 'GUARANTEE_DECISION';
ALTER TYPE "TaskKind" ADD VALUE 'CLAIM_PAYMENT';
ALTER TYPE "TaskKind" ADD VALUE 'POOL_DECISION';

-- CreateTable
CREATE TABLE "WhitelistVersion" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "publishedById" UUID NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WhitelistVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WhitelistEntry" (
    "id" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "uscc" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "reference" TEXT NOT NULL,

    CONSTRAINT "WhitelistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SharingSchemeVersion" (
    "id" UUID NOT NULL,
    "family" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "publishedById" UUID NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SharingSchemeVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FrameworkAgreement" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "providerId" UUID NOT NULL,
    "beneficiaryId" UUID NOT NULL,
    "schemeFamily" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE NOT NULL,
    "quotaFen" BIGINT NOT NULL,
    "perFirmLimitFen" BIGINT NOT NULL,
    "guaranteeFeeBp" INTEGER,
    "reguaranteeFeeBp" INTEGER,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FrameworkAgreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Guarantee" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "guarantorId" UUID NOT NULL,
    "schemeVersion" TEXT NOT NULL,
    "poolPolicy" TEXT NOT NULL,
    "whitelistVersion" INTEGER,
    "status" "GuaranteeStatus" NOT NULL DEFAULT 'REQUESTED',
    "route" TEXT,
    "amountFen" BIGINT,
    "termMonths" INTEGER,
    "sharesBp" JSONB,
    "guaranteeFeeBp" INTEGER,
    "reguaranteeFeeBp" INTEGER,
    "guaranteeFeeFen" BIGINT,
    "reguaranteeFeeFen" BIGINT,
    "batchAgreementId" UUID,
    "reguaranteeAgreementId" UUID,
    "fundAgreementId" UUID,
    "reviewedById" UUID,
    "decidedById" UUID,
    "loanId" UUID,
    "inForceOn" DATE,
    "endedOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Guarantee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuaranteeClaim" (
    "id" UUID NOT NULL,
    "guaranteeId" UUID NOT NULL,
    "loanId" UUID NOT NULL,
    "poolId" UUID NOT NULL,
    "status" "ClaimStatus" NOT NULL DEFAULT 'FILED',
    "daysPastDue" INTEGER NOT NULL,
    "lossFen" BIGINT NOT NULL,
    "settlement" JSONB NOT NULL,
    "filedById" UUID NOT NULL,
    "filedAt" TIMESTAMPTZ(3) NOT NULL,
    "settledAt" TIMESTAMPTZ(3),
    "workflowId" TEXT NOT NULL,

    CONSTRAINT "GuaranteeClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClaimPayment" (
    "id" UUID NOT NULL,
    "claimId" UUID NOT NULL,
    "payer" TEXT NOT NULL,
    "payee" TEXT NOT NULL,
    "payerId" UUID NOT NULL,
    "payeeId" UUID NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "dueAt" TIMESTAMPTZ(3),
    "paidOn" DATE,
    "reference" TEXT,
    "recordedById" UUID,

    CONSTRAINT "ClaimPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recovery" (
    "id" UUID NOT NULL,
    "claimId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "shares" JSONB NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recovery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Breaker" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "rateBp" INTEGER NOT NULL,
    "capBp" INTEGER NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Breaker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WhitelistVersion_version_key" ON "WhitelistVersion"("version");

-- CreateIndex
CREATE UNIQUE INDEX "WhitelistEntry_versionId_uscc_key" ON "WhitelistEntry"("versionId", "uscc");

-- CreateIndex
CREATE UNIQUE INDEX "SharingSchemeVersion_version_key" ON "SharingSchemeVersion"("version");

-- CreateIndex
CREATE UNIQUE INDEX "FrameworkAgreement_reference_key" ON "FrameworkAgreement"("reference");

-- CreateIndex
CREATE INDEX "FrameworkAgreement_providerId_beneficiaryId_kind_idx" ON "FrameworkAgreement"("providerId", "beneficiaryId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Guarantee_applicationId_key" ON "Guarantee"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Guarantee_loanId_key" ON "Guarantee"("loanId");

-- CreateIndex
CREATE INDEX "Guarantee_enterpriseId_status_idx" ON "Guarantee"("enterpriseId", "status");

-- CreateIndex
CREATE INDEX "Guarantee_guarantorId_status_idx" ON "Guarantee"("guarantorId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "GuaranteeClaim_guaranteeId_key" ON "GuaranteeClaim"("guaranteeId");

-- CreateIndex
CREATE UNIQUE INDEX "GuaranteeClaim_workflowId_key" ON "GuaranteeClaim"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "ClaimPayment_claimId_payer_key" ON "ClaimPayment"("claimId", "payer");

-- CreateIndex
CREATE UNIQUE INDEX "Recovery_claimId_sequence_key" ON "Recovery"("claimId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "Recovery_claimId_reference_key" ON "Recovery"("claimId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "Breaker_scope_key" ON "Breaker"("scope");

-- AddForeignKey
ALTER TABLE "WhitelistEntry" ADD CONSTRAINT "WhitelistEntry_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "WhitelistVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Guarantee" ADD CONSTRAINT "Guarantee_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Guarantee" ADD CONSTRAINT "Guarantee_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Guarantee" ADD CONSTRAINT "Guarantee_guarantorId_fkey" FOREIGN KEY ("guarantorId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GuaranteeClaim" ADD CONSTRAINT "GuaranteeClaim_guaranteeId_fkey" FOREIGN KEY ("guaranteeId") REFERENCES "Guarantee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimPayment" ADD CONSTRAINT "ClaimPayment_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "GuaranteeClaim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recovery" ADD CONSTRAINT "Recovery_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "GuaranteeClaim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A published whitelist version, its entries, a published scheme and a recovery are never
-- changed: an edit is a new version, a correction a new recovery.
CREATE TRIGGER "WhitelistVersion_immutable"
  BEFORE UPDATE OR DELETE ON "WhitelistVersion"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();

CREATE TRIGGER "WhitelistEntry_immutable"
  BEFORE UPDATE OR DELETE ON "WhitelistEntry"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();

CREATE TRIGGER "SharingSchemeVersion_immutable"
  BEFORE UPDATE OR DELETE ON "SharingSchemeVersion"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();

CREATE TRIGGER "Recovery_immutable"
  BEFORE UPDATE OR DELETE ON "Recovery"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();
