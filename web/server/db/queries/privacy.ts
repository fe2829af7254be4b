/**
 * Statements of the compliance webhooks (web/server/privacy): finding one customer's rows in
 * a shop (customers/data_request, customers/redact) and erasing what identifies them while
 * the rows stay. Suppressions are in ./suppressions.ts, data requests in ./data-requests.ts,
 * the retention job's bulk statements in ./retention.ts, shop/redact's purge in ./purge.ts.
 */
import type { Queryable } from "../client.ts";
import type { InvitationEventRow, InvitationRow, OrderRow } from "../schema.ts";
import { sql, type SqlQuery } from "../sql.ts";
import { PLACEHOLDER_LIKE } from "../../privacy/scrub.ts";

/**
 * The erased address of an invitation, `redacted+<id>@invalid` (privacy/scrub.ts,
 * placeholderEmail), computed per row so one statement anonymises any number of rows.
 */
export const PLACEHOLDER_EMAIL = sql`'redacted+' || "id" || '@invalid'`;

function anyOf(conditions: SqlQuery[]): SqlQuery {
  return sql`(${sql.join(conditions, " OR ")})`;
}

/**
 * The shop's orders of a customer: by Shopify customer id, by address (lower-cased), or by
 * the order ids a request names. Empty when nothing is given to match on.
 */
export function findCustomerOrders(
  db: Queryable,
  shop: string,
  who: { customerId: string | null; email: string | null; orderIds: readonly string[] },
): Promise<Pick<OrderRow, "orderId" | "email" | "customerName">[]> {
  const conditions: SqlQuery[] = [];
  if (who.customerId) conditions.push(sql`"customerId" = ${who.customerId}`);
  if (who.email) conditions.push(sql`lower("email") = ${who.email}`);
  if (who.orderIds.length) conditions.push(sql`"orderId" IN (${sql.join(who.orderIds)})`);
  if (!conditions.length) return Promise.resolve([]);
  return db.all(sql`SELECT "orderId", "email", "customerName" FROM "Order"
    WHERE "shop" = ${shop} AND ${anyOf(conditions)}`);
}

/** The shop's invitations to any of these (lower-cased) addresses or for any of these orders, by id. */
export function findCustomerInvitations(
  db: Queryable,
  shop: string,
  emails: readonly string[],
  orderIds: readonly string[],
): Promise<Pick<InvitationRow, "id" | "email" | "customerName">[]> {
  const conditions: SqlQuery[] = [];
  if (emails.length) conditions.push(sql`lower("email") IN (${sql.join(emails)})`);
  if (orderIds.length) conditions.push(sql`"orderId" IN (${sql.join(orderIds)})`);
  if (!conditions.length) return Promise.resolve([]);
  return db.all(sql`SELECT "id", "email", "customerName" FROM "Invitation"
    WHERE "shop" = ${shop} AND ${anyOf(conditions)}
    ORDER BY "id"`);
}

// --- the export (customers/data_request) -------------------------------------------------

/** Every column of these invitations, by id. */
export function findInvitationsByIds(db: Queryable, shop: string, ids: readonly number[]): Promise<InvitationRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.all<InvitationRow>(sql`SELECT * FROM "Invitation"
    WHERE "shop" = ${shop} AND "id" IN (${sql.join(ids)}) ORDER BY "id"`);
}

/** Every event of these invitations, oldest first. */
export function findEventsOfInvitations(db: Queryable, invitationIds: readonly number[]): Promise<InvitationEventRow[]> {
  if (!invitationIds.length) return Promise.resolve([]);
  return db.all<InvitationEventRow>(sql`SELECT * FROM "InvitationEvent"
    WHERE "invitationId" IN (${sql.join(invitationIds)}) ORDER BY "id"`);
}

/** Every column of these orders, by order id. */
export function findOrdersByIds(db: Queryable, shop: string, orderIds: readonly string[]): Promise<OrderRow[]> {
  if (!orderIds.length) return Promise.resolve([]);
  return db.all<OrderRow>(sql`SELECT * FROM "Order"
    WHERE "shop" = ${shop} AND "orderId" IN (${sql.join(orderIds)}) ORDER BY "orderId"`);
}

// --- the erasure (customers/redact) ------------------------------------------------------

/** Cancels those of these invitations that are still queued; returns their ids. */
export async function cancelQueuedInvitations(db: Queryable, shop: string, ids: readonly number[], now: Date): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.all<{ id: number }>(sql`UPDATE "Invitation"
    SET "status" = 'canceled', "leaseUntil" = NULL, "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "id" IN (${sql.join(ids)}) AND "status" = 'queued'
    RETURNING "id"`);
  return rows.map((r) => Number(r.id));
}

/** Those of these invitations whose address is not erased yet. */
export async function findUnerasedInvitationIds(db: Queryable, shop: string, ids: readonly number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.all<{ id: number }>(sql`SELECT "id" FROM "Invitation"
    WHERE "shop" = ${shop} AND "id" IN (${sql.join(ids)}) AND "email" NOT LIKE ${PLACEHOLDER_LIKE}
    ORDER BY "id"`);
  return rows.map((r) => Number(r.id));
}

/** Replaces the address with its placeholder and clears the other personal columns, in one statement. */
export function anonymiseInvitations(db: Queryable, shop: string, ids: readonly number[], now: Date) {
  if (!ids.length) return Promise.resolve(0);
  return db.run(sql`UPDATE "Invitation"
    SET "email" = ${PLACEHOLDER_EMAIL}, "customerName" = NULL, "locale" = NULL,
        "products" = NULL, "orderName" = NULL, "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "id" IN (${sql.join(ids)})`);
}

/** The error texts of these invitations (free text: it may quote the address). */
export function findInvitationErrors(db: Queryable, shop: string, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.all<{ id: number; lastError: string }>(sql`SELECT "id", "lastError" FROM "Invitation"
    WHERE "shop" = ${shop} AND "id" IN (${sql.join(ids)}) AND "lastError" IS NOT NULL
    ORDER BY "id"`);
}

export function setInvitationError(db: Queryable, id: number, lastError: string) {
  return db.run(sql`UPDATE "Invitation" SET "lastError" = ${lastError} WHERE "id" = ${id}`);
}

/** The events of these invitations that carry details (free text or JSON). */
export function findEventDetails(db: Queryable, shop: string, invitationIds: readonly number[]) {
  if (!invitationIds.length) return Promise.resolve([]);
  return db.all<{ id: number; details: string }>(sql`SELECT "id", "details" FROM "InvitationEvent"
    WHERE "shop" = ${shop} AND "invitationId" IN (${sql.join(invitationIds)}) AND "details" IS NOT NULL
    ORDER BY "id"`);
}

/**
 * Replaces an event's details with a scrubbed copy. The one change ever made to an event:
 * the audit trail is append-only except for erasing personal data from it.
 */
export function setEventDetails(db: Queryable, id: number, details: string) {
  return db.run(sql`UPDATE "InvitationEvent" SET "details" = ${details} WHERE "id" = ${id}`);
}

/** Clears every personal column of these orders; the rows, their dates and flags stay. */
export function eraseOrders(db: Queryable, shop: string, orderIds: readonly string[], now: Date) {
  if (!orderIds.length) return Promise.resolve(0);
  return db.run(sql`UPDATE "Order"
    SET "email" = NULL, "customerName" = NULL, "customerId" = NULL, "locale" = NULL, "products" = NULL,
        "name" = NULL, "attributes" = NULL, "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "orderId" IN (${sql.join(orderIds)})`);
}
