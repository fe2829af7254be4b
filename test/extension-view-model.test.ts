/**
 * The order page block's decisions: which message the merchant reads for which state of
 * the order and its invitation. Pure functions; the texts come from the extension's own
 * English locale, so a key without text fails here too.
 */
import { describe, expect, it } from "vitest";
import { orderIdFromGid } from "../extensions/order-invitation-block/src/api.ts";
import { buildBlockModel, type Message, SETTINGS_HREF, unknownOrderModel } from "../extensions/order-invitation-block/src/view-model.ts";
import { blockData, formatDate, invitation, NOW, translate } from "./support/extension.ts";

const model = (data = blockData()) => buildBlockModel(data, { now: NOW, formatDate: (iso) => formatDate(iso) });
const say = (message: Message | null | undefined) => (message ? translate(message.key, message.values) : null);

describe("order page block: which message for which state", () => {
  it("queued: delivery date, source, a date field from today on, and why there is no cancel", () => {
    const m = model();
    expect(m.invitations).toHaveLength(1);
    const card = m.invitations[0]!;
    expect(say(card.badge.label)).toBe("Queued");
    expect(card.badge.tone).toBe("info");
    expect(card.lines.map(say)).toEqual(["Will be sent on 3 Dec 2026, 09:00."]);
    expect(say(card.source)).toBe("Created when the order was fulfilled (shipment confirmation)");
    expect(card.reschedule).toEqual({ value: "2026-12-03", allow: "2026-11-26--" });
    expect(say(m.noSingleCancel)).toMatch(/can't be cancelled, so that all customers are invited equally and fairly/);
    expect(m.cancelledGuidance).toBeNull();
    expect(m.none).toBeNull();
    expect(say(m.summary)).toBe("Queued");
  });

  it("queued and overdue says it goes out with the next run, or on resume when sending is paused", () => {
    const overdue = [invitation({ sendAt: "2026-11-25T08:00:00.000Z" })];
    expect(model(blockData({ invitations: overdue })).invitations[0]!.lines.map(say)).toEqual([
      "Due since 25 Nov 2026, 09:00: it goes out with the next sending run.",
    ]);
    const paused = model(blockData({ invitations: overdue, settings: { paused: true } }));
    expect(paused.invitations[0]!.lines.map(say)).toEqual(["Due since 25 Nov 2026, 09:00: it goes out as soon as sending is resumed."]);
    expect(say(paused.paused)).toMatch(/Sending is paused/);
  });

  it("queued on a cancelled order: the invitation stays, with the notice, the trigger and the settings link", () => {
    const m = model(
      blockData({
        order: { cancelledAt: "2026-11-26T09:00:00.000Z" },
        invitations: [invitation({ orderCancelledAt: "2026-11-26T09:00:00.000Z" })],
        settings: { trigger: "order_created", noticeEnabled: true },
      }),
    );
    const guidance = m.cancelledGuidance!;
    expect(say(guidance.heading)).toBe("This order was cancelled: its invitation stays queued");
    expect(say(guidance.stays)).toMatch(/invited equally and fairly/);
    expect(say(guidance.stays)).toMatch(/can still review/);
    expect(say(guidance.notice)).toMatch(/notice is on/);
    expect(say(guidance.trigger)).toMatch(/Use the shipment confirmation \(order fulfilled\) as the trigger/);
    expect(say(guidance.settingsLink)).toBe("Open settings");
    expect(SETTINGS_HREF).toBe("app:settings");
    // Still reschedulable, still not cancellable.
    expect(m.invitations[0]!.reschedule).not.toBeNull();
    expect(m.noSingleCancel).not.toBeNull();
  });

  it("the guidance follows the shop's settings: notice off, trigger already the shipment confirmation", () => {
    const m = model(
      blockData({
        order: { cancelledAt: "2026-11-26T09:00:00.000Z" },
        settings: { trigger: "order_fulfilled", noticeEnabled: false },
      }),
    );
    expect(say(m.cancelledGuidance!.notice)).toMatch(/notice is off\. Turn it on/);
    expect(say(m.cancelledGuidance!.trigger)).toMatch(/already the shipment confirmation/);
  });

  it("the invitation's own cancelled mark is enough for the guidance", () => {
    const m = model(blockData({ invitations: [invitation({ orderCancelledAt: "2026-11-26T09:00:00.000Z" })] }));
    expect(m.cancelledGuidance).not.toBeNull();
  });

  it("sent: when, and that it can't be retracted; no date field, no guidance", () => {
    const m = model(
      blockData({
        order: { cancelledAt: "2026-11-26T09:00:00.000Z" },
        invitations: [invitation({ status: "sent", sentAt: "2026-11-20T08:00:01.000Z", source: "orders/create" })],
      }),
    );
    const card = m.invitations[0]!;
    expect(say(card.badge.label)).toBe("Sent");
    expect(card.badge.tone).toBe("success");
    expect(card.lines.map(say)).toEqual(["Sent on 20 Nov 2026, 09:00. A sent invitation can't be retracted."]);
    expect(say(card.source)).toBe("Created when the order was placed");
    expect(card.reschedule).toBeNull();
    expect(m.cancelledGuidance).toBeNull();
    expect(m.noSingleCancel).toBeNull();
  });

  it("canceled: final, and Get reviews is the way to invite after all", () => {
    const card = model(blockData({ invitations: [invitation({ status: "canceled" })] })).invitations[0]!;
    expect(say(card.badge.label)).toBe("Canceled");
    expect(card.lines.map(say)).toEqual([
      'Canceled with "Cancel all pending invitations". A canceled invitation can\'t be activated again.',
      "To invite this customer after all, create a new invitation with Get reviews in the app.",
    ]);
    expect(card.reschedule).toBeNull();
  });

  it("bounced (issue 19): sent, then the mailbox turned out not to exist", () => {
    const card = model(blockData({ invitations: [invitation({ status: "bounced", sentAt: "2026-11-20T08:00:01.000Z" })] })).invitations[0]!;
    expect(say(card.badge.label)).toBe("Bounced");
    expect(card.badge.tone).toBe("critical");
    expect(card.lines.map(say)).toEqual(["Sent on 20 Nov 2026, 09:00, then bounced: the mailbox does not exist. No more invitations go to this address."]);
    expect(card.reschedule).toBeNull();
  });

  it("failed shows the reason; sending says it is under way", () => {
    const failed = model(blockData({ invitations: [invitation({ status: "failed", lastError: "550 mailbox unavailable" })] }));
    expect(failed.invitations[0]!.lines.map(say)).toEqual(["Could not be sent: 550 mailbox unavailable"]);
    expect(failed.invitations[0]!.badge.tone).toBe("critical");
    const sending = model(blockData({ invitations: [invitation({ status: "sending" })] }));
    expect(sending.invitations[0]!.lines.map(say)).toEqual(["Being sent right now."]);
    expect(sending.invitations[0]!.reschedule).toBeNull();
  });

  it("several invitations (automatic and manual) each get a card; the summary counts them", () => {
    const m = model(
      blockData({
        invitations: [invitation({ id: "1", status: "canceled" }), invitation({ id: "2", source: "manual" })],
      }),
    );
    expect(m.invitations.map((card) => card.id)).toEqual(["1", "2"]);
    expect(say(m.invitations[1]!.source)).toBe("Created manually with Get reviews");
    expect(say(m.summary)).toBe("2 invitations");
  });

  describe("no invitation yet, and why", () => {
    const none = (overrides: Parameters<typeof blockData>[0]) => {
      const m = model(blockData({ invitations: [], ...overrides }));
      expect(m.invitations).toEqual([]);
      expect(say(m.none!.heading)).toBe("No invitation yet");
      expect(say(m.summary)).toBe("No invitation yet");
      expect(m.noSingleCancel).toBeNull();
      expect(m.cancelledGuidance).toBeNull();
      return say(m.none!.reason);
    };

    it("waiting for fulfillment", () => {
      expect(none({ order: { triggerFired: false, fulfilledAt: null } })).toMatch(/^Waiting for fulfillment: .*shipment confirmation/);
    });
    it("cancelled before fulfillment: with the shipment trigger it may never get one", () => {
      expect(none({ order: { triggerFired: false, fulfilledAt: null, cancelledAt: "2026-11-26T09:00:00.000Z" } })).toMatch(
        /cancelled before it was fulfilled/,
      );
    });
    it("waiting for delivery, with the fallback date when known", () => {
      const settings = { trigger: "order_delivered" as const };
      expect(none({ settings, order: { triggerFired: false, fulfilledAt: null } })).toMatch(/^Waiting for fulfillment, then delivery/);
      expect(none({ settings, order: { triggerFired: false, fallbackDueAt: "2026-12-10T08:00:00.000Z" } })).toBe(
        "Waiting for delivery: the invitation is created when the carrier reports the order delivered, or on 10 Dec 2026, 09:00 if no delivery event arrives.",
      );
      expect(none({ settings, order: { triggerFired: false } })).toMatch(/or 14 days after fulfillment/);
    });
    it("waiting for the order, with the order-created trigger", () => {
      expect(none({ settings: { trigger: "order_created" }, order: { triggerFired: false } })).toMatch(/^Waiting for the order/);
    });
    it("skipped: no email, test order", () => {
      expect(none({ order: { skipReason: "no_email" } })).toMatch(/^Skipped: the order has no customer email address/);
      expect(none({ order: { skipReason: "test_order" } })).toMatch(/^Skipped: this is a test order/);
    });

    it("skipped by the shop's rules (issue 17): says which rule, and that it applies to every order", () => {
      expect(none({ order: { skipReason: "excluded_pos" } })).toMatch(/^Skipped: point-of-sale orders are excluded\. Your "Who is invited" settings apply to every order alike/);
      expect(none({ order: { skipReason: "recently_invited" } })).toMatch(/^Skipped: this address was invited recently/);
      expect(none({ order: { skipReason: "unsubscribed" } })).toMatch(/^Skipped: this customer unsubscribed/);
      expect(none({ order: { skipReason: "something_new" } })).toMatch(/^No invitation was created/);
    });
    it("an order the app never heard of points to Get reviews", () => {
      expect(none({ order: { known: false, triggerFired: false } })).toMatch(/no record of this order.*Get reviews/);
      // The backend answers 404 order_unknown for it; the block shows the same.
      const m = unknownOrderModel();
      expect(say(m.none!.reason)).toMatch(/no record of this order.*Get reviews/);
      expect(m.invitations).toEqual([]);
      expect(m.noSingleCancel).toBeNull();
    });
    it("a trigger that fired without an invitation or a known skip still says how to invite", () => {
      expect(none({ order: { triggerFired: true } })).toMatch(/No invitation was created.*Get reviews/);
    });
  });
});

describe("order page block: ids and dates", () => {
  it("takes the order id from the admin's gid, exactly (beyond 2^53)", () => {
    expect(orderIdFromGid("gid://shopify/Order/5150000000000000001")).toBe("5150000000000000001");
    expect(orderIdFromGid("gid://shopify/Product/1")).toBeNull();
    expect(orderIdFromGid(undefined)).toBeNull();
  });
});
