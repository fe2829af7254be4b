/**
 * Suppression: addresses that unsubscribed from a shop's invitations, stored lower-cased
 * and trimmed. Nothing is ever sent to them (rule R3).
 */
import type { Queryable } from "../client.ts";
import type { SuppressionRow } from "../schema.ts";
import { sql } from "../sql.ts";

/**
 * The suppressions among these shops and addresses (emails already lower-cased). Over-selects
 * across shops (shop IN … AND email IN …): the caller matches (shop, email) pairs exactly.
 */
export function findSuppressions(
  db: Queryable,
  shops: readonly string[],
  emails: readonly string[],
): Promise<Pick<SuppressionRow, "shop" | "email">[]> {
  if (shops.length === 0 || emails.length === 0) return Promise.resolve([]);
  return db.all(sql`SELECT "shop", "email" FROM "Suppression"
    WHERE "shop" IN (${sql.join(shops)}) AND "email" IN (${sql.join(emails)})`);
}

/** Whether the address (lower-cased) unsubscribed from the shop. */
export async function isSuppressed(db: Queryable, shop: string, email: string): Promise<boolean> {
  return !!(await db.one(sql`SELECT 1 AS "found" FROM "Suppression" WHERE "shop" = ${shop} AND "email" = ${email}`));
}

/** Adds the address (lower-cased) to the shop's list; false when it was already there. */
export async function insertSuppression(db: Queryable, shop: string, email: string, now: Date): Promise<boolean> {
  const changed = await db.run(sql`INSERT INTO "Suppression" ("shop", "email", "createdAt")
    VALUES (${shop}, ${email}, ${now}) ON CONFLICT ("shop", "email") DO NOTHING`);
  return changed > 0;
}

/** The shop's suppressions of these (lower-cased) addresses, with when they were made. */
export function findShopSuppressions(db: Queryable, shop: string, emails: readonly string[]): Promise<SuppressionRow[]> {
  if (emails.length === 0) return Promise.resolve([]);
  return db.all<SuppressionRow>(sql`SELECT * FROM "Suppression"
    WHERE "shop" = ${shop} AND "email" IN (${sql.join(emails)}) ORDER BY "email"`);
}

/** Deletes the shop's suppressions of these addresses (customers/redact); returns how many. */
export function deleteSuppressions(db: Queryable, shop: string, emails: readonly string[]): Promise<number> {
  if (emails.length === 0) return Promise.resolve(0);
  return db.run(sql`DELETE FROM "Suppression" WHERE "shop" = ${shop} AND "email" IN (${sql.join(emails)})`);
}
