/**
 * Suppression: addresses a shop's invitations are never sent to (rule R3), stored
 * lower-cased and trimmed, with why: the customer unsubscribed, the address bounced hard,
 * or the customer reported an invitation as spam (issue 19).
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
): Promise<Pick<SuppressionRow, "shop" | "email" | "reason">[]> {
  if (shops.length === 0 || emails.length === 0) return Promise.resolve([]);
  return db.all(sql`SELECT "shop", "email", "reason" FROM "Suppression"
    WHERE "shop" IN (${sql.join(shops)}) AND "email" IN (${sql.join(emails)})`);
}

/** Whether the address (lower-cased) unsubscribed from the shop. */
export async function isSuppressed(db: Queryable, shop: string, email: string): Promise<boolean> {
  return !!(await db.one(sql`SELECT 1 AS "found" FROM "Suppression" WHERE "shop" = ${shop} AND "email" = ${email}`));
}

export type SuppressionReason = "unsubscribed" | "bounced" | "complained";

/** Adds the address (lower-cased) to the shop's list; false when it was already there. */
export async function insertSuppression(
  db: Queryable,
  shop: string,
  email: string,
  now: Date,
  reason: SuppressionReason = "unsubscribed",
): Promise<boolean> {
  const changed = await db.run(sql`INSERT INTO "Suppression" ("shop", "email", "createdAt", "reason")
    VALUES (${shop}, ${email}, ${now}, ${reason}) ON CONFLICT ("shop", "email") DO NOTHING`);
  return changed > 0;
}

/**
 * A complaint outranks any earlier reason: the list then says the customer called the mail
 * spam, which is what keeps the address from ever being re-added.
 */
export function markSuppressionComplained(db: Queryable, shop: string, email: string): Promise<number> {
  return db.run(sql`UPDATE "Suppression" SET "reason" = 'complained'
    WHERE "shop" = ${shop} AND "email" = ${email} AND "reason" <> 'complained'`);
}

/** One page of the shop's list, newest first, optionally of one reason. */
export function listSuppressions(
  db: Queryable,
  shop: string,
  options: { reason?: SuppressionReason; limit: number; offset: number },
): Promise<SuppressionRow[]> {
  return db.all<SuppressionRow>(sql`SELECT * FROM "Suppression" WHERE "shop" = ${shop}
    ${options.reason ? sql`AND "reason" = ${options.reason}` : sql.empty}
    ORDER BY "createdAt" DESC, "email" LIMIT ${options.limit} OFFSET ${options.offset}`);
}

/** How many addresses the shop's list holds, per reason. */
export async function countSuppressions(db: Queryable, shop: string): Promise<Record<SuppressionReason, number>> {
  const rows = await db.all<{ reason: string; n: number | string }>(sql`SELECT "reason", COUNT(*) AS "n" FROM "Suppression"
    WHERE "shop" = ${shop} GROUP BY "reason"`);
  const counts: Record<SuppressionReason, number> = { unsubscribed: 0, bounced: 0, complained: 0 };
  for (const row of rows) if (row.reason in counts) counts[row.reason as SuppressionReason] = Number(row.n);
  return counts;
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
