-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "emailVerified" BOOLEAN,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "name" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "trigger" TEXT NOT NULL DEFAULT 'order_fulfilled',
    "delayDays" INTEGER NOT NULL DEFAULT 7,
    "deliveredFallbackDays" INTEGER NOT NULL DEFAULT 14,
    "inviteTestOrders" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "pausedAt" TIMESTAMP(3),
    "emailSubject" TEXT,
    "emailBody" TEXT,
    "noticeEnabled" BOOLEAN NOT NULL DEFAULT true,
    "noticeText" TEXT,
    "senderName" TEXT,
    "replyTo" TEXT,
    "reviewUrl" TEXT,
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "customerId" TEXT,
    "customerName" TEXT,
    "locale" TEXT,
    "products" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "seenCreate" BOOLEAN NOT NULL DEFAULT false,
    "orderedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "fulfilledAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "fallbackDueAt" TIMESTAMP(3),
    "skipReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("shop","orderId")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "autoOrderId" TEXT,
    "orderId" TEXT,
    "orderName" TEXT,
    "email" TEXT NOT NULL,
    "customerName" TEXT,
    "locale" TEXT,
    "products" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "sendAt" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,
    "orderCancelledAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "customerPostpones" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvitationEvent" (
    "id" SERIAL NOT NULL,
    "invitationId" INTEGER NOT NULL,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT,
    "details" TEXT,

    CONSTRAINT "InvitationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkCancellation" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "actor" TEXT,
    "count" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkCancellation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "webhookId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("webhookId")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("shop","email")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" SERIAL NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "requestId" TEXT,
    "export" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Order_shop_skipReason_idx" ON "Order"("shop", "skipReason");

-- CreateIndex
CREATE INDEX "Order_fallbackDueAt_idx" ON "Order"("fallbackDueAt");

-- CreateIndex
CREATE INDEX "Invitation_shop_id_idx" ON "Invitation"("shop", "id");

-- CreateIndex
CREATE INDEX "Invitation_shop_status_id_idx" ON "Invitation"("shop", "status", "id");

-- CreateIndex
CREATE INDEX "Invitation_shop_orderId_idx" ON "Invitation"("shop", "orderId");

-- CreateIndex
CREATE INDEX "Invitation_shop_email_idx" ON "Invitation"("shop", "email");

-- CreateIndex
CREATE INDEX "Invitation_status_sendAt_idx" ON "Invitation"("status", "sendAt");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_shop_autoOrderId_key" ON "Invitation"("shop", "autoOrderId");

-- CreateIndex
CREATE INDEX "InvitationEvent_invitationId_id_idx" ON "InvitationEvent"("invitationId", "id");

-- CreateIndex
CREATE INDEX "InvitationEvent_shop_idx" ON "InvitationEvent"("shop");

-- CreateIndex
CREATE INDEX "BulkCancellation_shop_at_idx" ON "BulkCancellation"("shop", "at");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_receivedAt_idx" ON "WebhookDelivery"("shop", "receivedAt");

-- CreateIndex
CREATE INDEX "DataRequest_shop_createdAt_idx" ON "DataRequest"("shop", "createdAt");

-- AddForeignKey
ALTER TABLE "InvitationEvent" ADD CONSTRAINT "InvitationEvent_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

