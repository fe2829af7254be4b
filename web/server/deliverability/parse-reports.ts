/**
 * Reading what comes back (issue 19): delivery status notifications (RFC 3464, inside
 * multipart/report; report-type=delivery-status) and feedback reports (RFC 5965 ARF,
 * report-type=feedback-report). MIME is mailparser's job; the report parts are blocks of
 * header-style fields, read here.
 *
 * Which invitation a report is about comes only from our signed VERP token: the envelope
 * recipient of a bounce (bounces+<token>@BOUNCE_DOMAIN), or for a feedback report its
 * Original-Mail-From field or the reported message's Return-Path. Never from the Message-ID
 * or addresses in the report, which anyone can write.
 */
import { simpleParser, type Attachment } from "mailparser";
import { tokenOfAddress } from "./verp.ts";

export type ReportKind = "hard_bounce" | "soft_bounce" | "complaint";

export interface ParsedReport {
  kind: ReportKind;
  /** The VERP token that names the invitation; null when the report carries none. */
  token: string | null;
  /** The address the report is about, lower-cased, when it says. */
  recipient: string | null;
  /** DSN status (5.1.1) or the feedback type (abuse). */
  status: string | null;
  diagnostic: string | null;
}

type Fields = Map<string, string[]>;

/** Header-style fields, unfolded ("Diagnostic-Code: smtp;\n  550 …"), grouped by blank lines. */
export function fieldGroups(text: string): Fields[] {
  const groups: Fields[] = [];
  let current: Fields | null = null;
  let last: { name: string; index: number } | null = null;
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (line.trim() === "") {
      current = null;
      last = null;
      continue;
    }
    if (/^[ \t]/.test(line) && current && last) {
      const values = current.get(last.name)!;
      values[last.index] = `${values[last.index]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    if (!current) groups.push((current = new Map()));
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = current.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    current.set(name, values);
    last = { name, index: values.length - 1 };
  }
  return groups;
}

const first = (fields: Fields | undefined, name: string) => fields?.get(name)?.[0] ?? null;

/** "rfc822; Jane@Example.com" → "jane@example.com". */
function addressOf(value: string | null): string | null {
  if (!value) return null;
  const address = value.includes(";") ? value.slice(value.indexOf(";") + 1) : value;
  return address.trim().replace(/^<|>$/g, "").toLowerCase() || null;
}

/** "smtp; 550 5.1.1 user unknown" → "550 5.1.1 user unknown". */
function diagnosticOf(value: string | null): string | null {
  if (!value) return null;
  return (value.includes(";") ? value.slice(value.indexOf(";") + 1) : value).trim().slice(0, 500) || null;
}

/**
 * RFC 3464 §2.3.3 Action and §2.3.4 Status (RFC 3463 classes): `failed` with a 5.x.x
 * status is permanent; `failed` with 4.x.x (gave up retrying: host down for days) and
 * `delayed` are temporary conditions of a mailbox that may well work. Delivered, relayed
 * and expanded are not problems at all.
 */
export function classifyDsnRecipient(action: string | null, status: string | null): ReportKind | null {
  const a = action?.trim().toLowerCase() ?? "";
  const statusClass = status?.trim().match(/^([245])\.\d{1,3}\.\d{1,3}/)?.[1];
  if (a === "failed") return statusClass === "4" ? "soft_bounce" : "hard_bounce";
  if (a === "delayed") return "soft_bounce";
  return null;
}

function dsnReports(text: string, token: string | null): ParsedReport[] {
  const [, ...recipients] = fieldGroups(text);
  const reports: ParsedReport[] = [];
  for (const fields of recipients) {
    const status = first(fields, "status")?.split(/\s/)[0] ?? null;
    const kind = classifyDsnRecipient(first(fields, "action"), status);
    if (!kind) continue;
    reports.push({
      kind,
      token,
      recipient: addressOf(first(fields, "final-recipient") ?? first(fields, "original-recipient")),
      status,
      diagnostic: diagnosticOf(first(fields, "diagnostic-code")),
    });
  }
  return reports;
}

function arfReport(text: string, token: string | null): ParsedReport | null {
  const fields = fieldGroups(text)[0];
  const type = first(fields, "feedback-type")?.toLowerCase() ?? null;
  // RFC 6650 "not-spam" is the opposite of a complaint.
  if (!type || type === "not-spam") return null;
  const own = tokenOfAddress(first(fields, "original-mail-from") ?? "");
  return {
    kind: "complaint",
    token: own ?? token,
    recipient: addressOf(first(fields, "original-rcpt-to") ?? first(fields, "removal-recipient")),
    status: type,
    diagnostic: null,
  };
}

function attachmentText(part: Attachment): string {
  return part.content.toString("utf8");
}

/** The Return-Path of the reported message (message/rfc822 or text/rfc822-headers), when it is ours. */
function originalToken(parts: Attachment[]): string | null {
  for (const part of parts) {
    if (part.contentType !== "message/rfc822" && part.contentType !== "text/rfc822-headers") continue;
    const headers = fieldGroups(attachmentText(part).split(/\r?\n\r?\n/)[0] ?? "")[0];
    const token = tokenOfAddress(first(headers, "return-path") ?? "");
    if (token) return token;
  }
  return null;
}

/**
 * Every report in one received message. `envelopeRecipients` are the RCPT TO addresses
 * it was delivered to (the VERP address for a bounce).
 */
export async function parseReportMessage(raw: Buffer | string, envelopeRecipients: readonly string[]): Promise<ParsedReport[]> {
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  // Without an envelope (a report posted over HTTP), a bounce's To: is the address it was
  // sent to, which for a bounce is our VERP address.
  const addressedTo = envelopeRecipients.length > 0 ? envelopeRecipients : (mail.to ? [mail.to].flat().flatMap((t) => t.value.map((v) => v.address ?? "")) : []);
  const envelopeToken = addressedTo.map((r) => tokenOfAddress(r)).find((t) => t) ?? null;
  const parts = mail.attachments;
  const reports: ParsedReport[] = [];
  for (const part of parts) {
    if (part.contentType === "message/delivery-status") {
      reports.push(...dsnReports(attachmentText(part), envelopeToken ?? originalToken(parts)));
    } else if (part.contentType === "message/feedback-report") {
      const report = arfReport(attachmentText(part), envelopeToken ?? originalToken(parts));
      if (report) reports.push(report);
    }
  }
  return reports;
}
