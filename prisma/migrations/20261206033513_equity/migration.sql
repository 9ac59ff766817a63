-- CreateEnum
CREATE TYPE "CapitalUnit" AS ENUM ('REGISTERED_CAPITAL_FEN', 'SHARES');

-- CreateEnum
CREATE TYPE "ShareClass" AS ENUM ('ORDINARY', 'PREFERRED');

-- CreateEnum
CREATE TYPE "CapTableEvent" AS ENUM ('FOUNDING', 'ROUND');

-- CreateEnum
CREATE TYPE "RoundInstrument" AS ENUM ('ORDINARY', 'PREFERRED', 'CONVERTIBLE_NOTE');

-- CreateEnum
CREATE TYPE "RoundStatus" AS ENUM ('OPEN', 'CLOSED', 'LAPSED');

-- CreateEnum
CREATE TYPE "CommitmentStatus" AS ENUM ('COMMITTED', 'INVESTED', 'RELEASED');

-- AlterEnum
ALTER TYPE "InstitutionKind" ADD VALUE 'SUB_FUND';
ALTER TYPE "InstitutionKind" ADD VALUE 'INVESTOR';

-- AlterTable
ALTER TABLE "Enterprise" ADD COLUMN     "capitalUnit" "CapitalUnit";

-- CreateTable
CREATE TABLE "Shareholder" (
    "id" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "institutionId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Shareholder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CapTableEntry" (
    "id" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "shareholderId" UUID NOT NULL,
    "shareClass" "ShareClass" NOT NULL,
    "unitsDelta" BIGINT NOT NULL,
    "event" "CapTableEvent" NOT NULL,
    "sourceId" UUID NOT NULL,
    "effectiveOn" DATE NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CapTableEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EquityRound" (
    "id" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "instrument" "RoundInstrument" NOT NULL,
    "preMoneyFen" BIGINT NOT NULL,
    "amountSoughtFen" BIGINT NOT NULL,
    "minimumFen" BIGINT NOT NULL,
    "deadline" DATE NOT NULL,
    "conditions" TEXT[],
    "status" "RoundStatus" NOT NULL DEFAULT 'OPEN',
    "openedOn" DATE NOT NULL,
    "openedById" UUID NOT NULL,
    "conditionsConfirmedAt" TIMESTAMPTZ(3),
    "conditionsConfirmedById" UUID,
    "closedOn" DATE,
    "unitsBefore" BIGINT,
    "unitsAfter" BIGINT,
    "postMoneyFen" BIGINT,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EquityRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundCommitment" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "investorId" UUID NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "status" "CommitmentStatus" NOT NULL DEFAULT 'COMMITTED',
    "committedById" UUID NOT NULL,
    "committedAt" TIMESTAMPTZ(3) NOT NULL,
    "unitsIssued" BIGINT,
    "capitalReserveFen" BIGINT,
    "taxTest" JSONB,
    "deductibleFrom" DATE,
    "deductibleFen" BIGINT,
    "deductionNotifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RoundCommitment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Shareholder_enterpriseId_name_key" ON "Shareholder"("enterpriseId", "name");

-- CreateIndex
CREATE INDEX "CapTableEntry_enterpriseId_effectiveOn_idx" ON "CapTableEntry"("enterpriseId", "effectiveOn");

-- CreateIndex
CREATE UNIQUE INDEX "CapTableEntry_sourceId_shareholderId_shareClass_key" ON "CapTableEntry"("sourceId", "shareholderId", "shareClass");

-- CreateIndex
CREATE UNIQUE INDEX "EquityRound_workflowId_key" ON "EquityRound"("workflowId");

-- CreateIndex
CREATE INDEX "EquityRound_enterpriseId_status_idx" ON "EquityRound"("enterpriseId", "status");

-- CreateIndex
CREATE INDEX "RoundCommitment_investorId_idx" ON "RoundCommitment"("investorId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundCommitment_roundId_investorId_key" ON "RoundCommitment"("roundId", "investorId");

-- AddForeignKey
ALTER TABLE "Shareholder" ADD CONSTRAINT "Shareholder_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapTableEntry" ADD CONSTRAINT "CapTableEntry_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapTableEntry" ADD CONSTRAINT "CapTableEntry_shareholderId_fkey" FOREIGN KEY ("shareholderId") REFERENCES "Shareholder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EquityRound" ADD CONSTRAINT "EquityRound_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundCommitment" ADD CONSTRAINT "RoundCommitment_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "EquityRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundCommitment" ADD CONSTRAINT "RoundCommitment_investorId_fkey" FOREIGN KEY ("investorId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The cap table is a ledger: a change of holdings is a new entry, never an edit.
CREATE TRIGGER "CapTableEntry_immutable"
  BEFORE UPDATE OR DELETE ON "CapTableEntry"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();
