/**
 * Read side of the invitation history, built to stay fast at millions of rows:
 * every query is one index range of the shop's rows (see the indexes on Invitation).
 *
 * - Listing: newest first, keyset-paginated on the id (`id < cursor`), so a page costs the
 *   same at row 10 and at row 1,000,000, and rows created while the merchant pages (higher
 *   ids) never shift later pages: each row is returned exactly once.
 * - Search (`q`): prefix match on the email, the order name and the customer name, each a
 *   range on its own (shop, field) index. A substring search (LIKE '%q%') would read every
 *   row of the shop; a prefix covers what merchants type (an address, "#1001", a name).
 */
import type { Db, Prisma } from "../db/client.ts";
import { presentEvent, presentInvitation, type EventJson, type InvitationJson, type InvitationRow } from "./present.ts";

export const INVITATION_STATUSES = ["queued", "sending", "sent", "failed", "canceled"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface ListFilters {
  status?: InvitationStatus;
  q?: string;
  /** createdAt >= from */
  from?: Date;
  /** createdAt < to */
  to?: Date;
  /** Exclusive upper bound on the id (the last id of the previous page). */
  cursor?: number;
  limit: number;
}

export interface InvitationPage {
  invitations: InvitationJson[];
  nextCursor: string | null;
}

export function encodeCursor(id: number): string {
  return Buffer.from(`i:${id}`).toString("base64url");
}

/** The id inside a cursor, or null when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): number | null {
  const match = /^i:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

type SearchField = "email" | "orderName" | "customerName";
interface SearchTerm {
  field: SearchField;
  prefix: string;
}

/** Sorts after every character a text column can hold: [prefix, prefix + MAX) is "starts with". */
const MAX_CHAR = "\u{10FFFF}";

const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());

/**
 * What one search string looks for. Index ranges compare exactly, so the likely spellings
 * are tried: emails lower-cased, names as typed and capitalised, order names with or
 * without their "#".
 */
export function searchTerms(q: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const add = (field: SearchField, prefix: string) => {
    if (prefix && !terms.some((t) => t.field === field && t.prefix === prefix)) terms.push({ field, prefix });
  };
  add("email", q.toLowerCase());
  add("email", q);
  add("orderName", q);
  if (!q.startsWith("#")) add("orderName", `#${q}`);
  add("customerName", q);
  add("customerName", titleCase(q));
  add("customerName", q.toLowerCase());
  return terms;
}

function termWhere(term: SearchTerm): Prisma.InvitationWhereInput {
  return { [term.field]: { gte: term.prefix, lt: term.prefix + MAX_CHAR } };
}

/**
 * Above this many matching rows a search is "common" and is answered by walking the shop's
 * rows newest first (matches are dense, a page fills quickly); below it, the matching ids
 * are collected from the field indexes and only those rows are read.
 */
export const SEARCH_CANDIDATE_LIMIT = 2000;
/** SQLite builds allow as few as 999 bound parameters per statement. */
const ID_SLICE = 500;

async function searchCandidates(db: Db, shop: string, terms: SearchTerm[]): Promise<number[] | "many"> {
  const ids = new Set<number>();
  for (const term of terms) {
    // No ORDER BY and no id condition: the only usable index is (shop, field), read alone.
    const rows = await db.invitation.findMany({
      where: { shop, ...termWhere(term) },
      select: { id: true },
      take: SEARCH_CANDIDATE_LIMIT + 1,
    });
    for (const row of rows) ids.add(row.id);
    if (ids.size > SEARCH_CANDIDATE_LIMIT) return "many";
  }
  return [...ids];
}

