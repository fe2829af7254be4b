/**
 * The admin's reads of the invitation history (web/server/invitations/queries.ts), built to
 * stay fast at millions of rows: every statement is one index range of the shop's rows.
 * The shapes and indexes were measured with bench/admin-queries.ts at 10k–1M rows; SQLite
 * is pinned to the index each one was measured with (`dialect.indexedBy`), because without
 * ANALYZE statistics its planner may prefer an index that reads every queued row.
 */
import type { Queryable } from "../client.ts";
import type { InvitationRow } from "../schema.ts";
import { sql, type SqlQuery } from "../sql.ts";

/** Text columns a search looks at, each a range on its own (shop, field) index. */
export type SearchField = "email" | "orderName" | "customerName";

/** `field` starts with `prefix`: the range [prefix, prefix + U+10FFFF). */
export interface PrefixRange {
  field: SearchField;
  from: string;
  until: string;
}

const SEARCH_INDEX: Record<SearchField, string> = {
  email: "Invitation_shop_email_idx",
  orderName: "Invitation_shop_orderName_idx",
  customerName: "Invitation_shop_customerName_idx",
};

const column = (field: SearchField) => sql.raw(`"${field}"`);
const inRange = (r: PrefixRange) => sql`(${column(r.field)} >= ${r.from} AND ${column(r.field)} < ${r.until})`;

/**
 * Ids of the shop's rows in one prefix range, at most `limit`. No ORDER BY and no id
 * condition: the (shop, field) index is read alone.
 */
export async function findIdsInPrefixRange(db: Queryable, shop: string, range: PrefixRange, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`SELECT "id" FROM "Invitation" ${db.dialect.indexedBy(SEARCH_INDEX[range.field])}
    WHERE "shop" = ${shop} AND ${inRange(range)}
    LIMIT ${limit}`);
  return rows.map((r) => Number(r.id));
}

export interface InvitationListWhere {
  status?: string;
  /** createdAt >= from */
  from?: Date;
  /** createdAt < to */
  to?: Date;
  /** id < beforeId: the keyset cursor. */
  beforeId?: number;
  /** Matches any of these ranges. */
  anyOf?: PrefixRange[];
  /** Only these ids (a slice of search candidates). */
  ids?: number[];
}

/**
 * The shop's invitations matching `where`, newest first, at most `limit`. Without an id
 * list the walk goes down the (shop, id) or (shop, status, id) index from the cursor, so a
 * page costs the same at row 10 and at row 1,000,000; with one, only those rows are read.
 */
export function listInvitationRows(db: Queryable, shop: string, where: InvitationListWhere, limit: number): Promise<InvitationRow[]> {
  const conditions: SqlQuery[] = [sql`"shop" = ${shop}`];
  if (where.status) conditions.push(sql`"status" = ${where.status}`);
  if (where.from) conditions.push(sql`"createdAt" >= ${where.from}`);
  if (where.to) conditions.push(sql`"createdAt" < ${where.to}`);
  if (where.beforeId !== undefined) conditions.push(sql`"id" < ${where.beforeId}`);
  if (where.anyOf && where.anyOf.length > 0) conditions.push(sql`(${sql.join(where.anyOf.map(inRange), " OR ")})`);
  if (where.ids) conditions.push(sql`"id" IN (${sql.join(where.ids)})`);
  const index = where.ids
    ? sql.empty
    : db.dialect.indexedBy(where.status ? "Invitation_shop_status_id_idx" : "Invitation_shop_id_idx");
  return db.all<InvitationRow>(sql`SELECT * FROM "Invitation" ${index}
    WHERE ${sql.join(conditions, " AND ")}
    ORDER BY "id" DESC
    LIMIT ${limit}`);
}

/** One of the shop's invitations with every column; undefined when it is another shop's. */
export function findShopInvitation(db: Queryable, shop: string, id: number): Promise<InvitationRow | undefined> {
  return db.one<InvitationRow>(sql`SELECT * FROM "Invitation" WHERE "id" = ${id} AND "shop" = ${shop}`);
}

