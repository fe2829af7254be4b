/**
 * The invitation history in real Chromium against the real server in demo mode:
 * pagination and filters, expanding an invitation and moving its delivery date (R6), the
 * API's refusal shown as is, no way to cancel one invitation (R3), and "Cancel all
 * pending invitations" (R2) leaving sent ones alone.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toShopDateTime } from "../../web/frontend/lib/dates.ts";
import { api, ensureFrontendBuild, eventually, launchBrowser, screenshot, startDemoServer, type Browser, type DemoServer } from "../support/browser.ts";
import { createdDaysAgo, SENT_COUNT, seedDemoShop, SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;
const TOTAL = 3 + SENT_COUNT + 2 + 1;

let server: DemoServer;
let browser: Browser;
let page: Page;

interface ApiInvitation {
  id: string;
  status: string;
  sendAt: string;
  email: string;
}

beforeAll(async () => {
  await ensureFrontendBuild();
  server = await startDemoServer();
  await seedDemoShop(server);
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The data rows of the table (an expanded invitation adds a details row, which has no checkbox cell). */
function rows(p: Page) {
  return p.locator(".Polaris-IndexTable__TableRow:not(.Polaris-IndexTable__TableRow--child)");
}

async function rowTexts(p: Page): Promise<string[]> {
  return rows(p).evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText));
}

async function openHistory(query = "") {
  await page.goto(`${server.url}/history${query}`);
  await eventually(() => rows(page).count()).toBeGreaterThan(0);
}

describe("history list", () => {
  it("pages through every invitation with Next and Previous, each exactly once", async () => {
    await openHistory();
    await eventually(() => rows(page).count()).toBe(25);
    const first = await rowTexts(page);
    await screenshot(page, "history");
    await page.getByRole("button", { name: "Next page" }).click();
    await eventually(() => rows(page).count()).toBe(TOTAL - 25);
    const second = await rowTexts(page);
    expect(new Set([...first, ...second]).size).toBe(TOTAL);
    expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Previous page" }).click();
    await eventually(() => rowTexts(page)).toEqual(first);
  });

  it("filters by status", async () => {
    await openHistory();
    await page.getByLabel("Status").selectOption("failed");
    await eventually(() => rows(page).count()).toBe(2);
    expect((await rowTexts(page)).every((text) => text.includes("Failed"))).toBe(true);
    expect(page.url()).toContain("status=failed");
  });

  it("exports what the filters show as a CSV file", async () => {
    await openHistory("?status=failed");
    await eventually(() => rows(page).count()).toBe(2);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^invitations-demo-shop-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8").trim().split(/\r?\n/);
    expect(csv).toHaveLength(3); // header + the two failed invitations
    expect(csv.slice(1).every((line) => line.includes("failed") && /bounce[12]@example.com/.test(line))).toBe(true);
  });

  it("searches by order name and by email", async () => {
    await openHistory();
    await page.getByLabel("Search").fill("#1002");
    await eventually(() => rowTexts(page)).toEqual([expect.stringContaining("Grace Hopper")]);
    await page.getByLabel("Search").fill("customer7@example.com");
    await eventually(() => rowTexts(page)).toEqual([expect.stringContaining("Customer 7")]);
  });

  it("filters by a date range in the shop's time zone", async () => {
    const day = toShopDateTime(createdDaysAgo(12), SHOP_TIME_ZONE).date; // Customer 10 was created that day
    await openHistory(`?from=${day}&to=${day}`);
    await eventually(() => rowTexts(page)).toEqual([expect.stringContaining("Customer 10")]);
  });

  it("says so when nothing matches", async () => {
    await openHistory();
    await page.getByLabel("Search").fill("nobody-like-this@example.com");
    await eventually(() => page.getByText("No invitations match").count()).toBe(1);
  });
});

