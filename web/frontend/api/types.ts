/** Shapes of the admin API (docs/api.md). Ids are strings, dates ISO-8601 strings. */

import type { InvitationStatus, Trigger } from "../../shared/domain.ts";

export { INVITATION_STATUSES, TRIGGERS, type InvitationStatus, type Trigger } from "../../shared/domain.ts";

export interface Invitation {
  id: string;
  status: InvitationStatus;
  sendAt: string;
  email: string;
  customerName: string | null;
  orderId: string | null;
  orderName: string | null;
  source: string;
  orderCancelledAt: string | null;
  createdAt: string;
  sentAt: string | null;
  attempts?: number;
  lastError?: string | null;
  customerPostpones?: number;
  /** Issue 18: the review link's first click, clicks in all, the reminder's send time. */
  clickedAt?: string | null;
  clicks?: number;
  remindedAt?: string | null;
}

export interface InvitationEvent {
  id?: string;
  type: string;
  at: string;
  actor?: string | null;
  details?: Record<string, unknown> | null;
}

export interface InvitationWithEvents extends Invitation {
  events: InvitationEvent[];
}

export interface InvitationPage {
  invitations: Invitation[];
  nextCursor: string | null;
}

/** Text settings are null while the default is used. */
export interface Settings {
  trigger: Trigger;
  delayDays: number;
  deliveredFallbackDays: number;
  inviteTestOrders: boolean;
  paused: boolean;
  emailSubject: string | null;
  emailBody: string | null;
  noticeEnabled: boolean;
  noticeText: string | null;
  senderName: string | null;
  replyTo: string | null;
  reviewUrl: string | null;
  timezone: string;
  retentionDays: number;
  /** The one reminder to customers who did not click (issue 18). */
  reminder: ReminderSettings;
  /** Issue 17: when and whom. */
  sendWindow: SendWindow | null;
  countryDelays: CountryDelay[];
  exclusions: Exclusions;
  frequencyCapDays: number;
  resumeOverHours: number;
  /** Issue 18: the language of the template fields above; the others' words in `translations`. */
  primaryLocale: string;
  /** Every language but the primary one; null = that language's default wording. */
  translations: Record<string, TemplateTranslation>;
}

/** The merchant's words in one language other than the shop's (null: the shipped default). */
export interface TemplateTranslation {
  emailSubject: string | null;
  emailBody: string | null;
  noticeText: string | null;
  reminderSubject: string | null;
  reminderBody: string | null;
}

export interface ReminderSettings {
  enabled: boolean;
  afterDays: number;
  subject: string | null;
  body: string | null;
}

/** Sent → clicked → reminded (issue 18); clickRate is 0–1, null when nothing was sent. */
export interface FunnelFigures {
  sent: number;
  clicked: number;
  clickRate: number | null;
  reminded: number;
  clickedAfterReminder: number;
}

export interface Funnel {
  last30Days: FunnelFigures;
  last90Days: FunnelFigures;
  /** 13 weeks, oldest first; weekStart is the Monday (YYYY-MM-DD, UTC). */
  weeks: Array<FunnelFigures & { weekStart: string }>;
}

export interface TestEmailInfo {
  defaultTo: string | null;
  limit: number;
  remaining: number;
}

export interface SendWindow {
  start: string;
  end: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
}

export interface CountryDelay {
  country: string;
  delayDays: number;
}

export type Channel = "pos" | "draft" | "b2b";

export interface Exclusions {
  orderTags: string[];
  customerTags: string[];
  productIds: string[];
  vendors: string[];
  channels: Channel[];
  minOrderTotal: number | null;
  requireMarketingConsent: boolean;
}

export interface SchedulePreview {
  timezone: string;
  examples: { country: string | null; triggeredAt: string; sendAt: string }[];
}

export interface Backlog {
  paused: boolean;
  pausedAt: string | null;
  overdue: number;
  oldestSendAt: string | null;
  resumeOverHours: number;
}

export interface SkippedOrder {
  orderId: string;
  name: string | null;
  email: string | null;
  customerName: string | null;
  skipReason: string;
  orderedAt: string | null;
  skippedAt: string;
}

export interface ImportLine {
  type: "progress" | "done" | "error";
  pages: number;
  orders: number;
  created: number;
  skipped: number;
  byReason: Record<string, number>;
  nextCursor?: string | null;
  code?: string;
  message?: string;
}

export interface CsvReport {
  rows: ({ row: number; email: string | null; status: "created" | "skipped" | "invalid"; reason?: string; field?: string; invitationId?: string; sendAt?: string })[];
  created: number;
  skipped: number;
  invalid: number;
}

export interface GuidanceItem {
  code: "cancelled_orders" | "paused" | "overdue_while_paused" | "failed" | "skipped_orders" | string;
  count: number;
  /** One-click fixes that apply now, e.g. "switch_trigger_to_fulfillment". */
  actions: string[];
}

export interface Summary {
  counts: Partial<Record<InvitationStatus, number>> & { total?: number };
  skippedOrders: { total: number; byReason: Record<string, number> };
  /** Queued invitations whose order was cancelled (R4 guidance). */
  cancelledOrdersQueued: number;
  /** Queued invitations already due: they go out as soon as sending resumes. */
  overdueQueued: number;
  /** Why invitations failed, most frequent first. */
  failedReasons: Array<{ reason: string; count: number }>;
  lastBulkCancellation?: { at: string; actor: string | null; count: number } | null;
  settings: { trigger: Trigger | string; paused: boolean; noticeEnabled: boolean; delayDays?: number; pausedAt?: string | null };
  guidance?: GuidanceItem[];
  funnel?: Funnel;
}

export interface InvitationDetailResponse {
  invitation: Invitation;
  events: InvitationEvent[];
}

export interface RecentOrder {
  orderId: string;
  name: string;
  email: string | null;
  customerName: string | null;
  createdAt: string | null;
  cancelledAt: string | null;
  test?: boolean;
  products?: string[];
  /** This order's invitations already in the app, so the picker can warn about inviting twice. */
  invitations?: Array<{ id: string; status: InvitationStatus }>;
}

export interface Preview {
  subject: string;
  /** The language it was rendered in. */
  locale?: string;
  from?: { name: string | null; replyTo: string | null };
  html?: string;
  text?: string;
  /** Template problems (the preview falls back to the default for a broken template). */
  errors?: Array<{ field: string; message: string; line?: number | null; column?: number | null }>;
}
