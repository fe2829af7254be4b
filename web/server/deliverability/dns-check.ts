/**
 * What a merchant publishes for their sender domain, and the "Verify" button's look-up
 * (issue 19). The resolver is injected: tests hand in a table of records, production
 * node:dns. Only the DKIM record is required: it is what makes DMARC pass for mail From
 * the merchant's domain (the signature's d= is that domain). SPF and DMARC are checked and
 * reported as advice.
 *
 * The envelope sender (Return-Path) is on the operator's BOUNCE_DOMAIN, not the merchant's,
 * so SPF is evaluated there; the merchant's SPF include matters only where the operator
 * runs without BOUNCE_DOMAIN (bounces then return to the From address itself).
 */
import { Resolver } from "node:dns/promises";
import type { SenderDomainRow } from "../db/schema.ts";
import { dkimRecordValue } from "./dkim-keys.ts";

export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

export function systemResolver(): TxtResolver {
  // A few seconds at most: the merchant is waiting for the button's answer.
  return new Resolver({ timeout: 3000, tries: 2 });
}

export type RecordPurpose = "dkim" | "spf" | "dmarc";

export interface DnsRecordToPublish {
  purpose: RecordPurpose;
  type: "TXT";
  /** Fully qualified. */
  name: string;
  value: string;
  required: boolean;
}

export interface RecordCheck {
  purpose: RecordPurpose;
  name: string;
  /** found: as asked; missing: no such record; wrong: a record that says something else; error: the look-up failed. */
  state: "found" | "missing" | "wrong" | "error";
  /** What was found there (TXT strings joined), for the merchant to compare. */
  found: string[];
  message: string;
}

export interface DomainCheck {
  /** null when a required record could not be looked up (DNS trouble): try again. */
  verified: boolean | null;
  checkedAt: string;
  records: RecordCheck[];
}

export interface RecordsConfig {
  SPF_INCLUDE?: string | undefined;
  BOUNCE_DOMAIN?: string | undefined;
}

type SenderDomain = Pick<SenderDomainRow, "domain" | "selector" | "publicKey">;

export function recordsToPublish(row: SenderDomain, config: RecordsConfig): DnsRecordToPublish[] {
  const records: DnsRecordToPublish[] = [
    { purpose: "dkim", type: "TXT", name: `${row.selector}._domainkey.${row.domain}`, value: dkimRecordValue(row.publicKey), required: true },
  ];
  if (config.SPF_INCLUDE) {
    records.push({ purpose: "spf", type: "TXT", name: row.domain, value: `v=spf1 include:${config.SPF_INCLUDE} ~all`, required: false });
  }
  // p=none first: reports without rejecting anything while the merchant checks every
  // service that sends as their domain is authenticated.
  records.push({ purpose: "dmarc", type: "TXT", name: `_dmarc.${row.domain}`, value: "v=DMARC1; p=none", required: false });
  return records;
}

/** DNS answers "no such name" or "no TXT there": the record is simply not published. */
function isAbsent(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ENOTFOUND" || code === "ENODATA" || code === "NXDOMAIN" || code === "ENONAME";
}

async function lookup(resolver: TxtResolver, name: string): Promise<{ texts: string[] } | { error: string }> {
  try {
    // A long TXT record arrives as several strings of at most 255 characters: one value.
    return { texts: (await resolver.resolveTxt(name)).map((chunks) => chunks.join("")) };
  } catch (error) {
    if (isAbsent(error)) return { texts: [] };
    const e = error as { code?: string; message?: string };
    return { error: e.code ?? e.message ?? "lookup failed" };
  }
}

/** `v=DKIM1; k=rsa; p=MIIB…` → { v: "DKIM1", k: "rsa", p: "MIIB…" } (whitespace inside values removed). */
export function parseTags(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    tags[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).replace(/\s+/g, "");
  }
  return tags;
}

async function checkDkim(resolver: TxtResolver, row: SenderDomain): Promise<RecordCheck> {
  const name = `${row.selector}._domainkey.${row.domain}`;
  const base = { purpose: "dkim" as const, name };
  const answer = await lookup(resolver, name);
  if ("error" in answer) return { ...base, state: "error", found: [], message: `The DNS lookup failed (${answer.error}); try again in a minute.` };
  const keys = answer.texts.filter((t) => "p" in parseTags(t));
  if (keys.length === 0) return { ...base, state: "missing", found: answer.texts, message: `No DKIM record at ${name} yet. DNS changes can take up to an hour to show.` };
  if (keys.some((t) => parseTags(t).p === row.publicKey)) return { ...base, state: "found", found: keys, message: "The DKIM record matches this shop's key." };
  return {
    ...base,
    state: "wrong",
    found: keys,
    message: `The record at ${name} holds a different key. Replace its value with the one shown here, exactly (a copy that lost characters looks like this too).`,
  };
}

async function checkSpf(resolver: TxtResolver, domain: string, include: string): Promise<RecordCheck> {
  const base = { purpose: "spf" as const, name: domain };
  const answer = await lookup(resolver, domain);
  if ("error" in answer) return { ...base, state: "error", found: [], message: `The DNS lookup failed (${answer.error}).` };
  const spf = answer.texts.filter((t) => /^v=spf1(\s|$)/i.test(t.trim()));
  if (spf.length === 0) return { ...base, state: "missing", found: [], message: `No SPF record on ${domain}.` };
  const included = spf.some((t) => t.toLowerCase().split(/\s+/).includes(`include:${include.toLowerCase()}`));
  return included
    ? { ...base, state: "found", found: spf, message: `SPF includes ${include}.` }
    : { ...base, state: "wrong", found: spf, message: `The SPF record does not include ${include}: add include:${include} to it (a domain has one SPF record; do not publish a second).` };
}

async function checkDmarc(resolver: TxtResolver, domain: string): Promise<RecordCheck> {
  const name = `_dmarc.${domain}`;
  const base = { purpose: "dmarc" as const, name };
  const answer = await lookup(resolver, name);
  if ("error" in answer) return { ...base, state: "error", found: [], message: `The DNS lookup failed (${answer.error}).` };
  const dmarc = answer.texts.filter((t) => /^v=DMARC1/i.test(t.trim()));
  return dmarc.length > 0
    ? { ...base, state: "found", found: dmarc, message: "A DMARC policy is published; keep it." }
    : { ...base, state: "missing", found: [], message: "No DMARC policy: Gmail and Yahoo ask bulk senders for one. Publish the suggested record." };
}

export async function checkSenderDomain(resolver: TxtResolver, row: SenderDomain, config: RecordsConfig, now: Date): Promise<DomainCheck> {
  const records = await Promise.all([
    checkDkim(resolver, row),
    ...(config.SPF_INCLUDE ? [checkSpf(resolver, row.domain, config.SPF_INCLUDE)] : []),
    checkDmarc(resolver, row.domain),
  ]);
  const dkim = records[0]!;
  return { verified: dkim.state === "error" ? null : dkim.state === "found", checkedAt: now.toISOString(), records };
}
