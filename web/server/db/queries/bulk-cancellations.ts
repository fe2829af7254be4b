/**
 * "Cancel all pending invitations" (web/server/invitations/cancel-all.ts): the
 * BulkCancellation row, the shop's cancel mark that the claim obeys at once, and the batches
 * that then cancel the covered rows with one `bulk_canceled` event each.
 */
import type { Queryable } from "../client.ts";
import type { BulkCancellationRow } from "../schema.ts";
import { sql } from "../sql.ts";

/** Records the cancellation: how many it cancels and the largest invitation id it covers; returns its id. */
export async function insertBulkCancellation(
  db: Queryable,
  b: { shop: string; actor: string; at: Date; count: number; throughId: number },
): Promise<number> {
  const row = await db.one<{ id: number }>(sql`INSERT INTO "BulkCancellation" ("shop", "actor", "count", "at", "throughId")
    VALUES (${b.shop}, ${b.actor}, ${b.count}, ${b.at}, ${b.throughId}) RETURNING "id"`);
  return Number(row!.id);
}

/** The shop's largest invitation id, 0 without any ((shop, id) index). */
export async function lastInvitationId(db: Queryable, shop: string): Promise<number> {
  const row = await db.one<{ id: number | null }>(sql`SELECT MAX("id") AS "id" FROM "Invitation" WHERE "shop" = ${shop}`);
  return Number(row?.id ?? 0);
}

/**
 * From now on the claim skips the shop (dispatch/claim.ts): its queued invitations up to
 * `throughId` are cancelled, even before their rows are rewritten. Never lowers the mark.
 */
export function markShopCancelling(db: Queryable, shop: string, throughId: number) {
  return db.run(sql`UPDATE "Shop" SET "cancelThroughId" = ${throughId}
    WHERE "domain" = ${shop} AND ("cancelThroughId" IS NULL OR "cancelThroughId" < ${throughId})`);
}

/** Cancellations whose rows are not all written yet, oldest first (all shops, or one). */
export function findUnfinishedBulkCancellations(db: Queryable, shop?: string): Promise<BulkCancellationRow[]> {
  return db.all<BulkCancellationRow>(sql`SELECT * FROM "BulkCancellation"
    WHERE "completedAt" IS NULL AND "throughId" IS NOT NULL ${shop === undefined ? sql.empty : sql`AND "shop" = ${shop}`}
    ORDER BY "id"`);
}

/**
 * The next queued invitations of the shop covered by a cancellation, in id order, locked
 * until the transaction ends (PostgreSQL; SQLite has one writer): the batch that
 * `cancelInvitations` then changes.
 */
export async function nextCoveredQueued(db: Queryable, shop: string, throughId: number, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`SELECT "id" FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_status_id_idx")}
    WHERE "shop" = ${shop} AND "status" = 'queued' AND "id" <= ${throughId}
    ORDER BY "id" LIMIT ${limit} ${db.dialect.forUpdate}`);
  return rows.map((r) => Number(r.id));
}

/** One `bulk_canceled` event for each of these invitations. */
export function insertBulkCanceledEventsFor(db: Queryable, ids: readonly number[], e: { shop: string; actor: string | null; at: Date; details: string }) {
  return db.run(sql`INSERT INTO "InvitationEvent" ("invitationId", "shop", "type", "at", "actor", "details")
    SELECT "id", "shop", 'bulk_canceled', ${e.at}, ${e.actor}, ${e.details}
    FROM "Invitation" WHERE "id" IN (${sql.join(ids)})`);
}

/** Cancels those of these invitations still queued; returns their ids. */
export async function cancelInvitations(db: Queryable, ids: readonly number[], at: Date): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`UPDATE "Invitation" SET "status" = 'canceled', "leaseUntil" = NULL, "updatedAt" = ${at}
    WHERE "id" IN (${sql.join(ids)}) AND "status" = 'queued'
    RETURNING "id"`);
  return rows.map((r) => Number(r.id));
}

/** Every covered row is written: the cancellations are complete and the claim sees the shop again. */
export async function finishBulkCancellations(db: Queryable, shop: string, throughId: number, at: Date) {
  await db.run(sql`UPDATE "BulkCancellation" SET "completedAt" = ${at}
    WHERE "shop" = ${shop} AND "completedAt" IS NULL AND "throughId" IS NOT NULL AND "throughId" <= ${throughId}`);
  await db.run(sql`UPDATE "Shop" SET "cancelThroughId" = NULL WHERE "domain" = ${shop} AND "cancelThroughId" <= ${throughId}`);
}

/** The shop's latest cancel-all ((shop, at) index). */
export function findLastBulkCancellation(db: Queryable, shop: string): Promise<BulkCancellationRow | undefined> {
  return db.one<BulkCancellationRow>(sql`SELECT * FROM "BulkCancellation" WHERE "shop" = ${shop} ORDER BY "at" DESC LIMIT 1`);
}
