/**
 * Which message for which state: everything the block decides, as a pure function of the
 * backend's answer and the clock. The view only lays the result out and translates the
 * keys (locales/en.default.json), so every rule here is tested without rendering.
 *
 * Rules from docs/rules.md: a sent invitation can't be retracted (R1); a canceled one can't be
 * activated again (R2); a single invitation is never cancelled, and the block says why (R3);
 * a cancelled order keeps its invitation and gets the guidance (R4); a queued invitation's
 * delivery date can be changed (R6).
 */
import type { InvitationStatus, OrderInvitation, OrderInvitationResponse, Trigger } from "./api.ts";
import { EXCLUSION_REASONS, statusLabelKey } from "../../../web/shared/domain.ts";
import { shopDate } from "../../../web/shared/dates.ts";

/** A translation key and its values; the view turns it into words. */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
}

export type Tone = "info" | "success" | "critical" | "neutral" | "caution" | "warning";

export interface InvitationCard {
  id: string;
  status: InvitationStatus;
  badge: { tone: Tone; label: Message };
  /** What this status means for the merchant, in reading order. */
  lines: Message[];
  source: Message;
  /** Present only for a queued invitation: the date field and Save. */
  reschedule: { value: string; allow: string } | null;
  /** The invitation's own page in the app: its details and full event history. */
  detailsHref: string;
}

export interface CancelledOrderGuidance {
  heading: Message;
  stays: Message;
  notice: Message;
  trigger: Message;
  settingsLink: Message;
}

export interface BlockModel {
  /** Shown by the admin when the block is collapsed (at most ~30 characters). */
  summary: Message;
  paused: Message | null;
  invitations: InvitationCard[];
  /** "No invitation yet" and why, when the order has none. */
  none: { heading: Message; reason: Message } | null;
  cancelledGuidance: CancelledOrderGuidance | null;
  /** Why there is no cancel button (R3), wherever a merchant would look for one. */
  noSingleCancel: Message | null;
}

export interface ViewModelOptions {
  now: Date;
  /** Formats an instant for people, in the shop's zone and the admin's language. */
  formatDate: (iso: string) => string;
}

/** Where the "Open settings" links of the guidance go: the app's settings page. */
export const SETTINGS_HREF = "app:settings";

/** An invitation's page in the app (web/frontend/pages/InvitationPage.tsx). */
export function invitationHref(id: string): string {
  return `app:invitations/${encodeURIComponent(id)}`;
}

const BADGE_TONE: Record<InvitationStatus, Tone> = {
  queued: "info",
  sending: "info",
  sent: "success",
  failed: "critical",
  canceled: "neutral",
  bounced: "critical",
};

export function sourceMessage(source: string): Message {
  switch (source) {
    case "orders/create":
      return { key: "source.orderCreated" };
    case "orders/fulfilled":
    case "fulfillments/create":
    case "fulfillments/update":
      return { key: "source.orderFulfilled" };
    case "fulfillment_events/create":
      return { key: "source.orderDelivered" };
    case "delivered_fallback":
      return { key: "source.deliveredFallback" };
    case "manual":
      return { key: "source.manual" };
    default:
      return { key: "source.other", values: { source } };
  }
}

function statusLines(invitation: OrderInvitation, settings: OrderInvitationResponse["settings"], options: ViewModelOptions): Message[] {
  const date = options.formatDate(invitation.sendAt);
  switch (invitation.status) {
    case "queued": {
      const due = new Date(invitation.sendAt).getTime() <= options.now.getTime();
      if (!due) return [{ key: "queued.sendsOn", values: { date } }];
      return [{ key: settings.paused ? "queued.overduePaused" : "queued.overdue", values: { date } }];
    }
    case "sending":
      return [{ key: "sending.line" }];
    case "sent":
      return [{ key: "sent.line", values: { date: invitation.sentAt ? options.formatDate(invitation.sentAt) : date } }];
    case "failed":
      return invitation.lastError
        ? [{ key: "failed.lineWithReason", values: { reason: invitation.lastError } }]
        : [{ key: "failed.line" }];
    case "canceled":
      return [{ key: "canceled.line" }, { key: "canceled.getReviews" }];
    case "bounced":
      return [{ key: "bounced.line", values: { date: invitation.sentAt ? options.formatDate(invitation.sentAt) : date } }];
  }
}

