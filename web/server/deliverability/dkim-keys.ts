/**
 * DKIM keys (issue 19). A shop's key pair is made here with node:crypto: RSA 2048, which
 * every receiver verifies (RFC 8301 requires at least 1024; Ed25519 is not yet accepted
 * by all of them). The public half is published by the merchant as the `p=` of a TXT
 * record; the private half is stored encrypted (auth/token-crypto.ts) and handed to
 * nodemailer's `dkim` option at send time.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";

export interface DkimKeyPair {
  /** base64 DER (SubjectPublicKeyInfo): exactly what goes after `p=`. */
  publicKey: string;
  /** PKCS#8 PEM. */
  privateKeyPem: string;
}

export function generateDkimKeyPair(): DkimKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

/** The TXT record's value for a public key. */
export function dkimRecordValue(publicKey: string): string {
  return `v=DKIM1; k=rsa; p=${publicKey}`;
}

/**
 * An RSA private key from the environment, or null. One-line environments (.env files,
 * container settings) often carry a PEM with its newlines written as `\n`.
 */
export function parsePrivateKey(value: string): KeyObject | null {
  const pem = value.includes("\\n") ? value.replace(/\\n/g, "\n") : value;
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === "rsa" ? key : null;
  } catch {
    return null;
  }
}

/** PEM text nodemailer can use, from whatever form parsePrivateKey accepted. */
export function privateKeyPem(value: string): string {
  const key = parsePrivateKey(value);
  if (!key) throw new Error("not an RSA private key");
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

/** A DNS name of at least two labels (example.com, bounces.example.co.uk). */
export function isHostname(value: string): boolean {
  return value.length <= 253 && /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(value);
}

/**
 * The selector of a shop's key: different for every shop, so two stores sending from one
 * brand domain publish two records instead of overwriting each other's.
 */
export function shopSelector(shop: string): string {
  return `ri${createHash("sha256").update(shop).digest("hex").slice(0, 10)}`;
}
