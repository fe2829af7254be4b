/**
 * Erasure: what customers/redact and shop/redact leave behind, as keyed hashes only
 * (web/server/privacy/tombstones.ts computes them). Intake reads it to keep an erased
 * customer or a purged shop from coming back with a late webhook.
 */
import type { Queryable } from "../client.ts";
import type { ErasureRow } from "../schema.ts";
import { sql } from "../sql.ts";

/** The shop's tombstones among these hashes: one read of the primary key. */
export function findErasures(db: Queryable, shop: string, hashes: readonly string[]): Promise<Pick<ErasureRow, "kind" | "erasedAt">[]> {
  if (hashes.length === 0) return Promise.resolve([]);
  return db.all(sql`SELECT "kind", "erasedAt" FROM "Erasure" WHERE "shop" = ${shop} AND "hash" IN (${sql.join(hashes)})`);
}

/** Records tombstones (a redelivered redaction finds them there); returns how many are new. */
export async function insertErasures(
  db: Queryable,
  shop: string,
  rows: readonly { hash: string; kind: string }[],
  at: Date,
): Promise<number> {
  let added = 0;
  for (const row of rows) {
    added += await db.run(sql`INSERT INTO "Erasure" ("shop", "hash", "kind", "erasedAt")
      VALUES (${shop}, ${row.hash}, ${row.kind}, ${at}) ON CONFLICT ("shop", "hash") DO NOTHING`);
  }
  return added;
}

/** Deletes tombstones (a purged shop that is installed again). */
export function deleteErasures(db: Queryable, shop: string, hashes: readonly string[]): Promise<number> {
  if (hashes.length === 0) return Promise.resolve(0);
  return db.run(sql`DELETE FROM "Erasure" WHERE "shop" = ${shop} AND "hash" IN (${sql.join(hashes)})`);
}

/** Keeps Shop.erasures in step: intake reads Erasure only for shops where it is above 0. */
export function countShopErasures(db: Queryable, shop: string, added: number) {
  return db.run(sql`UPDATE "Shop" SET "erasures" = "erasures" + ${added} WHERE "domain" = ${shop}`);
}
