/**
 * Settings and Get reviews in real Chromium against the real server in demo mode: saving
 * settings persists them (checked through the API), the backend-rendered preview shows the
 * automated-message notice, and Get reviews creates a new invitation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toShopDateTime } from "../../web/frontend/lib/dates.ts";
import { api, ensureFrontendBuild, eventually, launchBrowser, screenshotOf, startDemoServer, type Browser, type DemoServer } from "../support/browser.ts";
import { startFakeAdminApi, type FakeAdminApi } from "../support/fake-admin-api.ts";
import { seedDemoShop, SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;

let server: DemoServer;
let shopify: FakeAdminApi;
let browser: Browser;
let page: Page;

interface ApiSettings {
  emailSubject: string | null;
  noticeEnabled: boolean;
  noticeText: string | null;
  delayDays: number;
  paused: boolean;
}

beforeAll(async () => {
  await ensureFrontendBuild();
  // Shopify's Admin API (recent orders for Get reviews) is the one part played by a stand-in.
  shopify = await startFakeAdminApi();
  server = await startDemoServer({ SHOPIFY_ADMIN_API_ORIGIN: shopify.origin });
  await seedDemoShop(server);
  shopify.orders.set(server.shop, [
    { orderId: "5002000000000000001", name: "#1101", email: "linus@example.com", customerName: "Linus Pauling", createdAt: new Date().toISOString() },
    { orderId: "5002000000000000002", name: "#1102", email: null, customerName: "No Email", createdAt: new Date().toISOString() },
  ]);
  browser = await launchBrowser();
  page = await browser.newPage();
  // Leaving a page with unsaved changes asks first; between tests the answer is "leave".
  page.on("dialog", (dialog) => void dialog.accept().catch(() => {}));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await shopify?.close();
});

async function settings(): Promise<ApiSettings> {
  return (await api<{ settings: ApiSettings }>(server, "GET", "/api/settings")).body.settings;
}

/** A fresh settings page (a reload drops whatever an earlier test left unsaved). */
async function openSettings() {
  await page.goto(server.url + "/settings");
  await eventually(() => page.getByLabel("Delay", { exact: true }).count()).toBe(1);
}

function previewText(p: Page): Promise<string> {
  return p.frameLocator("iframe[title='Preview of the invitation email']").locator("body").innerText();
}

describe("settings", () => {
  it("shows the recommendation to invite after fulfillment while another trigger is chosen", async () => {
    await page.goto(server.url + "/settings");
    await eventually(() => page.getByText("We recommend inviting after fulfillment").count()).toBe(1);
    await page.getByText("The order is fulfilled (recommended)", { exact: true }).click();
    await eventually(() => page.getByText("We recommend inviting after fulfillment").count()).toBe(0);
    await page.getByRole("button", { name: "Discard" }).click();
  });

  it("previews the email with the automated-message notice, and saves what was changed", async () => {
    await openSettings();
    await eventually(() => previewText(page)).toContain("sent automatically");

    const notice = "This is an automated message from Demo Shop. Sorry if it reached you in error.";
    await page.getByLabel("Notice text").fill(notice);
    await page.getByLabel("Subject", { exact: true }).fill("Tell us about {{ order_name }}");
    await page.getByLabel("Delay", { exact: true }).fill("5");
    // Polaris draws its own radio buttons and checkboxes: like a merchant, the tests click the label.
    // Unsaved changes are announced until saved.
    await eventually(() => page.getByText("Unsaved changes").count()).toBe(1);
    await eventually(() => previewText(page)).toContain(notice);
    await eventually(() => page.getByTestId("preview-subject").innerText()).toBe("Tell us about #1001");
    await screenshotOf(page.locator("section[aria-labelledby=preview-heading]"), "settings-preview");

    await page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => page.getByText("Unsaved changes").count()).toBe(0);
    expect(await settings()).toMatchObject({ noticeText: notice, emailSubject: "Tell us about {{ order_name }}", delayDays: 5 });
  });

  it("drops the notice from the preview when it is turned off", async () => {
    await openSettings();
    await page.getByText("Add the notice to every invitation", { exact: true }).click();
    await eventually(() => previewText(page)).not.toContain("This is an automated message");
    await page.getByRole("button", { name: "Discard" }).click();
    await eventually(() => previewText(page)).toContain("This is an automated message");
  });

  it("shows the API's reason under the field it refused, and saves nothing", async () => {
    await openSettings();
    const before = await settings();
    await page.getByLabel("Delay", { exact: true }).fill("500");
    await page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => page.getByText(/0 to 90/).count()).toBeGreaterThan(0);
    expect((await settings()).delayDays).toBe(before.delayDays);
    await page.getByRole("button", { name: "Discard" }).click();
  });

  it("pauses sending, and the home page then offers to resume with the overdue count", async () => {
    await openSettings();
    await page.getByText("Pause sending", { exact: true }).click();
    await page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => settings().then((s) => s.paused)).toBe(true);
    await page.goto(server.url + "/");
    const banner = page.locator(".Polaris-Banner", { hasText: "Sending is paused" });
    await eventually(() => banner.count()).toBe(1);
    await banner.getByRole("button", { name: "Resume sending" }).click();
    await eventually(() => settings().then((s) => s.paused)).toBe(false);
  });
});

