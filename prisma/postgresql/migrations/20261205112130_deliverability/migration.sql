-- AlterTable
ALTER TABLE "Suppression" ADD COLUMN     "reason" TEXT NOT NULL DEFAULT 'unsubscribed';

-- CreateTable
CREATE TABLE "SenderDomain" (
    "shop" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "selector" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKey" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "checkedAt" TIMESTAMP(3),
    "checkResult" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SenderDomain_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "DeliveryReport" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "invitationId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT,
    "diagnostic" TEXT,
    "via" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeliveryReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeliveryReport_shop_kind_idx" ON "DeliveryReport"("shop", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryReport_invitationId_kind_key" ON "DeliveryReport"("invitationId", "kind");

-- AddForeignKey
ALTER TABLE "DeliveryReport" ADD CONSTRAINT "DeliveryReport_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
