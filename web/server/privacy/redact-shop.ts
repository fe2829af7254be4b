/**
 * shop/redact: Shopify's instruction, 48 hours after an uninstall, to erase the shop.
 * Every row of the shop goes, in every table. The table below is typed over every model
 * of the schema, so adding a model without deciding how its rows are purged fails the
 * type check instead of leaving a shop's data behind.
 */
import type { Prisma } from "../db/client.ts";

type Tx = Prisma.TransactionClient;
type Purge = (tx: Tx, shop: string, keepWebhookId: string) => Promise<{ count: number }>;

/** In deletion order: events before the invitations they point to. */
const PURGE: Record<Prisma.ModelName, Purge> = {
  InvitationEvent: (tx, shop) => tx.invitationEvent.deleteMany({ where: { shop } }),
  Invitation: (tx, shop) => tx.invitation.deleteMany({ where: { shop } }),
  Order: (tx, shop) => tx.order.deleteMany({ where: { shop } }),
  BulkCancellation: (tx, shop) => tx.bulkCancellation.deleteMany({ where: { shop } }),
  Suppression: (tx, shop) => tx.suppression.deleteMany({ where: { shop } }),
  DataRequest: (tx, shop) => tx.dataRequest.deleteMany({ where: { shop } }),
  Session: (tx, shop) => tx.session.deleteMany({ where: { shop } }),
  WebhookDelivery: (tx, shop, keepWebhookId) =>
    tx.webhookDelivery.deleteMany({ where: { shop, webhookId: { not: keepWebhookId } } }),
  Shop: (tx, shop) => tx.shop.deleteMany({ where: { domain: shop } }),
};

/**
 * The shop/redact delivery's own WebhookDelivery row is the one exception, and it is
 * detached from the shop rather than deleted: the webhook route records the delivery's
 * outcome on it after this runs, and keeping it lets a redelivery of the same webhook be
 * answered "duplicate". What it keeps is Shopify's webhook id and the topic, nothing that
 * names the shop or anyone in it.
 */
export const DETACHED_SHOP = "";

export async function purgeShop(tx: Tx, shop: string, ownWebhookId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [model, purge] of Object.entries(PURGE) as [Prisma.ModelName, Purge][]) {
    counts[model] = (await purge(tx, shop, ownWebhookId)).count;
  }
  await tx.webhookDelivery.updateMany({ where: { webhookId: ownWebhookId, shop }, data: { shop: DETACHED_SHOP } });
  return counts;
}

/** The models purgeShop covers; tests compare it with the database's tables. */
export const PURGED_MODELS = Object.keys(PURGE) as Prisma.ModelName[];
