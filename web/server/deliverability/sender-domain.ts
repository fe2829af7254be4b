/**
 * A shop's own sender domain (issue 19): the merchant enters a From address on their
 * domain, the app makes a DKIM key pair for it, shows the records to publish and, on
 * "Verify", looks them up. Mail goes out from that address only once it is verified
 * (sender-identity.ts); until then from MAIL_FROM with the shop's name, as before.
 */
import { encryptToken, tokenKeysOf } from "../auth/token-crypto.ts";
import type { Db } from "../db/client.ts";
import {
  deleteSenderDomain,
  findSenderDomain,
  recordSenderDomainCheck,
  updateSenderAddress,
  upsertSenderDomain,
} from "../db/queries/sender-domains.ts";
import type { SenderDomainRow } from "../db/schema.ts";
import { isBareAddress, parseAddress } from "../mail/addresses.ts";
import { generateDkimKeyPair, isHostname, shopSelector } from "./dkim-keys.ts";
import { checkSenderDomain, recordsToPublish, type DnsRecordToPublish, type DomainCheck, type RecordsConfig, type TxtResolver } from "./dns-check.ts";

export interface SenderDomainConfig extends RecordsConfig {
  SHOPIFY_API_SECRET: string;
  TOKEN_ENCRYPTION_KEY?: string | undefined;
  TOKEN_ENCRYPTION_KEY_PREVIOUS?: string | undefined;
}

export interface SenderDomainView {
  fromAddress: string;
  domain: string;
  selector: string;
  verified: boolean;
  verifiedAt: string | null;
  records: DnsRecordToPublish[];
  lastCheck: DomainCheck | null;
}

/** Domains whose DNS no merchant controls: mail "from" them would fail DMARC anyway. */
const SHARED_DOMAINS = /(^|\.)(myshopify\.com|gmail\.com|googlemail\.com|yahoo\.[a-z.]+|outlook\.com|hotmail\.[a-z.]+|live\.com|icloud\.com|aol\.com|gmx\.[a-z.]+)$/i;

export type AddressProblem = { field: "fromAddress"; message: string };

export function checkFromAddress(value: unknown): { address: string; domain: string } | AddressProblem {
  if (typeof value !== "string" || !isBareAddress(value)) {
    return { field: "fromAddress", message: "fromAddress must be one email address on your own domain, e.g. reviews@yourstore.com." };
  }
  const address = parseAddress(value)!.address.toLowerCase();
  const domain = address.slice(address.lastIndexOf("@") + 1);
  if (!isHostname(domain)) return { field: "fromAddress", message: `fromAddress: ${domain} is not a domain name you can publish DNS records for.` };
  if (SHARED_DOMAINS.test(domain)) {
    return { field: "fromAddress", message: `fromAddress: ${domain} is a shared mailbox provider; only a domain you own can be verified. Use an address on your store's domain.` };
  }
  return { address, domain };
}

export function viewOf(row: SenderDomainRow, config: RecordsConfig): SenderDomainView {
  let lastCheck: DomainCheck | null = null;
  try {
    lastCheck = row.checkResult ? (JSON.parse(row.checkResult) as DomainCheck) : null;
  } catch {
    lastCheck = null;
  }
  return {
    fromAddress: row.fromAddress,
    domain: row.domain,
    selector: row.selector,
    verified: row.verifiedAt !== null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    records: recordsToPublish(row, config),
    lastCheck,
  };
}

export async function readSenderDomain(db: Db, shop: string, config: RecordsConfig): Promise<SenderDomainView | null> {
  const row = await findSenderDomain(db, shop);
  return row ? viewOf(row, config) : null;
}

/**
 * Sets the From address. Another address on the same domain keeps the key and its
 * verification (nothing to publish again); a new domain gets a new key pair and must be
 * verified again.
 */
export async function setSenderAddress(
  db: Db,
  shop: string,
  address: { address: string; domain: string },
  config: SenderDomainConfig,
  now: Date,
): Promise<SenderDomainView> {
  const existing = await findSenderDomain(db, shop);
  if (existing && existing.domain === address.domain) {
    await updateSenderAddress(db, shop, address.address, now);
  } else {
    const keys = generateDkimKeyPair();
    await upsertSenderDomain(
      db,
      {
        shop,
        fromAddress: address.address,
        domain: address.domain,
        selector: shopSelector(shop),
        publicKey: keys.publicKey,
        privateKey: encryptToken(tokenKeysOf(config), keys.privateKeyPem),
      },
      now,
    );
  }
  return (await readSenderDomain(db, shop, config))!;
}

export async function verifySenderDomain(
  db: Db,
  shop: string,
  resolver: TxtResolver,
  config: RecordsConfig,
  now: Date,
): Promise<SenderDomainView | null> {
  const row = await findSenderDomain(db, shop);
  if (!row) return null;
  const check = await checkSenderDomain(resolver, row, config, now);
  await recordSenderDomainCheck(db, shop, { verified: check.verified, result: JSON.stringify(check), at: now });
  return readSenderDomain(db, shop, config);
}

export function removeSenderDomain(db: Db, shop: string): Promise<number> {
  return deleteSenderDomain(db, shop);
}
