/**
 * TestEmailQuota (issue 18): "Send me a test" emails per shop and UTC day. One statement
 * takes a test out of the day's quota or refuses it, so concurrent clicks cannot overrun it.
 */
import type { Queryable } from "../client.ts";
import { sql } from "../sql.ts";

/** Adds one to the shop's day if that stays within `limit`; the new total, or null when refused. */
export async function takeTestEmail(db: Queryable, shop: string, day: string, limit: number): Promise<number | null> {
  const row = await db.one<{ count: number }>(sql`INSERT INTO "TestEmailQuota" ("shop", "day", "count")
    VALUES (${shop}, ${day}, 1)
    ON CONFLICT ("shop", "day") DO UPDATE SET "count" = "TestEmailQuota"."count" + 1
    WHERE "TestEmailQuota"."count" + 1 <= ${limit}
    RETURNING "count"`);
  return row ? Number(row.count) : null;
}

export async function testEmailsSent(db: Queryable, shop: string, day: string): Promise<number> {
  const row = await db.one<{ count: number }>(sql`SELECT "count" FROM "TestEmailQuota" WHERE "shop" = ${shop} AND "day" = ${day}`);
  return Number(row?.count ?? 0);
}
