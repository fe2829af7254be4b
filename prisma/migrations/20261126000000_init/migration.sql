-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
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
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "name" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "trigger" TEXT NOT NULL DEFAULT 'order_fulfilled',
    "delayDays" INTEGER NOT NULL DEFAULT 7,
    "deliveredFallbackDays" INTEGER NOT NULL DEFAULT 14,
    "inviteTestOrders" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "pausedAt" DATETIME,
    "emailSubject" TEXT,
    "emailBody" TEXT,
    "noticeEnabled" BOOLEAN NOT NULL DEFAULT true,
    "noticeText" TEXT,
    "senderName" TEXT,
    "replyTo" TEXT,
    "reviewUrl" TEXT,
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
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
    "orderedAt" DATETIME,
    "cancelledAt" DATETIME,
    "fulfilledAt" DATETIME,
    "deliveredAt" DATETIME,
    "fallbackDueAt" DATETIME,
    "skipReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "orderId")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "autoOrderId" TEXT,
    "orderId" TEXT,
    "orderName" TEXT,
    "email" TEXT NOT NULL,
    "customerName" TEXT,
    "locale" TEXT,
    "products" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "sendAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "orderCancelledAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseUntil" DATETIME,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "customerPostpones" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InvitationEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "invitationId" INTEGER NOT NULL,
    "shop" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT,
    "details" TEXT,
    CONSTRAINT "InvitationEvent_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BulkCancellation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "actor" TEXT,
    "count" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "webhookId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Suppression" (
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shop", "email")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "requestId" TEXT,
    "export" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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

