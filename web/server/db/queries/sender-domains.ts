/**
 * SenderDomain (issue 19): a shop's own From address and DKIM key pair, and what its last
 * DNS check found. One row per shop; replacing the address replaces the key and clears the
 * verification (the merchant publishes the new record and verifies again).
 */
import type { Queryable } from "../client.ts";
import type { SenderDomainRow } from "../schema.ts";
import { sql } from "../sql.ts";

export function findSenderDomain(db: Queryable, shop: string): Promise<SenderDomainRow | undefined> {
  return db.one<SenderDomainRow>(sql`SELECT * FROM "SenderDomain" WHERE "shop" = ${shop}`);
}

/** The verified sender domains among these shops (what the dispatcher signs with). */
export function findVerifiedSenderDomains(db: Queryable, shops: readonly string[]): Promise<SenderDomainRow[]> {
  if (shops.length === 0) return Promise.resolve([]);
  return db.all<SenderDomainRow>(sql`SELECT * FROM "SenderDomain"
    WHERE "shop" IN (${sql.join(shops)}) AND "verifiedAt" IS NOT NULL`);
}

export function upsertSenderDomain(
  db: Queryable,
  row: Pick<SenderDomainRow, "shop" | "fromAddress" | "domain" | "selector" | "publicKey" | "privateKey">,
  now: Date,
): Promise<number> {
  return db.run(sql`INSERT INTO "SenderDomain"
      ("shop", "fromAddress", "domain", "selector", "publicKey", "privateKey", "verifiedAt", "checkedAt", "checkResult", "createdAt", "updatedAt")
    VALUES (${row.shop}, ${row.fromAddress}, ${row.domain}, ${row.selector}, ${row.publicKey}, ${row.privateKey}, NULL, NULL, NULL, ${now}, ${now})
    ON CONFLICT ("shop") DO UPDATE SET "fromAddress" = excluded."fromAddress", "domain" = excluded."domain",
      "selector" = excluded."selector", "publicKey" = excluded."publicKey", "privateKey" = excluded."privateKey",
      "verifiedAt" = NULL, "checkedAt" = NULL, "checkResult" = NULL, "updatedAt" = excluded."updatedAt"`);
}

/** Only the From address changes (same domain): the key and its verification stay. */
export function updateSenderAddress(db: Queryable, shop: string, fromAddress: string, now: Date): Promise<number> {
  return db.run(sql`UPDATE "SenderDomain" SET "fromAddress" = ${fromAddress}, "updatedAt" = ${now} WHERE "shop" = ${shop}`);
}

export function recordSenderDomainCheck(
  db: Queryable,
  shop: string,
  /** verified null: the lookup itself failed (DNS down), which proves nothing either way. */
  check: { verified: boolean | null; result: string; at: Date },
): Promise<number> {
  // A record that disappears later un-verifies the domain: mail signed with a key nobody
  // publishes fails DKIM, which is worse than sending from MAIL_FROM.
  const verifiedAt =
    check.verified === null ? sql`"verifiedAt"` : check.verified ? sql`COALESCE("verifiedAt", ${check.at})` : sql`NULL`;
  return db.run(sql`UPDATE "SenderDomain" SET "checkedAt" = ${check.at}, "checkResult" = ${check.result},
      "verifiedAt" = ${verifiedAt}, "updatedAt" = ${check.at}
    WHERE "shop" = ${shop}`);
}

export function deleteSenderDomain(db: Queryable, shop: string): Promise<number> {
  return db.run(sql`DELETE FROM "SenderDomain" WHERE "shop" = ${shop}`);
}
