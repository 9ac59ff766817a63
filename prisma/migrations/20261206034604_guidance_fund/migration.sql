-- CreateEnum
CREATE TYPE "FundStage" AS ENUM ('SEED', 'STARTUP', 'GROWTH', 'MATURE');

-- CreateEnum
CREATE TYPE "InvestmentEventKind" AS ENUM ('ENTRY', 'FOLLOW_ON', 'MARK', 'EXIT', 'WRITE_OFF');

-- CreateEnum
CREATE TYPE "BuybackStatus" AS ENUM ('REQUESTED', 'APPROVED', 'DECLINED', 'SETTLED');

-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'REPORT';
ALTER TYPE "TaskKind" ADD VALUE 'SEED_SHARE';
ALTER TYPE "TaskKind" ADD VALUE 'BUYBACK_APPROVAL';
ALTER TYPE "TaskKind" ADD VALUE 'BUYBACK_PAYMENT';

-- DropForeignKey
ALTER TABLE "Task" DROP CONSTRAINT "Task_applicationId_fkey";

-- AlterTable: a fund's tasks belong to a sub-fund, not to a credit case; each task to exactly one.
ALTER TABLE "Task" ADD COLUMN     "subFundId" UUID,
ALTER COLUMN "applicationId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "SubFund" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "guidanceFundId" UUID NOT NULL,
    "termsVersion" TEXT NOT NULL,
    "closedOn" DATE NOT NULL,
    "createdById" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubFund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubFundCommitment" (
    "id" UUID NOT NULL,
    "subFundId" UUID NOT NULL,
    "holder" TEXT NOT NULL,
    "institutionId" UUID,
    "isGuidanceFund" BOOLEAN NOT NULL DEFAULT false,
    "amountFen" BIGINT NOT NULL,
    "committedOn" DATE NOT NULL,

    CONSTRAINT "SubFundCommitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundInvestment" (
    "id" UUID NOT NULL,
    "subFundId" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "roundCommitmentId" UUID,
    "stageAtEntry" "FundStage" NOT NULL,
    "stageTest" JSONB NOT NULL,
    "investedOn" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FundInvestment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvestmentEvent" (
    "id" UUID NOT NULL,
    "investmentId" UUID NOT NULL,
    "kind" "InvestmentEventKind" NOT NULL,
    "on" DATE NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "units" BIGINT,
    "detail" JSONB,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvestmentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Buyback" (
    "id" UUID NOT NULL,
    "subFundId" UUID NOT NULL,
    "buyerId" UUID NOT NULL,
    "status" "BuybackStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedById" UUID NOT NULL,
    "requestedOn" DATE NOT NULL,
    "price" JSONB NOT NULL,
    "priceFen" BIGINT NOT NULL,
    "decidedById" UUID,
    "reasons" TEXT[],
    "paidOn" DATE,
    "reference" TEXT,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Buyback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubFund_institutionId_key" ON "SubFund"("institutionId");

-- CreateIndex
CREATE UNIQUE INDEX "SubFund_workflowId_key" ON "SubFund"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "SubFundCommitment_subFundId_holder_key" ON "SubFundCommitment"("subFundId", "holder");

-- CreateIndex
CREATE UNIQUE INDEX "FundInvestment_roundCommitmentId_key" ON "FundInvestment"("roundCommitmentId");

-- CreateIndex
CREATE UNIQUE INDEX "FundInvestment_subFundId_enterpriseId_key" ON "FundInvestment"("subFundId", "enterpriseId");

-- CreateIndex
CREATE INDEX "InvestmentEvent_investmentId_on_idx" ON "InvestmentEvent"("investmentId", "on");

-- CreateIndex
CREATE UNIQUE INDEX "Buyback_workflowId_key" ON "Buyback"("workflowId");

-- CreateIndex
CREATE INDEX "Task_subFundId_idx" ON "Task"("subFundId");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_subFundId_fkey" FOREIGN KEY ("subFundId") REFERENCES "SubFund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubFundCommitment" ADD CONSTRAINT "SubFundCommitment_subFundId_fkey" FOREIGN KEY ("subFundId") REFERENCES "SubFund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundInvestment" ADD CONSTRAINT "FundInvestment_subFundId_fkey" FOREIGN KEY ("subFundId") REFERENCES "SubFund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestmentEvent" ADD CONSTRAINT "InvestmentEvent_investmentId_fkey" FOREIGN KEY ("investmentId") REFERENCES "FundInvestment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Buyback" ADD CONSTRAINT "Buyback_subFundId_fkey" FOREIGN KEY ("subFundId") REFERENCES "SubFund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Task" ADD CONSTRAINT "Task_one_subject"
  CHECK (("applicationId" IS NULL) <> ("subFundId" IS NULL));

-- An investment's history is a ledger: a correction is a new event, never an edit.
CREATE TRIGGER "InvestmentEvent_immutable"
  BEFORE UPDATE OR DELETE ON "InvestmentEvent"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();
