/**
 * Reminder (issue 18): the one reminder of a sent invitation, a job of its own. Queued when
 * the invitation is recorded as sent (dispatch/complete.ts), claimed in ONE statement by the
 * same dispatcher (Dialect.claimDue with `reminderQueue`, like the invitations), its outcome recorded like an invitation's
 * (dispatch/reminder-outcomes.ts). The primary key (invitationId) keeps it to one per
 * invitation: a second send of the invitation (the customer's "not received yet") only moves
 * a reminder still queued, and never queues another once one went out.
 */
import type { Queryable } from "../client.ts";
import type { ClaimArgs, JobQueue } from "../dialect.ts";
import type { InvitationRow, ReminderRow } from "../schema.ts";
import { sql } from "../sql.ts";
import { claimDueJobs, endClaimedJob, failExpiredJobLeases, hasDueJobs, requeueClaimedJob, requeueExpiredJobLeases, type ChangedJob } from "./jobs.ts";

export const REMINDER_STATUSES = ["queued", "sending", "sent", "failed", "canceled"] as const;

/**
 * Reminders as a job queue (./jobs.ts): claimed like invitations, from shops that also have
 * reminders on, and only while their invitation stays sent and unclicked (a "not received
 * yet" requeues it).
 */
export const reminderQueue: JobQueue = {
  table: "Reminder",
  key: "invitationId",
  index: "Reminder_shop_status_sendAt_idx",
  shopCondition: sql`s."reminderEnabled" = ${true}`,
  rowCondition: sql`EXISTS (SELECT 1 FROM "Invitation" i WHERE i."id" = x."invitationId" AND i."status" = 'sent' AND i."clickedAt" IS NULL)`,
};

/** Queues (or, when one is still queued, moves) the reminders of these just-sent invitations. */
export function queueReminders(db: Queryable, rows: readonly { invitationId: number; shop: string; sendAt: Date }[], now: Date) {
  if (rows.length === 0) return Promise.resolve(0);
  const values = rows.map((r) => sql`(${r.invitationId}, ${r.shop}, 'queued', ${r.sendAt}, ${now}, ${now})`);
  return db.run(sql`INSERT INTO "Reminder" ("invitationId", "shop", "status", "sendAt", "createdAt", "updatedAt")
    VALUES ${sql.join(values)}
    ON CONFLICT ("invitationId") DO UPDATE SET "sendAt" = excluded."sendAt", "updatedAt" = excluded."updatedAt"
    WHERE "Reminder"."status" = 'queued'`);
}

/** Cheap check before a pass opens an SMTP connection: one index probe per shop with reminders on. */
export function hasDueReminders(db: Queryable, now: Date): Promise<boolean> {
  return hasDueJobs(db, reminderQueue, now);
}

export interface ClaimedReminder {
  invitationId: number;
  shop: string;
  /** Including this claim. */
  attempts: number;
  leaseUntil: Date;
}

/** Claims a fair batch of due reminders (the caller reads their invitations). */
export async function claimDueReminders(db: Queryable, args: ClaimArgs): Promise<ClaimedReminder[]> {
  const rows = await claimDueJobs<ClaimedReminder>(db, reminderQueue, args, ["invitationId", "shop", "attempts", "leaseUntil"]);
  return rows.map((r) => ({ ...r, invitationId: Number(r.invitationId), attempts: Number(r.attempts) }));
}

export type InvitationOfReminder = Pick<
  InvitationRow,
  "id" | "shop" | "email" | "customerName" | "orderName" | "orderId" | "products" | "locale" | "customerPostpones" | "sendAt" | "sentAt"
>;

export function findInvitationsOfReminders(db: Queryable, ids: readonly number[]): Promise<InvitationOfReminder[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.all<InvitationOfReminder>(sql`SELECT "id", "shop", "email", "customerName", "orderName", "orderId", "products", "locale",
      "customerPostpones", "sendAt", "sentAt"
    FROM "Invitation" WHERE "id" IN (${sql.join(ids)})`);
}

export interface ChangedReminder {
  invitationId: number;
  shop: string;
}

const changed = (rows: ChangedReminder[]) => rows.map((r) => ({ invitationId: Number(r.invitationId), shop: r.shop }));
/** The shared statements (./jobs.ts) name the key `id`; a reminder's is its invitation's. */
const changedJob = (row: ChangedJob | undefined): ChangedReminder | undefined =>
  row && { invitationId: Number(row.id), shop: row.shop };
