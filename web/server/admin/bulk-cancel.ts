/**
 * R2/R5: "Cancel all pending invitations". Every queued invitation of the shop is cancelled
 * by set-based statements, whatever their number: nothing is loaded into memory, so a
 * million rows cost a few statements, not a million round trips.
 *
 * One transaction: the BulkCancellation row (who, when, how many), one `bulk_canceled`
 * event per invitation (INSERT … SELECT) and the status change (one UPDATE). `sending` and
 * `sent` rows never match `status = 'queued'`, so they are never touched; a second call
 * finds nothing left to cancel.
 */
import { databaseKind, type Db } from "../db/client.ts";

export interface BulkCancelResult {
  canceled: number;
  bulkCancellationId: number;
}

/** Long enough for a million rows on a slow disk; the statements hold the write lock, not memory. */
const TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;

export async function cancelAllPending(db: Db, input: { shop: string; actor: string; now: Date }): Promise<BulkCancelResult> {
  if (databaseKind(db) === "sqlite") {
    // SQLite keeps the journal of a statement that changes many rows in temporary storage,
    // in memory by default: +490 MB of RSS for 1,000,000 rows (bench/admin-queries.ts), flat
    // with temporary files. Set on the connection the transaction below takes over (see
    // db/client.ts: each interactive transaction gets the current connection).
    await db.$executeRawUnsafe("PRAGMA temp_store=FILE");
  }
  return db.$transaction(
    async (tx) => {
      const bulk = await tx.bulkCancellation.create({ data: { shop: input.shop, actor: input.actor, count: 0, at: input.now } });
      const details = JSON.stringify({ bulkCancellationId: bulk.id, staffUser: input.actor });
      // Events first, for exactly the rows the UPDATE below will change: the transaction
      // holds the write lock from its first statement, so no row changes status in between.
      const logged = await tx.$executeRaw`
        INSERT INTO "InvitationEvent" ("invitationId", "shop", "type", "at", "actor", "details")
        SELECT "id", "shop", 'bulk_canceled', ${input.now}, ${input.actor}, ${details}
        FROM "Invitation"
        WHERE "shop" = ${input.shop} AND "status" = 'queued'`;
      const { count } = await tx.invitation.updateMany({
        where: { shop: input.shop, status: "queued" },
        data: { status: "canceled", leaseUntil: null },
      });
      if (count !== logged) {
        // Only possible where another writer can commit between two statements of a
        // transaction (PostgreSQL, READ COMMITTED): drop events of rows that were not cancelled.
        await tx.$executeRaw`
          DELETE FROM "InvitationEvent"
          WHERE "type" = 'bulk_canceled' AND "details" = ${details}
            AND "invitationId" IN (SELECT "id" FROM "Invitation" WHERE "shop" = ${input.shop} AND "status" <> 'canceled')`;
      }
      await tx.bulkCancellation.update({ where: { id: bulk.id }, data: { count } });
      return { canceled: count, bulkCancellationId: bulk.id };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
}
