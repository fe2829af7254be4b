/**
 * The admin in the merchant's language, in real Chromium: the Shopify admin's locale (the
 * `locale` parameter it adds to the app's URL) picks the texts, Polaris' own texts, and how
 * dates and numbers are written — in the shop's time zone, the refused-date error included.
 * An English page downloads no other language.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page, Request } from "playwright-core";
import { toShopDateTime } from "../../web/frontend/lib/dates.ts";
import { api, ensureFrontendBuild, eventually, launchBrowser, screenshot, startDemoServer, type Browser, type DemoServer } from "../support/browser.ts";
import { seedDemoShop, SENT_COUNT, SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;

let server: DemoServer;
let browser: Browser;
let page: Page;
const scripts: string[] = [];

beforeAll(async () => {
  await ensureFrontendBuild();
  server = await startDemoServer();
  await seedDemoShop(server);
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on("request", (r: Request) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the merchant's language", () => {
  it("English downloads one script and no language file", async () => {
    scripts.length = 0;
    await page.goto(server.url + "/?locale=en-US");
    await eventually(() => page.locator("#count-queued").textContent()).toBe("3");
    expect(scripts.filter((s) => s.startsWith("/assets/"))).toEqual([expect.stringMatching(/^\/assets\/index-[\w-]+\.js$/)]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en-US");
  });

  it("French: the app's and Polaris' texts, numbers and dates as French readers write them", async () => {
    scripts.length = 0;
    await page.goto(server.url + "/history?locale=fr-FR");
    await eventually(() => page.getByRole("heading", { level: 1, name: "Historique des invitations" }).count()).toBe(1);
    expect(scripts.some((s) => /\/assets\/fr-[\w-]+\.js$/.test(s))).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr-FR");
    // Polaris' own pagination label, in French.
    expect(await page.getByRole("button", { name: "Page suivante" }).count()).toBe(1);
    // A sent invitation's date, written the French way in New York's time.
    const { body } = await api<{ invitations: Array<{ sentAt: string }> }>(server, "GET", "/api/invitations?q=customer0%40example.com");
    const expected = new Intl.DateTimeFormat("fr-FR", { timeZone: SHOP_TIME_ZONE, dateStyle: "medium", timeStyle: "short" }).format(new Date(body.invitations[0]!.sentAt));
    await page.getByLabel("Rechercher").fill("customer0@example.com");
    await eventually(() => page.locator("main").innerText()).toContain(expected);

    await page.goto(server.url + "/?locale=fr-FR");
    await eventually(() => page.locator("#count-sent").textContent()).toBe(new Intl.NumberFormat("fr-FR").format(SENT_COUNT));
    expect(await page.getByRole("heading", { name: "Invitations par statut" }).count()).toBe(1);
    await screenshot(page, "home-fr-1280");
  });

  it("Japanese: a refused date is explained in Japanese, with the date in the shop's time zone", async () => {
    const { body } = await api<{ invitations: Array<{ id: string }> }>(server, "GET", "/api/invitations?q=alan%40example.com");
    await page.goto(`${server.url}/invitations/${body.invitations[0]!.id}?locale=ja-JP`);
    await eventually(() => page.getByLabel("送信日").count()).toBe(1);
    await page.getByLabel("送信日").fill(toShopDateTime(new Date(Date.now() - DAY), SHOP_TIME_ZONE).date);
    await page.getByRole("button", { name: "保存", exact: true }).click();
    const alert = page.getByRole("alert").filter({ hasText: "送信日は未来の日時にしてください" });
    await eventually(() => alert.count()).toBe(1);
    const today = new Intl.DateTimeFormat("ja-JP", { timeZone: SHOP_TIME_ZONE, dateStyle: "medium" }).format(new Date());
    expect(await alert.innerText()).toContain(today);
    expect(await alert.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(browser.errors).toEqual([]);
  });
});
