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

-- AlterTable (written by hand: Prisma copies the whole table to add a NOT NULL column with
-- a default, a million-row copy on upgrade; SQLite adds such a column in place)
ALTER TABLE "Shop" ADD COLUMN "reminderEnabled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Shop" ADD COLUMN "reminderAfterDays" INTEGER NOT NULL DEFAULT 7;
ALTER TABLE "Shop" ADD COLUMN "reminderSubject" TEXT;
ALTER TABLE "Shop" ADD COLUMN "reminderBody" TEXT;

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "clickedAt" DATETIME;
ALTER TABLE "Invitation" ADD COLUMN "clicks" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Invitation" ADD COLUMN "remindedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Reminder_shop_status_sendAt_idx" ON "Reminder"("shop", "status", "sendAt");

-- CreateIndex
CREATE INDEX "Reminder_status_leaseUntil_idx" ON "Reminder"("status", "leaseUntil");
