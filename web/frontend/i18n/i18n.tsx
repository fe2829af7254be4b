/**
 * Every text of the page comes from a catalog: one JSON file per language beside this
 * one (en.json, de.json, …). Adding a language is adding a file; missing keys fall back
 * to English so a half-translated catalog still shows a whole page.
 *
 * Values are strings with {placeholders}, or plural forms keyed by Intl.PluralRules
 * categories ({ "one": "…", "other": "…" }) chosen by the `count` variable.
 */
import { createContext, useContext, useMemo, type ReactNode } from "react";
import en from "./en.json";

type Catalog = { [key: string]: string | Catalog };

const catalogs: Record<string, Catalog> = Object.fromEntries(
  Object.entries(import.meta.glob<{ default: Catalog }>("./*.json", { eager: true })).map(([file, mod]) => [
    file.replace(/^.*\/|\.json$/g, ""),
    mod.default,
  ]),
);

export const FALLBACK_LOCALE = "en";

/** The best catalog for a locale such as "de-CH": exact, then language, then English. */
export function resolveLocale(requested: string | null | undefined, available = Object.keys(catalogs)): string {
  if (!requested) return FALLBACK_LOCALE;
  if (available.includes(requested)) return requested;
  const language = requested.split(/[-_]/)[0]!.toLowerCase();
  return available.includes(language) ? language : FALLBACK_LOCALE;
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

export function createTranslator(locale: string, catalog: Catalog = catalogs[locale] ?? {}, fallback: Catalog = en): Translate {
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

export function I18nProvider({ locale, children }: { locale: string; children: ReactNode }) {
  const value = useMemo(() => {
    const resolved = resolveLocale(locale);
    return { locale: canonical(locale), t: createTranslator(resolved) };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
