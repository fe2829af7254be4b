/**
 * Signed links for customers, who have no login: "unsubscribe" and "I haven't received my
 * order yet". A link names one invitation, its shop, one action and when it was issued; its
 * signature is an HMAC over all four with a key derived from the app secret, so a link cannot
 * be forged, altered to another invitation or shop, reused for the other action, or moved
 * in time. Nothing personal is in the URL.
 *
 * "Not received yet" links expire NOT_RECEIVED_DAYS after they were issued (the order has
 * arrived or never will); unsubscribe links never do (RFC 8058: they must keep working).
 * During a rotation of the app secret, links signed with SHOPIFY_API_SECRET_PREVIOUS still
 * verify. Links of the first format (`<id>.<signature>`, in emails sent before issue 13)
 * still work: unsubscribe always, "not received" for NOT_RECEIVED_DAYS after the send date.
 */
import { DAY_MS } from "../../shared/dates.ts";
import { createHmac, timingSafeEqual } from "node:crypto";

export type CustomerAction = "unsubscribe" | "not-received" | "review";

export const CUSTOMER_ROUTES: Record<CustomerAction, string> = {
  unsubscribe: "/r/unsubscribe",
  "not-received": "/r/not-received",
  // Issue 18: the review link, through the app so the click is recorded (review-redirect.ts).
  review: "/r/review",
};

export const NOT_RECEIVED_DAYS = 60;
/** Review links (issue 18) lead to the shop's review page for a year after the email. */
export const REVIEW_LINK_DAYS = 365;

/**
 * A key of its own, derived from the app secret: a signature made for customer links is
 * never valid anywhere else the secret is used (webhooks, session tokens).
 */
export function customerLinkKey(appSecret: string): Buffer {
  return createHmac("sha256", appSecret).update("review-invitations/customer-links/v1").digest();
}

/** Signing key first, then the key of the previous secret (rotation). */
export function customerLinkKeys(config: { SHOPIFY_API_SECRET: string; SHOPIFY_API_SECRET_PREVIOUS?: string | undefined }): Buffer[] {
  const previous = config.SHOPIFY_API_SECRET_PREVIOUS;
  return previous ? [customerLinkKey(config.SHOPIFY_API_SECRET), customerLinkKey(previous)] : [customerLinkKey(config.SHOPIFY_API_SECRET)];
}

export interface LinkClaims {
  action: CustomerAction;
  shop: string;
  invitationId: number;
  issuedAt: Date;
}

function signature(key: Buffer, c: LinkClaims): string {
  const seconds = Math.floor(c.issuedAt.getTime() / 1000);
  return createHmac("sha256", key).update(`v2:${c.action}:${c.shop}:${c.invitationId}:${seconds}`).digest("base64url");
}

function legacySignature(key: Buffer, action: CustomerAction, invitationId: number): string {
  return createHmac("sha256", key).update(`${action}:${invitationId}`).digest("base64url");
}

/** "123.<issued, base 36 seconds>.<signature>", the last path segment of a customer link. */
export function signCustomerToken(key: Buffer, claims: LinkClaims): string {
  const seconds = Math.floor(claims.issuedAt.getTime() / 1000);
  return `${claims.invitationId}.${seconds.toString(36)}.${signature(key, claims)}`;
}

export interface ParsedToken {
  invitationId: number;
  /** null for a link of the first format. */
  issuedAt: Date | null;
  signature: string;
}

/** The token's parts, or null for anything that is not shaped like one. */
export function parseCustomerToken(token: string): ParsedToken | null {
  const match = /^([1-9]\d{0,15})\.(?:([0-9a-z]{1,10})\.)?([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const invitationId = Number(match[1]);
  if (!Number.isSafeInteger(invitationId)) return null;
  const issuedAt = match[2] === undefined ? null : new Date(Number.parseInt(match[2], 36) * 1000);
  return { invitationId, issuedAt, signature: match[3]! };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type TokenVerdict = "valid" | "forged" | "expired";

/**
 * Whether the token grants `action` on this invitation of this shop at `now`. `sentAt` is
 * the invitation's send date, which is when a first-format link was issued.
 */
export function verifyCustomerToken(
  keys: readonly Buffer[],
  action: CustomerAction,
  token: ParsedToken,
  invitation: { shop: string; sendAt: Date },
  now: Date,
): TokenVerdict {
  // Review links exist only in the second format: a first-format one was never issued.
  if (action === "review" && !token.issuedAt) return "forged";
  const claims = token.issuedAt ? { action, shop: invitation.shop, invitationId: token.invitationId, issuedAt: token.issuedAt } : null;
  const genuine = keys.some((key) =>
    same(token.signature, claims ? signature(key, claims) : legacySignature(key, action, token.invitationId)),
  );
  if (!genuine) return "forged";
  if (action === "not-received") {
    const issued = token.issuedAt ?? invitation.sendAt;
    if (now.getTime() - issued.getTime() > NOT_RECEIVED_DAYS * DAY_MS) return "expired";
  }
  if (action === "review" && now.getTime() - token.issuedAt!.getTime() > REVIEW_LINK_DAYS * DAY_MS) return "expired";
  return "valid";
}

export function customerLinkUrl(appUrl: string, key: Buffer, claims: LinkClaims): string {
  return `${appUrl.replace(/\/+$/, "")}${CUSTOMER_ROUTES[claims.action]}/${signCustomerToken(key, claims)}`;
}
