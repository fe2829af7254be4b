/**
 * The order page block against the real backend: the routes it calls accept its session
 * token from the admin's extension host (CORS preflight and real request), one shop can
 * never reach another shop's orders, and the block itself, rendered with Preact, loads an
 * order made by real webhooks and moves its delivery date through the real PATCH.
 */
import type { AddressInfo } from "node:net";
import { Window } from "happy-dom";
import { h, render } from "preact";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, createBlockApi, type OrderInvitationResponse } from "../extensions/order-invitation-block/src/api.ts";
import { moveToShopDate } from "../web/shared/dates.ts";
import { OrderInvitationBlock } from "../extensions/order-invitation-block/src/OrderInvitationBlock.tsx";
import { buildBlockModel } from "../extensions/order-invitation-block/src/view-model.ts";
import { createTestApp, type TestApp } from "./support/app.ts";
import { formatDate, translate } from "./support/extension.ts";
import { fixture, mintSessionToken, sendWebhook, TEST_SHOP } from "./support/shopify.ts";

const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
const OTHER_SHOP = "other-shop.myshopify.com";
const ORDER_ID = "820982911946154508";
const NOW = new Date("2026-11-26T10:00:00Z");
const ZONE = "Europe/Berlin";

let t: TestApp;
let token: string;
let otherToken: string;
let invitationId: string;

function liveOrder() {
  return fixture("orders.create").replace('"test": true', '"test": false').replace('"cancelled_at": "2021-12-31T19:00:00-05:00"', '"cancelled_at": null');
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  await t.db.shop.create({ data: { domain: TEST_SHOP, trigger: "order_fulfilled", delayDays: 7, timezone: ZONE, noticeEnabled: true } });
  await t.db.shop.create({ data: { domain: OTHER_SHOP } });
  // The order's life, as Shopify tells it: placed, shipped (the invitation is queued), cancelled.
  expect((await sendWebhook(t.app, "orders/create", liveOrder())).status).toBe(200);
  const shipped = fixture("fulfillments.create").replace('"status": "pending"', '"status": "success"');
  expect((await sendWebhook(t.app, "fulfillments/create", shipped)).status).toBe(200);
  expect((await sendWebhook(t.app, "orders/cancelled", fixture("orders.cancelled").replace('"test": true', '"test": false'))).status).toBe(200);
  const row = await t.db.invitation.findFirstOrThrow({ where: { shop: TEST_SHOP, orderId: ORDER_ID } });
  invitationId = String(row.id);
  token = await mintSessionToken({ shop: TEST_SHOP, expiresIn: 3600 });
  otherToken = await mintSessionToken({ shop: OTHER_SHOP, expiresIn: 3600 });
});
afterAll(() => t.close());

const orderPath = `/api/orders/${ORDER_ID}/invitation`;

