-- CreateEnum
CREATE TYPE "InstitutionKind" AS ENUM ('BANK', 'GUARANTOR', 'RISK_POOL', 'GUIDANCE_FUND', 'PLATFORM');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('APPLICANT', 'OFFICER', 'APPROVER', 'GUARANTOR', 'FUND_MANAGER', 'POOL_MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('SUBMITTED', 'ASSESSING', 'UNDER_REVIEW', 'AWAITING_DECISION', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('REVIEW', 'DECISION');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('OPEN', 'DONE');

-- CreateEnum
CREATE TYPE "DecisionStage" AS ENUM ('REVIEW', 'APPROVAL');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('APPROVE', 'REJECT');

-- CreateEnum
CREATE TYPE "IpRightType" AS ENUM ('INVENTION_PATENT', 'DEFENCE_PATENT', 'PLANT_VARIETY', 'CROP_VARIETY', 'NEW_DRUG', 'TCM_VARIETY', 'IC_LAYOUT', 'UTILITY_MODEL', 'DESIGN_PATENT', 'SOFTWARE_COPYRIGHT', 'TRADEMARK');

-- CreateEnum
CREATE TYPE "IpRightStatus" AS ENUM ('VALID', 'PENDING', 'LAPSED', 'PLEDGED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "CertificateKind" AS ENUM ('HIGH_TECH', 'TECH_SME');

-- CreateTable
CREATE TABLE "Institution" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "InstitutionKind" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "roles" "Role"[],
    "institutionId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "indicators" JSONB NOT NULL,
    "preferredLanguage" TEXT NOT NULL DEFAULT 'zh',
    "ownerId" UUID NOT NULL,
    "cluster" TEXT,
    "listingTier" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorSnapshot" (
    "id" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "indicators" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IndicatorSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpRight" (
    "id" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "type" "IpRightType" NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "IpRightStatus" NOT NULL,
    "expiresOn" DATE,
    "tiedToProduct" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IpRight_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "kind" "CertificateKind" NOT NULL,
    "number" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScorecardVersion" (
    "id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "publishedById" UUID NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScorecardVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "bankId" UUID NOT NULL,
    "product" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "workflowId" TEXT NOT NULL,
    "policyVersions" JSONB NOT NULL,
    "filedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "applicationId" UUID,
    "model" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "points" INTEGER,
    "eligible" BOOLEAN NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "role" "Role" NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "escalatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),
    "completedById" UUID,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "stage" "DecisionStage" NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "amountFen" BIGINT,
    "annualRate" DECIMAL(9,6),
    "termMonths" INTEGER,
    "reasons" TEXT[],
    "actorId" UUID NOT NULL,
    "actorRole" "Role" NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Letter" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "replacesId" UUID,
    "sha256" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorRole" "Role",
    "entityType" TEXT NOT NULL,
    "entityId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "dedupeKey" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "userId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Enterprise_uscc_key" ON "Enterprise"("uscc");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorSnapshot_enterpriseId_year_key" ON "IndicatorSnapshot"("enterpriseId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "IpRight_enterpriseId_type_number_key" ON "IpRight"("enterpriseId", "type", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_enterpriseId_kind_number_key" ON "Certificate"("enterpriseId", "kind", "number");

-- CreateIndex
CREATE UNIQUE INDEX "ScorecardVersion_model_version_key" ON "ScorecardVersion"("model", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Application_reference_key" ON "Application"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Application_workflowId_key" ON "Application"("workflowId");

-- CreateIndex
CREATE INDEX "Application_bankId_status_idx" ON "Application"("bankId", "status");

-- CreateIndex
CREATE INDEX "Application_enterpriseId_idx" ON "Application"("enterpriseId");

-- CreateIndex
CREATE INDEX "Assessment_enterpriseId_createdAt_idx" ON "Assessment"("enterpriseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_applicationId_model_key" ON "Assessment"("applicationId", "model");

-- CreateIndex
CREATE INDEX "Task_institutionId_status_idx" ON "Task"("institutionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Task_applicationId_kind_key" ON "Task"("applicationId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_applicationId_stage_key" ON "Decision"("applicationId", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "Letter_replacesId_key" ON "Letter"("replacesId");

-- CreateIndex
CREATE UNIQUE INDEX "Letter_verificationCode_key" ON "Letter"("verificationCode");

-- CreateIndex
CREATE UNIQUE INDEX "Letter_applicationId_kind_language_revision_key" ON "Letter"("applicationId", "kind", "language", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_dedupeKey_key" ON "AuditEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enterprise" ADD CONSTRAINT "Enterprise_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorSnapshot" ADD CONSTRAINT "IndicatorSnapshot_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpRight" ADD CONSTRAINT "IpRight_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_bankId_fkey" FOREIGN KEY ("bankId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_replacesId_fkey" FOREIGN KEY ("replacesId") REFERENCES "Letter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The audit trail is append-only: history cannot be rewritten, even by the application.
CREATE FUNCTION "audit_event_is_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent rows are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_is_append_only"();
