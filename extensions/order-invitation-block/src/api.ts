/**
 * The two backend calls the block makes. Inside the admin, `fetch` with a path relative to
 * the app resolves against the app's `application_url`, and the admin adds
 * `Authorization: Bearer <session token>` itself: no token handling here. The fetch and the
 * error shape are the admin page's too (web/shared/api.ts).
 */

import { ApiError, readJson, sendJson } from "../../../web/shared/api.ts";
import type { InvitationStatus, SkipReason, Trigger } from "../../../web/shared/domain.ts";

export { ApiError };
export type { InvitationStatus, SkipReason, Trigger };

/** One invitation of the order, as GET /api/orders/:orderId/invitation returns it. */
export interface OrderInvitation {
  id: string;
  status: InvitationStatus;
  sendAt: string;
  sentAt: string | null;
  /** webhook topic that created it, "delivered_fallback" or "manual" */
  source: string;
  orderCancelledAt: string | null;
  lastError?: string | null;
}

/**
 * GET /api/orders/:orderId/invitation (web/server/admin/orders-routes.ts), the part
 * the block reads. An order the app never heard of answers 404 with code "order_unknown".
 * Invitations come newest first.
 */
export interface OrderInvitationResponse {
  order: {
    id: string;
    /** false when no webhook about this order ever reached the app */
    known: boolean;
    name: string | null;
    cancelledAt: string | null;
    /** Why the order was skipped (web/shared/domain.ts SKIP_REASONS); an unknown value reads "no invitation was created" */
    skipReason: SkipReason | string | null;
    /** whether the shop's trigger has fired for this order */
    triggerFired: boolean;
    fulfilledAt: string | null;
    /** delivered trigger: when the app stops waiting for a delivery event */
    fallbackDueAt: string | null;
  };
  settings: {
    trigger: Trigger;
    noticeEnabled: boolean;
    paused: boolean;
    timezone: string;
    deliveredFallbackDays: number;
  };
  invitations: OrderInvitation[];
}

export interface BlockApi {
  load(orderId: string): Promise<OrderInvitationResponse>;
  /** Moves a queued invitation's delivery date (R6); answers with the changed invitation. */
  reschedule(invitationId: string, sendAt: string): Promise<unknown>;
}

/** "gid://shopify/Order/5150000000001" → "5150000000001" (ids stay strings: they exceed 2^53). */
export function orderIdFromGid(gid: string | undefined): string | null {
  const match = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(gid ?? "");
  return match ? match[1]! : null;
}

export function createBlockApi(fetchImpl: typeof fetch, baseUrl = ""): BlockApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    readJson<T>(await sendJson(fetchImpl, baseUrl + path, method, body));
  return {
    load: (orderId) => call("GET", `/api/orders/${encodeURIComponent(orderId)}/invitation`),
    reschedule: (invitationId, sendAt) =>
      call("PATCH", `/api/invitations/${encodeURIComponent(invitationId)}`, { sendAt }),
  };
}
