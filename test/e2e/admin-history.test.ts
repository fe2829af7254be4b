/**
 * The invitation history in real Chromium against the real server in demo mode:
 * pagination and filters, an invitation's own page and moving its delivery date (R6), the
 * API's refusal shown as is, no way to cancel one invitation (R3), and "Cancel all
 * pending invitations" (R2) leaving sent ones alone.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toShopDateTime } from "../../web/shared/dates.ts";
import { api, eventually } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";
import { createdDaysAgo, SENT_COUNT, SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;
const TOTAL = 3 + SENT_COUNT + 2 + 1;


interface ApiInvitation {
  id: string;
  status: string;
  sendAt: string;
  email: string;
}

const demo = demoSession();

/** The data rows of the table (an expanded invitation adds a details row, which has no checkbox cell). */
function rows(p: Page) {
  return p.locator(".Polaris-IndexTable__TableRow:not(.Polaris-IndexTable__TableRow--child)");
}

async function rowTexts(p: Page): Promise<string[]> {
  return rows(p).evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText));
}

async function openHistory(query = "") {
  await demo.page.goto(`${demo.server.url}/history${query}`);
  await eventually(() => rows(demo.page).count()).toBeGreaterThan(0);
}

describe("history list", () => {
  it("pages through every invitation with Next and Previous, each exactly once", async () => {
    await openHistory();
    await eventually(() => rows(demo.page).count()).toBe(25);
    const first = await rowTexts(demo.page);
    await demo.page.getByRole("button", { name: "Next page" }).click();
    await eventually(() => rows(demo.page).count()).toBe(TOTAL - 25);
    const second = await rowTexts(demo.page);
    expect(new Set([...first, ...second]).size).toBe(TOTAL);
    expect(await demo.page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    await demo.page.getByRole("button", { name: "Previous page" }).click();
    await eventually(() => rowTexts(demo.page)).toEqual(first);
  });

  it("filters by status", async () => {
    await openHistory();
    await demo.page.getByLabel("Status").selectOption("failed");
    await eventually(() => rows(demo.page).count()).toBe(2);
    expect((await rowTexts(demo.page)).every((text) => text.includes("Failed"))).toBe(true);
    expect(demo.page.url()).toContain("status=failed");
  });

  it("exports what the filters show as a CSV file", async () => {
    await openHistory("?status=failed");
    await eventually(() => rows(demo.page).count()).toBe(2);
    const [download] = await Promise.all([demo.page.waitForEvent("download"), demo.page.getByRole("button", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^invitations-demo-shop-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8").trim().split(/\r?\n/);
    expect(csv).toHaveLength(3); // header + the two failed invitations
    expect(csv.slice(1).every((line) => line.includes("failed") && /bounce[12]@example.com/.test(line))).toBe(true);
  });

  it("searches by order name and by email", async () => {
    await openHistory();
    await demo.page.getByLabel("Search").fill("#1002");
    await eventually(() => rowTexts(demo.page)).toEqual([expect.stringContaining("Grace Hopper")]);
    await demo.page.getByLabel("Search").fill("customer7@example.com");
    await eventually(() => rowTexts(demo.page)).toEqual([expect.stringContaining("Customer 7")]);
  });

  it("filters by a date range in the shop's time zone", async () => {
    const day = toShopDateTime(createdDaysAgo(12), SHOP_TIME_ZONE).date; // Customer 10 was created that day
    await openHistory(`?from=${day}&to=${day}`);
    await eventually(() => rowTexts(demo.page)).toEqual([expect.stringContaining("Customer 10")]);
  });

  it("says so when nothing matches", async () => {
    await openHistory();
    await demo.page.getByLabel("Search").fill("nobody-like-this@example.com");
    await eventually(() => demo.page.getByText("No invitations match").count()).toBe(1);
  });
});

// A loaded two-core machine: several page loads in one test can take longer than 20 s.
describe("one invitation", { timeout: 60_000 }, () => {
  /** Straight to the invitation's page (the two tests above walk there from the history). */
  async function openDirect(email: string, name: string) {
    const { body } = await api<{ invitations: ApiInvitation[] }>(demo.server, "GET", `/api/invitations?q=${encodeURIComponent(email)}`);
    await demo.page.goto(`${demo.server.url}/invitations/${body.invitations[0]!.id}`);
    await eventually(() => demo.page.getByRole("heading", { level: 1, name: `Invitation for ${name}` }).count()).toBe(1);
  }

  /** From the history, as a merchant would: search, then open the row's link. */
  async function open(name: string) {
    await openHistory();
    await demo.page.getByLabel("Search").fill(name);
    await eventually(() => rows(demo.page).count()).toBe(1);
    await demo.page.getByRole("link", { name: `Open the invitation for ${name}` }).click();
    await demo.page.waitForURL(/\/invitations\/\d+$/);
    await eventually(() => demo.page.getByRole("heading", { level: 1, name: `Invitation for ${name}` }).count()).toBe(1);
  }

  it("opens on its own page with customer, order, source, status and its history", async () => {
    await open("Grace Hopper");
    const text = await demo.page.locator("main").innerText();
    expect(text).toContain("grace@example.com");
    expect(text).toContain("#1002");
    expect(text).toContain("Order cancelled");
    expect(text).toContain("Order created"); // the source event
    expect(text).toContain("Created");
    expect(text).toContain("Order cancelled by the customer");
    // Back to the history in one click.
    await demo.page.getByRole("link", { name: "Invitation history" }).first().click();
    await demo.page.waitForURL(/\/history$/);
  });

  it("opens from a click anywhere on its row", async () => {
    await openHistory();
    await demo.page.getByLabel("Search").fill("Ada Lovelace");
    await eventually(() => rows(demo.page).count()).toBe(1);
    await rows(demo.page).first().locator("td").nth(3).click();
    await eventually(() => demo.page.getByRole("heading", { level: 1, name: "Invitation for Ada Lovelace" }).count()).toBe(1);
  });

  it("saves a new delivery date, which the API then returns", async () => {
    await openDirect("ada@example.com", "Ada Lovelace");
    const target = toShopDateTime(new Date(Date.now() + 10 * DAY), SHOP_TIME_ZONE).date;
    await demo.page.getByLabel("Delivery date").fill(target);
    await demo.page.getByLabel("Delivery time").fill("09:30");
    await demo.page.getByRole("button", { name: "Save", exact: true }).click();
    await eventually(() => demo.page.getByText(/Delivery date changed to/).count()).toBeGreaterThan(0);

    const list = await api<{ invitations: ApiInvitation[] }>(demo.server, "GET", "/api/invitations?q=ada%40example.com");
    const saved = list.body.invitations[0]!;
    expect(toShopDateTime(saved.sendAt, SHOP_TIME_ZONE)).toEqual({ date: target, time: "09:30" });
    // The audit trail shows the change.
    await eventually(() => demo.page.getByText("Delivery date changed", { exact: true }).count()).toBe(1);
  });

  it("shows the API's reason when the date is in the past, with the date in the shop's time zone, tied to the fields", async () => {
    await openDirect("alan@example.com", "Alan Turing");
    const before = (await api<{ invitations: ApiInvitation[] }>(demo.server, "GET", "/api/invitations?q=alan%40example.com")).body.invitations[0]!;
    const yesterday = toShopDateTime(new Date(Date.now() - DAY), SHOP_TIME_ZONE).date;
    await demo.page.getByLabel("Delivery date").fill(yesterday);
    await demo.page.getByRole("button", { name: "Save", exact: true }).click();
    const alert = demo.page.getByRole("alert").filter({ hasText: "The delivery date must be in the future" });
    await eventually(() => alert.count()).toBe(1);
    const message = await alert.innerText();
    // "after 5 Dec 2026, 03:21" on New York's clocks, never a raw ISO timestamp.
    const today = new Intl.DateTimeFormat("en-US", { timeZone: SHOP_TIME_ZONE, dateStyle: "medium" }).format(new Date());
    expect(message).toContain(today);
    expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    for (const label of ["Delivery date", "Delivery time"]) {
      const description = await demo.page.getByLabel(label).evaluate((input) =>
        (input.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? `<missing #${id}>`)
          .join(" "),
      );
      expect(description, label).toContain("The delivery date must be in the future");
      expect(await demo.page.getByLabel(label).getAttribute("aria-invalid"), label).toBe("true");
    }
    const after = (await api<{ invitations: ApiInvitation[] }>(demo.server, "GET", "/api/invitations?q=alan%40example.com")).body.invitations[0]!;
    expect(after.sendAt).toBe(before.sendAt);
  });

  it("offers no way to cancel it, and says why where one would look", async () => {
    await openDirect("alan@example.com", "Alan Turing");
    const main = demo.page.locator("main");
    expect(await main.getByText("Looking to cancel this invitation?").count()).toBe(1);
    expect(await main.innerText()).toContain("every customer is invited equally and fairly");
    expect(await demo.page.getByRole("button", { name: /cancel|delete|remove/i }).count()).toBe(0);
  });

  it("is reached from the home page's recently invited customers", async () => {
    await demo.page.goto(demo.server.url + "/");
    // The item's link (named for screen readers) lies under its content: a merchant clicks the name.
    expect(await demo.page.getByRole("link", { name: "Open the invitation of Alan Turing" }).getAttribute("href")).toMatch(/^\/invitations\/\d+$/);
    await demo.page.locator(".Polaris-ResourceList").first().getByText("Alan Turing", { exact: true }).click();
    await eventually(() => demo.page.getByRole("heading", { level: 1, name: "Invitation for Alan Turing" }).count()).toBe(1);
  });
});

describe("no single cancel anywhere", { timeout: 60_000 }, () => {
  it("has no control on any page that cancels one invitation", async () => {
    const { body } = await api<{ invitations: ApiInvitation[] }>(demo.server, "GET", "/api/invitations?q=alan%40example.com");
    for (const route of ["/", "/history", `/invitations/${body.invitations[0]!.id}`, "/get-reviews", "/settings", "/help"]) {
      await demo.page.goto(demo.server.url + route);
      await eventually(() => demo.page.locator("main h1").count()).toBeGreaterThan(0);
      const controls = await demo.page.locator("button, [role=button], a").evaluateAll((els) =>
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
    await demo.page.getByRole("button", { name: "Cancel all pending invitations" }).click();
    const modal = demo.page.getByRole("dialog");
    await eventually(() => modal.innerText()).toContain("3 queued invitations will be cancelled.");
    const text = await modal.innerText();
    expect(text).toContain("This can't be undone.");
    expect(text).toContain("Cancelled invitations can't be activated again.");
    expect(text).toContain("Get reviews");
    await modal.getByRole("button", { name: "Cancel 3 invitations" }).click();
    await eventually(() => demo.page.getByText("3 invitations cancelled").count()).toBeGreaterThan(0);

    await demo.page.getByLabel("Status").selectOption("canceled");
    await eventually(() => rows(demo.page).count()).toBe(4);
    await demo.page.getByLabel("Status").selectOption("sent");
    await eventually(() => rows(demo.page).count()).toBe(25); // first page of the 40 sent
    const summary = await api<{ counts: Record<string, number> }>(demo.server, "GET", "/api/invitations/summary");
    expect(summary.body.counts).toMatchObject({ queued: 0, canceled: 4, sent: SENT_COUNT, failed: 2 });
    expect(demo.browser.errors).toEqual([]);
  });
});
