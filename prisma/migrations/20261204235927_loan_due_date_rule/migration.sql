-- AlterTable: every loan contracted before the rule was a term kept its due dates unadjusted.
ALTER TABLE "Loan" ADD COLUMN     "dueDateRule" TEXT NOT NULL DEFAULT 'unadjusted';
ALTER TABLE "Loan" ALTER COLUMN "dueDateRule" DROP DEFAULT;
