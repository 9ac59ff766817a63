-- AlterTable
ALTER TABLE "Letter" ADD COLUMN     "sealId" UUID;

-- CreateTable
CREATE TABLE "InstitutionSeal" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "image" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "signatory" TEXT NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" UUID,

    CONSTRAINT "InstitutionSeal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InstitutionSeal_institutionId_version_key" ON "InstitutionSeal"("institutionId", "version");

-- AddForeignKey
ALTER TABLE "InstitutionSeal" ADD CONSTRAINT "InstitutionSeal_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_sealId_fkey" FOREIGN KEY ("sealId") REFERENCES "InstitutionSeal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A published seal is never changed: a new one is the next version.
CREATE TRIGGER "InstitutionSeal_immutable"
  BEFORE UPDATE OR DELETE ON "InstitutionSeal"
  FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_record"();
