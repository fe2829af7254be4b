/**
 * Issue 19 through HTTP: the admin's sender-domain and suppression-list API (scoped to the
 * session's shop), and POST /deliverability/reports for providers (bearer token; reports
 * must still carry our signed token). Manual invitations to a bounced or complained address
 * answer why.
 */
import { readFileSync } from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertSuppression } from "../web/server/db/queries/suppressions.ts";
import { bounceTokenKey, returnPathFor } from "../web/server/deliverability/verp.ts";
import { adminClient, ensureShop, OTHER_SHOP, resetStoredData, seedInvitation, type AdminClient } from "./support/admin-fixtures.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { expectCountersMatchRows } from "./support/dispatch.ts";
import { TEST_SECRET, TEST_SHOP } from "./support/shopify.ts";

const NOW = new Date("2026-11-26T12:00:00Z");
const REPORTS_TOKEN = "reports-token-0123456789abcdef";
const BOUNCE_DOMAIN = "bounces.reviews.example.test";
const zone: Record<string, string[][]> = {};
let t: TestApp;
let api: AdminClient;
let other: AdminClient;

beforeAll(async () => {
  t = await createTestApp({
    now: NOW,
    config: { BOUNCE_DOMAIN, DELIVERY_REPORTS_TOKEN: REPORTS_TOKEN },
    dnsResolver: {
      async resolveTxt(name) {
        const records = zone[name];
        if (!records) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
        return records;
      },
    },
  });
  api = await adminClient(t.app);
  other = await adminClient(t.app, { shop: OTHER_SHOP });
});
afterAll(() => t.close());
beforeEach(async () => {
  await resetStoredData(t.db);
  await t.db.senderDomain.deleteMany();
  for (const key of Object.keys(zone)) delete zone[key];
  await ensureShop(t.db, TEST_SHOP);
  await ensureShop(t.db, OTHER_SHOP);
});

describe("sender domain", () => {
  it("sets an address, shows the records, verifies once the DKIM record is published", async () => {
    const set = await api.put("/api/deliverability/sender-domain", { fromAddress: "Reviews@Merchant.example" });
    expect(set.status).toBe(200);
    expect(set.body.senderDomain).toMatchObject({ fromAddress: "reviews@merchant.example", domain: "merchant.example", verified: false });
    const dkim = set.body.senderDomain.records.find((r: { purpose: string }) => r.purpose === "dkim");

    const before = await api.post("/api/deliverability/sender-domain/verify");
    expect(before.body.senderDomain.verified).toBe(false);
    expect(before.body.senderDomain.lastCheck.records[0].state).toBe("missing");

    zone[dkim.name] = [[dkim.value]];
    const after = await api.post("/api/deliverability/sender-domain/verify");
    expect(after.body.senderDomain).toMatchObject({ verified: true, verifiedAt: NOW.toISOString() });

    // Another shop sees nothing of it.
    expect((await other.get("/api/deliverability")).body.senderDomain).toBeNull();
    expect((await other.post("/api/deliverability/sender-domain/verify")).status).toBe(404);

    // Another address on the same domain keeps the key and the verification.
    const renamed = await api.put("/api/deliverability/sender-domain", { fromAddress: "hello@merchant.example" });
    expect(renamed.body.senderDomain).toMatchObject({ fromAddress: "hello@merchant.example", verified: true });
    expect(renamed.body.senderDomain.records[0].value).toBe(dkim.value);

    expect((await api.put("/api/deliverability/sender-domain", { fromAddress: null })).body).toEqual({ senderDomain: null });
    expect((await api.get("/api/deliverability")).body.senderDomain).toBeNull();
    await api.put("/api/deliverability/sender-domain", { fromAddress: "reviews@merchant.example" });
    expect((await api.delete("/api/deliverability/sender-domain")).status).toBe(204);
    expect(await t.db.senderDomain.count()).toBe(0);
  });

  it("answers 422 naming the field for an address that cannot be verified", async () => {
    for (const fromAddress of ["not an address", "me@gmail.com", 42]) {
      const res = await api.put("/api/deliverability/sender-domain", { fromAddress });
      expect(res.status).toBe(422);
      expect(res.body.error.field).toBe("fromAddress");
    }
    const unknown = await api.put("/api/deliverability/sender-domain", { fromAddress: "a@b.example", selector: "x" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain("selector");
  });

  it("needs a session token", async () => {
    expect((await request(t.app).get("/api/deliverability")).status).toBe(401);
  });
});

describe("POST /deliverability/reports", () => {
  const post = (body: unknown, token = REPORTS_TOKEN) =>
    request(t.app).post("/deliverability/reports").set("Authorization", `Bearer ${token}`).send(body as object);
  const returnPath = (id: number) => returnPathFor(bounceTokenKey(TEST_SECRET), id, BOUNCE_DOMAIN);

  it("applies a provider's hard bounce and complaint; counts show on the summary", async () => {
    const bounced = await seedInvitation(t.db, { status: "sent", email: "gone@example.com" });
    const complained = await seedInvitation(t.db, { status: "sent", email: "angry@example.com" });
    const res = await post({
      reports: [
        { type: "hard_bounce", returnPath: returnPath(bounced.id), status: "5.1.1", diagnostic: "550 5.1.1 no such user" },
        { type: "complaint", returnPath: returnPath(complained.id), status: "abuse" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ applied: 2, duplicate: 0, ignored: 0 });
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: bounced.id } })).status).toBe("bounced");
    await expectCountersMatchRows(t.db);

    const summary = await api.get("/api/deliverability");
    expect(summary.body.counts).toEqual({ bounced: 1, complained: 1, softBounces: 0 });
    expect(summary.body.suppressions).toEqual({ unsubscribed: 0, bounced: 1, complained: 1 });
    expect((await api.get("/api/invitations/summary")).body.counts.bounced).toBe(1);
    expect((await api.get("/api/invitations?status=bounced")).body.invitations.map((i: { id: string }) => i.id)).toEqual([String(bounced.id)]);
    expect((await other.get("/api/deliverability")).body.counts).toEqual({ bounced: 0, complained: 0, softBounces: 0 });
  });

  it("refuses a missing or wrong bearer token, and ignores reports whose token we did not sign", async () => {
    const inv = await seedInvitation(t.db, { status: "sent" });
    const body = { reports: [{ type: "hard_bounce", returnPath: returnPath(inv.id) }] };
    expect((await request(t.app).post("/deliverability/reports").send(body)).status).toBe(401);
    expect((await post(body, "wrong-token-0123456789abcdef")).status).toBe(401);

    const forged = returnPathFor(bounceTokenKey("guess"), inv.id, BOUNCE_DOMAIN);
    const res = await post({ reports: [{ type: "hard_bounce", returnPath: forged }, { type: "complaint", token: `${inv.id}-00` }] });
    expect(res.body).toEqual({ applied: 0, duplicate: 0, ignored: 2 });
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe("sent");
    expect(await t.db.suppression.count()).toBe(0);
  });

  it("reads a raw DSN posted as message/rfc822 (the RFC 3464 example)", async () => {
    const inv = await seedInvitation(t.db, { status: "sent", email: "gone@example.com" });
    const raw = readFileSync(new URL("./fixtures/reports/rfc3464-failed.eml", import.meta.url), "utf8")
      .replaceAll("{{RETURN_PATH}}", returnPath(inv.id))
      .replaceAll("{{RECIPIENT}}", "gone@example.com");
    const res = await request(t.app)
      .post("/deliverability/reports")
      .set("Authorization", `Bearer ${REPORTS_TOKEN}`)
      .set("Content-Type", "message/rfc822")
      .send(raw);
    expect(res.body).toEqual({ applied: 1, duplicate: 0, ignored: 0 });
    expect(await t.db.invitation.findUniqueOrThrow({ where: { id: inv.id } })).toMatchObject({ status: "bounced" });
    expect(await t.db.deliveryReport.findMany()).toMatchObject([{ kind: "hard_bounce", status: "5.1.1", via: "http" }]);
    await expectCountersMatchRows(t.db);
  });

  it("answers 422 naming the field for a malformed body", async () => {
    const res = await post({ reports: [{ type: "bounce", returnPath: "x" }] });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe("reports.0.type");
    const noToken = await post({ reports: [{ type: "hard_bounce" }] });
    expect(noToken.status).toBe(422);
    expect(noToken.body.error.field).toBe("reports.0.returnPath");
  });
});

