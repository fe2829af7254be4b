/** WebhookDelivery: one row per verified delivery, for deduplication by X-Shopify-Webhook-Id. */
import type { Queryable } from "../client.ts";
import { sql } from "../sql.ts";

/** The first statement of a delivery's transaction: a redelivery fails here on the primary key. */
export function insertDelivery(db: Queryable, d: { webhookId: string; shop: string; topic: string; receivedAt: Date }) {
  return db.run(sql`INSERT INTO "WebhookDelivery" ("webhookId", "shop", "topic", "outcome", "receivedAt")
    VALUES (${d.webhookId}, ${d.shop}, ${d.topic}, 'processing', ${d.receivedAt})`);
}

export function setDeliveryOutcome(db: Queryable, webhookId: string, outcome: string) {
  return db.run(sql`UPDATE "WebhookDelivery" SET "outcome" = ${outcome} WHERE "webhookId" = ${webhookId}`);
}

export async function deliveryExists(db: Queryable, webhookId: string): Promise<boolean> {
  return !!(await db.one(sql`SELECT 1 AS "found" FROM "WebhookDelivery" WHERE "webhookId" = ${webhookId}`));
}

/** How many deliveries of a shop are stored (benchmarks check that every 200 stored one). */
export async function countDeliveries(db: Queryable, shop: string): Promise<number> {
  const row = await db.one<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM "WebhookDelivery" WHERE "shop" = ${shop}`);
  return Number(row?.n ?? 0);
}
