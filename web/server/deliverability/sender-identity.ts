/**
 * Who an invitation is from, at the send step (issue 19):
 *
 * - a shop with a verified sender domain: From its own address, DKIM-signed with its key;
 * - otherwise MAIL_FROM with the shop's name (as before), signed with the operator's key
 *   when DKIM_DOMAIN/DKIM_SELECTOR/DKIM_PRIVATE_KEY are set;
 * - with BOUNCE_DOMAIN, the envelope sender is the invitation's VERP address, so a bounce
 *   comes back naming the invitation.
 *
 * One loader per dispatch pass: keys are decrypted once per shop, not per message.
 */
import { decryptToken, tokenKeysOf, type TokenKeys } from "../auth/token-crypto.ts";
import type { Queryable } from "../db/client.ts";
import { findVerifiedSenderDomains } from "../db/queries/sender-domains.ts";
import type { Logger } from "../logger.ts";
import type { OutgoingEmail } from "../mail/message.ts";
import { privateKeyPem } from "./dkim-keys.ts";
import { bounceTokenKey, returnPathFor } from "./verp.ts";

export interface SenderIdentityConfig {
  SHOPIFY_API_SECRET: string;
  TOKEN_ENCRYPTION_KEY?: string | undefined;
  TOKEN_ENCRYPTION_KEY_PREVIOUS?: string | undefined;
  DKIM_DOMAIN?: string | undefined;
  DKIM_SELECTOR?: string | undefined;
  DKIM_PRIVATE_KEY?: string | undefined;
  BOUNCE_DOMAIN?: string | undefined;
}

interface ShopSender {
  address: string;
  dkim: NonNullable<OutgoingEmail["dkim"]>;
}

export interface SenderIdentities {
  /** Reads the verified sender domains of these shops (once per shop per pass). */
  load(db: Queryable, shops: readonly string[]): Promise<void>;
  /** The email as it goes out: From, DKIM, envelope. */
  apply(email: OutgoingEmail, invitation: { id: number; shop: string }): OutgoingEmail;
}

export function senderIdentities(config: SenderIdentityConfig, logger?: Logger): SenderIdentities {
  const shops = new Map<string, ShopSender | null>();
  let tokenKeys: TokenKeys | undefined;
  const operatorDkim =
    config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY
      ? { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey: privateKeyPem(config.DKIM_PRIVATE_KEY) }
      : undefined;
  const bounceKey = config.BOUNCE_DOMAIN ? bounceTokenKey(config.SHOPIFY_API_SECRET) : undefined;

  return {
    async load(db, wanted) {
      const missing = wanted.filter((shop) => !shops.has(shop));
      if (missing.length === 0) return;
      for (const shop of missing) shops.set(shop, null);
      for (const row of await findVerifiedSenderDomains(db, missing)) {
        tokenKeys ??= tokenKeysOf(config);
        const pem = decryptToken(tokenKeys, row.privateKey);
        if (!pem) {
          // The key was encrypted with a key no longer configured: MAIL_FROM is still deliverable.
          logger?.warn({ shop: row.shop }, "sender domain key cannot be decrypted; sending from MAIL_FROM");
          continue;
        }
        shops.set(row.shop, { address: row.fromAddress, dkim: { domainName: row.domain, keySelector: row.selector, privateKey: pem } });
      }
    },
    apply(email, invitation) {
      const own = shops.get(invitation.shop);
      const out: OutgoingEmail = own
        ? { ...email, from: { name: email.from.name, address: own.address }, dkim: own.dkim }
        : operatorDkim
          ? { ...email, dkim: operatorDkim }
          : { ...email };
      if (bounceKey && config.BOUNCE_DOMAIN) {
        out.envelope = { from: returnPathFor(bounceKey, invitation.id, config.BOUNCE_DOMAIN), to: email.to.address };
      }
      return out;
    },
  };
}
