-- AlterTable
ALTER TABLE "IdempotencyRecord" ALTER COLUMN "status" DROP NOT NULL,
ALTER COLUMN "body" DROP NOT NULL;