describe("the block's routes, called from the admin's extension host", () => {
  it("answer the CORS preflight of GET /api/orders/:id/invitation without a token", async () => {
    const res = await request(t.app)
      .options(orderPath)
      .set("Origin", EXTENSION_ORIGIN)
      .set("Access-Control-Request-Method", "GET")
      .set("Access-Control-Request-Headers", "authorization");
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect(res.headers["access-control-allow-methods"]).toMatch(/\bGET\b/);
    expect(res.headers["access-control-allow-headers"]).toMatch(/authorization/i);
  });

  it("answer the real GET with the order's invitation, readable by the extension host", async () => {
    const res = await request(t.app).get(orderPath).set("Origin", EXTENSION_ORIGIN).set("Authorization", `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    const body = res.body as OrderInvitationResponse;
    expect(body.order.id).toBe(ORDER_ID);
    expect(body.order.cancelledAt).not.toBeNull();
    expect(body.invitations).toHaveLength(1);
    expect(body.invitations[0]).toMatchObject({ id: invitationId, status: "queued", source: "fulfillments/create" });
    expect(body.settings).toMatchObject({ trigger: "order_fulfilled", noticeEnabled: true, timezone: ZONE });
    // The block's own view model reads this very answer: queued on a cancelled order → the guidance.
    const model = buildBlockModel(body, { now: NOW, formatDate: (iso) => formatDate(iso, ZONE) });
    expect(model.cancelledGuidance).not.toBeNull();
    expect(model.invitations[0]!.reschedule).not.toBeNull();
    expect(model.noSingleCancel).not.toBeNull();
  });

  it("answer the preflight of PATCH /api/invitations/:id and the PATCH itself", async () => {
    const preflight = await request(t.app)
      .options(`/api/invitations/${invitationId}`)
      .set("Origin", EXTENSION_ORIGIN)
      .set("Access-Control-Request-Method", "PATCH")
      .set("Access-Control-Request-Headers", "authorization, content-type");
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect(preflight.headers["access-control-allow-methods"]).toMatch(/\bPATCH\b/);
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/content-type/i);

    const sendAt = "2026-12-12T08:00:00.000Z";
    const res = await request(t.app)
      .patch(`/api/invitations/${invitationId}`)
      .set("Origin", EXTENSION_ORIGIN)
      .set("Authorization", `Bearer ${token}`)
      .send({ sendAt });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: Number(invitationId) } })).sendAt.toISOString()).toBe(sendAt);
  });

  it("make the API's errors readable too, so the block can show them as the API words them", async () => {
    const res = await request(t.app)
      .patch(`/api/invitations/${invitationId}`)
      .set("Origin", EXTENSION_ORIGIN)
      .set("Authorization", `Bearer ${token}`)
      .send({ sendAt: "2020-01-01T00:00:00Z" });
    expect(res.status).toBe(422);
    expect(res.headers["access-control-allow-origin"]).toBe(EXTENSION_ORIGIN);
    expect(res.body.error.message).toMatch(/must be in the future/);
  });

  it("never let another shop's token reach this order or its invitation (404)", async () => {
    const read = await request(t.app).get(orderPath).set("Origin", EXTENSION_ORIGIN).set("Authorization", `Bearer ${otherToken}`);
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.body)).not.toContain("jon@example.com");
    const before = await t.db.invitation.findUniqueOrThrow({ where: { id: Number(invitationId) } });
    const write = await request(t.app)
      .patch(`/api/invitations/${invitationId}`)
      .set("Origin", EXTENSION_ORIGIN)
      .set("Authorization", `Bearer ${otherToken}`)
      .send({ sendAt: "2026-12-20T08:00:00.000Z" });
    expect(write.status).toBe(404);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: Number(invitationId) } })).sendAt).toEqual(before.sendAt);
  });

  it("refuse a request without a token, and grant nothing to other origins", async () => {
    expect((await request(t.app).get(orderPath).set("Origin", EXTENSION_ORIGIN)).status).toBe(401);
    const foreign = await request(t.app)
      .options(orderPath)
      .set("Origin", "https://evil.example")
      .set("Access-Control-Request-Method", "GET");
    expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

/**
 * What the admin does around the block's fetch: it adds the session token, and the browser
 * enforces CORS (preflight for anything beyond a simple request, then the answer must name
 * the extension host). A missing header fails here the way it would fail in the admin.
 */
function adminFetch(baseUrl: string, sessionToken: string): typeof fetch {
  return async (input, init = {}) => {
    const url = baseUrl + String(input);
    const method = init.method ?? "GET";
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${sessionToken}`);
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: {
        Origin: EXTENSION_ORIGIN,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": [...headers.keys()].filter((k) => k !== "accept").join(", "),
      },
    });
    const allowed = (preflight.headers.get("access-control-allow-methods") ?? "").split(/,\s*/);
    if (preflight.headers.get("access-control-allow-origin") !== EXTENSION_ORIGIN || !allowed.includes(method)) {
      throw new TypeError(`CORS preflight refused for ${method} ${input}`);
    }
    headers.set("Origin", EXTENSION_ORIGIN);
    const response = await fetch(url, { ...init, method, headers });
    if (response.headers.get("access-control-allow-origin") !== EXTENSION_ORIGIN) {
      throw new TypeError(`CORS: the answer to ${method} ${input} is not readable by the extension`);
    }
    return response;
  };
}

