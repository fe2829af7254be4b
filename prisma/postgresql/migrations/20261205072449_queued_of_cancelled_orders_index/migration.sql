-- DropIndex
DROP INDEX "Invitation_shop_orderCancelledAt_idx";

-- CreateIndex
CREATE INDEX "Invitation_shop_status_orderCancelledAt_idx" ON "Invitation"("shop", "status", "orderCancelledAt");
