-- CreateTable
CREATE TABLE "AuditText" (
    "id" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditText_pkey" PRIMARY KEY ("id")
);