export function invitationCard(
  invitation: OrderInvitation,
  settings: OrderInvitationResponse["settings"],
  options: ViewModelOptions,
): InvitationCard {
  const queued = invitation.status === "queued";
  return {
    id: invitation.id,
    status: invitation.status,
    badge: { tone: BADGE_TONE[invitation.status], label: { key: statusLabelKey(invitation.status) } },
    lines: statusLines(invitation, settings, options),
    source: sourceMessage(invitation.source),
    reschedule: queued
      ? {
          value: shopDate(invitation.sendAt, settings.timezone),
          // From today on, on the shop's calendar: a date in the past would send at once.
          allow: `${shopDate(options.now, settings.timezone)}--`,
        }
      : null,
    detailsHref: invitationHref(invitation.id),
  };
}

/** Why an order has no invitation yet: a skip, or which event the shop's trigger waits for. */
export function noInvitationReason(data: OrderInvitationResponse, options: ViewModelOptions): Message {
  const { order, settings } = data;
  if (!order.known) return { key: "none.unknownOrder" };
  if (order.skipReason === "no_email") return { key: "none.skippedNoEmail" };
  if (order.skipReason === "test_order") return { key: "none.skippedTestOrder" };
  if (order.skipReason === "unsubscribed") return { key: "none.skippedUnsubscribed" };
  if (order.skipReason === "customer_erased") return { key: "none.skippedErased" };
  if (order.skipReason === "recently_invited") return { key: "none.skippedRecentlyInvited" };
  // The shop's exclusion rules (issue 17): which one, in the merchant's words.
  if ((EXCLUSION_REASONS as readonly string[]).includes(order.skipReason ?? "")) return { key: `none.skippedRule.${order.skipReason}` };
  if (order.triggerFired) return { key: "none.notCreated" };
  const trigger: Trigger = settings.trigger;
  switch (trigger) {
    case "order_created":
      return { key: "none.waitingForOrder" };
    case "order_fulfilled":
      // R4's second suggestion at work: a cancelled order that never ships is never invited.
      return order.cancelledAt ? { key: "none.cancelledBeforeFulfillment" } : { key: "none.waitingForFulfillment" };
    case "order_delivered":
      if (!order.fulfilledAt) {
        return order.cancelledAt ? { key: "none.cancelledBeforeFulfillment" } : { key: "none.waitingForFulfillmentThenDelivery" };
      }
      return order.fallbackDueAt
        ? { key: "none.waitingForDeliveryUntil", values: { date: options.formatDate(order.fallbackDueAt) } }
        : { key: "none.waitingForDelivery", values: { days: settings.deliveredFallbackDays } };
  }
}

function cancelledGuidance(settings: OrderInvitationResponse["settings"]): CancelledOrderGuidance {
  return {
    heading: { key: "cancelled.heading" },
    stays: { key: "cancelled.stays" },
    notice: { key: settings.noticeEnabled ? "cancelled.noticeOn" : "cancelled.noticeOff" },
    trigger: { key: settings.trigger === "order_fulfilled" ? "cancelled.triggerAlreadyFulfillment" : "cancelled.triggerRecommendFulfillment" },
    settingsLink: { key: "cancelled.openSettings" },
  };
}

/**
 * The backend has no record of the order (404 order_unknown: no webhook about it ever
 * arrived, e.g. it predates the install): nothing to show but how to invite anyway.
 */
export function unknownOrderModel(): BlockModel {
  return {
    summary: { key: "summary.none" },
    paused: null,
    invitations: [],
    none: { heading: { key: "none.heading" }, reason: { key: "none.unknownOrder" } },
    cancelledGuidance: null,
    noSingleCancel: null,
  };
}

export function buildBlockModel(data: OrderInvitationResponse, options: ViewModelOptions): BlockModel {
  const cards = data.invitations.map((invitation) => invitationCard(invitation, data.settings, options));
  const queued = data.invitations.filter((invitation) => invitation.status === "queued");
  const orderCancelled = Boolean(data.order.cancelledAt) || queued.some((invitation) => invitation.orderCancelledAt);
  const first = cards[0];

  return {
    summary: first
      ? cards.length === 1
        ? first.badge.label
        : { key: "summary.several", values: { count: cards.length } }
      : { key: "summary.none" },
    paused: data.settings.paused && queued.length > 0 ? { key: "paused.line" } : null,
    invitations: cards,
    none: cards.length === 0 ? { heading: { key: "none.heading" }, reason: noInvitationReason(data, options) } : null,
    cancelledGuidance: orderCancelled && queued.length > 0 ? cancelledGuidance(data.settings) : null,
    noSingleCancel: queued.length > 0 ? { key: "queued.noSingleCancel" } : null,
  };
}