describe("one invitation", () => {
  async function expand(name: string) {
    await openHistory();
    await page.getByLabel("Search").fill(name);
    await eventually(() => rows(page).count()).toBe(1);
    // By keyboard, as a screen-reader user would: the row's disclosure button says what it opens.
    const toggle = page.getByRole("button", { name: `Show details of the invitation for ${name}` });
    await toggle.press("Enter");
    await eventually(() => page.getByRole("heading", { name: `Invitation for ${name}` }).count()).toBe(1);
    expect(await page.getByRole("button", { name: `Hide details of the invitation for ${name}` }).getAttribute("aria-expanded")).toBe("true");
  }

  it("expands into customer, order, source, status and its history", async () => {
    await expand("Grace Hopper");
    const details = page.locator("[id$='-details']").last();
    const text = await details.innerText();
    expect(text).toContain("grace@example.com");
    expect(text).toContain("#1002");
    expect(text).toContain("Order cancelled");
    expect(text).toContain("Order created"); // the source event
    expect(text).toContain("Created");
    expect(text).toContain("Order cancelled by the customer");
  });

  it("saves a new delivery date, which the API then returns", async () => {
    await expand("Ada Lovelace");
    const target = toShopDateTime(new Date(Date.now() + 10 * DAY), SHOP_TIME_ZONE).date;
    await page.getByLabel("Delivery date").fill(target);
    await page.getByLabel("Delivery time").fill("09:30");
    await screenshot(page, "history-expanded");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await eventually(() => page.getByText(/Delivery date changed to/).count()).toBeGreaterThan(0);

    const list = await api<{ invitations: ApiInvitation[] }>(server, "GET", "/api/invitations?q=ada%40example.com");
    const saved = list.body.invitations[0]!;
    expect(toShopDateTime(saved.sendAt, SHOP_TIME_ZONE)).toEqual({ date: target, time: "09:30" });
    // The audit trail shows the change.
    await eventually(() => page.getByText("Delivery date changed", { exact: true }).count()).toBe(1);
  });

  it("shows the API's reason when the date is in the past", async () => {
    await expand("Alan Turing");
    const before = (await api<{ invitations: ApiInvitation[] }>(server, "GET", "/api/invitations?q=alan%40example.com")).body.invitations[0]!;
    const yesterday = toShopDateTime(new Date(Date.now() - DAY), SHOP_TIME_ZONE).date;
    await page.getByLabel("Delivery date").fill(yesterday);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await eventually(() => page.getByRole("alert").filter({ hasText: "The delivery date must be in the future" }).count()).toBe(1);
    const after = (await api<{ invitations: ApiInvitation[] }>(server, "GET", "/api/invitations?q=alan%40example.com")).body.invitations[0]!;
    expect(after.sendAt).toBe(before.sendAt);
  });

  it("offers no way to cancel it, and says why where one would look", async () => {
    await expand("Alan Turing");
    const details = page.locator("[id$='-details']").last();
    expect(await details.getByText("Looking to cancel this invitation?").count()).toBe(1);
    expect(await details.innerText()).toContain("every customer is invited equally and fairly");
    // The only control anywhere on the page whose name says "cancel" is the bulk action.
    const cancelControls = await page.getByRole("button", { name: /cancel|delete|remove/i }).allInnerTexts();
    expect(cancelControls.every((t) => t === "Cancel all pending invitations")).toBe(true);
  });
});

describe("no single cancel anywhere", () => {
  it("has no control on any page that cancels one invitation", async () => {
    for (const route of ["/", "/history", "/get-reviews", "/settings", "/help"]) {
      await page.goto(server.url + route);
      await eventually(() => page.locator("main h1").count()).toBeGreaterThan(0);
      const controls = await page.locator("button, [role=button], a").evaluateAll((els) =>
        els.map((el) => (el.textContent ?? "").trim() + " " + (el.getAttribute("aria-label") ?? "")).filter((t) => /cancel|delete|remove/i.test(t)),
      );
      for (const control of controls) {
        expect(control, `${route}: ${control}`).toMatch(/Cancel all pending invitations|cancel this invitation\?|cancelled|Why can't I cancel/i);
      }
    }
  });
});

describe("cancel all pending invitations", () => {
  it("states the count and consequences, cancels every queued one, and leaves sent ones sent", async () => {
    await openHistory();
    await page.getByRole("button", { name: "Cancel all pending invitations" }).click();
    const modal = page.getByRole("dialog");
    await eventually(() => modal.innerText()).toContain("3 queued invitations will be cancelled.");
    const text = await modal.innerText();
    expect(text).toContain("This can't be undone.");
    expect(text).toContain("Cancelled invitations can't be activated again.");
    expect(text).toContain("Get reviews");
    await screenshot(page, "cancel-all");
    await modal.getByRole("button", { name: "Cancel 3 invitations" }).click();
    await eventually(() => page.getByText("3 invitations cancelled").count()).toBeGreaterThan(0);

    await page.getByLabel("Status").selectOption("canceled");
    await eventually(() => rows(page).count()).toBe(4);
    await page.getByLabel("Status").selectOption("sent");
    await eventually(() => rows(page).count()).toBe(25); // first page of the 40 sent
    const summary = await api<{ counts: Record<string, number> }>(server, "GET", "/api/invitations/summary");
    expect(summary.body.counts).toMatchObject({ queued: 0, canceled: 4, sent: SENT_COUNT, failed: 2 });
    expect(browser.errors).toEqual([]);
  });
});
