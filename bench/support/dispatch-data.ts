/**
 * The invitations the dispatch benchmark sends: due now, spread over a few shops. The parent
 * seeds them into a database; the bare loop builds the very same emails from them.
 */
import type { Db } from "../../web/server/db/client.ts";

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

/** Shops, and `count` due invitations in 1,000-row statements. */
export async function seedDueInvitations(db: Db, count: number, shops = DISPATCH_SHOPS): Promise<void> {
  for (let s = 0; s < shops; s++) await db.shop.create({ data: benchShop(s) });
  const due = new Date(Date.now() - 60_000);
  for (let offset = 0; offset < count; offset += 1000) {
    await db.invitation.createMany({
      data: Array.from({ length: Math.min(1000, count - offset) }, (_, k) => {
        const { customerPostpones: _p, ...row } = benchInvitation(offset + k, shops);
        return { ...row, sendAt: due, source: "manual" };
      }),
    });
  }
}
