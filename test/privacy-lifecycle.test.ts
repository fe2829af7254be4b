/**
 * app/uninstalled: from that moment nothing is sent for the shop; redeliveries are harmless;
 * a reinstall (the merchant opening the app again) resumes with the shop's settings.
 * Sending goes through the real dispatcher to a real in-process SMTP server.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runOnce } from "../web/server/dispatch/run-once.ts";
import { createSmtpTransport, type MailTransport } from "../web/server/mail/transport.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { fixture, mintSessionToken, sendWebhook, TEST_SHOP } from "./support/shopify.ts";
import { orderBody, OTHER_SHOP } from "./privacy-support.ts";

let t: TestApp;
let smtp: SMTPServer;
let transport: MailTransport;
let recipients: string[];

beforeEach(async () => {
  t = await createTestApp({ now: new Date("2026-04-01T09:00:00Z") });
  recipients = [];
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      recipients.push(address.address);
      callback();
    },
    onData(stream, _session, callback) {
      stream.on("end", () => callback());
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, connectionTimeout: 2_000, greetingTimeout: 2_000 });
});
afterEach(async () => {
  await transport.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.close();
});

const dispatch = () => runOnce({ db: t.db, transport, config: t.config, clock: () => t.clock.now });

async function seed() {
  const settings = { trigger: "order_created", delayDays: 2, senderName: "Lamp House", reviewUrl: "https://lamps.example/reviews" };
  await t.db.shop.create({ data: { domain: TEST_SHOP, ...settings } });
  await t.db.shop.create({ data: { domain: OTHER_SHOP, trigger: "order_created", delayDays: 2 } });
  for (const [shop, email, orderId] of [[TEST_SHOP, "ada@example.com", "5001"], [OTHER_SHOP, "bo@example.com", "6001"]] as const) {
    const res = await sendWebhook(t.app, "orders/create", orderBody({ orderId, email, customerId: orderId, firstName: "A", lastName: "B" }), { shop });
    expect(res.body.outcome).toContain("invitation_created");
  }
  for (const [id, shop] of [["offline_test-shop", TEST_SHOP], ["online_test-shop_1", TEST_SHOP], ["offline_other", OTHER_SHOP]]) {
    await t.db.session.create({ data: { id: id!, shop: shop!, state: "s", accessToken: "shpat_secret" } });
  }
  // Both invitations are due from here on.
  t.clock.now = new Date((await t.db.invitation.aggregate({ _max: { sendAt: true } }))._max.sendAt!.getTime() + 60_000);
  return settings;
}

describe("app/uninstalled", () => {
  it("stops sending for the shop at once; other shops go on", async () => {
    await seed();
    const res = await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"));
    expect(res.body).toEqual({ status: "processed", outcome: "uninstalled" });

    const pass = await dispatch();
    expect(recipients).toEqual(["bo@example.com"]);
    expect(pass.sent).toBe(1);
    // Not sent, not lost: it waits in the queue in case the merchant comes back.
    const waiting = await t.db.invitation.findFirstOrThrow({ where: { shop: TEST_SHOP } });
    expect(waiting).toMatchObject({ status: "queued", attempts: 0, sentAt: null });
  });

  it("deletes the shop's sessions and nothing else of it", async () => {
    await seed();
    await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"));
    expect(await t.db.session.findMany({ select: { id: true } })).toEqual([{ id: "offline_other" }]);
    expect(await t.db.invitation.count({ where: { shop: TEST_SHOP } })).toBe(1);
    expect(await t.db.order.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("answers 200 however often it is delivered, with the same or a new webhook id", async () => {
    await seed();
    const first = await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"), { webhookId: "uninstall-1" });
    const sameId = await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"), { webhookId: "uninstall-1" });
    const newId = await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"), { webhookId: "uninstall-2" });
    expect([first.status, sameId.status, newId.status]).toEqual([200, 200, 200]);
    expect(sameId.body).toEqual({ status: "duplicate" });
    expect(newId.body).toEqual({ status: "processed", outcome: "uninstalled" });
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } })).uninstalledAt).not.toBeNull();
    await dispatch();
    expect(recipients).toEqual(["bo@example.com"]);
  });

  it("is undone by a reinstall, which resumes with the shop's settings and its queue", async () => {
    const settings = await seed();
    await sendWebhook(t.app, "app/uninstalled", fixture("app.uninstalled"));
    await dispatch();
    recipients = [];

    // The merchant opens the app again: the verified session token marks the shop installed.
    const token = await mintSessionToken({ shop: TEST_SHOP });
    const res = await request(t.app).get("/api/privacy/data-requests").set("Authorization", `Bearer ${token}`);
    expect(res.status).toBe(200);
    const shop = await t.db.shop.findUniqueOrThrow({ where: { domain: TEST_SHOP } });
    expect(shop).toMatchObject({ uninstalledAt: null, ...settings });

    await dispatch();
    expect(recipients).toEqual(["ada@example.com"]);
    expect(await t.db.invitation.findFirstOrThrow({ where: { shop: TEST_SHOP } })).toMatchObject({ status: "sent" });
  });
});
