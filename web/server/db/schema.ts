/**
 * The tables as the application reads them, one interface per table of prisma/schema.prisma
 * (the one data model; Prisma keeps the migrations). The drivers hand back rows in these
 * shapes on both databases: a DateTime column is a `Date`, a Boolean a `boolean`, whatever
 * the database stores (SQLite keeps dates as ISO text and booleans as 0/1).
 * test/db-layer.test.ts fails when this file and schema.prisma disagree.
 */
export interface SessionRow {
  id: string;
  shop: string;
  state: string;
  isOnline: boolean;
  scope: string | null;
  expires: Date | null;
  accessToken: string;
  userId: bigint | number | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  accountOwner: boolean | null;
  locale: string | null;
  collaborator: boolean | null;
  emailVerified: boolean | null;
  refreshToken: string | null;
  refreshTokenExpires: Date | null;
}

export interface ShopRow {
  domain: string;
  installedAt: Date;
  uninstalledAt: Date | null;
  name: string | null;
  timezone: string;
  trigger: string;
  delayDays: number;
  deliveredFallbackDays: number;
  inviteTestOrders: boolean;
  paused: boolean;
  pausedAt: Date | null;
  sendWindow: string | null;
  countryDelays: string | null;
  exclusions: string | null;
  frequencyCapDays: number;
  resumeOverHours: number;
  cancelThroughId: number | null;
  emailSubject: string | null;
  emailBody: string | null;
  noticeEnabled: boolean;
  noticeText: string | null;
  senderName: string | null;
  replyTo: string | null;
  reviewUrl: string | null;
  reminderEnabled: boolean;
  reminderAfterDays: number;
  reminderSubject: string | null;
  reminderBody: string | null;
  primaryLocale: string;
  templateTranslations: string | null;
  retentionDays: number;
  erasures: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderRow {
  shop: string;
  orderId: string;
  name: string | null;
  email: string | null;
  customerId: string | null;
  customerName: string | null;
  locale: string | null;
  products: string | null;
  test: boolean;
  seenCreate: boolean;
  orderedAt: Date | null;
  cancelledAt: Date | null;
  fulfilledAt: Date | null;
  deliveredAt: Date | null;
  fallbackDueAt: Date | null;
  skipReason: string | null;
  attributes: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface InvitationRow {
  id: number;
  shop: string;
  autoOrderId: string | null;
  orderId: string | null;
  orderName: string | null;
  email: string;
  customerName: string | null;
  locale: string | null;
  products: string | null;
  status: string;
  sendAt: Date;
  source: string;
  orderCancelledAt: Date | null;
  attempts: number;
  lastError: string | null;
  leaseUntil: Date | null;
  messageId: string | null;
  sentAt: Date | null;
  customerPostpones: number;
  clickedAt: Date | null;
  clicks: number;
  remindedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReminderRow {
  invitationId: number;
  shop: string;
  status: string;
  sendAt: Date;
  attempts: number;
  leaseUntil: Date | null;
  lastError: string | null;
  messageId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface InvitationFunnelRow {
  shop: string;
  day: string;
  slot: number;
  sent: number;
  clicked: number;
  reminded: number;
  clickedAfterReminder: number;
}

export interface TestEmailQuotaRow {
  shop: string;
  day: string;
  count: number;
}

export interface InvitationEventRow {
  id: number;
  invitationId: number;
  shop: string;
  type: string;
  at: Date;
  actor: string | null;
  details: string | null;
}

export interface BulkCancellationRow {
  id: number;
  shop: string;
  actor: string | null;
  count: number;
  at: Date;
  throughId: number | null;
  completedAt: Date | null;
}

export interface WebhookDeliveryRow {
  webhookId: string;
  shop: string;
  topic: string;
  outcome: string;
  receivedAt: Date;
}

export interface SuppressionRow {
  shop: string;
  email: string;
  createdAt: Date;
  /** unsubscribed | bounced | complained */
  reason: string;
}

export interface DataRequestRow {
  id: number;
  shop: string;
  customerId: string | null;
  email: string | null;
  requestId: string | null;
  export: string | null;
  createdAt: Date;
}

/**
 * Columns the drivers convert when reading, by name (every table uses one name for one
 * kind). A query that aliases a computed value must not reuse these names for another kind.
 */
export const DATE_COLUMNS: ReadonlySet<string> = new Set([
  "expires", "refreshTokenExpires", "installedAt", "uninstalledAt", "pausedAt", "createdAt", "updatedAt",
  "orderedAt", "cancelledAt", "fulfilledAt", "deliveredAt", "fallbackDueAt", "sendAt", "orderCancelledAt",
  "leaseUntil", "sentAt", "at", "receivedAt", "completedAt", "erasedAt", "clickedAt", "remindedAt",
  "verifiedAt", "checkedAt",
]);

export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set([
  "isOnline", "accountOwner", "collaborator", "emailVerified", "inviteTestOrders", "paused", "noticeEnabled",
  "test", "seenCreate", "reminderEnabled",
]);

/** Every table, by its name in SQL, with the shape of its rows. */
export interface Tables {
  Session: SessionRow;
  Shop: ShopRow;
  Order: OrderRow;
  Invitation: InvitationRow;
  InvitationEvent: InvitationEventRow;
  BulkCancellation: BulkCancellationRow;
  WebhookDelivery: WebhookDeliveryRow;
  Suppression: SuppressionRow;
  DataRequest: DataRequestRow;
  InvitationCount: InvitationCountRow;
  Erasure: ErasureRow;
  InvitationQuota: InvitationQuotaRow;
  Reminder: ReminderRow;
  InvitationFunnel: InvitationFunnelRow;
  TestEmailQuota: TestEmailQuotaRow;
  SenderDomain: SenderDomainRow;
  DeliveryReport: DeliveryReportRow;
}

export type TableName = keyof Tables;

/**
 * The table names as a list. Built from a record over `TableName`, so it cannot leave one out;
 * code that must decide something for every table (shop/redact's purge) is typed the same way.
 */
export const TABLES: readonly TableName[] = Object.keys({
  Session: true,
  Shop: true,
  Order: true,
  Invitation: true,
  InvitationEvent: true,
  BulkCancellation: true,
  WebhookDelivery: true,
  Suppression: true,
  DataRequest: true,
  InvitationCount: true,
  Erasure: true,
  InvitationQuota: true,
  Reminder: true,
  InvitationFunnel: true,
  TestEmailQuota: true,
  SenderDomain: true,
  DeliveryReport: true,
} satisfies Record<TableName, true>) as TableName[];

export interface InvitationCountRow {
  shop: string;
  status: string;
  slot: number;
  count: number;
}

export interface ErasureRow {
  shop: string;
  hash: string;
  kind: string;
  erasedAt: Date;
}

export interface InvitationQuotaRow {
  shop: string;
  day: string;
  count: number;
}

export interface SenderDomainRow {
  shop: string;
  fromAddress: string;
  domain: string;
  selector: string;
  publicKey: string;
  privateKey: string;
  verifiedAt: Date | null;
  checkedAt: Date | null;
  checkResult: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryReportRow {
  id: number;
  shop: string;
  invitationId: number;
  kind: string;
  status: string | null;
  diagnostic: string | null;
  via: string;
  receivedAt: Date;
}