export async function listInvitations(db: Db, shop: string, filters: ListFilters): Promise<InvitationPage> {
  const where: Prisma.InvitationWhereInput = { shop };
  if (filters.status) where.status = filters.status;
  if (filters.from || filters.to) where.createdAt = { gte: filters.from, lt: filters.to };
  const idBound = filters.cursor !== undefined ? { lt: filters.cursor } : undefined;

  let rows: InvitationRow[];
  if (filters.q) {
    const terms = searchTerms(filters.q);
    const candidates = await searchCandidates(db, shop, terms);
    if (candidates === "many") {
      where.OR = terms.map(termWhere);
      if (idBound) where.id = idBound;
      rows = await db.invitation.findMany({ where, orderBy: { id: "desc" }, take: filters.limit + 1 });
    } else {
      const ids = candidates.filter((id) => filters.cursor === undefined || id < filters.cursor).sort((a, b) => b - a);
      rows = [];
      // Newest candidates first, in slices that stay under the database's parameter limit;
      // the other filters apply to each slice, so stop as soon as a page is full.
      for (let i = 0; i < ids.length && rows.length <= filters.limit; i += ID_SLICE) {
        const slice = ids.slice(i, i + ID_SLICE);
        rows.push(
          ...(await db.invitation.findMany({
            where: { ...where, id: { in: slice } },
            orderBy: { id: "desc" },
            take: filters.limit + 1 - rows.length,
          })),
        );
      }
    }
  } else {
    if (idBound) where.id = idBound;
    rows = await db.invitation.findMany({ where, orderBy: { id: "desc" }, take: filters.limit + 1 });
  }

  const page = rows.slice(0, filters.limit);
  const hasMore = rows.length > filters.limit;
  return {
    invitations: page.map(presentInvitation),
    nextCursor: hasMore && page.length > 0 ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}

/** "Recently invited customers": the shop's newest invitations. */
export async function recentInvitations(db: Db, shop: string, limit: number): Promise<InvitationJson[]> {
  const rows = await db.invitation.findMany({ where: { shop }, orderBy: { id: "desc" }, take: limit });
  return rows.map(presentInvitation);
}

export interface InvitationDetail {
  invitation: InvitationJson;
  events: EventJson[];
}

/** One invitation of this shop with its audit trail, oldest event first; null when not this shop's. */
export async function invitationDetail(db: Db, shop: string, id: number): Promise<InvitationDetail | null> {
  const row = await db.invitation.findFirst({
    where: { id, shop },
    include: { events: { orderBy: { id: "asc" } } },
  });
  if (!row) return null;
  const { events, ...invitation } = row;
  return { invitation: presentInvitation(invitation), events: events.map(presentEvent) };
}

export interface GuidanceItem {
  /** Stable code the admin page maps to a banner. */
  code: "cancelled_orders" | "paused" | "overdue_while_paused" | "failed" | "skipped_orders";
  count: number;
  /** One-click fixes that apply right now. */
  actions: string[];
}

export interface InvitationSummary {
  counts: Record<InvitationStatus, number> & { total: number };
  skippedOrders: { total: number; byReason: Record<string, number> };
  /** Queued invitations whose order was cancelled (R4: they stay; the guidance explains). */
  cancelledOrdersQueued: number;
  /** Queued invitations already due: what goes out as soon as sending resumes. */
  overdueQueued: number;
  failedReasons: { reason: string; count: number }[];
  lastBulkCancellation: { at: string; actor: string | null; count: number } | null;
  settings: { trigger: string; delayDays: number; paused: boolean; pausedAt: string | null; noticeEnabled: boolean };
  guidance: GuidanceItem[];
}

const TOP_FAILURE_REASONS = 5;

export async function invitationSummary(db: Db, shop: string, now: Date): Promise<InvitationSummary> {
  const [byStatus, skipped, cancelledOrdersQueued, overdueQueued, failed, shopRow, lastBulk] = await Promise.all([
    db.invitation.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
    db.order.groupBy({ by: ["skipReason"], where: { shop, skipReason: { not: null } }, _count: { _all: true } }),
    // (shop, orderCancelledAt) index: only the few rows whose order was cancelled are read.
    db.invitation.count({ where: { shop, orderCancelledAt: { not: null }, status: "queued" } }),
    db.invitation.count({ where: { shop, status: "queued", sendAt: { lte: now } } }),
    db.invitation.groupBy({
      by: ["lastError"],
      where: { shop, status: "failed" },
      _count: { _all: true },
      orderBy: { _count: { lastError: "desc" } },
      take: TOP_FAILURE_REASONS,
    }),
    db.shop.findUnique({ where: { domain: shop } }),
    db.bulkCancellation.findFirst({ where: { shop }, orderBy: { at: "desc" } }),
  ]);

  const counts = { queued: 0, sending: 0, sent: 0, failed: 0, canceled: 0, total: 0 };
  for (const row of byStatus) {
    if (row.status in counts) counts[row.status as InvitationStatus] = row._count._all;
    counts.total += row._count._all;
  }
  const byReason: Record<string, number> = {};
  for (const row of skipped) byReason[row.skipReason!] = row._count._all;
  const skippedTotal = Object.values(byReason).reduce((a, b) => a + b, 0);

  const settings = {
    trigger: shopRow?.trigger ?? "order_fulfilled",
    delayDays: shopRow?.delayDays ?? 7,
    paused: shopRow?.paused ?? false,
    pausedAt: shopRow?.pausedAt?.toISOString() ?? null,
    noticeEnabled: shopRow?.noticeEnabled ?? true,
  };

  const guidance: GuidanceItem[] = [];
  if (cancelledOrdersQueued > 0) {
    const actions = [settings.noticeEnabled ? "edit_notice" : "enable_notice"];
    // Fulfillment and delivery triggers already wait for dispatch (R4, suggestion 2).
    if (settings.trigger === "order_created") actions.push("switch_trigger_to_fulfillment");
    guidance.push({ code: "cancelled_orders", count: cancelledOrdersQueued, actions });
  }
  if (settings.paused) {
    guidance.push({ code: "paused", count: counts.queued, actions: ["resume_sending", "cancel_all_pending"] });
    if (overdueQueued > 0) guidance.push({ code: "overdue_while_paused", count: overdueQueued, actions: ["review_overdue"] });
  }
  if (counts.failed > 0) guidance.push({ code: "failed", count: counts.failed, actions: ["view_failed"] });
  if (skippedTotal > 0) guidance.push({ code: "skipped_orders", count: skippedTotal, actions: ["get_reviews"] });

  return {
    counts,
    skippedOrders: { total: skippedTotal, byReason },
    cancelledOrdersQueued,
    overdueQueued,
    failedReasons: failed.map((row) => ({ reason: row.lastError ?? "unknown", count: row._count._all })),
    lastBulkCancellation: lastBulk ? { at: lastBulk.at.toISOString(), actor: lastBulk.actor, count: lastBulk.count } : null,
    settings,
    guidance,
  };
}
