/**
 * Email addresses read by a real RFC 5322 parser (email-addresses), not by patterns: a value
 * is one mailbox or it is refused. What leaves here is `{ name, address }`, which nodemailer
 * writes into headers itself: a string such as "a@x.example, b@y.example" or one carrying a
 * line break can never become a second recipient or a header of its own (issue 13).
 */
import emailAddresses from "email-addresses";

export interface Address {
  name: string;
  address: string;
}

/** "Reviews <reviews@example.com>" or "reviews@example.com" → its parts; null unless exactly one mailbox with a dotted domain. */
export function parseAddress(value: string): Address | null {
  if (/[\r\n]/.test(value)) return null;
  const parsed = emailAddresses.parseOneAddress({ input: value.trim(), rfc6532: true });
  if (!parsed || parsed.type !== "mailbox") return null;
  if (!parsed.domain.includes(".") && parsed.domain !== "localhost") return null;
  return { name: parsed.name ?? "", address: parsed.address };
}

/** A bare address (no display name), as customers and merchants type them. */
export function isBareAddress(value: string): boolean {
  const parsed = parseAddress(value);
  return parsed !== null && parsed.name === "" && parsed.address === value.trim();
}
