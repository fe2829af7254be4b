/**
 * Issue 17 in real Chromium against the real server in demo mode: the Settings sections for
 * the send window, country delays, exclusions, frequency cap and resume pace (saved, checked
 * through the API, with the effective-result sentence); the overdue backlog shown before
 * sending resumes, and a paced resume; the orders without invitation by reason, page by page;
 * Get reviews by search with progress, and by CSV with a report per row.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { countAdded } from "../../web/server/db/queries/invitation-counts.ts";
import { api, eventually, screenshotOf } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";

const HOUR = 60 * 60 * 1000;
const demo = demoSession({ shopify: true });

beforeAll(() => {
  demo.page.on("dialog", (dialog) => void dialog.accept().catch(() => {}));
});

interface ApiSettings {
  sendWindow: { start: string; end: string; days: number[] } | null;
  countryDelays: { country: string; delayDays: number }[];
  exclusions: { orderTags: string[]; channels: string[] };
  frequencyCapDays: number;
  resumeOverHours: number;
  paused: boolean;
}

async function settings(): Promise<ApiSettings> {
  return (await api<{ settings: ApiSettings }>(demo.server, "GET", "/api/settings")).body.settings;
}

describe("settings: when and who", () => {
  it("sets a send window, a country delay, exclusions and the cap, showing the effective result", async () => {
    await demo.page.goto(demo.server.url + "/settings");
    const timing = demo.page.locator(".Polaris-Layout__AnnotatedSection", { has: demo.page.locator("#timing") });
    await eventually(() => timing.getByText("Send only during set hours", { exact: true }).count()).toBe(1);
    await timing.getByText("Send only during set hours", { exact: true }).click();
    await timing.getByLabel("From", { exact: true }).fill("09:00");
    await timing.getByLabel("Until", { exact: true }).fill("18:00");
    await timing.getByText("Sunday", { exact: true }).click(); // not on Sundays
    await timing.getByRole("button", { name: "Add a country" }).click();
    await timing.getByLabel("Country (2 letters)").fill("us");
    await timing.getByLabel("Delay", { exact: true }).fill("12");
    // The seed's trigger is order creation; the sentence is computed by the backend from the unsaved values.
    await eventually(() => demo.page.getByTestId("timing-effect").innerText()).toMatch(/An order placed .* is invited .*America\/New_York/);
    await eventually(() => demo.page.getByTestId("timing-effect").innerText()).toContain("Shipped to US: invited");
    await screenshotOf(timing, "settings-timing");

    const audience = demo.page.locator(".Polaris-Layout__AnnotatedSection", { has: demo.page.locator("#audience") });
    await audience.getByText("Point of sale", { exact: true }).click();
    await audience.getByLabel("Order tags").fill("wholesale, gift");
    await audience.getByLabel("Invite one address at most once every").fill("60");
    await eventually(() => demo.page.getByTestId("audience-effect").innerText()).toContain("in the last 60 days");
    await demo.page.getByLabel("After a pause, spread overdue invitations over").fill("4");
    await eventually(() => demo.page.getByTestId("resume-effect").innerText()).toContain("about 150 go out per hour for 4 hours");
    await screenshotOf(audience, "settings-audience");

    await demo.page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => demo.page.getByText("Unsaved changes").count()).toBe(0);
    expect(await settings()).toMatchObject({
      sendWindow: { start: "09:00", end: "18:00", days: [1, 2, 3, 4, 5, 6] },
      countryDelays: [{ country: "US", delayDays: 12 }],
      exclusions: { orderTags: ["wholesale", "gift"], channels: ["pos"] },
      frequencyCapDays: 60,
      resumeOverHours: 4,
    });
  });

  it("shows the API's reason under a country delay it refuses, and saves nothing", async () => {
    await demo.page.goto(demo.server.url + "/settings");
    const timing = demo.page.locator(".Polaris-Layout__AnnotatedSection", { has: demo.page.locator("#timing") });
    await eventually(() => timing.getByLabel("Delay", { exact: true }).count()).toBe(1);
    await timing.getByLabel("Delay", { exact: true }).fill("120");
    await demo.page.getByRole("button", { name: "Save" }).first().click();
    await eventually(() => timing.getByText(/whole number of days from 0 to 90/).count()).toBeGreaterThan(0);
    expect((await settings()).countryDelays).toEqual([{ country: "US", delayDays: 12 }]);
    await demo.page.getByRole("button", { name: "Discard" }).click();
  });
});

describe("home: backlog and orders without invitation", () => {
  it("shows the overdue backlog while paused, then resumes spreading it over the chosen hours", async () => {
    const { db, shop } = demo.server;
    const now = Date.now();
    const rows = [];
    for (let i = 0; i < 30; i++) {
      rows.push(await db.invitation.create({
        data: { shop, email: `late${i}@example.com`, customerName: `Late ${i}`, orderName: `#5${i}`, status: "queued", source: "manual", sendAt: new Date(now - (30 - i) * HOUR) },
      }));
    }
    await countAdded(db, rows);
    await api(demo.server, "PUT", "/api/settings", { paused: true, sendWindow: null });
    await demo.page.goto(demo.server.url + "/");
    const card = demo.page.locator("section[aria-labelledby=backlog-heading]");
    await eventually(() => card.getByTestId("backlog-summary").innerText()).toMatch(/^30 invitations are past their delivery date \(the oldest since .+\)/);
    await card.getByLabel("Over", { exact: true }).fill("5");
    await eventually(() => card.innerText()).toContain("About 6 an hour for 5 hours");
    await screenshotOf(card, "home-backlog");
    await card.getByRole("button", { name: "Resume sending" }).click();
    await eventually(() => settings().then((s) => s.paused)).toBe(false);
    const moved = await db.invitation.findMany({ where: { shop, email: { startsWith: "late" } }, orderBy: { sendAt: "asc" } });
    expect(moved[0]!.sendAt.getTime()).toBeLessThan(now + 10 * 60 * 1000);
    expect(moved[29]!.sendAt.getTime()).toBeGreaterThan(now + 4.5 * HOUR);
    expect(moved[29]!.sendAt.getTime()).toBeLessThan(now + 5.5 * HOUR);
    await eventually(() => card.count()).toBe(0);
  });

  it("counts orders without invitation by reason and lists them page by page", async () => {
    const { db, shop } = demo.server;
    for (let i = 0; i < 12; i++) {
      await db.order.create({ data: { shop, orderId: `61000000000000000${String(i).padStart(2, "0")}`, name: `#3${String(i).padStart(2, "0")}`, skipReason: "excluded_pos" } });
    }
    await demo.page.goto(demo.server.url + "/");
    const card = demo.page.locator("section[aria-labelledby=skipped-heading]");
    await eventually(() => card.getByTestId("skipped-counts").innerText()).toContain("Point of sale order: 12");
    expect(await card.getByTestId("skipped-counts").innerText()).toContain("The order has no customer email: 1");
    await eventually(() => card.locator(".Polaris-ResourceItem__ListItem").count()).toBe(10);
    await card.getByRole("button", { name: "Next" }).click();
    await eventually(() => card.locator(".Polaris-ResourceItem__ListItem").count()).toBe(3);
    await card.getByLabel("Reason").selectOption("no_email");
    await eventually(() => card.locator(".Polaris-ResourceItem__ListItem").count()).toBe(1);
    expect(await card.locator(".Polaris-ResourceItem__ListItem").innerText()).toContain("#1004");
    await screenshotOf(card, "home-skipped-orders");
  });
});

describe("get reviews: search and CSV", () => {
  it("invites the customers of every order a search finds, with progress, and again invites nobody twice", async () => {
    await api(demo.server, "PUT", "/api/settings", { sendWindow: null, exclusions: {} });
    await demo.page.goto(demo.server.url + "/get-reviews");
    const section = demo.page.locator("section[aria-labelledby=import-heading]");
    await eventually(() => section.count()).toBe(1);
    await section.getByRole("button", { name: "Invite these customers" }).click();
    await eventually(() => section.getByTestId("import-progress").innerText()).toContain("Done: 2 orders, 1 invited, 1 skipped.");
    expect(await section.getByTestId("import-progress").innerText()).toContain("The order has no customer email: 1");
    await screenshotOf(section, "get-reviews-import");
    await section.getByRole("button", { name: "Invite these customers" }).click();
    await eventually(() => section.getByTestId("import-progress").innerText()).toContain("Done: 2 orders, 0 invited, 2 skipped.");
    expect(await section.getByTestId("import-progress").innerText()).toContain("Already invited for this order: 1");
  });

  it("uploads a CSV and reports each row", async () => {
    const section = demo.page.locator("section[aria-labelledby=csv-heading]");
    const csv = "email,name,order\nmarie@example.com,Marie Curie,#4001\nnot-an-address,Bad,#4002\n,No Email,#4003\n";
    await section.locator("input[type=file]").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await section.getByRole("button", { name: "Upload and invite" }).click();
    await eventually(() => section.getByTestId("csv-summary").innerText()).toBe("1 invited, 1 skipped, 1 not usable");
    const table = await section.locator("table").innerText();
    expect(table).toContain("Skipped: Not a valid email address");
    expect(table).toContain("Not usable: no email address");
    await screenshotOf(section, "get-reviews-csv");
    const { body } = await api<{ invitations: Array<{ orderName: string; locale: string | null }> }>(demo.server, "GET", "/api/invitations?q=marie%40example.com");
    expect(body.invitations).toEqual([expect.objectContaining({ orderName: "#4001", locale: null })]);
    expect(demo.browser.errors).toEqual([]);
  });
});
