/**
 * "Cancel all pending invitations" (web/server/invitations/cancel-all.ts): the
 * BulkCancellation row, and the set-based statements that cancel every queued invitation of
 * a shop with one `bulk_canceled` event each, whatever their number. Nothing is loaded into
 * memory: a million rows cost a few statements, not a million round trips.
 */
import type { Queryable } from "../client.ts";
import type { BulkCancellationRow } from "../schema.ts";
import { sql } from "../sql.ts";

/** Records the cancellation (count filled in by `setBulkCancellationCount`); returns its id. */
export async function insertBulkCancellation(db: Queryable, b: { shop: string; actor: string; at: Date }): Promise<number> {
  const row = await db.one<{ id: number }>(sql`INSERT INTO "BulkCancellation" ("shop", "actor", "count", "at")
    VALUES (${b.shop}, ${b.actor}, 0, ${b.at}) RETURNING "id"`);
  return Number(row!.id);
}

export function setBulkCancellationCount(db: Queryable, id: number, count: number) {
  return db.run(sql`UPDATE "BulkCancellation" SET "count" = ${count} WHERE "id" = ${id}`);
}

/** The shop's latest cancel-all ((shop, at) index). */
export function findLastBulkCancellation(db: Queryable, shop: string): Promise<BulkCancellationRow | undefined> {
  return db.one<BulkCancellationRow>(sql`SELECT * FROM "BulkCancellation" WHERE "shop" = ${shop} ORDER BY "at" DESC LIMIT 1`);
}

/**
 * One `bulk_canceled` event per queued invitation of the shop (INSERT … SELECT); returns how
 * many. Run before `cancelQueuedInvitations` in the same transaction, so the events name
 * exactly the rows it changes.
 */
export function insertBulkCanceledEvents(db: Queryable, e: { shop: string; actor: string; at: Date; details: string }) {
  return db.run(sql`INSERT INTO "InvitationEvent" ("invitationId", "shop", "type", "at", "actor", "details")
    SELECT "id", "shop", 'bulk_canceled', ${e.at}, ${e.actor}, ${e.details}
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_status_id_idx")}
    WHERE "shop" = ${e.shop} AND "status" = 'queued'`);
}

/**
 * Cancels every queued invitation of the shop in one UPDATE; returns how many. `sending`
 * and `sent` rows never match, so they are never touched; a second call finds nothing.
 */
export function cancelQueuedInvitations(db: Queryable, shop: string, now: Date) {
  return db.run(sql`UPDATE "Invitation" SET "status" = 'canceled', "leaseUntil" = NULL, "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "status" = 'queued'`);
}

/**
 * Drops the events of a cancel-all (found by its details) whose invitation was not cancelled:
 * only possible where another writer commits between two statements of a transaction
 * (PostgreSQL, READ COMMITTED).
 */
export function deleteBulkCanceledEventsOfUncancelled(db: Queryable, shop: string, details: string) {
  return db.run(sql`DELETE FROM "InvitationEvent"
    WHERE "type" = 'bulk_canceled' AND "details" = ${details}
      AND "invitationId" IN (SELECT "id" FROM "Invitation" WHERE "shop" = ${shop} AND "status" <> 'canceled')`);
}
