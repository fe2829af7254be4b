/**
 * VERP (issue 19): each invitation's envelope sender (Return-Path) is
 * `bounces+<id>-<signature>@BOUNCE_DOMAIN`, so a bounce names the invitation it is about
 * without our parsing the original message. The signature is an HMAC of the invitation id
 * with a key derived from the app secret: anyone can send us a "bounce", but only a token
 * we made can mark an invitation bounced or suppress an address (a forged one is ignored).
 *
 * Lower-case hex only: some mail systems lower-case local parts on the way back.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const SIGNATURE_CHARS = 20; // 80 bits

/** Its own key, so a bounce token is never valid anywhere else the secret is used. */
export function bounceTokenKey(appSecret: string): Buffer {
  return createHmac("sha256", appSecret).update("review-invitations/bounce-tokens/v1").digest();
}

/** Signing key first, then the previous secret's (rotation: bounces of mail sent before it). */
export function bounceTokenKeys(config: { SHOPIFY_API_SECRET: string; SHOPIFY_API_SECRET_PREVIOUS?: string | undefined }): Buffer[] {
  const keys = [bounceTokenKey(config.SHOPIFY_API_SECRET)];
  if (config.SHOPIFY_API_SECRET_PREVIOUS) keys.push(bounceTokenKey(config.SHOPIFY_API_SECRET_PREVIOUS));
  return keys;
}

function signature(key: Buffer, invitationId: number): string {
  return createHmac("sha256", key).update(`bounce:${invitationId}`).digest("hex").slice(0, SIGNATURE_CHARS);
}

export function signBounceToken(key: Buffer, invitationId: number): string {
  return `${invitationId}-${signature(key, invitationId)}`;
}

export function returnPathFor(key: Buffer, invitationId: number, bounceDomain: string): string {
  return `bounces+${signBounceToken(key, invitationId)}@${bounceDomain}`;
}

/** The invitation id of a token we signed, or null (malformed, forged, or another app's). */
export function verifyBounceToken(keys: readonly Buffer[], token: string): number | null {
  const match = /^(\d{1,15})-([0-9a-f]+)$/.exec(token.trim().toLowerCase());
  if (!match) return null;
  const id = Number(match[1]);
  const given = Buffer.from(match[2]!);
  for (const key of keys) {
    const expected = Buffer.from(signature(key, id));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return id;
  }
  return null;
}

/**
 * The token in `bounces+<token>@domain` (with or without angle brackets), when the address
 * is one of ours; null otherwise. The domain is checked only when given.
 */
export function tokenOfAddress(address: string, bounceDomain?: string): string | null {
  const match = /^<?\s*bounces\+([^@\s>]+)@([^>\s]+)\s*>?$/i.exec(address.trim());
  if (!match) return null;
  if (bounceDomain && match[2]!.toLowerCase() !== bounceDomain.toLowerCase()) return null;
  return match[1]!;
}
