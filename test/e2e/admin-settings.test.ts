/**
 * Settings and Get reviews in real Chromium against the real server in demo mode: saving
 * settings persists them (checked through the API), the backend-rendered preview shows the
 * automated-message notice, and Get reviews creates a new invitation.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toShopDateTime } from "../../web/shared/dates.ts";
import { api, eventually, screenshotOf } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";
import { SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;

interface ApiSettings {
  emailSubject: string | null;
  noticeEnabled: boolean;
  noticeText: string | null;
  delayDays: number;
  paused: boolean;
}

// Shopify's Admin API (recent orders for Get reviews) is the one part played by a stand-in.
const demo = demoSession({ shopify: true });

beforeAll(() => {
  // Leaving a page with unsaved changes asks first; between tests the answer is "leave".
  demo.page.on("dialog", (dialog) => void dialog.accept().catch(() => {}));
});

async function settings(): Promise<ApiSettings> {
  return (await api<{ settings: ApiSettings }>(demo.server, "GET", "/api/settings")).body.settings;
}

/** A fresh settings page (a reload drops whatever an earlier test left unsaved). */
async function openSettings() {
  await demo.page.goto(demo.server.url + "/settings");
  await eventually(() => demo.page.getByLabel("Delay", { exact: true }).count()).toBe(1);
}

function previewText(p: Page): Promise<string> {
  return p.frameLocator("iframe[title='Preview of the invitation email']").locator("body").innerText();
}

