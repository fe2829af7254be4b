/** Shop: install state and settings, one row per shop that ever talked to the app. */
import type { Queryable } from "../client.ts";
import type { ShopRow } from "../schema.ts";
import { sql } from "../sql.ts";

export function findShop(db: Queryable, domain: string): Promise<ShopRow | undefined> {
  return db.one<ShopRow>(sql`SELECT * FROM "Shop" WHERE "domain" = ${domain}`);
}

/** Inserts the shop with default settings unless it exists (a concurrent first delivery may win). */
export function insertShopIfMissing(db: Queryable, domain: string, now: Date) {
  return db.run(sql`INSERT INTO "Shop" ("domain", "installedAt", "createdAt", "updatedAt")
    VALUES (${domain}, ${now}, ${now}, ${now}) ON CONFLICT ("domain") DO NOTHING`);
}

/** A merchant opening the app again after an uninstall reinstalls the shop; 0 when nothing changed. */
export function reinstallShop(db: Queryable, domain: string, now: Date) {
  return db.run(sql`UPDATE "Shop" SET "uninstalledAt" = NULL, "installedAt" = ${now}, "updatedAt" = ${now}
    WHERE "domain" = ${domain} AND "uninstalledAt" IS NOT NULL`);
}

export function markShopUninstalled(db: Queryable, domain: string, at: Date) {
  return db.run(sql`UPDATE "Shop" SET "uninstalledAt" = ${at}, "updatedAt" = ${at} WHERE "domain" = ${domain}`);
}

/** The settings a merchant changes from the admin (web/server/shops/settings.ts). */
export type ShopSettings = Pick<
  ShopRow,
  | "trigger" | "delayDays" | "deliveredFallbackDays" | "inviteTestOrders" | "paused" | "pausedAt" | "emailSubject"
  | "emailBody" | "noticeEnabled" | "noticeText" | "senderName" | "replyTo" | "reviewUrl" | "timezone" | "retentionDays"
  | "reminderEnabled" | "reminderAfterDays" | "reminderSubject" | "reminderBody" | "primaryLocale" | "templateTranslations"
  | "sendWindow" | "countryDelays" | "exclusions" | "frequencyCapDays" | "resumeOverHours"
>;

/** The only columns `updateShopSettings` writes: names come from here, never from input. */
const SETTINGS_COLUMNS: readonly (keyof ShopSettings)[] = [
  "trigger", "delayDays", "deliveredFallbackDays", "inviteTestOrders", "paused", "pausedAt", "emailSubject",
  "emailBody", "noticeEnabled", "noticeText", "senderName", "replyTo", "reviewUrl", "timezone", "retentionDays",
  "reminderEnabled", "reminderAfterDays", "reminderSubject", "reminderBody", "primaryLocale", "templateTranslations",
  "sendWindow", "countryDelays", "exclusions", "frequencyCapDays", "resumeOverHours",
];

/** Writes the given settings (any subset) and returns the whole row; undefined when the shop is unknown. */
export function updateShopSettings(db: Queryable, domain: string, patch: Partial<ShopSettings>, now: Date): Promise<ShopRow | undefined> {
  const assignments = SETTINGS_COLUMNS.filter((c) => patch[c] !== undefined).map((c) => sql`${sql.raw(`"${c}"`)} = ${patch[c]}`);
  assignments.push(sql`"updatedAt" = ${now}`);
  return db.one<ShopRow>(sql`UPDATE "Shop" SET ${sql.join(assignments)} WHERE "domain" = ${domain} RETURNING *`);
}

/** A new shop with a display name and an invitation delay, the other settings at their defaults (demo, benchmarks). */
export function insertShop(db: Queryable, s: Pick<ShopRow, "domain" | "name" | "delayDays">, now: Date) {
  return db.run(sql`INSERT INTO "Shop" ("domain", "name", "delayDays", "installedAt", "createdAt", "updatedAt")
    VALUES (${s.domain}, ${s.name}, ${s.delayDays}, ${now}, ${now}, ${now})`);
}
