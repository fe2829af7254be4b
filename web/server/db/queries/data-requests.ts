/**
 * DataRequest: Shopify's customers/data_request, one row per request, holding the export the
 * merchant downloads (web/server/privacy/routes.ts) until the customer's data is erased.
 */
import type { Queryable } from "../client.ts";
import type { DataRequestRow } from "../schema.ts";
import { sql, type SqlQuery } from "../sql.ts";

/** Ids are Int columns: 32-bit. */
const MAX_INT = 2_147_483_647;

export type DataRequestListRow = Pick<DataRequestRow, "id" | "requestId" | "customerId" | "email" | "createdAt" | "export">;

/** The shop's requests, newest first. */
export function listDataRequests(db: Queryable, shop: string, limit: number): Promise<DataRequestListRow[]> {
  return db.all<DataRequestListRow>(sql`SELECT "id", "requestId", "customerId", "email", "createdAt", "export"
    FROM "DataRequest" WHERE "shop" = ${shop}
    ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit}`);
}

/** One request of the shop; another shop's id finds nothing. */
export function findDataRequest(db: Queryable, shop: string, id: number): Promise<DataRequestRow | undefined> {
  if (id > MAX_INT) return Promise.resolve(undefined); // PostgreSQL would refuse the parameter
  return db.one<DataRequestRow>(sql`SELECT * FROM "DataRequest" WHERE "id" = ${id} AND "shop" = ${shop}`);
}

/** The row already stored for Shopify's request id (Shopify may send a request again). */
export async function findDataRequestId(db: Queryable, shop: string, requestId: string): Promise<number | undefined> {
  const row = await db.one<{ id: number }>(sql`SELECT "id" FROM "DataRequest"
    WHERE "shop" = ${shop} AND "requestId" = ${requestId} ORDER BY "id" LIMIT 1`);
  return row ? Number(row.id) : undefined;
}

export type DataRequestContent = Pick<DataRequestRow, "customerId" | "email" | "export" | "createdAt">;

export function insertDataRequest(db: Queryable, shop: string, requestId: string | null, d: DataRequestContent) {
  return db.run(sql`INSERT INTO "DataRequest" ("shop", "requestId", "customerId", "email", "export", "createdAt")
    VALUES (${shop}, ${requestId}, ${d.customerId}, ${d.email}, ${d.export}, ${d.createdAt})`);
}

export function updateDataRequest(db: Queryable, id: number, d: DataRequestContent) {
  return db.run(sql`UPDATE "DataRequest"
    SET "customerId" = ${d.customerId}, "email" = ${d.email}, "export" = ${d.export}, "createdAt" = ${d.createdAt}
    WHERE "id" = ${id}`);
}

/**
 * Erases the customer's requests (by customer id or lower-cased address): the export, the
 * address and the id go; the request itself stays on record. Returns the rows changed.
 */
export function eraseCustomerDataRequests(
  db: Queryable,
  shop: string,
  customerId: string | null,
  emails: readonly string[],
): Promise<number> {
  const conditions: SqlQuery[] = [];
  if (customerId) conditions.push(sql`"customerId" = ${customerId}`);
  if (emails.length) conditions.push(sql`lower("email") IN (${sql.join(emails)})`);
  if (!conditions.length) return Promise.resolve(0);
  return db.run(sql`UPDATE "DataRequest" SET "export" = NULL, "email" = NULL, "customerId" = NULL
    WHERE "shop" = ${shop} AND (${sql.join(conditions, " OR ")})`);
}
