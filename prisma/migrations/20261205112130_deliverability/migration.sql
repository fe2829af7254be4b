-- CreateTable
CREATE TABLE "SenderDomain" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "fromAddress" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "selector" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKey" TEXT NOT NULL,
    "verifiedAt" DATETIME,
    "checkedAt" DATETIME,
    "checkResult" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DeliveryReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shop" TEXT NOT NULL,
    "invitationId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT,
    "diagnostic" TEXT,
    "via" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    CONSTRAINT "DeliveryReport_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Suppression" (
    "shop" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL DEFAULT 'unsubscribed',

    PRIMARY KEY ("shop", "email")
);
INSERT INTO "new_Suppression" ("createdAt", "email", "shop") SELECT "createdAt", "email", "shop" FROM "Suppression";
DROP TABLE "Suppression";
ALTER TABLE "new_Suppression" RENAME TO "Suppression";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DeliveryReport_shop_kind_idx" ON "DeliveryReport"("shop", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryReport_invitationId_kind_key" ON "DeliveryReport"("invitationId", "kind");
