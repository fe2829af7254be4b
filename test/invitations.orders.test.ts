/** The pure trigger rules, without HTTP or a database. */
import { describe, expect, it } from "vitest";
import { productLines } from "../web/server/invitations/products.ts";
import { applyOrderEvent, decideInvitation, type OrderEvent } from "../web/server/invitations/orders.ts";
import { DEFAULT_TRIGGER_SETTINGS } from "../web/server/invitations/settings.ts";

const at = (iso: string) => new Date(iso);
const order = {
  orderId: "820982911946154508",
  name: "#1001",
  email: "ada@example.com",
  customerId: "7",
  customerName: "Ada Lovelace",
  locale: "en",
  products: productLines([{ title: "Lamp" }]),
  test: false,
  createdAt: at("2026-01-01T10:00:00Z"),
};
const created: OrderEvent = { kind: "order_created", topic: "orders/create", order };
const shipped: OrderEvent = {
  kind: "fulfillment",
  topic: "fulfillments/create",
  orderId: order.orderId,
  successful: true,
  delivered: false,
  at: at("2026-01-03T09:00:00Z"),
  email: "recipient@example.com",
  customerName: "Gift Recipient",
  orderName: "#1001",
  products: productLines([{ title: "Lamp" }]),
};
const cancelled: OrderEvent = { kind: "order_cancelled", topic: "orders/cancelled", order, cancelledAt: at("2026-01-02T00:00:00Z") };
const now = at("2026-01-05T00:00:00Z");

function fold(events: OrderEvent[]) {
  return events.reduce((state, e) => applyOrderEvent(state, e), null as ReturnType<typeof applyOrderEvent> | null)!;
}

describe("order state", () => {
  it("is the same whatever order the webhooks arrive in", () => {
    const a = fold([created, shipped, cancelled]);
    const b = fold([shipped, cancelled, created]);
    const c = fold([cancelled, created, shipped]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a).toMatchObject({ email: "ada@example.com", customerName: "Ada Lovelace", fulfilledAt: shipped.kind === "fulfillment" ? shipped.at : null });
  });
});

describe("decideInvitation", () => {
  it("invites on fulfillment by default, delivery date = fulfillment + 7 days", () => {
    const decision = decideInvitation(fold([created, shipped]), DEFAULT_TRIGGER_SETTINGS, false, now);
    expect(decision).toEqual({ action: "create", sendAt: at("2026-01-10T09:00:00Z"), fallback: false, email: "ada@example.com" });
  });

  it("waits while the trigger has not fired", () => {
    expect(decideInvitation(fold([created]), DEFAULT_TRIGGER_SETTINGS, false, now)).toEqual({ action: "none" });
  });

  it("never creates a second automatic invitation", () => {
    expect(decideInvitation(fold([created, shipped]), DEFAULT_TRIGGER_SETTINGS, true, now)).toEqual({ action: "none" });
  });

  it("skips test orders unless invited, and orders without email", () => {
    const test = fold([{ ...created, order: { ...order, test: true } }, shipped]);
    expect(decideInvitation(test, DEFAULT_TRIGGER_SETTINGS, false, now)).toEqual({ action: "skip", reason: "test_order" });
    expect(decideInvitation(test, { ...DEFAULT_TRIGGER_SETTINGS, inviteTestOrders: true }, false, now).action).toBe("create");
    const noEmail = fold([{ ...created, order: { ...order, email: null } }, { ...shipped, email: null } as OrderEvent]);
    expect(decideInvitation(noEmail, DEFAULT_TRIGGER_SETTINGS, false, now)).toEqual({ action: "skip", reason: "no_email" });
  });

  it("order_delivered falls back after deliveredFallbackDays without a delivery event", () => {
    const settings = { ...DEFAULT_TRIGGER_SETTINGS, trigger: "order_delivered" as const, deliveredFallbackDays: 14, delayDays: 0 };
    const state = fold([created, shipped]);
    expect(decideInvitation(state, settings, false, at("2026-01-17T08:59:59Z"))).toEqual({ action: "none" });
    expect(decideInvitation(state, settings, false, at("2026-01-17T09:00:00Z"))).toMatchObject({ action: "create", fallback: true, sendAt: at("2026-01-17T09:00:00Z") });
  });
});
