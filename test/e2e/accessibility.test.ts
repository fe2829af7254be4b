/**
 * Every page and state of the admin page at 1280 and 390 px wide, in real Chromium against the
 * real server (demo mode): axe-core finds no critical or serious violation, nothing needs
 * horizontal scrolling, and each state leaves a screenshot in screenshots/<name>-<width>.png.
 * The axe results of every page and width are printed at the end of the run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toShopDateTime } from "../../web/shared/dates.ts";
import { blocking, formatAxeReports, runAxe, type AxeReport } from "../support/axe.ts";
import { api, eventually, screenshot } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";
import { SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;
const WIDTHS = [1280, 390] as const;

const demo = demoSession({ shopify: true });
const reports: AxeReport[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const email of ["ada@example.com", "grace@example.com", "alan@example.com"]) {
    const { body } = await api<{ invitations: Array<{ id: string }> }>(demo.server, "GET", `/api/invitations?q=${encodeURIComponent(email)}`);
    ids[email] = body.invitations[0]!.id;
  }
});

afterAll(() => {
  if (reports.length > 0) console.log(formatAxeReports(reports));
});

/** Screenshot, axe, and the page's width: what a merchant on that screen would meet. */
async function audit(page: Page, name: string, width: number) {
  await screenshot(page, `${name}-${width}`);
  const report = await runAxe(page, name, width);
  reports.push(report);
  expect(blocking(report), `${name} at ${width} px`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
}

for (const width of WIDTHS) {
  // A loaded two-core machine: a cold page plus axe can take longer than the default 20 s.
  describe(`at ${width} px`, { timeout: 60_000 }, () => {
    let page: Page;

    beforeAll(async () => {
      page = await demo.browser.newPage();
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
    });
    afterAll(async () => page?.close());

    async function visit(route: string, ready: () => Promise<unknown>) {
      await page.goto(demo.server.url + route);
      await eventually(async () => Boolean(await ready())).toBe(true);
    }

    it("home", async () => {
      await visit("/", async () => (await page.locator("#count-queued").textContent()) === "3" && (await page.getByText("Alan Turing").count()) > 0);
      await audit(page, "home", width);
    });

    it("history", async () => {
      await visit("/history", async () => (await page.getByRole("link", { name: /^Open the invitation for/ }).count()) === 25);
      await audit(page, "history", width);
    });

    it("invitation details (cancelled order)", async () => {
      await visit(`/invitations/${ids["grace@example.com"]}`, () => page.getByRole("heading", { name: "Invitation for Grace Hopper" }).count());
      await eventually(() => page.getByText("Order cancelled by the customer").count()).toBe(1);
      await audit(page, "invitation", width);
    });

    it("invitation details with a refused date", async () => {
      await visit(`/invitations/${ids["alan@example.com"]}`, () => page.getByLabel("Delivery date").count());
      await page.getByLabel("Delivery date").fill(toShopDateTime(new Date(Date.now() - DAY), SHOP_TIME_ZONE).date);
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await eventually(() => page.getByRole("alert").filter({ hasText: "must be in the future" }).count()).toBe(1);
      await audit(page, "invitation-date-error", width);
    });

    it("cancel-all confirmation", async () => {
      await visit("/history", () => page.getByRole("button", { name: "Cancel all pending invitations" }).count());
      await page.getByRole("button", { name: "Cancel all pending invitations" }).click();
      await eventually(() => page.getByRole("dialog").innerText()).toContain("3 queued invitations will be cancelled.");
      await audit(page, "cancel-all", width);
      await page.keyboard.press("Escape");
      await eventually(() => page.getByRole("dialog").count()).toBe(0);
    });

    it("get reviews", async () => {
      await visit("/get-reviews", () => page.getByText("#1101 · Linus Pauling").count());
      await audit(page, "get-reviews", width);
    });

    it("settings with the email preview", async () => {
      await visit("/settings", () => page.getByLabel("Delay", { exact: true }).count());
      const frame = page.frameLocator("iframe[title='Preview of the invitation email']");
      await eventually(() => frame.locator("body").innerText()).toContain("sent automatically");
      await audit(page, "settings", width);
    });

    it("sender and bounces (issue 19), with the records to publish", async () => {
      await visit("/deliverability", () => page.getByLabel("From address on your domain").count());
      if ((await page.getByText("DNS records to publish").count()) === 0) {
        await page.getByLabel("From address on your domain").fill("reviews@demo-shop.example");
        await page.getByRole("button", { name: "Save address" }).click();
      }
      await eventually(() => page.getByText("DNS records to publish").count()).toBe(1);
      await eventually(() => page.locator(".Polaris-Frame-Toast").count()).toBe(0);
      await audit(page, "deliverability", width);
    });

    it("help", async () => {
      await visit("/help", () => page.getByRole("heading", { name: "Why can't I cancel one invitation?" }).count());
      await audit(page, "help", width);
    });

    if (width < 768) {
      it("navigation menu (narrow screens open it from the top bar)", async () => {
        await visit("/", () => page.locator("#count-queued").count());
        await page.getByRole("button", { name: "Toggle menu" }).click();
        const nav = page.getByRole("navigation");
        await eventually(() => nav.getByRole("link", { name: "Settings" }).isVisible()).toBe(true);
        await audit(page, "navigation", width);
        await nav.getByRole("link", { name: "Settings" }).click();
        await page.waitForURL(/\/settings$/);
        await eventually(() => page.getByRole("heading", { level: 1, name: "Settings" }).count()).toBe(1);
      });
    }
  });
}

it("never crashed a page", () => {
  expect(demo.browser.errors).toEqual([]);
});
