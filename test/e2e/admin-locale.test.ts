/**
 * The admin in the merchant's language, in real Chromium: the Shopify admin's locale (the
 * `locale` parameter it adds to the app's URL) picks the texts, Polaris' own texts, and how
 * dates and numbers are written — in the shop's time zone, the refused-date error included.
 * An English page downloads no other language.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Request } from "playwright-core";
import { toShopDateTime } from "../../web/shared/dates.ts";
import { api, eventually, screenshot } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";
import { SENT_COUNT, SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;

const demo = demoSession();
const scripts: string[] = [];

beforeAll(() => {
  demo.page.on("request", (r: Request) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
});

describe("the merchant's language", { timeout: 60_000 }, () => {
  it("English downloads the home page's code and no language file", async () => {
    scripts.length = 0;
    await demo.page.goto(demo.server.url + "/?locale=en-US");
    await eventually(() => demo.page.locator("#count-queued").textContent()).toBe("3");
    // The home page's own code (the other pages are chunks of their own, loaded when opened),
    // and no language file: English is built in.
    const assets = scripts.filter((s) => s.startsWith("/assets/"));
    expect(assets).toContainEqual(expect.stringMatching(/^\/assets\/index-[\w-]+\.js$/));
    expect(assets.filter((s) => /\/assets\/(fr|de|es|it|nl|pt-BR|ja)-[\w-]+\.js$/.test(s))).toEqual([]);
    expect(assets.filter((s) => /(History|GetReviews|Settings|Deliverability|Help)Page-[\w-]+\.js$/.test(s))).toEqual([]);
    expect(await demo.page.evaluate(() => document.documentElement.lang)).toBe("en-US");
  });

  it("French: the app's and Polaris' texts, numbers and dates as French readers write them", async () => {
    scripts.length = 0;
    await demo.page.goto(demo.server.url + "/history?locale=fr-FR");
    await eventually(() => demo.page.getByRole("heading", { level: 1, name: "Historique des invitations" }).count()).toBe(1);
    expect(scripts.some((s) => /\/assets\/fr-[\w-]+\.js$/.test(s))).toBe(true);
    expect(await demo.page.evaluate(() => document.documentElement.lang)).toBe("fr-FR");
    // Polaris' own pagination label, in French.
    await eventually(() => demo.page.getByRole("button", { name: "Page suivante" }).count()).toBe(1);
    // A sent invitation's date, written the French way in New York's time.
    const { body } = await api<{ invitations: Array<{ sentAt: string }> }>(demo.server, "GET", "/api/invitations?q=customer0%40example.com");
    const expected = new Intl.DateTimeFormat("fr-FR", { timeZone: SHOP_TIME_ZONE, dateStyle: "medium", timeStyle: "short" }).format(new Date(body.invitations[0]!.sentAt));
    await demo.page.getByLabel("Rechercher").fill("customer0@example.com");
    await eventually(() => demo.page.locator("main").innerText()).toContain(expected);

    await demo.page.goto(demo.server.url + "/?locale=fr-FR");
    await eventually(() => demo.page.locator("#count-sent").textContent()).toBe(new Intl.NumberFormat("fr-FR").format(SENT_COUNT));
    expect(await demo.page.getByRole("heading", { name: "Invitations par statut" }).count()).toBe(1);
    await screenshot(demo.page, "home-fr-1280");
  });

  it("Japanese: a refused date is explained in Japanese, with the date in the shop's time zone", async () => {
    const { body } = await api<{ invitations: Array<{ id: string }> }>(demo.server, "GET", "/api/invitations?q=alan%40example.com");
    await demo.page.goto(`${demo.server.url}/invitations/${body.invitations[0]!.id}?locale=ja-JP`);
    await eventually(() => demo.page.getByLabel("送信日").count()).toBe(1);
    await demo.page.getByLabel("送信日").fill(toShopDateTime(new Date(Date.now() - DAY), SHOP_TIME_ZONE).date);
    await demo.page.getByRole("button", { name: "保存", exact: true }).click();
    const alert = demo.page.getByRole("alert").filter({ hasText: "送信日は未来の日時にしてください" });
    await eventually(() => alert.count()).toBe(1);
    const today = new Intl.DateTimeFormat("ja-JP", { timeZone: SHOP_TIME_ZONE, dateStyle: "medium" }).format(new Date());
    expect(await alert.innerText()).toContain(today);
    expect(await alert.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(demo.browser.errors).toEqual([]);
  });
});
