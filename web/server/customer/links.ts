/**
 * Signed links for customers, who have no login: "unsubscribe" and "I haven't received my
 * order yet". A link names one invitation and one action; its signature is an HMAC with a
 * key derived from the app secret, so a link cannot be forged, altered to another
 * invitation, or reused for the other action. Nothing personal is in the URL.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type CustomerAction = "unsubscribe" | "not-received";

export const CUSTOMER_ROUTES: Record<CustomerAction, string> = {
  unsubscribe: "/r/unsubscribe",
  "not-received": "/r/not-received",
};

/**
 * A key of its own, derived from the app secret: a signature made for customer links is
 * never valid anywhere else the secret is used (webhooks, session tokens).
 */
export function customerLinkKey(appSecret: string): Buffer {
  return createHmac("sha256", appSecret).update("review-invitations/customer-links/v1").digest();
}

function signature(key: Buffer, action: CustomerAction, invitationId: number): string {
  return createHmac("sha256", key).update(`${action}:${invitationId}`).digest("base64url");
}

/** "123.<signature>", the last path segment of a customer link. */
export function signCustomerToken(key: Buffer, action: CustomerAction, invitationId: number): string {
  return `${invitationId}.${signature(key, action, invitationId)}`;
}

/** The invitation id a token grants `action` on, or null for anything forged or mangled. */
export function verifyCustomerToken(key: Buffer, action: CustomerAction, token: string): number | null {
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const id = Number(match[1]);
  if (!Number.isSafeInteger(id)) return null;
  const expected = Buffer.from(signature(key, action, id));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

export function customerLinkUrl(appUrl: string, key: Buffer, action: CustomerAction, invitationId: number): string {
  return `${appUrl.replace(/\/+$/, "")}${CUSTOMER_ROUTES[action]}/${signCustomerToken(key, action, invitationId)}`;
}
