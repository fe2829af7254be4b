/**
 * What the merchant sees in the order page block, state by state: the Preact render of the
 * real view (the `s-*` elements the admin draws), parsed back into a DOM and checked on
 * its text and attributes.
 */
import { Window } from "happy-dom";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { InvitationBlockView } from "../extensions/order-invitation-block/src/InvitationBlockView.tsx";
import { buildBlockModel } from "../extensions/order-invitation-block/src/view-model.ts";
import { blockData, formatDate, invitation, NOW, translate } from "./support/extension.ts";

function renderBlock(data = blockData(), reschedule = {}) {
  const model = buildBlockModel(data, { now: NOW, formatDate: (iso) => formatDate(iso) });
  const html = renderToString(h(InvitationBlockView, { model, t: translate, reschedule }));
  const document = new Window().document;
  document.body.innerHTML = html;
  const block = document.querySelector("s-admin-block");
  if (!block) throw new Error(`no <s-admin-block> in ${html}`);
  const text = (block.textContent ?? "").replace(/\s+/g, " ");
  const buttons = [...block.querySelectorAll("s-button")].map((button) => button.textContent?.trim());
  return { block, text, buttons, html };
}

const CANCELLED_AT = "2026-11-26T09:00:00.000Z";

describe("order page block: rendered output", () => {
  it("queued: status, delivery date, source, a date field with Save, and why there is no cancel", () => {
    const { block, text, buttons } = renderBlock();
    expect(block.getAttribute("heading")).toBe("Review invitation");
    expect(block.getAttribute("collapsedsummary")).toBe("Queued");
    const badge = block.querySelector("s-badge")!;
    expect(badge.textContent).toBe("Queued");
    expect(badge.getAttribute("tone")).toBe("info");
    expect(text).toContain("Will be sent on 3 Dec 2026, 09:00.");
    expect(text).toContain("Created when the order was fulfilled (shipment confirmation)");

    const field = block.querySelector("s-date-field")!;
    expect(field.getAttribute("label")).toBe("Delivery date");
    expect(field.getAttribute("value")).toBe("2026-12-03");
    expect(field.getAttribute("allow")).toBe("2026-11-26--");
    expect(buttons).toEqual(["Save"]);
    expect(text).toContain("Single invitations can't be cancelled, so that all customers are invited equally and fairly.");
    expect(block.querySelector("s-banner")).toBeNull();
  });

  it("links each invitation to its own page in the app, for its details and full history", () => {
    const { block } = renderBlock(blockData({ invitations: [invitation({ id: "17" })] }));
    const link = [...block.querySelectorAll("s-link")].find((l) => l.getAttribute("href")?.startsWith("app:invitations/"));
    expect(link?.getAttribute("href")).toBe("app:invitations/17");
    expect(link?.textContent).toBe("Details and history in the app");
  });

  it("queued with a failed Save shows the API's own words on the field", () => {
    const { block } = renderBlock(blockData(), {
      17: { draft: "2026-12-10", error: "sendAt must be in the future: pick a later date." },
    });
    const field = block.querySelector("s-date-field")!;
    expect(field.getAttribute("value")).toBe("2026-12-10");
    expect(field.getAttribute("error")).toBe("sendAt must be in the future: pick a later date.");
  });

  it("queued on a cancelled order: the guidance with the notice's state, the trigger and a settings link", () => {
    const { block, text, buttons } = renderBlock(
      blockData({
        order: { cancelledAt: CANCELLED_AT },
        invitations: [invitation({ orderCancelledAt: CANCELLED_AT })],
        settings: { trigger: "order_created", noticeEnabled: false },
      }),
    );
    const banner = block.querySelector("s-banner")!;
    expect(banner.getAttribute("heading")).toBe("This order was cancelled: its invitation stays queued");
    expect(banner.getAttribute("tone")).toBe("warning");
    const guidance = banner.textContent ?? "";
    expect(guidance).toContain("so that all customers are invited equally and fairly");
    expect(guidance).toContain("The automated-message notice is off. Turn it on");
    expect(guidance).toContain("Use the shipment confirmation (order fulfilled) as the trigger");
    const link = banner.querySelector("s-link")!;
    expect(link.getAttribute("href")).toBe("app:settings");
    expect(link.textContent).toBe("Open settings");
    // The date can still move; nothing cancels.
    expect(block.querySelector("s-date-field")).not.toBeNull();
    expect(buttons).toEqual(["Save"]);
    expect(text).not.toMatch(/cancel this invitation/i);
  });

  it("queued on a cancelled order with the notice on and the shipment trigger says so", () => {
    const { block } = renderBlock(blockData({ order: { cancelledAt: CANCELLED_AT } }));
    const guidance = block.querySelector("s-banner")!.textContent ?? "";
    expect(guidance).toContain("The automated-message notice is on");
    expect(guidance).toContain("Your trigger is already the shipment confirmation");
  });

  it("sent: when, and that it can't be retracted; no field, no buttons", () => {
    const { block, text, buttons } = renderBlock(
      blockData({ invitations: [invitation({ status: "sent", sentAt: "2026-11-20T08:00:01.000Z" })] }),
    );
    expect(block.querySelector("s-badge")!.textContent).toBe("Sent");
    expect(block.querySelector("s-badge")!.getAttribute("tone")).toBe("success");
    expect(text).toContain("Sent on 20 Nov 2026, 09:00. A sent invitation can't be retracted.");
    expect(block.querySelector("s-date-field")).toBeNull();
    expect(buttons).toEqual([]);
  });

  it("canceled: final, with Get reviews as the way to invite after all", () => {
    const { block, text, buttons } = renderBlock(blockData({ invitations: [invitation({ status: "canceled" })] }));
    expect(block.querySelector("s-badge")!.textContent).toBe("Canceled");
    expect(block.getAttribute("collapsedsummary")).toBe("Canceled");
    expect(text).toContain("A canceled invitation can't be activated again.");
    expect(text).toContain("create a new invitation with Get reviews");
    expect(block.querySelector("s-date-field")).toBeNull();
    expect(buttons).toEqual([]);
  });

  it("none yet: waiting for fulfillment", () => {
    const { block, text, buttons } = renderBlock(blockData({ invitations: [], order: { triggerFired: false, fulfilledAt: null } }));
    expect(block.querySelector("s-heading")!.textContent).toBe("No invitation yet");
    expect(block.getAttribute("collapsedsummary")).toBe("No invitation yet");
    expect(text).toContain("Waiting for fulfillment: the invitation is created when the order is fulfilled (shipment confirmation).");
    expect(block.querySelector("s-badge")).toBeNull();
    expect(buttons).toEqual([]);
  });

  it("skipped: no email, and test order", () => {
    expect(renderBlock(blockData({ invitations: [], order: { skipReason: "no_email" } })).text).toContain(
      "Skipped: the order has no customer email address, so there is no one to invite.",
    );
    expect(renderBlock(blockData({ invitations: [], order: { skipReason: "test_order" } })).text).toContain(
      "Skipped: this is a test order.",
    );
  });

  it("paused sending is said above a queued invitation", () => {
    const { block } = renderBlock(blockData({ settings: { paused: true } }));
    expect(block.querySelector("s-banner")!.textContent).toContain("Sending is paused");
  });
});
