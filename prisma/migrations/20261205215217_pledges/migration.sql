-- CreateEnum
CREATE TYPE "PledgeStatus" AS ENUM ('PROPOSED', 'FILED', 'REGISTERED', 'REJECTED', 'RELEASE_FILED', 'RELEASED', 'WITHDRAWN', 'DISPOSED');

-- AlterEnum
ALTER TYPE "ApplicationStatus" ADD VALUE 'CANCELLED';

-- AlterEnum
ALTER TYPE "LoanStatus" ADD VALUE 'CANCELLED';
ALTER TYPE "LoanStatus" ADD VALUE 'IN_DISPOSAL';
ALTER TYPE "LoanStatus" ADD VALUE 'DISPOSED';

-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'COLLATERAL';
ALTER TYPE "TaskKind" ADD VALUE 'FILING_OVERDUE';
ALTER TYPE "TaskKind" ADD VALUE 'TOP_UP';

-- AlterTable
ALTER TABLE "Loan" ADD COLUMN     "lossInterestFen" BIGINT,
ADD COLUMN     "lossPrincipalFen" BIGINT;

-- CreateTable
CREATE TABLE "Pledge" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "shareholder" TEXT,
    "subscribedFen" BIGINT,
    "shareBp" INTEGER,
    "status" "PledgeStatus" NOT NULL DEFAULT 'PROPOSED',
    "appraiser" TEXT,
    "appraisedOn" DATE,
    "appraisedValueFen" BIGINT,
    "appraisalMethod" TEXT,
    "appraisalDocumentId" UUID,
    "filings" INTEGER NOT NULL DEFAULT 0,
    "filingReference" TEXT,
    "filedAt" TIMESTAMPTZ(3),
    "registrationNumber" TEXT,
    "registeredOn" DATE,
    "rejectionReason" TEXT,
    "releasedOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pledge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disposal" (
    "id" UUID NOT NULL,
    "loanId" UUID NOT NULL,
    "pledgeId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "counterparty" TEXT NOT NULL,
    "disposedOn" DATE NOT NULL,
    "proceedsFen" BIGINT NOT NULL,
    "toInterestFen" BIGINT NOT NULL,
    "toPrincipalFen" BIGINT NOT NULL,
    "surplusFen" BIGINT NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Disposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FakeIpRecord" (
    "registry" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "holderUscc" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "inForce" BOOLEAN NOT NULL DEFAULT true,
    "feesPaidTo" DATE,
    "invalidationRequested" BOOLEAN NOT NULL DEFAULT false,
    "pledgedUnder" TEXT,
    "rejectFilingWith" TEXT,
    "decisionWorkingDays" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FakeIpRecord_pkey" PRIMARY KEY ("registry","number")
);

-- CreateTable
CREATE TABLE "FakeEquityRecord" (
    "companyUscc" TEXT NOT NULL,
    "shareholder" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "subscribedFen" BIGINT NOT NULL,
    "shareBp" INTEGER NOT NULL,
    "frozen" BOOLEAN NOT NULL DEFAULT false,
    "articlesForbidPledge" BOOLEAN NOT NULL DEFAULT false,
    "pledgedUnder" TEXT,
    "rejectFilingWith" TEXT,
    "decisionWorkingDays" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FakeEquityRecord_pkey" PRIMARY KEY ("companyUscc","shareholder")
);

-- CreateTable
CREATE TABLE "FakeRegistryFiling" (
    "reference" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "pledgee" TEXT NOT NULL,
    "securedFen" BIGINT NOT NULL,
    "registrationNumber" TEXT,
    "filedOn" DATE NOT NULL,
    "decidesOn" DATE NOT NULL,
    "outcome" TEXT,
    "decidedNumber" TEXT,
    "reason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FakeRegistryFiling_pkey" PRIMARY KEY ("reference")
);

-- CreateIndex
CREATE INDEX "Pledge_kind_number_idx" ON "Pledge"("kind", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Pledge_applicationId_ordinal_key" ON "Pledge"("applicationId", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Disposal_pledgeId_key" ON "Disposal"("pledgeId");

-- CreateIndex
CREATE INDEX "Disposal_loanId_idx" ON "Disposal"("loanId");

-- CreateIndex
CREATE UNIQUE INDEX "FakeRegistryFiling_idempotencyKey_key" ON "FakeRegistryFiling"("idempotencyKey");

-- AddForeignKey
ALTER TABLE "Pledge" ADD CONSTRAINT "Pledge_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Disposal" ADD CONSTRAINT "Disposal_loanId_fkey" FOREIGN KEY ("loanId") REFERENCES "Loan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
