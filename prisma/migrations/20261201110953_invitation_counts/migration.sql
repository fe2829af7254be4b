-- CreateTable
CREATE TABLE "InvitationCount" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "status", "slot")
);

-- Existing invitations, counted once. From here on the application keeps the counts.
INSERT INTO "InvitationCount" ("shop", "status", "slot", "count")
SELECT "shop", "status", "id" % 8, COUNT(*) FROM "Invitation" GROUP BY "shop", "status", "id" % 8;
