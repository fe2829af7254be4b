/** Order: what the app knows about one Shopify order, merged from every webhook about it. */
import type { Queryable } from "../client.ts";
import type { OrderRow } from "../schema.ts";
import { sql } from "../sql.ts";

export function findOrder(db: Queryable, shop: string, orderId: string): Promise<OrderRow | undefined> {
  return db.one<OrderRow>(sql`SELECT * FROM "Order" WHERE "shop" = ${shop} AND "orderId" = ${orderId}`);
}

export type OrderFields = Omit<OrderRow, "shop" | "orderId" | "createdAt" | "updatedAt">;

/** Stores the order's merged state: one statement whether or not the row exists. */
export function saveOrder(db: Queryable, shop: string, orderId: string, o: OrderFields, now: Date) {
  return db.run(sql`INSERT INTO "Order" ("shop", "orderId", "name", "email", "customerId", "customerName", "locale",
      "products", "test", "seenCreate", "orderedAt", "cancelledAt", "fulfilledAt", "deliveredAt", "fallbackDueAt",
      "skipReason", "attributes", "createdAt", "updatedAt")
    VALUES (${shop}, ${orderId}, ${o.name}, ${o.email}, ${o.customerId}, ${o.customerName}, ${o.locale},
      ${o.products}, ${o.test}, ${o.seenCreate}, ${o.orderedAt}, ${o.cancelledAt}, ${o.fulfilledAt}, ${o.deliveredAt},
      ${o.fallbackDueAt}, ${o.skipReason}, ${o.attributes}, ${now}, ${now})
    ON CONFLICT ("shop", "orderId") DO UPDATE SET "name" = excluded."name", "email" = excluded."email",
      "customerId" = excluded."customerId", "customerName" = excluded."customerName", "locale" = excluded."locale",
      "products" = excluded."products", "test" = excluded."test", "seenCreate" = excluded."seenCreate",
      "orderedAt" = excluded."orderedAt", "cancelledAt" = excluded."cancelledAt", "fulfilledAt" = excluded."fulfilledAt",
      "deliveredAt" = excluded."deliveredAt", "fallbackDueAt" = excluded."fallbackDueAt",
      "skipReason" = excluded."skipReason", "attributes" = excluded."attributes", "updatedAt" = excluded."updatedAt"`);
}

/** Orders of the delivered trigger whose fallback time has passed (uses the fallbackDueAt index). */
export function findOrdersDueForFallback(db: Queryable, now: Date, limit: number) {
  return db.all<{ shop: string; orderId: string }>(sql`SELECT "shop", "orderId" FROM "Order"
    WHERE "fallbackDueAt" <= ${now} ORDER BY "fallbackDueAt" LIMIT ${limit}`);
}

export type SkippedOrderRow = Pick<OrderRow, "orderId" | "name" | "email" | "customerName" | "skipReason" | "orderedAt" | "updatedAt">;

/**
 * The admin's "orders without invitation", newest decision first, one reason or all; keyset
 * on (updatedAt, orderId) so a page costs the same however deep (the (shop, skipReason,
 * updatedAt) index).
 */
export function listSkippedOrders(
  db: Queryable,
  shop: string,
  f: { reason?: string; after?: { updatedAt: Date; orderId: string }; limit: number },
): Promise<SkippedOrderRow[]> {
  const reason = f.reason ? sql`AND "skipReason" = ${f.reason}` : sql`AND "skipReason" IS NOT NULL`;
  const after = f.after
    ? sql`AND ("updatedAt" < ${f.after.updatedAt} OR ("updatedAt" = ${f.after.updatedAt} AND "orderId" < ${f.after.orderId}))`
    : sql.empty;
  return db.all<SkippedOrderRow>(sql`SELECT "orderId", "name", "email", "customerName", "skipReason", "orderedAt", "updatedAt"
    FROM "Order" WHERE "shop" = ${shop} ${reason} ${after}
    ORDER BY "updatedAt" DESC, "orderId" DESC LIMIT ${f.limit}`);
}
