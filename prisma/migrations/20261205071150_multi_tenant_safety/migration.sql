-- CreateTable
CREATE TABLE "Erasure" (
    "shop" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "erasedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "hash")
);

-- CreateTable
CREATE TABLE "InvitationQuota" (
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
    "emailSubject" TEXT,
    "emailBody" TEXT,
    "noticeEnabled" BOOLEAN NOT NULL DEFAULT true,
    "noticeText" TEXT,
    "senderName" TEXT,
    "replyTo" TEXT,
    "reviewUrl" TEXT,
    "retentionDays" INTEGER NOT NULL DEFAULT 365,
    "erasures" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "delayDays", "deliveredFallbackDays", "domain", "emailBody", "emailSubject", "installedAt", "inviteTestOrders", "name", "noticeEnabled", "noticeText", "paused", "pausedAt", "replyTo", "retentionDays", "reviewUrl", "senderName", "timezone", "trigger", "uninstalledAt", "updatedAt") SELECT "createdAt", "delayDays", "deliveredFallbackDays", "domain", "emailBody", "emailSubject", "installedAt", "inviteTestOrders", "name", "noticeEnabled", "noticeText", "paused", "pausedAt", "replyTo", "retentionDays", "reviewUrl", "senderName", "timezone", "trigger", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
