-- CreateEnum
CREATE TYPE "WarrantStatus" AS ENUM ('GRANTED', 'EXERCISED', 'EXPIRED');

-- AlterEnum
ALTER TYPE "CapTableEvent" ADD VALUE 'WARRANT_EXERCISE';

-- CreateTable
CREATE TABLE "Warrant" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "enterpriseId" UUID NOT NULL,
    "affiliateId" UUID NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "subscriptionFen" BIGINT NOT NULL,
    "equityBp" INTEGER NOT NULL,
    "grantedOn" DATE NOT NULL,
    "exercisableFrom" DATE NOT NULL,
    "expiresOn" DATE NOT NULL,
    "status" "WarrantStatus" NOT NULL DEFAULT 'GRANTED',
    "exercisedOn" DATE,
    "unitsIssued" BIGINT,
    "grantedById" UUID NOT NULL,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Warrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Warrant_applicationId_key" ON "Warrant"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Warrant_workflowId_key" ON "Warrant"("workflowId");

-- AddForeignKey
ALTER TABLE "Warrant" ADD CONSTRAINT "Warrant_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