describe("the block, rendered with Preact against the running backend", () => {
  let server: ReturnType<TestApp["app"]["listen"]>;
  let baseUrl: string;
  const window = new Window({ url: "https://admin.shopify.com/store/test-shop/orders/" + ORDER_ID });
  const globals = globalThis as unknown as Record<string, unknown>;

  beforeAll(async () => {
    server = t.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Preact creates nodes through the global document, as it would in the admin's sandbox.
    globals.document = window.document;
  });
  afterAll(async () => {
    delete globals.document;
    await new Promise((resolve) => server.close(resolve));
    await window.happyDOM.close();
  });

  async function until(check: () => boolean, what: string) {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    if (!check()) throw new Error(`never happened: ${what}\n${window.document.body.innerHTML}`);
  }

  it("shows the queued invitation with the cancelled-order guidance, and Save moves the date", async () => {
    const root = window.document.createElement("div");
    window.document.body.appendChild(root);
    const api = createBlockApi(adminFetch(baseUrl, token));
    render(
      h(OrderInvitationBlock, { orderId: ORDER_ID, api, t: translate, formatDate, now: () => NOW }),
      root as unknown as Element,
    );
    const text = () => (root.textContent ?? "").replace(/\s+/g, " ");

    await until(() => root.querySelector("s-badge") !== null, "the invitation is shown");
    expect(root.querySelector("s-badge")!.textContent).toBe("Queued");
    expect(text()).toContain("Will be sent on 12 Dec 2026, 09:00.");
    expect(root.querySelector("s-banner")!.getAttribute("heading")).toBe("This order was cancelled: its invitation stays queued");
    expect(root.querySelector("s-link")!.getAttribute("href")).toBe("app:settings");
    expect([...root.querySelectorAll("s-button")].map((b) => b.textContent)).toEqual(["Save"]);

    // The merchant picks the 19th in the date field (the admin's element exposes .value) and saves.
    const field = root.querySelector("s-date-field")! as unknown as { value: string; dispatchEvent(e: unknown): boolean };
    field.value = "2026-12-19";
    field.dispatchEvent(new window.Event("change"));
    (root.querySelector("s-button") as unknown as { click(): void }).click();

    await until(() => text().includes("Delivery date changed to"), "the save is confirmed");
    expect(text()).toContain("Delivery date changed to 19 Dec 2026, 09:00.");
    expect(text()).toContain("Will be sent on 19 Dec 2026, 09:00.");
    const stored = await t.db.invitation.findUniqueOrThrow({ where: { id: Number(invitationId) } });
    expect(stored.sendAt.toISOString()).toBe(moveToShopDate("2026-12-12T08:00:00.000Z", "2026-12-19", ZONE)!.toISOString());
    const events = await t.db.invitationEvent.findMany({ where: { invitationId: Number(invitationId), type: "rescheduled" } });
    expect(events.length).toBeGreaterThanOrEqual(1);

    // A date the API refuses: its own words appear on the field, nothing changes.
    field.value = "2026-11-26";
    field.dispatchEvent(new window.Event("change"));
    (root.querySelector("s-button") as unknown as { click(): void }).click();
    await until(() => root.querySelector("s-date-field")?.getAttribute("error") != null, "the API's error is shown");
    expect(root.querySelector("s-date-field")!.getAttribute("error")).toMatch(/^The delivery date must be in the future/);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: Number(invitationId) } })).sendAt).toEqual(stored.sendAt);
    render(null, root as unknown as Element);
  });

  it("reads a refusal the way the admin page does: the API's words and what they point at", async () => {
    const refused = await createBlockApi(adminFetch(baseUrl, token))
      .reschedule(invitationId, "2020-01-01T00:00:00.000Z")
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 422, details: { field: "sendAt", problem: "past" } });
    expect((refused as ApiError).message).toMatch(/must be in the future/);
  });

  it("for an order the app never heard of, says so and points to Get reviews", async () => {
    const root = window.document.createElement("div");
    window.document.body.appendChild(root);
    render(
      h(OrderInvitationBlock, { orderId: "999999999", api: createBlockApi(adminFetch(baseUrl, token)), t: translate, formatDate }),
      root as unknown as Element,
    );
    await until(() => root.querySelector("s-heading") !== null, "the no-invitation state");
    expect(root.querySelector("s-heading")!.textContent).toBe("No invitation yet");
    expect(root.textContent).toContain("The app has no record of this order");
    render(null, root as unknown as Element);
  });
});
