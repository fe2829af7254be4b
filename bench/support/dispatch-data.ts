/**
 * The invitations the dispatch benchmark sends: due now, spread over a few shops. The parent
 * seeds them into a database; the bare loop builds the very same emails from them.
 */
import type { Db } from "../../web/server/db/client.ts";
import { countAdded } from "../../web/server/db/queries/invitation-counts.ts";
import { insertInvitation } from "../../web/server/db/queries/invitations.ts";
import { insertShop } from "../../web/server/db/queries/shops.ts";

export const DISPATCH_SHOPS = 5;
export const APP_URL = "https://reviews.example.com";

export function benchInvitation(i: number, shops = DISPATCH_SHOPS) {
  return {
    shop: `shop-${i % shops}.myshopify.com`,
    email: `customer${i}@example.com`,
    customerName: `Customer ${i}`,
    orderName: `#${10_000 + i}`,
    orderId: String(5_000_000_000_000 + i),
    products: JSON.stringify(["Linen shirt", "Canvas tote"]),
    customerPostpones: 0,
  };
}

export function benchShop(s: number) {
  return { domain: `shop-${s}.myshopify.com`, name: `Shop ${s}` };
}

/** Shops, and `count` due invitations, 1,000 to a transaction. */
export async function seedDueInvitations(db: Db, count: number, shops = DISPATCH_SHOPS): Promise<void> {
  const now = new Date();
  for (let s = 0; s < shops; s++) await insertShop(db, { ...benchShop(s), delayDays: 7 }, now);
  const due = new Date(now.getTime() - 60_000);
  for (let offset = 0; offset < count; offset += 1000) {
    await db.transaction(async (tx) => {
      const added: { id: number; shop: string; status: string }[] = [];
      for (let i = offset; i < Math.min(count, offset + 1000); i++) {
        const { customerPostpones: _p, ...row } = benchInvitation(i, shops);
        const { id } = await insertInvitation(tx, { ...row, autoOrderId: null, locale: null, sendAt: due, source: "manual", orderCancelledAt: null }, now);
        added.push({ id, shop: row.shop, status: "queued" });
      }
      await countAdded(tx, added);
    });
  }
}
