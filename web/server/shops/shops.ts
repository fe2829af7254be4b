import type { Prisma } from "../db/client.ts";
import { toTriggerSettings, type TriggerSettings } from "../invitations/settings.ts";

type Tx = Pick<Prisma.TransactionClient, "shop">;

/**
 * A shop counts as installed from its first verified webhook or session token until
 * app/uninstalled. A late webhook after an uninstall does not reinstall the shop; a
 * session token (the merchant opening the app again) does.
 */
export async function ensureShopKnown(db: Tx, domain: string): Promise<void> {
  await db.shop.upsert({ where: { domain }, create: { domain }, update: {} });
}

export async function markShopInstalled(db: Tx, domain: string, now = new Date()): Promise<void> {
  await db.shop.upsert({
    where: { domain },
    create: { domain, installedAt: now },
    update: { uninstalledAt: null },
  });
}

export async function loadTriggerSettings(db: Tx, domain: string): Promise<TriggerSettings> {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain } });
  return toTriggerSettings(shop);
}
