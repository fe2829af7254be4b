/**
 * The admin page's home, help and navigation in real Chromium against the real server in
 * demo mode: counts per status, and the guidance a merchant needs when orders are
 * cancelled, sending fails, or orders were skipped. The recent list is the first resource list
 * (the orders without invitation follow it).
 */
import { describe, expect, it } from "vitest";
import { api, eventually, screenshotOf } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";
import { FAILED_REASON, SENT_COUNT } from "./seed.ts";


const demo = demoSession();

describe("home", () => {
  it("shows the count of invitations per status", async () => {
    await demo.page.goto(demo.server.url + "/");
    await eventually(() => demo.page.locator("#count-queued").textContent()).toBe("3");
    expect(await demo.page.locator("#count-sent").textContent()).toBe(String(SENT_COUNT));
    expect(await demo.page.locator("#count-failed").textContent()).toBe("2");
    expect(await demo.page.locator("#count-canceled").textContent()).toBe("1");
    expect(await demo.page.locator("#count-sending").textContent()).toBe("0");
  });

  it("explains the queued invitation of a cancelled order, with both fixes one click away", async () => {
    const banner = demo.page.locator(".Polaris-Banner", { hasText: "queued invitation belongs to a cancelled order" });
    await eventually(() => banner.count()).toBe(1);
    const text = await banner.innerText();
    expect(text).toContain("1 queued invitation belongs to a cancelled order");
    expect(text).toContain("every customer is invited equally and fairly");
    expect(text).toContain("Customers who cancelled can still review your service");
    expect(await banner.getByRole("link", { name: "Edit the notice" }).count()).toBe(1);
    expect(await banner.getByRole("button", { name: "Invite after fulfillment" }).count()).toBe(1);
  });

  it("shows why invitations failed and which orders were skipped", async () => {
    const failed = demo.page.locator(".Polaris-Banner", { hasText: "invitations could not be sent" });
    expect(await failed.innerText()).toContain(FAILED_REASON);
    const skipped = demo.page.locator(".Polaris-Banner", { hasText: "order got no invitation" });
    expect(await skipped.innerText()).toContain("The order has no customer email");
  });

  it("lists recently invited customers and links to the full history", async () => {
    const recent = demo.page.locator(".Polaris-ResourceList").first();
    await eventually(() => recent.innerText()).toContain("Alan Turing");
    await demo.page.getByRole("link", { name: "See full invitation history" }).first().click();
    await demo.page.waitForURL(/\/history$/);
    await eventually(() => demo.page.getByRole("heading", { name: "Invitation history" }).count()).toBe(1);
  });

  it("switches the trigger to fulfillment from the banner, after which that fix is no longer offered", async () => {
    await demo.page.goto(demo.server.url + "/");
    const banner = demo.page.locator(".Polaris-Banner", { hasText: "queued invitation belongs to a cancelled order" });
    await banner.getByRole("button", { name: "Invite after fulfillment" }).click();
    await eventually(() => banner.getByRole("button", { name: "Invite after fulfillment" }).count()).toBe(0);
    const { body } = await api<{ settings: { trigger: string } }>(demo.server, "GET", "/api/settings");
    expect(body.settings.trigger).toBe("order_fulfilled");
    // The invitation stays: switching the trigger changes future orders only.
    expect(await demo.page.locator("#count-queued").textContent()).toBe("3");
  });
});

describe("help", () => {
  it("explains the situations in the app's words, reachable from the banners", async () => {
    await demo.page.goto(demo.server.url + "/");
    await demo.page.getByRole("link", { name: "More about cancelled orders" }).click();
    await demo.page.waitForURL(/\/help#cancelled-order$/);
    // The help page is a chunk of its own, loaded when opened.
    await eventually(() => demo.page.getByRole("heading", { name: "A customer cancelled their order" }).count()).toBe(1);
    for (const heading of [
      "A customer cancelled their order",
      "An order is delayed",
      "Your store sent wrong data",
      "Why can't I cancel one invitation?",
    ]) {
      expect(await demo.page.getByRole("heading", { name: heading }).count()).toBe(1);
    }
  });
});

// Waits for a 10 s refresh: more than the default 20 s test budget on a loaded machine.
describe("staying current", { timeout: 60_000 }, () => {
  async function inviteByApi(email: string) {
    const { status } = await api(demo.server, "POST", "/api/invitations", { email, name: email.split("@")[0] });
    expect(status).toBe(201);
  }

  it("refreshes the counts and the recent list while the page is open, without a reload", async () => {
    await demo.page.goto(demo.server.url + "/");
    await eventually(() => demo.page.locator("#count-queued").textContent()).toBe("3");
    await inviteByApi("walk-in@example.com"); // another staff member, in another tab
    await expect.poll(() => demo.page.locator("#count-queued").textContent(), { timeout: 20_000, interval: 200 }).toBe("4");
    await eventually(() => demo.page.locator(".Polaris-ResourceList").first().innerText()).toContain("walk-in");
  });

  it("refreshes when the merchant comes back to the tab", async () => {
    await inviteByApi("returning@example.com");
    await demo.page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
    await eventually(() => demo.page.locator("#count-queued").textContent()).toBe("5");
  });
});

describe("demo page", () => {
  it("works without App Bridge and never crashed", async () => {
    expect(await demo.page.evaluate(() => "shopify" in window)).toBe(false);
    const html = await (await fetch(demo.server.url + "/")).text();
    expect(html).toContain(`<meta name="shopify-api-key" content="${demo.server.config.SHOPIFY_API_KEY}"`);
    expect(html).not.toContain(demo.server.config.SHOPIFY_API_SECRET);
    expect(demo.browser.errors).toEqual([]);
  });
});

describe("funnel (issue 18)", () => {
  it("shows sent, clicked, click rate, reminders and clicks after a reminder, with a weekly chart whose numbers are a table", async () => {
    await demo.page.goto(demo.server.url + "/");
    const { body } = await api<{ funnel: { last30Days: Record<string, number | null>; last90Days: Record<string, number | null> } }>(
      demo.server,
      "GET",
      "/api/invitations/summary",
    );
    const card = demo.page.locator("section[aria-labelledby=funnel-heading]");
    await eventually(() => card.getByRole("heading", { name: "Sent, clicked, reminded" }).count()).toBe(1);
    await eventually(() => demo.page.locator("#funnel-sent").textContent()).toBe(String(body.funnel.last30Days.sent));
    expect(await demo.page.locator("#funnel-clicked").textContent()).toBe(String(body.funnel.last30Days.clicked));
    expect(await demo.page.locator("#funnel-reminded").textContent()).toBe(String(body.funnel.last30Days.reminded));
    expect(body.funnel.last30Days.clicked).toBeGreaterThan(0);
    expect(await demo.page.locator("#funnel-clickRate").textContent()).toMatch(/^\d+(\.\d)?%$/);

    await card.getByRole("button", { name: "90 days" }).click();
    await eventually(() => demo.page.locator("#funnel-sent").textContent()).toBe(String(body.funnel.last90Days.sent));
    expect(await demo.page.locator("#funnel-clickedAfterReminder").textContent()).toBe(String(body.funnel.last90Days.clickedAfterReminder));

    // The chart names its numbers; the table shows them.
    const chart = card.getByRole("img", { name: /sent and clicked per week/ });
    expect(await chart.count()).toBe(1);
    await card.getByRole("button", { name: "Show the numbers by week" }).click();
    const table = card.getByRole("table");
    await eventually(() => table.isVisible()).toBe(true);
    expect(await table.getByRole("row").count()).toBe(14); // heading + 13 weeks
    await screenshotOf(card, "home-funnel");
  });
});
