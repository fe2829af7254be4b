/**
 * How personal data is removed from a row that stays. Rows are kept (statuses, dates and
 * counts remain right for statistics); only what identifies a person is replaced.
 */

/**
 * Invitation.email is NOT NULL and the (shop, email) index groups a customer's rows, so an
 * erased address becomes a per-row placeholder: distinct per invitation (counts of
 * "customers invited" stay right instead of collapsing into one fake customer), and in the
 * `.invalid` TLD that RFC 2606 guarantees never delivers mail.
 */
export function placeholderEmail(invitationId: number): string {
  return `redacted+${invitationId}@invalid`;
}

export function isPlaceholderEmail(email: string): boolean {
  return /^redacted\+\d+@invalid$/.test(email);
}

/** SQL LIKE pattern matching exactly the placeholders above (for set-based statements). */
export const PLACEHOLDER_LIKE = "redacted+%@invalid";

export const REMOVED = "[removed]";

// Anything shaped like an address, including inside "<john@example.com>" or SMTP replies.
const EMAIL_LIKE = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g;

/** Keys whose value is personal whatever it looks like (event details, error payloads). */
const PERSONAL_KEYS = new Set([
  "email",
  "to",
  "recipient",
  "recipients",
  "address",
  "customername",
  "customer",
  "name",
  "firstname",
  "lastname",
  "first_name",
  "last_name",
  "phone",
  "locale",
]);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Free text with every address and each of the given names replaced. */
export function scrubText(text: string, names: readonly string[] = []): string {
  let out = text.replace(EMAIL_LIKE, REMOVED);
  for (const name of names) {
    if (name.trim().length < 2) continue; // a one-letter "name" would shred the whole text
    out = out.replace(new RegExp(escapeRegExp(name.trim()), "gi"), REMOVED);
  }
  return out;
}

function scrubValue(value: unknown, names: readonly string[]): unknown {
  if (typeof value === "string") return scrubText(value, names);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, names));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, PERSONAL_KEYS.has(k.toLowerCase()) && v != null ? REMOVED : scrubValue(v, names)]),
    );
  }
  return value;
}

/** An event's JSON details with personal values removed; text that is not JSON is scrubbed as text. */
export function scrubDetails(details: string, names: readonly string[] = []): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return scrubText(details, names);
  }
  return JSON.stringify(scrubValue(parsed, names));
}
