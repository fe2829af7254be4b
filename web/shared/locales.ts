/**
 * The languages the app speaks, to merchants (the admin page's catalogs) and to customers
 * (the invitation's shipped wording, web/server/mail/wording/), and the one rule that picks
 * the closest of them for a requested locale such as Shopify's `customer_locale` ("fr-CA",
 * "pt-PT", "ja"). Shared, so the page, the settings API and the dispatcher agree.
 */

/** English first: the fallback of every choice. */
export const APP_LOCALES = ["en", "fr", "de", "es", "it", "nl", "pt-BR", "ja"] as const;
export type AppLocale = (typeof APP_LOCALES)[number];

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (APP_LOCALES as readonly string[]).includes(value);
}

/**
 * The closest available locale: exact (case-insensitive, "_" read as "-"), then the same
 * language ("de-CH" → "de"; "pt-PT" → "pt-BR": Brazilian Portuguese reads better than
 * English), else null so the caller chooses its own fallback.
 */
export function matchLocale<T extends string>(requested: string | null | undefined, available: readonly T[]): T | null {
  if (!requested) return null;
  const tag = requested.trim().replace(/_/g, "-").toLowerCase();
  if (!tag) return null;
  const exact = available.find((l) => l.toLowerCase() === tag);
  if (exact) return exact;
  const language = tag.split("-")[0]!;
  return available.find((l) => l.toLowerCase() === language) ?? available.find((l) => l.toLowerCase().startsWith(`${language}-`)) ?? null;
}
