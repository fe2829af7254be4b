/** Shapes of /api/deliverability (issue 19; docs/api.md "Deliverability"). */

export type RecordPurpose = "dkim" | "spf" | "dmarc";
export type RecordState = "found" | "missing" | "wrong" | "error";
export type SuppressionReason = "unsubscribed" | "bounced" | "complained";
export const SUPPRESSION_REASONS: readonly SuppressionReason[] = ["unsubscribed", "bounced", "complained"];

export interface DnsRecord {
  purpose: RecordPurpose;
  type: "TXT";
  name: string;
  value: string;
  required: boolean;
}

export interface RecordCheck {
  purpose: RecordPurpose;
  name: string;
  state: RecordState;
  found: string[];
  message: string;
}

export interface SenderDomain {
  fromAddress: string;
  domain: string;
  selector: string;
  verified: boolean;
  verifiedAt: string | null;
  records: DnsRecord[];
  lastCheck: { verified: boolean | null; checkedAt: string; records: RecordCheck[] } | null;
}

export interface Deliverability {
  senderDomain: SenderDomain | null;
  mailFrom: string;
  bounceTracking: boolean;
  counts: { bounced: number; complained: number; softBounces: number };
  suppressions: Record<SuppressionReason, number>;
}

export interface Suppression {
  email: string;
  reason: SuppressionReason;
  createdAt: string;
}
