/**
 * The JSON shape of an invitation and its events, in one place so every route answers
 * the same way: ids as strings, ISO-8601 dates, JSON columns parsed.
 */
import type { Prisma } from "../db/client.ts";

export type InvitationRow = Prisma.InvitationGetPayload<object>;
export type EventRow = Prisma.InvitationEventGetPayload<object>;

export interface InvitationJson {
  id: string;
  status: string;
  sendAt: string;
  email: string;
  customerName: string | null;
  orderId: string | null;
  orderName: string | null;
  locale: string | null;
  products: string[];
  source: string;
  /** "automatic" for the one invitation an order earns; "manual" for Get reviews. */
  kind: "automatic" | "manual";
  orderCancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
  customerPostpones: number;
  /** Only a queued invitation's delivery date can change (R6); nothing cancels one (R3). */
  canReschedule: boolean;
}

export interface EventJson {
  id: string;
  type: string;
  at: string;
  actor: string | null;
  details: Record<string, unknown> | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function presentInvitation(row: InvitationRow): InvitationJson {
  return {
    id: String(row.id),
    status: row.status,
    sendAt: row.sendAt.toISOString(),
    email: row.email,
    customerName: row.customerName,
    orderId: row.orderId,
    orderName: row.orderName,
    locale: row.locale,
    products: parseJson<string[]>(row.products, []),
    source: row.source,
    kind: row.autoOrderId ? "automatic" : "manual",
    orderCancelledAt: iso(row.orderCancelledAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    sentAt: iso(row.sentAt),
    attempts: row.attempts,
    lastError: row.lastError,
    customerPostpones: row.customerPostpones,
    canReschedule: row.status === "queued",
  };
}

export function presentEvent(row: EventRow): EventJson {
  return {
    id: String(row.id),
    type: row.type,
    at: row.at.toISOString(),
    actor: row.actor,
    details: parseJson<Record<string, unknown> | null>(row.details, row.details ? { text: row.details } : null),
  };
}
