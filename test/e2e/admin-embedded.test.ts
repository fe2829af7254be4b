/**
 * The page as it runs inside the Shopify admin. The admin itself can't run here, so the
 * one Shopify part, App Bridge's global `shopify`, is played by a small stand-in (session
 * tokens minted with the app secret exactly as Shopify signs them, a toast recorder, and
 * the <ui-save-bar>/<ui-nav-menu> elements). The server runs WITHOUT demo mode: every API
 * call must carry App Bridge's token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toShopDateTime } from "../../web/shared/dates.ts";
import { api, ensureFrontendBuild, eventually, launchBrowser, screenshot, startDemoServer, type Browser, type DemoServer } from "../support/browser.ts";
import { mintSessionToken } from "../support/shopify.ts";
import { seedDemoShop, SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;

let server: DemoServer;
let browser: Browser;
let page: Page;
const demoTokenRequests: string[] = [];

/** Runs in the page before its own scripts, where App Bridge's CDN script would have run. */
function fakeAppBridge() {
  const w = window as unknown as Record<string, unknown>;
  w.__toasts = [];
  w.shopify = {
    idToken: () => (w.__mintToken as () => Promise<string>)(),
    toast: { show: (message: string) => (w.__toasts as string[]).push(message) },
  };
  customElements.define(
    "ui-save-bar",
    class extends HTMLElement {
      show() {
        this.setAttribute("data-shown", "");
      }
      hide() {
        this.removeAttribute("data-shown");
      }
    },
  );
  // The admin draws the menu in its own sidebar; the element itself shows nothing in the page.
  customElements.define(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        this.style.display = "none";
      }
    },
  );
}

beforeAll(async () => {
  await ensureFrontendBuild();
  server = await startDemoServer({ DEMO_MODE: "false" });
  await seedDemoShop(server);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.exposeFunction("__mintToken", () => mintSessionToken({ shop: server.shop, user: "7001" }));
  await page.addInitScript(fakeAppBridge);
  page.on("request", (r) => r.url().includes("/demo/") && demoTokenRequests.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const embedded = (route: string) => `${server.url}${route}${route.includes("?") ? "&" : "?"}embedded=1&host=YWRtaW4&shop=${server.shop}`;

describe("inside the admin", () => {
  it("loads the shop's data with App Bridge's session token and puts its menu in the admin's navigation", async () => {
    await page.goto(embedded("/"));
    await eventually(() => page.locator("#count-queued").textContent()).toBe("3");
    const links = await page.locator("ui-nav-menu a").evaluateAll((els) => els.map((a) => [a.getAttribute("href"), a.getAttribute("rel")]));
    expect(links).toEqual([
      ["/", "home"],
      ["/history", null],
      ["/get-reviews", null],
      ["/settings", null],
      ["/deliverability", null],
      ["/help", null],
    ]);
    // The admin draws the navigation; the page doesn't draw its own.
    expect(await page.locator(".Polaris-Navigation").count()).toBe(0);
    expect(demoTokenRequests).toEqual([]);
    await screenshot(page, "embedded-home");
  });

  it("keeps the admin's query parameters when moving between pages", async () => {
    await page.getByRole("link", { name: "See full invitation history" }).first().click();
    await page.waitForURL(/\/history\?/);
    expect(new URL(page.url()).searchParams.get("shop")).toBe(server.shop);
    expect(new URL(page.url()).searchParams.get("host")).toBe("YWRtaW4");
  });

  it("reports a saved delivery date through App Bridge's toast, recorded under the staff member", async () => {
    await page.goto(embedded("/history"));
    await page.getByLabel("Search").fill("Ada Lovelace");
    const row = page.locator(".Polaris-IndexTable__TableRow:not(.Polaris-IndexTable__TableRow--child)");
    await eventually(() => row.count()).toBe(1);
    await row.first().click();
    await page.waitForURL(/\/invitations\/\d+\?/);
    const target = toShopDateTime(new Date(Date.now() + 20 * DAY), SHOP_TIME_ZONE).date;
    await page.getByLabel("Delivery date").fill(target);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await eventually(() => page.evaluate(() => (window as unknown as { __toasts: string[] }).__toasts)).toEqual([
      expect.stringContaining("Delivery date changed to"),
    ]);
    await eventually(() => page.getByText("Staff member 7001", { exact: false }).count()).toBe(1);
  });

  it("uses App Bridge's save bar for unsaved settings", async () => {
    await page.goto(embedded("/settings"));
    await eventually(() => page.getByLabel("Delay", { exact: true }).count()).toBe(1);
    const saveBar = page.locator("ui-save-bar");
    expect(await saveBar.getAttribute("data-shown")).toBeNull();
    await page.getByLabel("Delay", { exact: true }).fill("3");
    await eventually(() => saveBar.getAttribute("data-shown")).toBe("");
    // Polaris' own save bar is for the demo page only.
    expect(await page.getByText("Unsaved changes").count()).toBe(0);
    await saveBar.locator("button[variant=primary]").evaluate((b) => (b as HTMLButtonElement).click());
    await eventually(() => saveBar.getAttribute("data-shown")).toBeNull();
    const { body } = await api<{ settings: { delayDays: number } }>(server, "GET", "/api/settings");
    expect(body.settings.delayDays).toBe(3);
    expect(browser.errors).toEqual([]);
  });
});

describe("outside the admin without demo mode", () => {
  it("asks the merchant to open the app from the Shopify admin", async () => {
    const plain = await browser.context.newPage();
    await plain.goto(server.url + "/");
    await eventually(() => plain.getByText("Open this app from your Shopify admin", { exact: true }).count()).toBe(1);
    await plain.close();
  });
});
