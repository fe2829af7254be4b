/**
 * The text layer: plurals, placeholders, falling back to English for missing text, and every
 * shipped language complete — the same keys as English, no more, the same placeholders.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTranslator, LOCALES, loadMessages, resolveLocale } from "../web/frontend/i18n/i18n.tsx";
import en from "../web/frontend/i18n/en.json" with { type: "json" };
import { ROOT } from "./support/paths.ts";

const I18N_DIR = path.join(ROOT, "web/frontend/i18n");
const PLURAL_CATEGORIES = ["zero", "one", "two", "few", "many", "other"];
type Node = string | { [key: string]: Node };

const isPlural = (node: Node): node is Record<string, string> =>
  typeof node === "object" && Object.keys(node).length > 0 && Object.keys(node).every((k) => PLURAL_CATEGORIES.includes(k));

/** key → the placeholders of its text (all plural forms together). */
function leaves(node: Node, prefix: string[] = []): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (typeof node === "string" || isPlural(node)) {
    const texts = typeof node === "string" ? [node] : Object.values(node);
    out.set(prefix.join("."), [...new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort());
    return out;
  }
  for (const [key, child] of Object.entries(node)) for (const [k, v] of leaves(child, [...prefix, key])) out.set(k, v);
  return out;
}

function pluralsWithoutOther(node: Node, prefix: string[] = []): string[] {
  if (typeof node === "string") return [];
  if (isPlural(node)) return "other" in node ? [] : [prefix.join(".")];
  return Object.entries(node).flatMap(([k, v]) => pluralsWithoutOther(v, [...prefix, k]));
}

const shipped = readdirSync(I18N_DIR)
  .filter((f) => f.endsWith(".json") && f !== "en.json")
  .map((f) => f.replace(/\.json$/, ""));

describe("shipped languages", () => {
  it("include at least French, German, Spanish, Italian, Dutch, Brazilian Portuguese and Japanese", () => {
    expect(shipped).toEqual(expect.arrayContaining(["fr", "de", "es", "it", "nl", "pt-BR", "ja"]));
    expect(LOCALES.slice().sort()).toEqual(["en", ...shipped].sort());
  });

  const english = leaves(en as Node);
  for (const locale of shipped) {
    it(`${locale}: every English key, no other key, the same placeholders, and an "other" plural form`, () => {
      const catalog = JSON.parse(readFileSync(path.join(I18N_DIR, `${locale}.json`), "utf8")) as Node;
      const translated = leaves(catalog);
      expect([...english.keys()].filter((k) => !translated.has(k)), "missing keys").toEqual([]);
      expect([...translated.keys()].filter((k) => !english.has(k)), "keys English doesn't have").toEqual([]);
      const wrong = [...english].filter(([k, vars]) => translated.has(k) && translated.get(k)!.join() !== vars.join()).map(([k]) => k);
      expect(wrong, "placeholders differ").toEqual([]);
      expect(pluralsWithoutOther(catalog), "plural forms without 'other'").toEqual([]);
    });
  }
});

describe("i18n", () => {
  const t = createTranslator("en");

  it("picks the plural form by count and formats the number", () => {
    expect(t("cancelAll.count", { count: 1 })).toBe("1 queued invitation will be cancelled.");
    expect(t("cancelAll.count", { count: 1250 })).toBe("1,250 queued invitations will be cancelled.");
    expect(t("cancelAll.done", { count: 0 })).toBe("No invitations were queued; nothing was cancelled.");
  });

  it("fills placeholders and leaves Liquid examples alone", () => {
    expect(t("details.title", { name: "Ada" })).toBe("Invitation for Ada");
    expect(t("settings.emailBody.help")).toContain("{{ order_name }}");
  });

  it("falls back to English for a key a language lacks, and shows the key when none has it", () => {
    const german = createTranslator("de", { nav: { help: "Hilfe" } });
    expect(german("nav.help")).toBe("Hilfe");
    expect(german("nav.settings")).toBe("Settings");
    expect(t("no.such.key")).toBe("no.such.key");
  });

  it("chooses the closest catalog for a locale", () => {
    expect(resolveLocale("en-GB", ["en"])).toBe("en");
    expect(resolveLocale("de-CH", ["en", "de"])).toBe("de");
    expect(resolveLocale("fr", ["en", "de"])).toBe("en");
    expect(resolveLocale("pt-BR", ["en", "pt-BR"])).toBe("pt-BR");
    expect(resolveLocale("pt-PT", ["en", "pt-BR"])).toBe("pt-BR");
    expect(resolveLocale("ja-JP", ["en", "ja"])).toBe("ja");
    expect(resolveLocale(undefined)).toBe("en");
  });

  it("loads the merchant's language with Polaris' own texts in it, and formats numbers that way", async () => {
    const french = await loadMessages("fr-CA");
    expect(french.locale).toBe("fr-CA");
    const t = createTranslator(french.locale, french.catalog);
    expect(t("nav.settings")).toBe("Paramètres");
    // French Canadian digit grouping (a no-break space), from Intl in that locale.
    expect(t("cancelAll.count", { count: 1250 })).toBe(`${new Intl.NumberFormat("fr-CA").format(1250)} invitations en file seront annulées.`);
    expect(t("cancelAll.count", { count: 1250 })).not.toContain("1,250");
    expect(french.polaris.Polaris.Common.cancel).toBe("Annuler");
    const english = await loadMessages("en-GB");
    expect(english.catalog).toBe(en);
  });

  it("has plural forms with an 'other' case wherever a count is used", () => {
    const walk = (node: unknown, path: string[]): string[] => {
      if (typeof node === "string") return [];
      const obj = node as Record<string, unknown>;
      if ("one" in obj && !("other" in obj)) return [path.join(".")];
      return Object.entries(obj).flatMap(([k, v]) => walk(v, [...path, k]));
    };
    expect(walk(en, [])).toEqual([]);
  });
});
