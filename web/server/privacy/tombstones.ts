/**
 * Erased stays erased (issue 13). customers/redact leaves a tombstone per erased address and
 * customer id, shop/redact one for the shop's domain, and an unsubscribed address that was
 * erased keeps its suppression, all as keyed hashes: HMAC-SHA256 with a key derived from the
 * app secret, so the table tells nobody who was erased (a list of addresses cannot be tested
 * against it without the secret), and a late webhook carrying the same address, id or shop
 * is recognised.
 *
 * During a secret rotation (SHOPIFY_API_SECRET_PREVIOUS) lookups try both keys; tombstones
 * are written with the current one. docs/security.md says what a rotation means for them.
 */
import { createHmac } from "node:crypto";
import type { Queryable } from "../db/client.ts";
import { findErasures } from "../db/queries/erasures.ts";

export type TombstoneKind = "customer_email" | "customer_id" | "suppressed_email" | "shop";

export interface ErasureKeys {
  /** Current key first; a previous secret's key after it. */
  keys: readonly Buffer[];
}

const LABEL = "review-invitations/erasure/v1";

/** From the app secret, and the one before a rotation (SHOPIFY_API_SECRET_PREVIOUS). */
export function erasureKeysOf(config: { SHOPIFY_API_SECRET: string; SHOPIFY_API_SECRET_PREVIOUS?: string | undefined }): ErasureKeys {
  const derive = (s: string) => createHmac("sha256", s).update(LABEL).digest();
  const previous = config.SHOPIFY_API_SECRET_PREVIOUS;
  return { keys: previous ? [derive(config.SHOPIFY_API_SECRET), derive(previous)] : [derive(config.SHOPIFY_API_SECRET)] };
}

function normalise(kind: TombstoneKind, value: string): string {
  return kind === "customer_id" ? value.trim() : value.trim().toLowerCase();
}

/** The hash a tombstone is stored under (current key). */
export function tombstoneHash(keys: ErasureKeys, kind: TombstoneKind, value: string): string {
  return hashWith(keys.keys[0]!, kind, value);
}

/** Every hash the value may be stored under (current and previous key): for lookups. */
export function tombstoneHashes(keys: ErasureKeys, kind: TombstoneKind, value: string): string[] {
  return keys.keys.map((key) => hashWith(key, kind, value));
}

function hashWith(key: Buffer, kind: TombstoneKind, value: string): string {
  return createHmac("sha256", key).update(`${kind}:${normalise(kind, value)}`).digest("base64url");
}

/** Purged shops' tombstones are not the shop's own rows: they live under this shop value. */
export const PURGED_SHOPS = "";

/**
 * Whether an order's customer is behind a tombstone of the shop: "customer_erased" when
 * their address or customer id was erased and the order is not newer than the erasure (a
 * customer who orders again afterwards is a new customer), "unsubscribed" when the address
 * had unsubscribed before it was erased (that lasts), else null. One indexed read.
 */
export async function erasedCustomer(
  db: Queryable,
  shop: string,
  order: { email: string | null; customerId: string | null; orderedAt: Date | null },
  keys: ErasureKeys,
): Promise<"customer_erased" | "unsubscribed" | null> {
  const hashes = [
    ...(order.email ? tombstoneHashes(keys, "customer_email", order.email) : []),
    ...(order.email ? tombstoneHashes(keys, "suppressed_email", order.email) : []),
    ...(order.customerId ? tombstoneHashes(keys, "customer_id", order.customerId) : []),
  ];
  const rows = await findErasures(db, shop, hashes);
  const erased = rows.some(
    (r) => r.kind !== "suppressed_email" && (!order.orderedAt || order.orderedAt.getTime() <= r.erasedAt.getTime()),
  );
  if (erased) return "customer_erased";
  return rows.some((r) => r.kind === "suppressed_email") ? "unsubscribed" : null;
}

/** Those of these (lower-cased) addresses that unsubscribed from the shop and were erased since. */
export async function erasedSuppressions(db: Queryable, shop: string, emails: readonly string[], keys: ErasureKeys): Promise<string[]> {
  const found: string[] = [];
  for (const email of emails) {
    if ((await findErasures(db, shop, tombstoneHashes(keys, "suppressed_email", email))).length > 0) found.push(email);
  }
  return found;
}
