-- AlterTable
ALTER TABLE "Order" ADD COLUMN "attributes" TEXT;

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
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "erasures" INTEGER NOT NULL DEFAULT 0,
    "sendWindow" TEXT,
    "countryDelays" TEXT,
    "exclusions" TEXT,
    "frequencyCapDays" INTEGER NOT NULL DEFAULT 30,
    "resumeOverHours" INTEGER NOT NULL DEFAULT 6,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("cancelThroughId", "createdAt", "delayDays", "deliveredFallbackDays", "domain", "emailBody", "emailSubject", "erasures", "installedAt", "inviteTestOrders", "name", "noticeEnabled", "noticeText", "paused", "pausedAt", "replyTo", "retentionDays", "reviewUrl", "senderName", "timezone", "trigger", "uninstalledAt", "updatedAt") SELECT "cancelThroughId", "createdAt", "delayDays", "deliveredFallbackDays", "domain", "emailBody", "emailSubject", "erasures", "installedAt", "inviteTestOrders", "name", "noticeEnabled", "noticeText", "paused", "pausedAt", "replyTo", "retentionDays", "reviewUrl", "senderName", "timezone", "trigger", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Order_shop_skipReason_updatedAt_idx" ON "Order"("shop", "skipReason", "updatedAt");
