-- CreateTable
CREATE TABLE "Reminder" (
    "invitationId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "sendAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reminder_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InvitationFunnel" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "clicked" INTEGER NOT NULL DEFAULT 0,
    "reminded" INTEGER NOT NULL DEFAULT 0,
    "clickedAfterReminder" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day", "slot")
);

-- CreateTable
CREATE TABLE "TestEmailQuota" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
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
    "cancelThroughId" INTEGER,
    "emailSubject" TEXT,
    "emailBody" TEXT,
    "noticeEnabled" BOOLEAN NOT NULL DEFAULT true,
    "noticeText" TEXT,
    "senderName" TEXT,
    "replyTo" TEXT,
    "reviewUrl" TEXT,
    "reminderEnabled" BOOLEAN NOT NULL DEFAULT false,
    "reminderAfterDays" INTEGER NOT NULL DEFAULT 7,
    "reminderSubject" TEXT,
    "reminderBody" TEXT,
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "erasures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("cancelThroughId", "createdAt", "delayDays", "deliveredFallbackDays", "domain", "emailBody", "emailSubject", "erasures", "installedAt", "inviteTestOrders", "name", "noticeEnabled", "noticeText", "paused", "pausedAt", "replyTo", "retentionDays", "reviewUrl", "senderName", "timezone", "trigger", "uninstalledAt", "updatedAt") SELECT "cancelThroughId", "createdAt", "delayDays", "deliveredFallbackDays", "domain", "emailBody", "emailSubject", "erasures", "installedAt", "inviteTestOrders", "name", "noticeEnabled", "noticeText", "paused", "pausedAt", "replyTo", "retentionDays", "reviewUrl", "senderName", "timezone", "trigger", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE TABLE "new_Invitation" (
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
    "clickedAt" DATETIME,
    "clicks" INTEGER NOT NULL DEFAULT 0,
    "remindedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Invitation" ("attempts", "autoOrderId", "createdAt", "customerName", "customerPostpones", "email", "id", "lastError", "leaseUntil", "locale", "messageId", "orderCancelledAt", "orderId", "orderName", "products", "sendAt", "sentAt", "shop", "source", "status", "updatedAt") SELECT "attempts", "autoOrderId", "createdAt", "customerName", "customerPostpones", "email", "id", "lastError", "leaseUntil", "locale", "messageId", "orderCancelledAt", "orderId", "orderName", "products", "sendAt", "sentAt", "shop", "source", "status", "updatedAt" FROM "Invitation";
DROP TABLE "Invitation";
ALTER TABLE "new_Invitation" RENAME TO "Invitation";
CREATE INDEX "Invitation_shop_id_idx" ON "Invitation"("shop", "id");
CREATE INDEX "Invitation_shop_status_id_idx" ON "Invitation"("shop", "status", "id");
CREATE INDEX "Invitation_shop_orderId_idx" ON "Invitation"("shop", "orderId");
CREATE INDEX "Invitation_shop_email_idx" ON "Invitation"("shop", "email");
CREATE INDEX "Invitation_status_sendAt_idx" ON "Invitation"("status", "sendAt");
CREATE INDEX "Invitation_shop_orderName_idx" ON "Invitation"("shop", "orderName");
CREATE INDEX "Invitation_shop_customerName_idx" ON "Invitation"("shop", "customerName");
CREATE INDEX "Invitation_shop_status_sendAt_idx" ON "Invitation"("shop", "status", "sendAt");
CREATE INDEX "Invitation_shop_status_orderCancelledAt_idx" ON "Invitation"("shop", "status", "orderCancelledAt");
CREATE UNIQUE INDEX "Invitation_shop_autoOrderId_key" ON "Invitation"("shop", "autoOrderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Reminder_shop_status_sendAt_idx" ON "Reminder"("shop", "status", "sendAt");

-- CreateIndex
CREATE INDEX "Reminder_status_leaseUntil_idx" ON "Reminder"("status", "leaseUntil");
