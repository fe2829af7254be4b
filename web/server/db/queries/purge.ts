/**
 * shop/redact's purge (web/server/privacy/redact-shop.ts): every row of a shop, in every
 * table. The table below is typed over every table of the schema (db/schema.ts `TableName`),
 * so adding a table without deciding how its rows are purged fails the type check instead
 * of leaving a shop's data behind; test/privacy-compliance.test.ts compares the list with
 * the database's own catalogue.
 */
import type { Queryable } from "../client.ts";
import type { TableName } from "../schema.ts";
import { sql } from "../sql.ts";
import { deleteInvitationCounts } from "./invitation-counts.ts";

type Purge = (db: Queryable, shop: string, keepWebhookId: string) => Promise<number>;

/** In deletion order: events before the invitations they point to. */
const PURGE: Record<TableName, Purge> = {
  InvitationEvent: (db, shop) => db.run(sql`DELETE FROM "InvitationEvent" WHERE "shop" = ${shop}`),
  Reminder: (db, shop) => db.run(sql`DELETE FROM "Reminder" WHERE "shop" = ${shop}`),
  DeliveryReport: (db, shop) => db.run(sql`DELETE FROM "DeliveryReport" WHERE "shop" = ${shop}`),
  Invitation: (db, shop) => db.run(sql`DELETE FROM "Invitation" WHERE "shop" = ${shop}`),
  InvitationCount: (db, shop) => deleteInvitationCounts(db, shop),
  InvitationFunnel: (db, shop) => db.run(sql`DELETE FROM "InvitationFunnel" WHERE "shop" = ${shop}`),
  TestEmailQuota: (db, shop) => db.run(sql`DELETE FROM "TestEmailQuota" WHERE "shop" = ${shop}`),
  Order: (db, shop) => db.run(sql`DELETE FROM "Order" WHERE "shop" = ${shop}`),
  BulkCancellation: (db, shop) => db.run(sql`DELETE FROM "BulkCancellation" WHERE "shop" = ${shop}`),
  Suppression: (db, shop) => db.run(sql`DELETE FROM "Suppression" WHERE "shop" = ${shop}`),
  DataRequest: (db, shop) => db.run(sql`DELETE FROM "DataRequest" WHERE "shop" = ${shop}`),
  SenderDomain: (db, shop) => db.run(sql`DELETE FROM "SenderDomain" WHERE "shop" = ${shop}`),
  Session: (db, shop) => db.run(sql`DELETE FROM "Session" WHERE "shop" = ${shop}`),
  // The shop's customer tombstones: with the shop gone, its own tombstone (written after
  // the purge, under no shop) keeps every late delivery out.
  Erasure: (db, shop) => db.run(sql`DELETE FROM "Erasure" WHERE "shop" = ${shop}`),
  InvitationQuota: (db, shop) => db.run(sql`DELETE FROM "InvitationQuota" WHERE "shop" = ${shop}`),
  WebhookDelivery: (db, shop, keepWebhookId) =>
    db.run(sql`DELETE FROM "WebhookDelivery" WHERE "shop" = ${shop} AND "webhookId" <> ${keepWebhookId}`),
  Shop: (db, shop) => db.run(sql`DELETE FROM "Shop" WHERE "domain" = ${shop}`),
};

/** The tables purgeShopRows covers, in its order. */
export const PURGED_TABLES = Object.keys(PURGE) as TableName[];

/** Deletes every row of the shop except the delivery `keepWebhookId`; the rows deleted per table. */
export async function purgeShopRows(db: Queryable, shop: string, keepWebhookId: string): Promise<Record<TableName, number>> {
  const counts = {} as Record<TableName, number>;
  for (const table of PURGED_TABLES) counts[table] = await PURGE[table](db, shop, keepWebhookId);
  return counts;
}

/** Moves one delivery row of the shop to another shop value (shop/redact detaches its own row). */
export function reassignDelivery(db: Queryable, webhookId: string, shop: string, toShop: string) {
  return db.run(sql`UPDATE "WebhookDelivery" SET "shop" = ${toShop} WHERE "webhookId" = ${webhookId} AND "shop" = ${shop}`);
}