describe("settings", () => {
  it("shows the recommendation to invite after fulfillment while another trigger is chosen", async () => {
    await demo.page.goto(demo.server.url + "/settings");
    await eventually(() => demo.page.getByText("We recommend inviting after fulfillment").count()).toBe(1);
    await demo.page.getByText("The order is fulfilled (recommended)", { exact: true }).click();
    await eventually(() => demo.page.getByText("We recommend inviting after fulfillment").count()).toBe(0);
    await demo.page.getByRole("button", { name: "Discard" }).click();
  });

  it("previews the email with the automated-message notice, and saves what was changed", async () => {
    await openSettings();
    await eventually(() => previewText(demo.page)).toContain("sent automatically");

    const notice = "This is an automated message from Demo Shop. Sorry if it reached you in error.";
    await demo.page.getByLabel("Notice text").fill(notice);
    await demo.page.getByLabel("Subject", { exact: true }).fill("Tell us about {{ order_name }}");
    await demo.page.getByLabel("Delay", { exact: true }).fill("5");
    // Polaris draws its own radio buttons and checkboxes: like a merchant, the tests click the label.
    // Unsaved changes are announced until saved.
    await eventually(() => demo.page.getByText("Unsaved changes").count()).toBe(1);
    await eventually(() => previewText(demo.page)).toContain(notice);
    await eventually(() => demo.page.getByTestId("preview-subject").innerText()).toBe("Tell us about #1001");
    await screenshotOf(demo.page.locator("section[aria-labelledby=preview-heading]"), "settings-preview");

    await demo.page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => demo.page.getByText("Unsaved changes").count()).toBe(0);
    expect(await settings()).toMatchObject({ noticeText: notice, emailSubject: "Tell us about {{ order_name }}", delayDays: 5 });
  });

  it("runs its scripts and the preview under a policy that allows scripts only from the app and Shopify's CDN", async () => {
    const response = await demo.page.goto(demo.server.url + "/settings");
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self' https://cdn.shopify.com");
    await eventually(() => previewText(demo.page)).toContain("Hi Alex Example");
    expect(demo.cspViolations).toEqual([]);
  });

  it("drops the notice from the preview when it is turned off", async () => {
    await openSettings();
    await demo.page.getByText("Add the notice to every invitation", { exact: true }).click();
    await eventually(() => previewText(demo.page)).not.toContain("This is an automated message");
    await demo.page.getByRole("button", { name: "Discard" }).click();
    await eventually(() => previewText(demo.page)).toContain("This is an automated message");
  });

  it("shows the API's reason under the field it refused, and saves nothing", async () => {
    await openSettings();
    const before = await settings();
    await demo.page.getByLabel("Delay", { exact: true }).fill("500");
    await demo.page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => demo.page.getByText(/0 to 90/).count()).toBeGreaterThan(0);
    expect((await settings()).delayDays).toBe(before.delayDays);
    await demo.page.getByRole("button", { name: "Discard" }).click();
  });

  it("turns the one reminder on with its delay and subject, and sends the unsaved reminder as a test (issue 18)", async () => {
    demo.shopify!.shopEmails.set(demo.server.shop, "owner@demo-shop.example");
    await openSettings();
    await demo.page.getByText("Send one reminder", { exact: true }).click();
    await demo.page.getByLabel("Send it after").fill("4");
    await demo.page.getByLabel("Reminder subject").fill("Still thinking about {{ order_name }}?");
    await eventually(() => demo.page.getByTestId("reminder-preview-subject").innerText()).toBe("Still thinking about #1001?");
    // The test goes out before saving, to the store's address, with the words as typed.
    await eventually(() => demo.page.getByLabel("Send to").inputValue()).toBe("owner@demo-shop.example");
    await demo.page.getByLabel("Email", { exact: true }).selectOption("reminder");
    await demo.page.getByRole("button", { name: "Send test email" }).click();
    await eventually(() => demo.page.getByText("Test email sent to owner@demo-shop.example").count()).toBeGreaterThan(0);
    await eventually(() => demo.page.getByText("9 test emails left today").count()).toBe(1);
    const section = (id: string) => demo.page.locator(".Polaris-Layout__AnnotatedSection", { has: demo.page.locator(`#${id}`) });
    await screenshotOf(section("reminder"), "settings-reminder");
    await screenshotOf(section("test-email"), "settings-test-email");

    await demo.page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => demo.page.getByText("Unsaved changes").count()).toBe(0);
    const { body } = await api<{ settings: { reminder: unknown } }>(demo.server, "GET", "/api/settings");
    expect(body.settings.reminder).toEqual({ enabled: true, afterDays: 4, subject: "Still thinking about {{ order_name }}?", body: null });
  });

  it("edits the email in Japanese: the picker switches the fields, the preview and the reminder to Japanese, and saves them as the Japanese words (issue 18)", async () => {
    await openSettings();
    const englishSubject = (await settings()).emailSubject;
    await demo.page.locator("#email-language").selectOption("ja");
    // Both pickers follow one choice; the fields hold the Japanese words (none yet: the defaults).
    await eventually(() => demo.page.locator("#reminder-language").inputValue()).toBe("ja");
    await eventually(() => demo.page.getByLabel("Subject", { exact: true }).inputValue()).toBe("");
    await eventually(() => demo.page.getByTestId("preview-subject").innerText()).toBe("Demo Shopでのご注文#1001はいかがでしたか？");
    await eventually(() => previewText(demo.page)).toContain("レビューする");
    await eventually(() => demo.page.getByTestId("reminder-preview-subject").innerText()).toContain("リマインダー");

    await demo.page.getByLabel("Subject", { exact: true }).fill("{{ order_name }}のご感想をお聞かせください");
    await eventually(() => demo.page.getByTestId("preview-subject").innerText()).toBe("#1001のご感想をお聞かせください");
    await demo.page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => demo.page.getByText("Unsaved changes").count()).toBe(0);
    const saved = (await api<{ settings: ApiSettings & { translations: Record<string, { emailSubject: string | null }> } }>(demo.server, "GET", "/api/settings")).body.settings;
    expect(saved.translations.ja!.emailSubject).toBe("{{ order_name }}のご感想をお聞かせください");
    expect(saved.emailSubject).toBe(englishSubject);

    // French: its own default words (the screenshot: this machine's Chromium has no Japanese font).
    await demo.page.locator("#email-language").selectOption("fr");
    await eventually(() => demo.page.getByTestId("preview-subject").innerText()).toBe("Comment s'est passée votre commande #1001 chez Demo Shop ?");
    await screenshotOf(demo.page.locator(".Polaris-Layout__AnnotatedSection", { has: demo.page.locator("#email") }), "settings-email-language");

    // Back to the shop's language: its own words.
    await demo.page.locator("#email-language").selectOption("en");
    await eventually(() => demo.page.getByLabel("Subject", { exact: true }).inputValue()).toBe(englishSubject ?? "");
  });

  it("pauses sending, and the home page then offers to resume with the overdue count", async () => {
    await openSettings();
    await demo.page.getByText("Pause sending", { exact: true }).click();
    await demo.page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => settings().then((s) => s.paused)).toBe(true);
    await demo.page.goto(demo.server.url + "/");
    const banner = demo.page.locator(".Polaris-Banner", { hasText: "Sending is paused" });
    await eventually(() => banner.count()).toBe(1);
    await banner.getByRole("button", { name: "Resume sending" }).click();
    await eventually(() => settings().then((s) => s.paused)).toBe(false);
  });
});

