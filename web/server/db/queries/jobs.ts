/**
 * The statements every job queue shares (the invitation row is the job; the reminder row,
 * issue 18, is one too): each queue is described once (`JobQueue`: ./dispatch.ts
 * `invitationQueue`, ./reminders.ts `reminderQueue`) and these build its statements, so the
 * fairness of the claim and the shops it skips cannot drift apart between the two.
 */
import type { Queryable } from "../client.ts";
import { sendingShop, type ClaimArgs, type JobQueue } from "../dialect.ts";
import { sql } from "../sql.ts";

/** Claims a fair batch of the queue's due rows in ONE statement (the SQL per database: Dialect.claimDue). */
export function claimDueJobs<T>(db: Queryable, queue: JobQueue, args: ClaimArgs, returning: readonly string[]): Promise<T[]> {
  return db.all<T>(db.dialect.claimDue(queue, args, returning));
}

/**
 * Cheap check before a pass opens an SMTP connection: one index probe per shop that may
 * send. The queue's row condition is left out (it may read another table): a yes that
 * claims nothing costs one empty claim.
 */
export async function hasDueJobs(db: Queryable, queue: JobQueue, now: Date): Promise<boolean> {
  const shopCondition = queue.shopCondition ? sql` AND ${queue.shopCondition}` : sql.empty;
  const row = await db.one(sql`
    SELECT 1 AS "due" FROM "Shop" s
    WHERE ${sendingShop}${shopCondition}
      AND EXISTS (
        SELECT 1 FROM ${sql.raw(`"${queue.table}"`)} x ${db.dialect.indexedBy(queue.index)}
        WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now})
    LIMIT 1`);
  return row !== undefined;
}
