/**
 * Invitation: the invitation is also the dispatch job. Statements the intake and the domain
 * use; the claim and the outcomes of sending are in ./dispatch.ts, the admin's reads in
 * ./invitation-lists.ts.
 */
import type { Queryable } from "../client.ts";
import type { InvitationRow } from "../schema.ts";
import { sql } from "../sql.ts";

export type NewInvitation = Pick<
  InvitationRow,
  "shop" | "autoOrderId" | "orderId" | "orderName" | "email" | "customerName" | "locale" | "products" | "sendAt" | "source" | "orderCancelledAt"
>;

/** Inserts a queued invitation; the unique (shop, autoOrderId) index refuses a second automatic one. */
export async function insertInvitation(db: Queryable, i: NewInvitation, now: Date): Promise<{ id: number }> {
  const row = await db.one<{ id: number }>(sql`INSERT INTO "Invitation" ("shop", "autoOrderId", "orderId", "orderName",
      "email", "customerName", "locale", "products", "status", "sendAt", "source", "orderCancelledAt", "createdAt", "updatedAt")
    VALUES (${i.shop}, ${i.autoOrderId}, ${i.orderId}, ${i.orderName}, ${i.email}, ${i.customerName}, ${i.locale},
      ${i.products}, 'queued', ${i.sendAt}, ${i.source}, ${i.orderCancelledAt}, ${now}, ${now})
    RETURNING "id"`);
  return { id: Number(row!.id) };
}

export function findInvitation(db: Queryable, shop: string, id: number): Promise<InvitationRow | undefined> {
  return db.one<InvitationRow>(sql`SELECT * FROM "Invitation" WHERE "id" = ${id} AND "shop" = ${shop}`);
}

export function findInvitationById(db: Queryable, id: number): Promise<InvitationRow | undefined> {
  return db.one<InvitationRow>(sql`SELECT * FROM "Invitation" WHERE "id" = ${id}`);
}

/** The order's automatic invitation, if it has one. */
export function findAutomaticInvitation(db: Queryable, shop: string, orderId: string): Promise<InvitationRow | undefined> {
  return db.one<InvitationRow>(sql`SELECT * FROM "Invitation" WHERE "shop" = ${shop} AND "autoOrderId" = ${orderId}`);
}

/** Marks every invitation of the order not marked yet; returns them with their status then. */
export function markOrderCancelled(db: Queryable, shop: string, orderId: string, cancelledAt: Date, now: Date) {
  return db.all<{ id: number; shop: string; status: string }>(sql`UPDATE "Invitation"
    SET "orderCancelledAt" = ${cancelledAt}, "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "orderId" = ${orderId} AND "orderCancelledAt" IS NULL
    RETURNING "id", "shop", "status"`);
}

export type InvitationDetails = Pick<InvitationRow, "email" | "orderName" | "customerName" | "locale" | "products">;

/** Brings a still-queued invitation in line with what its order says (the sent ones are history). */
export function updateQueuedInvitationDetails(db: Queryable, id: number, d: InvitationDetails, now: Date) {
  return db.run(sql`UPDATE "Invitation"
    SET "email" = ${d.email}, "orderName" = ${d.orderName}, "customerName" = ${d.customerName}, "locale" = ${d.locale},
      "products" = ${d.products}, "updatedAt" = ${now}
    WHERE "id" = ${id} AND "status" = 'queued'`);
}

/** Moves a queued invitation's delivery date (R6); 0 when it is no longer queued (the dispatcher claimed it). */
export function rescheduleQueuedInvitation(db: Queryable, shop: string, id: number, sendAt: Date, now: Date) {
  return db.run(sql`UPDATE "Invitation" SET "sendAt" = ${sendAt}, "updatedAt" = ${now}
    WHERE "id" = ${id} AND "shop" = ${shop} AND "status" = 'queued'`);
}

/**
 * The frequency cap (issue 17): an invitation of this shop to this address that is waiting,
 * being sent, or was sent since `since`; cancelled and failed ones do not count (nothing
 * reached the customer). Emails are stored as the order gave them: the address as given and
 * lower-cased are both tried, each a probe of the (shop, email) index.
 */
export function findRecentInvitationTo(db: Queryable, shop: string, email: string, since: Date): Promise<{ id: number } | undefined> {
  const spellings = [...new Set([email.trim(), email.trim().toLowerCase()])];
  return db.one<{ id: number }>(sql`SELECT "id" FROM "Invitation"
    WHERE "shop" = ${shop} AND "email" IN (${sql.join(spellings)})
      AND ("status" IN ('queued', 'sending') OR ("status" = 'sent' AND "sentAt" >= ${since}))
    LIMIT 1`);
}

/** Which of these orders already have an invitation that is not cancelled (Get reviews: idempotent per order). */
export async function findInvitedOrders(db: Queryable, shop: string, orderIds: readonly string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await db.all<{ orderId: string }>(sql`SELECT DISTINCT "orderId" FROM "Invitation"
    WHERE "shop" = ${shop} AND "orderId" IN (${sql.join(orderIds)}) AND "status" <> 'canceled'`);
  return new Set(rows.map((r) => r.orderId));
}

/**
 * The frequency cap for many addresses at once (Get reviews): which of them (lower-cased)
 * have an invitation waiting, being sent, or sent since `since`. Each address is tried as
 * given and lower-cased, like findRecentInvitationTo.
 */
export async function findRecentlyInvitedEmails(db: Queryable, shop: string, emails: readonly string[], since: Date): Promise<Set<string>> {
  const spellings = [...new Set(emails.flatMap((e) => [e.trim(), e.trim().toLowerCase()]))];
  if (spellings.length === 0) return new Set();
  const rows = await db.all<{ email: string }>(sql`SELECT DISTINCT "email" FROM "Invitation"
    WHERE "shop" = ${shop} AND "email" IN (${sql.join(spellings)})
      AND ("status" IN ('queued', 'sending') OR ("status" = 'sent' AND "sentAt" >= ${since}))`);
  return new Set(rows.map((r) => r.email.toLowerCase()));
}