export async function invitationExists(db: Queryable, shop: string, id: number): Promise<boolean> {
  return !!(await db.one(sql`SELECT 1 AS "found" FROM "Invitation" WHERE "id" = ${id} AND "shop" = ${shop}`));
}

/** Every invitation of one order, newest first ((shop, orderId) index). */
export function listInvitationsOfOrder(db: Queryable, shop: string, orderId: string): Promise<InvitationRow[]> {
  return db.all<InvitationRow>(sql`SELECT * FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_orderId_idx")}
    WHERE "shop" = ${shop} AND "orderId" = ${orderId} ORDER BY "id" DESC`);
}

/** Id and status of every invitation of these orders, newest first: the order picker's marks. */
export function listInvitationStatusesOfOrders(db: Queryable, shop: string, orderIds: readonly string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db.all<{ id: number; orderId: string; status: string }>(sql`SELECT "id", "orderId", "status"
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_orderId_idx")}
    WHERE "shop" = ${shop} AND "orderId" IN (${sql.join(orderIds)})
    ORDER BY "id" DESC`);
}

/**
 * Invitations of these orders still waiting or being sent: inviting again would email twice.
 * Pinned to (shop, orderId): left alone, SQLite read every queued row of the shop through
 * (shop, status, sendAt).
 */
export function findPendingInvitationsOfOrders(db: Queryable, shop: string, orderIds: readonly string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db.all<{ id: number; orderId: string | null; orderName: string | null }>(sql`SELECT "id", "orderId", "orderName"
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_orderId_idx")}
    WHERE "shop" = ${shop} AND "orderId" IN (${sql.join(orderIds)}) AND "status" IN ('queued', 'sending')`);
}

// ---------------------------------------------------------------------------------------
// Summary counts (the per-status counts themselves are counters: ./invitation-counts.ts)

/** Queued invitations whose order was cancelled: the (shop, orderCancelledAt) index reads only those few. */
export async function countQueuedOfCancelledOrders(db: Queryable, shop: string): Promise<number> {
  const row = await db.one<{ n: number }>(sql`SELECT COUNT(*) AS "n"
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_status_orderCancelledAt_idx")}
    WHERE "shop" = ${shop} AND "orderCancelledAt" IS NOT NULL AND "status" = 'queued'`);
  return Number(row?.n ?? 0);
}

/**
 * Queued invitations not due yet at `now` ((shop, status, sendAt) index): the few of the
 * next days. The overdue ones are the queued count (db/queries/invitation-counts.ts) minus
 * these, so a long-paused shop's overdue backlog is never counted row by row.
 */
export async function countQueuedDueAfter(db: Queryable, shop: string, now: Date): Promise<number> {
  const row = await db.one<{ n: number }>(sql`SELECT COUNT(*) AS "n"
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_status_sendAt_idx")}
    WHERE "shop" = ${shop} AND "status" = 'queued' AND "sendAt" > ${now}`);
  return Number(row?.n ?? 0);
}

/** The most frequent reasons failed invitations give, most frequent first. */
export async function topFailureReasons(db: Queryable, shop: string, limit: number): Promise<{ lastError: string | null; n: number }[]> {
  const rows = await db.all<{ lastError: string | null; n: number }>(sql`SELECT "lastError", COUNT(*) AS "n"
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_status_id_idx")}
    WHERE "shop" = ${shop} AND "status" = 'failed'
    GROUP BY "lastError"
    ORDER BY COUNT("lastError") DESC
    LIMIT ${limit}`);
  return rows.map((r) => ({ lastError: r.lastError, n: Number(r.n) }));
}

/** Orders that got no invitation, by reason ((shop, skipReason) index on Order). */
export async function countSkippedOrdersByReason(db: Queryable, shop: string): Promise<{ skipReason: string; n: number }[]> {
  const rows = await db.all<{ skipReason: string; n: number }>(sql`SELECT "skipReason", COUNT(*) AS "n"
    FROM "Order" ${db.dialect.indexedBy("Order_shop_skipReason_idx")}
    WHERE "shop" = ${shop} AND "skipReason" IS NOT NULL
    GROUP BY "skipReason"`);
  return rows.map((r) => ({ skipReason: r.skipReason, n: Number(r.n) }));
}