const changedJobs = (rows: ChangedJob[]) => rows.map((r) => changedJob(r)!);

/**
 * Reminders of a group that went out, whether still `sending` or already put back by an
 * expired lease (a reminder that went out is recorded as sent: that stops a second send).
 * Their invitations get `remindedAt`. Returns the rows that changed.
 */
export async function markRemindersSent(db: Queryable, sent: readonly { id: number; messageId: string }[], at: Date): Promise<ChangedReminder[]> {
  if (sent.length === 0) return [];
  const ids = sql.join(sent.map((s) => s.id));
  const messageIds = sql.join(sent.map((s) => sql`WHEN ${s.id} THEN ${s.messageId}`), " ");
  const rows = await db.all<ChangedReminder>(sql`UPDATE "Reminder"
    SET "status" = 'sent', "sentAt" = ${at}, "messageId" = CASE "invitationId" ${messageIds} END,
        "leaseUntil" = NULL, "lastError" = NULL, "updatedAt" = ${at}
    WHERE "invitationId" IN (${ids}) AND "status" IN ('sending', 'queued')
    RETURNING "invitationId", "shop"`);
  const done = changed(rows);
  if (done.length > 0) {
    await db.run(sql`UPDATE "Invitation" SET "remindedAt" = ${at}
      WHERE "id" IN (${sql.join(done.map((r) => r.invitationId))})`);
  }
  return done;
}

/** This dispatcher's own claim (status and attempts) goes back to the queue for `sendAt`. */
export async function requeueClaimedReminder(db: Queryable, claim: { id: number; attempts: number }, r: { sendAt: Date; lastError: string; at: Date }) {
  return changedJob(await requeueClaimedJob(db, reminderQueue, claim, r));
}

/** This dispatcher's own claim ends `failed` or `canceled` (unsubscribed, erased) with a reason. */
export async function endClaimedReminder(
  db: Queryable,
  claim: { id: number; attempts: number },
  r: { status: "failed" | "canceled"; lastError: string; at: Date },
) {
  return changedJob(await endClaimedJob(db, reminderQueue, claim, r));
}

/** `sending` reminders whose lease passed: back to the queue, or failed on their last allowed attempt. */
export async function releaseExpiredReminderLeases(db: Queryable, now: Date, maxAttempts: number, reason: string) {
  const failed = await failExpiredJobLeases(db, reminderQueue, now, maxAttempts, reason);
  const requeued = await requeueExpiredJobLeases(db, reminderQueue, now);
  return { failed: changedJobs(failed), requeued: changedJobs(requeued) };
}

/**
 * Cancels the queued reminders of a shop ("cancel all pending", reminders turned off), or of
 * one invitation (its review link was clicked), each with a `reminder_canceled` event: two
 * set-based statements (events first, from the rows still queued), whatever their number.
 * The caller runs them in one transaction. Returns how many it cancelled.
 */
export async function cancelQueuedReminders(
  db: Queryable,
  where: { shop: string; invitationId?: number },
  e: { actor: string; at: Date; reason: string },
): Promise<number> {
  const one = where.invitationId === undefined ? sql.empty : sql`AND "invitationId" = ${where.invitationId}`;
  const details = JSON.stringify({ reason: e.reason });
  await db.run(sql`INSERT INTO "InvitationEvent" ("invitationId", "shop", "type", "at", "actor", "details")
    SELECT "invitationId", "shop", 'reminder_canceled', ${e.at}, ${e.actor}, ${details}
    FROM "Reminder" ${db.dialect.indexedBy("Reminder_shop_status_sendAt_idx")}
    WHERE "shop" = ${where.shop} AND "status" = 'queued' ${one}`);
  return db.run(sql`UPDATE "Reminder"
    SET "status" = 'canceled', "lastError" = ${e.reason}, "updatedAt" = ${e.at}
    WHERE "shop" = ${where.shop} AND "status" = 'queued' ${one}`);
}

export function findReminder(db: Queryable, invitationId: number): Promise<ReminderRow | undefined> {
  return db.one<ReminderRow>(sql`SELECT * FROM "Reminder" WHERE "invitationId" = ${invitationId}`);
}
