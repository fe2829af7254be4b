/**
 * InvitationQuota: invitations by email ("Get reviews" without an order) per shop and UTC
 * day, so no shop can use the app as a mail relay (issue 13). One statement takes the
 * invitations out of the day's quota or refuses them as a whole, so concurrent requests
 * cannot overrun it.
 */
import type { Queryable } from "../client.ts";
import { sql } from "../sql.ts";

/** Adds `count` to the shop's day if that stays within `limit`; the new total, or null when refused. */
export async function takeFromQuota(db: Queryable, shop: string, day: string, count: number, limit: number): Promise<number | null> {
  if (count > limit) return null;
  const row = await db.one<{ count: number }>(sql`INSERT INTO "InvitationQuota" ("shop", "day", "count")
    VALUES (${shop}, ${day}, ${count})
    ON CONFLICT ("shop", "day") DO UPDATE SET "count" = "InvitationQuota"."count" + excluded."count"
    WHERE "InvitationQuota"."count" + excluded."count" <= ${limit}
    RETURNING "count"`);
  return row ? Number(row.count) : null;
}

/** Days before `day` (YYYY-MM-DD) are of no use any more: the retention job drops them. */
export function deleteQuotaBefore(db: Queryable, day: string) {
  return db.run(sql`DELETE FROM "InvitationQuota" WHERE "day" < ${day}`);
}