describe("get reviews", () => {
  it("invites a customer by email on a chosen date, as a new invitation", async () => {
    await page.goto(server.url + "/get-reviews");
    await eventually(() => page.getByRole("heading", { name: "Invite by email" }).count()).toBe(1);
    const date = toShopDateTime(new Date(Date.now() + 3 * DAY), SHOP_TIME_ZONE).date;
    await page.getByLabel("Email").fill("new.customer@example.com");
    await page.getByLabel("Customer name").fill("New Customer");
    await page.getByLabel("Order reference").fill("#2001");
    const form = page.locator("form", { has: page.getByLabel("Email") });
    await form.getByText("On a date", { exact: true }).click();
    await form.getByLabel("Delivery date").fill(date);
    await form.getByLabel("Delivery time").fill("11:00");
    await form.getByRole("button", { name: "Invite" }).click();
    await eventually(() => page.getByText("1 invitation created").count()).toBeGreaterThan(0);

    const { body } = await api<{ invitations: Array<{ status: string; source: string; sendAt: string; customerName: string; orderName: string }> }>(
      server,
      "GET",
      "/api/invitations?q=new.customer%40example.com",
    );
    expect(body.invitations).toHaveLength(1);
    expect(body.invitations[0]).toMatchObject({ status: "queued", source: "manual", customerName: "New Customer", orderName: "#2001" });
    expect(toShopDateTime(body.invitations[0]!.sendAt, SHOP_TIME_ZONE)).toEqual({ date, time: "11:00" });
  });

  it("invites the customer of a recent order picked from Shopify", async () => {
    await page.goto(server.url + "/get-reviews");
    const order = page.locator(".Polaris-ResourceItem__ListItem", { hasText: "#1101" });
    await eventually(() => order.count()).toBe(1);
    expect(await page.locator(".Polaris-ResourceItem__ListItem", { hasText: "#1102" }).innerText()).toContain("No email address");
    await order.getByText("#1101 · Linus Pauling").click();
    await page.getByRole("button", { name: "Invite 1 customer" }).click();
    await eventually(() => page.getByText("1 invitation created").count()).toBeGreaterThan(0);
    const { body } = await api<{ invitations: Array<{ orderId: string; orderName: string; source: string; status: string }> }>(
      server,
      "GET",
      "/api/invitations?q=linus%40example.com",
    );
    expect(body.invitations).toEqual([expect.objectContaining({ orderId: "5002000000000000001", orderName: "#1101", source: "manual", status: "queued" })]);
  });

  it("shows the API's reason for an email it refuses", async () => {
    await page.getByLabel("Email").fill("not-an-email@");
    await page.locator("form", { has: page.getByLabel("Email") }).getByRole("button", { name: "Invite" }).click();
    await eventually(() => page.getByText(/is not a valid email address/).count()).toBe(1);
    expect(browser.errors).toEqual([]);
  });
});
