/**
 * shop/redact: Shopify's instruction, 48 hours after an uninstall, to erase the shop.
 * Every row of the shop goes, in every table. The purge (db/queries/purge.ts) is typed over
 * every table of the schema (db/schema.ts `TableName`), so adding a table without deciding
 * how its rows are purged fails the type check instead of leaving a shop's data behind.
 */
import type { Tx } from "../db/client.ts";
import { PURGED_TABLES, purgeShopRows, reassignDelivery } from "../db/queries/purge.ts";
import type { TableName } from "../db/schema.ts";

/**
 * The shop/redact delivery's own WebhookDelivery row is the one exception, and it is
 * detached from the shop rather than deleted: the webhook route records the delivery's
 * outcome on it after this runs, and keeping it lets a redelivery of the same webhook be
 * answered "duplicate". What it keeps is Shopify's webhook id and the topic, nothing that
 * names the shop or anyone in it.
 */
export const DETACHED_SHOP = "";

/** Runs inside the delivery's transaction: every statement on `tx`. */
export async function purgeShop(tx: Tx, shop: string, ownWebhookId: string): Promise<Record<TableName, number>> {
  const counts = await purgeShopRows(tx, shop, ownWebhookId);
  await reassignDelivery(tx, ownWebhookId, shop, DETACHED_SHOP);
  return counts;
}

/** The tables purgeShop covers; tests compare it with the database's tables. */
export const PURGED_MODELS: readonly TableName[] = PURGED_TABLES;