describe("suppression list", () => {
  it("lists and exports the shop's addresses with why, read-only", async () => {
    await insertSuppression(t.db, TEST_SHOP, "left@example.com", new Date("2026-11-01T00:00:00Z"));
    await insertSuppression(t.db, TEST_SHOP, "gone@example.com", new Date("2026-11-02T00:00:00Z"), "bounced");
    await insertSuppression(t.db, TEST_SHOP, "=cmd@example.com", new Date("2026-11-03T00:00:00Z"), "complained");
    await insertSuppression(t.db, OTHER_SHOP, "elsewhere@example.com", NOW, "bounced");

    const list = await api.get("/api/deliverability/suppressions");
    expect(list.body.suppressions.map((s: { email: string; reason: string }) => `${s.email} ${s.reason}`)).toEqual([
      "=cmd@example.com complained",
      "gone@example.com bounced",
      "left@example.com unsubscribed",
    ]);
    expect((await api.get("/api/deliverability/suppressions?reason=bounced")).body.suppressions).toHaveLength(1);
    expect((await api.get("/api/deliverability/suppressions?reason=nope")).status).toBe(400);

    const csv = await api.get("/api/deliverability/suppressions.csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.text.replace(/^\uFEFF/, "").split("\r\n")).toEqual([
      "email,reason,createdAt",
      "'=cmd@example.com,complained,2026-11-03T00:00:00.000Z",
      "gone@example.com,bounced,2026-11-02T00:00:00.000Z",
      "left@example.com,unsubscribed,2026-11-01T00:00:00.000Z",
      "",
    ]);
    // No way to take an address off the list through the API.
    expect((await api.delete("/api/deliverability/suppressions")).status).toBe(404);
  });

  it("a manual invitation to a bounced or complained address says why it cannot be sent", async () => {
    await insertSuppression(t.db, TEST_SHOP, "gone@example.com", NOW, "bounced");
    await insertSuppression(t.db, TEST_SHOP, "angry@example.com", NOW, "complained");
    const bounced = await api.post("/api/invitations", { email: "gone@example.com" });
    expect(bounced.status).toBe(422);
    expect(bounced.body.error).toMatchObject({ field: "email", reason: "bounced" });
    expect(bounced.body.error.message).toBe("gone@example.com bounced: the receiving mail server said this mailbox does not exist, so nothing more is sent there.");
    const complained = await api.post("/api/invitations", { email: "Angry@example.com" });
    expect(complained.status).toBe(422);
    expect(complained.body.error).toMatchObject({ field: "email", reason: "complained" });
    expect(complained.body.error.message).toBe("angry@example.com reported an earlier invitation as spam, so this customer can't be invited again.");
  });
});
