-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "erasures" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Erasure" (
    "shop" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Erasure_pkey" PRIMARY KEY ("shop","hash")
);

-- CreateTable
CREATE TABLE "InvitationQuota" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InvitationQuota_pkey" PRIMARY KEY ("shop","day")
);
