/**
 * Issue 13, item 7: customer links sign shop, invitation and issue time; "not received yet"
 * links expire, unsubscribe links do not; the previous secret still verifies during a rotation.
 */
import { createHmac } from "node:crypto";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { customerLinkKey, NOT_RECEIVED_DAYS, signCustomerToken, type CustomerAction } from "../web/server/customer/links.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { addInvitation, addShop, DAY, T0 } from "./support/dispatch.ts";
import { TEST_SECRET, TEST_SHOP } from "./support/shopify.ts";
import { OTHER_SHOP } from "./privacy-support.ts";

let t: TestApp;
afterEach(() => t.close());

const link = (action: CustomerAction, invitationId: number, o: { secret?: string; shop?: string; issuedAt?: Date } = {}) =>
  `/r/${action}/${signCustomerToken(customerLinkKey(o.secret ?? TEST_SECRET), {
    action,
    shop: o.shop ?? TEST_SHOP,
    invitationId,
    issuedAt: o.issuedAt ?? T0,
  })}`;

describe("customer links", () => {
  it("'not received yet' works for 60 days after it was issued, then says it expired", async () => {
    t = await createTestApp({ now: new Date(T0.getTime() + (NOT_RECEIVED_DAYS - 1) * DAY) });
    await addShop(t.db);
    const invitation = await addInvitation(t.db, { status: "sent" });
    expect((await request(t.app).get(link("not-received", invitation.id))).status).toBe(200);
    t.clock.now = new Date(T0.getTime() + (NOT_RECEIVED_DAYS + 1) * DAY);
    const expired = await request(t.app).post(link("not-received", invitation.id));
    expect(expired.status).toBe(410);
    expect(expired.text).toContain("This link has expired");
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).customerPostpones).toBe(0);
  });

  it("unsubscribe works however old the email is", async () => {
    t = await createTestApp({ now: new Date(T0.getTime() + 900 * DAY) });
    await addShop(t.db);
    const invitation = await addInvitation(t.db, { status: "sent" });
    expect((await request(t.app).post(link("unsubscribe", invitation.id))).status).toBe(200);
    expect(await t.db.suppression.count()).toBe(1);
  });

  it("the signature covers the shop and the issue time", async () => {
    t = await createTestApp({ now: T0 });
    await addShop(t.db);
    const invitation = await addInvitation(t.db);
    expect((await request(t.app).get(link("unsubscribe", invitation.id, { shop: OTHER_SHOP }))).status).toBe(403);
    // Moving the issue time forward (to dodge the expiry) breaks the signature.
    const genuine = link("not-received", invitation.id).split("/").pop()!;
    const [id, , signature] = genuine.split(".");
    const later = Math.floor((T0.getTime() + 30 * DAY) / 1000).toString(36);
    expect((await request(t.app).get(`/r/not-received/${id}.${later}.${signature}`)).status).toBe(403);
  });

  it("links signed with the previous secret still work during a rotation, others do not", async () => {
    t = await createTestApp({ now: T0, config: { SHOPIFY_API_SECRET: "the-new-secret", SHOPIFY_API_SECRET_PREVIOUS: TEST_SECRET } });
    await addShop(t.db);
    const invitation = await addInvitation(t.db);
    expect((await request(t.app).get(link("unsubscribe", invitation.id, { secret: TEST_SECRET }))).status).toBe(200);
    expect((await request(t.app).get(link("unsubscribe", invitation.id, { secret: "the-new-secret" }))).status).toBe(200);
    expect((await request(t.app).get(link("unsubscribe", invitation.id, { secret: "some-other-secret" }))).status).toBe(403);
  });

  it("unsubscribe links of emails sent before this change keep working", async () => {
    t = await createTestApp({ now: new Date(T0.getTime() + 400 * DAY) });
    await addShop(t.db);
    const invitation = await addInvitation(t.db, { status: "sent" });
    const key = customerLinkKey(TEST_SECRET);
    const old = (action: string) => `${invitation.id}.${createHmac("sha256", key).update(`${action}:${invitation.id}`).digest("base64url")}`;
    expect((await request(t.app).get(`/r/unsubscribe/${old("unsubscribe")}`)).status).toBe(200);
    expect((await request(t.app).get(`/r/not-received/${old("not-received")}`)).status).toBe(410); // sent 400 days ago
  });
});
