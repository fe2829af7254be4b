-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "reminderAfterDays" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN     "reminderBody" TEXT,
ADD COLUMN     "reminderEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reminderSubject" TEXT;

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "clickedAt" TIMESTAMP(3),
ADD COLUMN     "clicks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "remindedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Reminder" (
    "invitationId" INTEGER NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "sendAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("invitationId")
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

    CONSTRAINT "InvitationFunnel_pkey" PRIMARY KEY ("shop","day","slot")
);

-- CreateTable
CREATE TABLE "TestEmailQuota" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TestEmailQuota_pkey" PRIMARY KEY ("shop","day")
);

-- CreateIndex
CREATE INDEX "Reminder_shop_status_sendAt_idx" ON "Reminder"("shop", "status", "sendAt");

-- CreateIndex
CREATE INDEX "Reminder_status_leaseUntil_idx" ON "Reminder"("status", "leaseUntil");

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
