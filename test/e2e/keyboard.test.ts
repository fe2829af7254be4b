/**
 * The keyboard alone, as a merchant who doesn't use a mouse: Tab, Enter, Escape and typing.
 * Open and close the cancel-all confirmation (focus comes back to the button that opened it),
 * and reschedule an invitation from the history to its page and its Save button.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { toShopDateTime } from "../../web/shared/dates.ts";
import { api, eventually } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";
import { SHOP_TIME_ZONE } from "./seed.ts";

const DAY = 24 * 60 * 60 * 1000;


const demo = demoSession();

/** What the focused element is called: its aria-label, else its label's or its own text. */
function focusedName(p: Page): Promise<string> {
  return p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "<body>";
    const labelled = el.getAttribute("aria-label");
    if (labelled) return labelled;
    const input = el as HTMLInputElement;
    if (input.labels && input.labels.length > 0) return (input.labels[0]!.textContent ?? "").trim();
    return (el.textContent ?? "").trim();
  });
}

/** Presses Tab until the focused element has that name; fails after `max` presses. */
async function tabTo(p: Page, name: string | RegExp, max = 120): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await p.keyboard.press("Tab");
    const now = await focusedName(p);
    if (typeof name === "string" ? now === name : name.test(now)) return;
    seen.push(now);
  }
  throw new Error(`Tab never reached ${name}; focus went through: ${seen.join(" | ")}`);
}

// Dozens of key presses on a loaded two-core machine can take longer than the default 20 s.
describe("keyboard only", { timeout: 60_000 }, () => {
  it("opens the cancel-all confirmation, closes it with Escape, and focus returns to the button", async () => {
    await demo.page.goto(demo.server.url + "/history");
    await eventually(() => demo.page.getByRole("link", { name: /^Open the invitation for/ }).count()).toBeGreaterThan(0);
    await tabTo(demo.page, "Cancel all pending invitations");
    await demo.page.keyboard.press("Enter");
    const dialog = demo.page.getByRole("dialog");
    await eventually(() => dialog.innerText()).toContain("3 queued invitations will be cancelled.");
    // Focus moved into the dialog.
    expect(await demo.page.evaluate(() => Boolean(document.activeElement?.closest("[role=dialog]")))).toBe(true);
    await demo.page.keyboard.press("Escape");
    await eventually(() => dialog.count()).toBe(0);
    await eventually(() => focusedName(demo.page)).toBe("Cancel all pending invitations");
    // Nothing was cancelled.
    const summary = await api<{ counts: Record<string, number> }>(demo.server, "GET", "/api/invitations/summary");
    expect(summary.body.counts.queued).toBe(3);
  });

  it("reschedules an invitation: from the history to its page, typing the date and time, Save with Enter", async () => {
    await demo.page.goto(demo.server.url + "/history");
    await eventually(() => demo.page.getByRole("link", { name: "Open the invitation for Ada Lovelace" }).count()).toBe(1);
    await tabTo(demo.page, "Open the invitation for Ada Lovelace");
    await demo.page.keyboard.press("Enter");
    await eventually(() => demo.page.getByRole("heading", { level: 1, name: "Invitation for Ada Lovelace" }).count()).toBe(1);

    const target = new Date(Date.now() + 15 * DAY);
    const { date } = toShopDateTime(target, SHOP_TIME_ZONE);
    const [year, month, day] = date.split("-");
    await tabTo(demo.page, "Delivery date");
    // Chromium's date field in en-US: month, day, year segments; typing fills and advances.
    await demo.page.keyboard.type(`${month}${day}${year}`);
    await tabTo(demo.page, "Delivery time");
    await demo.page.keyboard.type("0945AM");
    await tabTo(demo.page, "Save");
    await demo.page.keyboard.press("Enter");
    await eventually(() => demo.page.getByText(/Delivery date changed to/).count()).toBeGreaterThan(0);

    const { body } = await api<{ invitations: Array<{ sendAt: string }> }>(demo.server, "GET", "/api/invitations?q=ada%40example.com");
    expect(toShopDateTime(body.invitations[0]!.sendAt, SHOP_TIME_ZONE)).toEqual({ date, time: "09:45" });
    expect(demo.browser.errors).toEqual([]);
  });
});
