/**
 * DeliveryReport (issue 19): bounces and complaints that came back for an invitation, and
 * the status change a hard bounce makes. One row per invitation and kind, so the same
 * report delivered twice (mail systems retry) is recorded once.
 */
import type { Queryable } from "../client.ts";
import type { DeliveryReportRow, InvitationRow } from "../schema.ts";
import { sql } from "../sql.ts";

export type DeliveryReportKind = "hard_bounce" | "soft_bounce" | "complaint";

export function findInvitationForReport(
  db: Queryable,
  id: number,
): Promise<Pick<InvitationRow, "id" | "shop" | "email" | "status"> | undefined> {
  return db.one(sql`SELECT "id", "shop", "email", "status" FROM "Invitation" WHERE "id" = ${id}`);
}

/** false when this invitation already has a report of this kind. */
export async function insertDeliveryReport(
  db: Queryable,
  r: Omit<DeliveryReportRow, "id">,
): Promise<boolean> {
  const changed = await db.run(sql`INSERT INTO "DeliveryReport" ("shop", "invitationId", "kind", "status", "diagnostic", "via", "receivedAt")
    VALUES (${r.shop}, ${r.invitationId}, ${r.kind}, ${r.status}, ${r.diagnostic}, ${r.via}, ${r.receivedAt})
    ON CONFLICT ("invitationId", "kind") DO NOTHING`);
  return changed > 0;
}

/**
 * A sent invitation whose message bounced. Only from `sent`: one the customer asked to
 * receive again is queued by now and will be suppressed at its send.
 */
export function markInvitationBounced(
  db: Queryable,
  id: number,
  r: { lastError: string; at: Date },
): Promise<{ id: number; shop: string } | undefined> {
  return db.one(sql`UPDATE "Invitation" SET "status" = 'bounced', "lastError" = ${r.lastError}, "updatedAt" = ${r.at}
    WHERE "id" = ${id} AND "status" = 'sent' RETURNING "id", "shop"`);
}

/** The shop's reports per kind (the home page's complaint count). */
export async function countDeliveryReports(db: Queryable, shop: string): Promise<Record<DeliveryReportKind, number>> {
  const rows = await db.all<{ kind: string; n: number | string }>(sql`SELECT "kind", COUNT(*) AS "n" FROM "DeliveryReport"
    WHERE "shop" = ${shop} GROUP BY "kind"`);
  const counts: Record<DeliveryReportKind, number> = { hard_bounce: 0, soft_bounce: 0, complaint: 0 };
  for (const row of rows) if (row.kind in counts) counts[row.kind as DeliveryReportKind] = Number(row.n);
  return counts;
}

/** The reports' free text of these invitations (customers/redact scrubs addresses from it). */
export function findReportDiagnostics(db: Queryable, shop: string, invitationIds: readonly number[]): Promise<{ id: number; diagnostic: string }[]> {
  if (invitationIds.length === 0) return Promise.resolve([]);
  return db.all(sql`SELECT "id", "diagnostic" FROM "DeliveryReport"
    WHERE "shop" = ${shop} AND "invitationId" IN (${sql.join(invitationIds)}) AND "diagnostic" IS NOT NULL`);
}

export function setReportDiagnostic(db: Queryable, id: number, diagnostic: string): Promise<number> {
  return db.run(sql`UPDATE "DeliveryReport" SET "diagnostic" = ${diagnostic} WHERE "id" = ${id}`);
}

/** The reports of these invitations, oldest first (a customer's data export). */
export function findReportsOfInvitations(db: Queryable, shop: string, invitationIds: readonly number[]): Promise<DeliveryReportRow[]> {
  if (invitationIds.length === 0) return Promise.resolve([]);
  return db.all<DeliveryReportRow>(sql`SELECT * FROM "DeliveryReport"
    WHERE "shop" = ${shop} AND "invitationId" IN (${sql.join(invitationIds)}) ORDER BY "id"`);
}

/** Retention: the diagnostics of these invitations' reports that quote an address go. */
export function clearReportDiagnostics(db: Queryable, invitationIds: readonly number[]): Promise<number> {
  if (invitationIds.length === 0) return Promise.resolve(0);
  return db.run(sql`UPDATE "DeliveryReport" SET "diagnostic" = 'Text removed with the personal data.'
    WHERE "invitationId" IN (${sql.join(invitationIds)}) AND "diagnostic" LIKE '%@%'`);
}