describe("get reviews", () => {
  it("invites a customer by email on a chosen date, as a new invitation", async () => {
    await demo.page.goto(demo.server.url + "/get-reviews");
    await eventually(() => demo.page.getByRole("heading", { name: "Invite by email" }).count()).toBe(1);
    const date = toShopDateTime(new Date(Date.now() + 3 * DAY), SHOP_TIME_ZONE).date;
    await demo.page.getByLabel("Email").fill("new.customer@example.com");
    await demo.page.getByLabel("Customer name").fill("New Customer");
    await demo.page.getByLabel("Order reference").fill("#2001");
    const form = demo.page.locator("form", { has: demo.page.getByLabel("Email") });
    await form.getByText("On a date", { exact: true }).click();
    await form.getByLabel("Delivery date").fill(date);
    await form.getByLabel("Delivery time").fill("11:00");
    await form.getByRole("button", { name: "Invite" }).click();
    await eventually(() => demo.page.getByText("1 invitation created").count()).toBeGreaterThan(0);

    const { body } = await api<{ invitations: Array<{ status: string; source: string; sendAt: string; customerName: string; orderName: string }> }>(
      demo.server,
      "GET",
      "/api/invitations?q=new.customer%40example.com",
    );
    expect(body.invitations).toHaveLength(1);
    expect(body.invitations[0]).toMatchObject({ status: "queued", source: "manual", customerName: "New Customer", orderName: "#2001" });
    expect(toShopDateTime(body.invitations[0]!.sendAt, SHOP_TIME_ZONE)).toEqual({ date, time: "11:00" });
  });

  it("invites the customer of a recent order picked from Shopify", async () => {
    await demo.page.goto(demo.server.url + "/get-reviews");
    const order = demo.page.locator(".Polaris-ResourceItem__ListItem", { hasText: "#1101" });
    await eventually(() => order.count()).toBe(1);
    expect(await demo.page.locator(".Polaris-ResourceItem__ListItem", { hasText: "#1102" }).innerText()).toContain("No email address");
    await order.getByText("#1101 · Linus Pauling").click();
    await demo.page.getByRole("button", { name: "Invite 1 customer" }).click();
    await eventually(() => demo.page.getByText("1 invitation created").count()).toBeGreaterThan(0);
    const { body } = await api<{ invitations: Array<{ orderId: string; orderName: string; source: string; status: string }> }>(
      demo.server,
      "GET",
      "/api/invitations?q=linus%40example.com",
    );
    expect(body.invitations).toEqual([expect.objectContaining({ orderId: "5002000000000000001", orderName: "#1101", source: "manual", status: "queued" })]);
  });

  it("shows the API's reason for an email it refuses", async () => {
    await demo.page.getByLabel("Email").fill("not-an-email@");
    await demo.page.locator("form", { has: demo.page.getByLabel("Email") }).getByRole("button", { name: "Invite" }).click();
    await eventually(() => demo.page.getByText(/is not a valid email address/).count()).toBe(1);
    expect(demo.browser.errors).toEqual([]);
  });
});
