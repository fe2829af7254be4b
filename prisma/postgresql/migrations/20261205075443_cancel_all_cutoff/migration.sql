-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "cancelThroughId" INTEGER;

-- AlterTable
ALTER TABLE "BulkCancellation" ADD COLUMN     "completedAt" TIMESTAMP(3),
ADD COLUMN     "throughId" INTEGER;
