/**
 * Session: Shopify offline access tokens, one row per shop (id = Shopify's offline session
 * id), in the table shape Shopify's session storages use. Only the fields this app reads.
 */
import type { Queryable } from "../client.ts";
import { sql } from "../sql.ts";

export interface StoredToken {
  id: string;
  shop: string;
  accessToken: string;
  scope: string | null;
  expires: Date | null;
}

export function loadSessionToken(db: Queryable, id: string): Promise<StoredToken | undefined> {
  return db.one<StoredToken>(sql`SELECT "id", "shop", "accessToken", "scope", "expires" FROM "Session" WHERE "id" = ${id}`);
}

export function storeOfflineToken(db: Queryable, t: StoredToken) {
  return db.run(sql`INSERT INTO "Session" ("id", "shop", "state", "isOnline", "scope", "expires", "accessToken")
    VALUES (${t.id}, ${t.shop}, '', ${false}, ${t.scope}, ${t.expires}, ${t.accessToken})
    ON CONFLICT ("id") DO UPDATE SET "shop" = excluded."shop", "scope" = excluded."scope",
      "expires" = excluded."expires", "accessToken" = excluded."accessToken"`);
}

export function deleteSessionsOfShop(db: Queryable, shop: string) {
  return db.run(sql`DELETE FROM "Session" WHERE "shop" = ${shop}`);
}
