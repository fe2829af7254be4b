-- CreateIndex
CREATE INDEX "Invitation_shop_orderName_idx" ON "Invitation"("shop", "orderName");

-- CreateIndex
CREATE INDEX "Invitation_shop_customerName_idx" ON "Invitation"("shop", "customerName");

-- CreateIndex
CREATE INDEX "Invitation_shop_status_sendAt_idx" ON "Invitation"("shop", "status", "sendAt");

-- CreateIndex
CREATE INDEX "Invitation_shop_orderCancelledAt_idx" ON "Invitation"("shop", "orderCancelledAt");

