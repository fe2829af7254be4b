/**
 * The statements every job queue shares (the invitation row is the job; the reminder row,
 * issue 18, is one too): each queue is described once (`JobQueue`: ./dispatch.ts
 * `invitationQueue`, ./reminders.ts `reminderQueue`) and these build its statements: the
 * claim (fairness, the shops it skips), the due probe, the lease and a claim's own outcome
 * cannot drift apart between the two. What differs stays with its queue: the invitations'
 * counters (./invitation-counts.ts, moved by the callers), the reminders' `remindedAt`.
 */
import type { Queryable } from "../client.ts";
import { sendingShop, type ClaimArgs, type JobQueue } from "../dialect.ts";
import { sql } from "../sql.ts";

/** The queue's names, quoted (the code's own, never input). */
const key = (queue: JobQueue) => sql.raw(`"${queue.key}"`);
const table = (queue: JobQueue) => sql.raw(`"${queue.table}"`);

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
        SELECT 1 FROM ${table(queue)} x ${db.dialect.indexedBy(queue.index)}
        WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now})
    LIMIT 1`);
  return row !== undefined;
}

/** A job whose status a statement changed, by its queue's key (an invitation's id, either way). */
export interface ChangedJob {
  id: number;
  shop: string;
}

/** `sending` rows whose lease has passed on their last allowed attempt become `failed`. */
export function failExpiredJobLeases(db: Queryable, queue: JobQueue, now: Date, maxAttempts: number, reason: string) {
  return db.all<ChangedJob & { attempts: number }>(sql`
    UPDATE ${table(queue)}
    SET "status" = 'failed', "leaseUntil" = NULL, "lastError" = ${reason}, "updatedAt" = ${now}
    WHERE "status" = 'sending' AND "leaseUntil" < ${now} AND "attempts" >= ${maxAttempts}
    RETURNING ${key(queue)} AS "id", "shop", "attempts"`);
}

/** The other `sending` rows whose lease has passed go back to the queue. */
export function requeueExpiredJobLeases(db: Queryable, queue: JobQueue, now: Date) {
  return db.all<ChangedJob & { attempts: number }>(sql`
    UPDATE ${table(queue)}
    SET "status" = 'queued', "leaseUntil" = NULL, "updatedAt" = ${now}
    WHERE "status" = 'sending' AND "leaseUntil" < ${now}
    RETURNING ${key(queue)} AS "id", "shop", "attempts"`);
}

/**
 * This dispatcher's own claim goes back to the queue for `sendAt`. Conditional on the claim
 * (still `sending`, same attempts): a claim whose lease passed and that another dispatcher
 * took since is not this one's to touch.
 */
export function requeueClaimedJob(
  db: Queryable,
  queue: JobQueue,
  claim: { id: number; attempts: number },
  r: { sendAt: Date; lastError: string; at: Date },
): Promise<ChangedJob | undefined> {
  return db.one<ChangedJob>(sql`UPDATE ${table(queue)}
    SET "status" = 'queued', "sendAt" = ${r.sendAt}, "leaseUntil" = NULL, "lastError" = ${r.lastError}, "updatedAt" = ${r.at}
    WHERE ${key(queue)} = ${claim.id} AND "status" = 'sending' AND "attempts" = ${claim.attempts}
    RETURNING ${key(queue)} AS "id", "shop"`);
}

/** This dispatcher's own claim (same condition as above) ends `failed` or `canceled`, with a reason. */
export function endClaimedJob(
  db: Queryable,
  queue: JobQueue,
  claim: { id: number; attempts: number },
  r: { status: "failed" | "canceled"; lastError: string; at: Date },
): Promise<ChangedJob | undefined> {
  return db.one<ChangedJob>(sql`UPDATE ${table(queue)}
    SET "status" = ${r.status}, "leaseUntil" = NULL, "lastError" = ${r.lastError}, "updatedAt" = ${r.at}
    WHERE ${key(queue)} = ${claim.id} AND "status" = 'sending' AND "attempts" = ${claim.attempts}
    RETURNING ${key(queue)} AS "id", "shop"`);
}
