-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "cancelThroughId" INTEGER;

-- AlterTable
ALTER TABLE "BulkCancellation" ADD COLUMN "completedAt" DATETIME;
ALTER TABLE "BulkCancellation" ADD COLUMN "throughId" INTEGER;
