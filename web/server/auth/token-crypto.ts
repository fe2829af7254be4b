/**
 * Offline Admin API access tokens are encrypted at rest (issue 13): AES-256-GCM with a key
 * from the environment (TOKEN_ENCRYPTION_KEY, 32 bytes in base64 or hex), a random 96-bit IV
 * per token and the GCM tag, stored as `enc:v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url).
 * A database dump alone no longer gives API access to every shop.
 *
 * Rotation (docs/security.md): set the new key as TOKEN_ENCRYPTION_KEY and the old one as
 * TOKEN_ENCRYPTION_KEY_PREVIOUS; tokens are read with either (the key id says which) and
 * written with the new one. A token neither key opens is treated as missing: the app asks
 * Shopify for a new one by token exchange the next time it needs it.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";

export interface TokenKeys {
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

const PREFIX = "enc:v1:";

/** 32 bytes, as base64 (44 characters) or hex (64); null for anything else. */
export function decodeKey(value: string): Buffer | null {
  const text = value.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  return key.length === 32 ? key : null;
}

function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/**
 * From TOKEN_ENCRYPTION_KEY (and _PREVIOUS). Outside production, without a key, one is derived
 * from the app secret so that development stores no plain tokens either; production requires
 * its own (config refuses to start without it).
 */
export function tokenKeysOf(config: {
  SHOPIFY_API_SECRET: string;
  TOKEN_ENCRYPTION_KEY?: string | undefined;
  TOKEN_ENCRYPTION_KEY_PREVIOUS?: string | undefined;
}): TokenKeys {
  const current =
    (config.TOKEN_ENCRYPTION_KEY && decodeKey(config.TOKEN_ENCRYPTION_KEY)) ||
    createHmac("sha256", config.SHOPIFY_API_SECRET).update("review-invitations/offline-tokens/v1").digest();
  const previous = config.TOKEN_ENCRYPTION_KEY_PREVIOUS ? decodeKey(config.TOKEN_ENCRYPTION_KEY_PREVIOUS) : null;
  const byId = new Map<string, Buffer>([[keyId(current), current]]);
  if (previous) byId.set(keyId(previous), previous);
  return { current: { id: keyId(current), key: current }, byId };
}

export function encryptToken(keys: TokenKeys, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys.current.key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"));
  return `${PREFIX}${keys.current.id}:${parts.join(":")}`;
}

/** The token, or null when no configured key opens it. A row stored before encryption is returned as it is. */
export function decryptToken(keys: TokenKeys, stored: string): string | null {
  if (!stored.startsWith(PREFIX)) return stored;
  const [id, iv, tag, data] = stored.slice(PREFIX.length).split(":");
  const key = id ? keys.byId.get(id) : undefined;
  if (!key || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
