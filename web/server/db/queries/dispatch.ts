/**
 * The dispatcher's statements (web/server/dispatch/*): the invitation row is the job.
 * Claiming and giving back the claims of a dispatcher that died are set-based statements;
 * each claim is ONE statement (its SQL differs by database: Dialect.claimDue, shared with the
 * reminders through ./jobs.ts),
 * so two dispatchers never claim the same row. Outcomes are written by group commit
 * (dispatch/complete.ts): one update for every message sent in a group, one per failure.
 *
 * Texts stay stable so the drivers' prepared statements are reused: values are always
 * bound, and only the length of an IN list or of a CASE varies with the group's size.
 */
import type { Queryable } from "../client.ts";
import type { ClaimArgs, JobQueue } from "../dialect.ts";
import type { InvitationRow, ShopRow } from "../schema.ts";
import { sql } from "../sql.ts";
import { claimDueJobs, endClaimedJob, failExpiredJobLeases, hasDueJobs, requeueClaimedJob, requeueExpiredJobLeases } from "./jobs.ts";

export type { ClaimArgs } from "../dialect.ts";

/** Invitations as a job queue (./jobs.ts): due when queued and due, nothing else asked of the shop or the row. */
export const invitationQueue: JobQueue = {
  table: "Invitation",
  key: "id",
  index: "Invitation_shop_status_sendAt_idx",
  shopCondition: null,
  rowCondition: null,
};

export type ClaimedInvitation = Pick<
  InvitationRow,
  "id" | "shop" | "email" | "customerName" | "orderName" | "orderId" | "products" | "locale" | "customerPostpones" | "sendAt" | "lastError"
> & {
  /** Including this claim. */
  attempts: number;
  leaseUntil: Date;
};

const CLAIMED_COLUMNS = [
  "id", "shop", "email", "customerName", "orderName", "orderId", "products", "locale",
  "customerPostpones", "attempts", "sendAt", "leaseUntil", "lastError",
] as const satisfies readonly (keyof ClaimedInvitation)[];

/**
 * Claims a fair batch of due invitations of installed, unpaused shops: `sending`, leased
 * until `leaseUntil`, attempts + 1. At most `limit` rows; every shop's first, then every
 * shop's second, and so on (see the dialect for why the SQL differs). The caller moves the
 * shops' counters (queued → sending) in the same transaction.
 */
export async function claimDueInvitations(db: Queryable, args: ClaimArgs): Promise<ClaimedInvitation[]> {
  const rows = await claimDueJobs<ClaimedInvitation>(db, invitationQueue, args, CLAIMED_COLUMNS);
  for (const row of rows) {
    row.id = Number(row.id);
    row.attempts = Number(row.attempts);
    row.customerPostpones = Number(row.customerPostpones);
  }
  return rows;
}

/** Cheap check before a pass opens an SMTP connection: one index probe per shop. */
export function hasDueInvitations(db: Queryable, now: Date): Promise<boolean> {
  return hasDueJobs(db, invitationQueue, now);
}

export interface ExpiredLease {
  id: number;
  shop: string;
  attempts: number;
}

/** `sending` rows whose lease has passed on their last allowed attempt become `failed` (the caller moves the counters). */
export async function failExpiredLeases(db: Queryable, now: Date, maxAttempts: number, reason: string): Promise<ExpiredLease[]> {
  return (await failExpiredJobLeases(db, invitationQueue, now, maxAttempts, reason)).map(toLease);
}

/** The other `sending` rows whose lease has passed go back to the queue (the caller moves the counters). */
export async function requeueExpiredLeases(db: Queryable, now: Date): Promise<ExpiredLease[]> {
  return (await requeueExpiredJobLeases(db, invitationQueue, now)).map(toLease);
}

function toLease(row: ExpiredLease): ExpiredLease {
  return { id: Number(row.id), shop: row.shop, attempts: Number(row.attempts) };
}

/** An invitation whose status a statement changed (for its shop's counters: ./invitation-counts.ts). */
export interface ChangedInvitation {
  id: number;
  shop: string;
}

/**
 * Every message of a group that went out and is still in status `from`, in one statement.
 * Called for `sending` and then for `queued`: a message that went out is recorded as sent
 * even if its lease lapsed meanwhile (status back to `queued`), which is what stops a second
 * dispatcher from sending it again. `at`: the latest answer of the group.
 */
export function markInvitationsSent(
  db: Queryable,
  sent: readonly { id: number; messageId: string }[],
  at: Date,
  from: "sending" | "queued",
): Promise<ChangedInvitation[]> {
  if (sent.length === 0) return Promise.resolve([]);
  const messageIds = sql.join(sent.map((s) => sql`WHEN ${s.id} THEN ${s.messageId}`), " ");
  return db.all<ChangedInvitation>(sql`UPDATE "Invitation"
    SET "status" = 'sent', "sentAt" = ${at}, "messageId" = CASE "id" ${messageIds} END,
        "leaseUntil" = NULL, "lastError" = NULL, "updatedAt" = ${at}
    WHERE "id" IN (${sql.join(sent.map((s) => s.id))}) AND "status" = ${from}
    RETURNING "id", "shop"`);
}

/** This dispatcher's own claim (status and attempts) goes back to the queue for `sendAt`. */
export function requeueClaimedInvitation(
  db: Queryable,
  claim: { id: number; attempts: number },
  r: { sendAt: Date; lastError: string; at: Date },
): Promise<ChangedInvitation | undefined> {
  return requeueClaimedJob(db, invitationQueue, claim, r);
}

/** This dispatcher's own claim (status and attempts) fails for good. */
export function failClaimedInvitation(
  db: Queryable,
  claim: { id: number; attempts: number },
  r: { lastError: string; at: Date },
): Promise<ChangedInvitation | undefined> {
  return endClaimedJob(db, invitationQueue, claim, { status: "failed", ...r });
}

/** What an email needs from its shop (mail/message.ts ShopEmailSettings). */
export type ShopEmailRow = Pick<
  ShopRow,
  | "domain" | "name" | "emailSubject" | "emailBody" | "noticeEnabled" | "noticeText" | "reviewUrl" | "senderName" | "replyTo"
  | "reminderEnabled" | "reminderAfterDays" | "reminderSubject" | "reminderBody" | "primaryLocale" | "templateTranslations"
>;

export function findShopEmailSettings(db: Queryable, domains: readonly string[]): Promise<ShopEmailRow[]> {
  if (domains.length === 0) return Promise.resolve([]);
  return db.all<ShopEmailRow>(sql`SELECT "domain", "name", "emailSubject", "emailBody", "noticeEnabled", "noticeText",
      "reviewUrl", "senderName", "replyTo", "reminderEnabled", "reminderAfterDays", "reminderSubject", "reminderBody",
      "primaryLocale", "templateTranslations"
    FROM "Shop" WHERE "domain" IN (${sql.join(domains)})`);
}
