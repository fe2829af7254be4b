/** The text layer: plurals, placeholders, and falling back to English for missing text. */
import { describe, expect, it } from "vitest";
import { createTranslator, resolveLocale } from "../web/frontend/i18n/i18n.tsx";
import en from "../web/frontend/i18n/en.json" with { type: "json" };

describe("i18n", () => {
  const t = createTranslator("en");

  it("picks the plural form by count and formats the number", () => {
    expect(t("cancelAll.count", { count: 1 })).toBe("1 queued invitation will be cancelled.");
    expect(t("cancelAll.count", { count: 1250 })).toBe("1,250 queued invitations will be cancelled.");
    expect(t("cancelAll.done", { count: 0 })).toBe("No invitations were queued; nothing was cancelled.");
  });

  it("fills placeholders and leaves Liquid examples alone", () => {
    expect(t("details.title", { name: "Ada" })).toBe("Invitation for Ada");
    expect(t("settings.emailSubject.help")).toContain("{{ order_name }}");
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
    expect(resolveLocale(undefined)).toBe("en");
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
