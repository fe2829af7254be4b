import type { Queryable } from "../db/client.ts";
import { deleteSessionsOfShop } from "../db/queries/sessions.ts";
import { findErasures } from "../db/queries/erasures.ts";
import { findShop, insertShopIfMissing, markShopUninstalled, reinstallShop } from "../db/queries/shops.ts";
import type { ShopRow } from "../db/schema.ts";
import { toTriggerSettings, type TriggerSettings } from "../invitations/settings.ts";
import { PURGED_SHOPS, tombstoneHashes, type ErasureKeys } from "../privacy/tombstones.ts";
import type { TopicHandler } from "../webhooks/types.ts";

/**
 * A shop counts as installed from its first verified webhook or session token until
 * app/uninstalled. A late webhook after an uninstall does not reinstall the shop; a
 * session token (the merchant opening the app again) does.
 */
export type { ShopRow };

/** The shop's row, created with default settings the first time the shop is seen. */
export async function ensureShopKnown(db: Queryable, domain: string, now = new Date()): Promise<ShopRow> {
  // Read first: on every delivery but a shop's first, this is one indexed read.
  const found = await findShop(db, domain);
  if (found) return found;
  await insertShopIfMissing(db, domain, now);
  return (await findShop(db, domain))!;
}

/**
 * The shop of a verified webhook: its row, created the first time the shop is seen, unless
 * the shop was purged by shop/redact (null): a late delivery must not bring it back, with
 * its default settings and sending switched on. Only a shop with no row pays the tombstone
 * read; a merchant installing the app again recreates the row through a session token.
 */
export async function shopForDelivery(
  db: Queryable,
  domain: string,
  now: Date,
  keys: ErasureKeys,
): Promise<{ row: ShopRow; created: boolean } | null> {
  const found = await findShop(db, domain);
  if (found) return { row: found, created: false };
  if ((await findErasures(db, PURGED_SHOPS, tombstoneHashes(keys, "shop", domain))).length > 0) return null;
  await insertShopIfMissing(db, domain, now);
  return { row: (await findShop(db, domain))!, created: true };
}

/** Called on every verified session token: cheap when nothing changes (no write). */
export async function markShopInstalled(db: Queryable, domain: string, now = new Date()): Promise<void> {
  const reinstalled = await reinstallShop(db, domain, now);
  if (reinstalled === 0) await ensureShopKnown(db, domain, now);
}

export async function loadTriggerSettings(db: Queryable, domain: string): Promise<TriggerSettings> {
  const shop = await findShop(db, domain);
  if (!shop) throw new Error(`Unknown shop ${domain}`);
  return toTriggerSettings(shop);
}

/** app/uninstalled: from this moment nothing more is sent for the shop (dispatch checks uninstalledAt). */
export const appUninstalled: TopicHandler<null> = {
  parse: () => null,
  async apply(tx, _parsed, ctx) {
    // Settings and invitations stay until shop/redact, so a reinstall resumes where it was.
    await markShopUninstalled(tx, ctx.shop, ctx.receivedAt);
    await deleteSessionsOfShop(tx, ctx.shop);
    return "uninstalled";
  },
};
