/**
 * Every text of the page comes from a catalog: one JSON file per language beside this
 * one (en.json, fr.json, de.json, …, pt-BR.json), all with the same keys (a test checks).
 * English is part of the page's first download; the other catalogs, and Polaris' own
 * texts in that language, are separate chunks fetched once at start-up when the merchant's
 * locale asks for them, so an English page downloads no other language.
 *
 * Values are strings with {placeholders}, or plural forms keyed by Intl.PluralRules
 * categories ({ "one": "…", "other": "…" }) chosen by the `count` variable. Numbers in
 * placeholders are formatted with Intl.NumberFormat in the merchant's locale.
 */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import polarisEn from "@shopify/polaris/locales/en.json";
import en from "./en.json";
import { matchLocale } from "../../shared/locales.ts";

export type Catalog = { [key: string]: string | Catalog };
/** Polaris' own texts (AppProvider's i18n): pagination, modal close, skip link, … */
export type PolarisCatalog = typeof polarisEn;

const lazyCatalogs = import.meta.glob<{ default: Catalog }>(["./*.json", "!./en.json"]);
const lazyPolaris: Record<string, () => Promise<{ default: PolarisCatalog }>> = {
  fr: () => import("@shopify/polaris/locales/fr.json"),
  de: () => import("@shopify/polaris/locales/de.json"),
  es: () => import("@shopify/polaris/locales/es.json"),
  it: () => import("@shopify/polaris/locales/it.json"),
  nl: () => import("@shopify/polaris/locales/nl.json"),
  "pt-BR": () => import("@shopify/polaris/locales/pt-BR.json"),
  ja: () => import("@shopify/polaris/locales/ja.json"),
};

const fileLocale = (file: string) => file.replace(/^.*\/|\.json$/g, "");

/** The languages the page ships, English first. */
export const LOCALES = ["en", ...Object.keys(lazyCatalogs).map(fileLocale)];

export const FALLBACK_LOCALE = "en";

/** The best catalog for a locale such as "de-CH": exact, then language, then English (web/shared/locales.ts). */
export function resolveLocale(requested: string | null | undefined, available = LOCALES): string {
  return matchLocale(requested, available) ?? FALLBACK_LOCALE;
}

export interface Messages {
  /** The merchant's full locale (e.g. "fr-CA"), for number and date formats. */
  locale: string;
  /** This app's texts in the closest shipped language. */
  catalog: Catalog;
  polaris: PolarisCatalog;
}

export const ENGLISH: Messages = { locale: FALLBACK_LOCALE, catalog: en, polaris: polarisEn };

/** Fetches the catalogs for a locale: nothing for English, two small chunks otherwise. */
export async function loadMessages(requested: string | null | undefined): Promise<Messages> {
  const locale = canonical(requested ?? FALLBACK_LOCALE);
  const language = resolveLocale(locale);
  if (language === FALLBACK_LOCALE) return { ...ENGLISH, locale };
  const [catalog, polaris] = await Promise.all([
    lazyCatalogs[`./${language}.json`]!().then((m) => m.default),
    (lazyPolaris[language]?.() ?? Promise.resolve({ default: polarisEn })).then((m) => m.default),
  ]);
  return { locale, catalog, polaris };
}

/**
 * The merchant's language: the Shopify admin's (App Bridge's `shopify.config.locale`, or the
 * `locale` parameter the admin adds to the app's URL); the browser's in the demo page.
 */
export function detectLocale(): string {
  const bridge = (globalThis as { shopify?: { config?: { locale?: unknown } } }).shopify;
  const fromBridge = typeof bridge?.config?.locale === "string" ? bridge.config.locale : undefined;
  return fromBridge ?? new URLSearchParams(window.location.search).get("locale") ?? navigator.language ?? FALLBACK_LOCALE;
}

function lookup(catalog: Catalog | undefined, key: string): string | Catalog | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return node;
}

export type Vars = Record<string, string | number>;
export type Translate = (key: string, vars?: Vars) => string;

export function createTranslator(locale: string, catalog: Catalog = en, fallback: Catalog = en): Translate {
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (key, vars = {}) => {
    let value = lookup(catalog, key) ?? lookup(fallback, key);
    if (value !== undefined && typeof value !== "string") {
      const count = Number(vars.count ?? 0);
      const category = count === 0 && typeof value.zero === "string" ? "zero" : plurals.select(count);
      value = value[category] ?? value.other;
    }
    if (typeof value !== "string") return key; // a visible key is easier to spot than a blank
    return value.replace(/\{(\w+)\}/g, (match, name: string) => {
      const v = vars[name];
      if (v === undefined) return match;
      return typeof v === "number" ? numbers.format(v) : v;
    });
  };
}

interface I18n {
  /** The merchant's full locale (e.g. "en-GB"), for number and date formats. */
  locale: string;
  t: Translate;
}

function canonical(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE;
  }
}

const I18nContext = createContext<I18n>({ locale: FALLBACK_LOCALE, t: createTranslator(FALLBACK_LOCALE) });

/** `catalog` is the loaded language (loadMessages); English when left out. */
export function I18nProvider({ locale, catalog = en, children }: { locale: string; catalog?: Catalog; children: ReactNode }) {
  const value = useMemo(() => {
    const full = canonical(locale);
    return { locale: full, t: createTranslator(full, catalog) };
  }, [locale, catalog]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
