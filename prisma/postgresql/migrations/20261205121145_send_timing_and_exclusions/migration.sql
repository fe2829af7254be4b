-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "countryDelays" TEXT,
ADD COLUMN     "exclusions" TEXT,
ADD COLUMN     "frequencyCapDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "resumeOverHours" INTEGER NOT NULL DEFAULT 6,
ADD COLUMN     "sendWindow" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "attributes" TEXT;

-- CreateIndex
CREATE INDEX "Order_shop_skipReason_updatedAt_idx" ON "Order"("shop", "skipReason", "updatedAt");
