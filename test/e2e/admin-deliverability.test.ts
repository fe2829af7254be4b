/**
 * "Sender and bounces" (issue 19) in real Chromium against the real server in demo mode: the
 * merchant enters a From address and sees the DNS records to publish; a bounce posted for a
 * sent invitation shows in the counts on the home page and in the history filter; the
 * suppression list says why each address gets no invitations.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bounceTokenKey, returnPathFor } from "../../web/server/deliverability/verp.ts";
import { receiveReports } from "../../web/server/deliverability/receive.ts";
import { eventually, screenshot } from "../support/browser.ts";
import { demoSession } from "./demo-session.ts";

const demo = demoSession();

beforeAll(async () => {
  const { db, shop, config } = demo.server;
  await db.suppression.create({ data: { shop, email: "left@example.com", reason: "unsubscribed", createdAt: new Date("2026-11-01T10:00:00Z") } });
  await db.suppression.create({ data: { shop, email: "angry@example.com", reason: "complained", createdAt: new Date("2026-11-02T10:00:00Z") } });
  // A hard bounce for one sent invitation, through the same door the listener uses.
  const sent = await db.invitation.findFirstOrThrow({ where: { shop, status: "sent" }, orderBy: { id: "asc" } });
  const token = returnPathFor(bounceTokenKey(config.SHOPIFY_API_SECRET), sent.id, "bounces.example.test").split("+")[1]!.split("@")[0]!;
  await receiveReports({ db, tokenKeys: [bounceTokenKey(config.SHOPIFY_API_SECRET)] }, [
    { kind: "hard_bounce", token, recipient: sent.email, status: "5.1.1", diagnostic: "550 5.1.1 user unknown" },
  ], "smtp");
});

describe("sender and bounces", () => {
  it("shows the DNS records to publish once a From address on the merchant's domain is saved", async () => {
    const page = demo.page;
    await page.goto(demo.server.url + "/deliverability");
    await eventually(() => page.getByLabel("From address on your domain").count()).toBe(1);
    await page.getByLabel("From address on your domain").fill("gmail-user@gmail.com");
    await page.getByRole("button", { name: "Save address" }).click();
    await eventually(() => page.getByText("shared mailbox provider").count()).toBe(1);

    await page.getByLabel("From address on your domain").fill("reviews@demo-shop.example");
    await page.getByRole("button", { name: "Save address" }).click();
    await eventually(() => page.getByText("DNS records to publish").count()).toBe(1);
    const text = await page.locator("#sender-domain").locator("xpath=..").innerText();
    expect(text).toMatch(/ri[0-9a-f]{10}\._domainkey\.demo-shop\.example/);
    expect(text).toContain("v=DKIM1; k=rsa; p=MII");
    expect(text).toContain("_dmarc.demo-shop.example");
    expect(text).toContain("Not verified yet");
    expect(await page.getByRole("button", { name: "Verify" }).count()).toBe(1);
  });

  it("lists the addresses that get no invitations, with why", async () => {
    const page = demo.page;
    const list = page.locator("#suppressions").locator("xpath=..");
    await eventually(() => list.getByText("angry@example.com").count()).toBe(1);
    const text = await list.innerText();
    expect(text).toContain("Reported as spam");
    expect(text).toContain("Unsubscribed");
    expect(text).toContain("Bounced");
    expect(await page.locator("#report-count-bounced").textContent()).toBe("1");
    await screenshot(page, "deliverability-1280");
  });

  it("counts the bounce and the complaints on the home page, linking to the bounced invitations", async () => {
    const page = demo.page;
    await page.goto(demo.server.url + "/");
    await eventually(() => page.locator("#count-bounced").textContent()).toBe("1");
    expect(await page.locator("#report-count-complained").textContent()).toBe("0");
    await page.locator("#count-bounced").locator("xpath=..").getByRole("link", { name: "Bounced" }).click();
    await eventually(() => page.url()).toContain("/history?status=bounced");
    await eventually(() => page.locator(".Polaris-IndexTable__TableRow").count()).toBe(1);
  });
});
