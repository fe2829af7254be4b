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
import type { Queryable } from "../db/client.ts";
import { findLastBulkCancellation } from "../db/queries/bulk-cancellations.ts";
import { listEvents } from "../db/queries/events.ts";
import { readInvitationCounts } from "../db/queries/invitation-counts.ts";
import {
  countQueuedDueAfter,
  countQueuedOfCancelledOrders,
  countSkippedOrdersByReason,
  findIdsInPrefixRange,
  findShopInvitation,
  listInvitationRows,
  listInvitationStatusesOfOrders,
  topFailureReasons,
  type InvitationListWhere,
  type PrefixRange,
  type SearchField,
} from "../db/queries/invitation-lists.ts";
import { findShop } from "../db/queries/shops.ts";
import type { InvitationEventRow, InvitationRow } from "../db/schema.ts";
import { invitationFunnel, type InvitationFunnel } from "./funnel.ts";

import type { InvitationStatus } from "../../shared/domain.ts";

export { INVITATION_STATUSES, type InvitationStatus } from "../../shared/domain.ts";

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
  invitations: InvitationRow[];
  /** The last id of this page when there are more (the next page's cursor), else null. */
  nextCursor: number | null;
}

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

function termRange(term: SearchTerm): PrefixRange {
  return { field: term.field, from: term.prefix, until: term.prefix + MAX_CHAR };
}

/**
 * Above this many matching rows a search is "common" and is answered by walking the shop's
 * rows newest first (matches are dense, a page fills quickly); below it, the matching ids
 * are collected from the field indexes and only those rows are read.
 */
export const SEARCH_CANDIDATE_LIMIT = 2000;
/** SQLite builds allow as few as 999 bound parameters per statement. */
const ID_SLICE = 500;

async function searchCandidates(db: Queryable, shop: string, terms: SearchTerm[]): Promise<number[] | "many"> {
  const ids = new Set<number>();
  for (const term of terms) {
    for (const id of await findIdsInPrefixRange(db, shop, termRange(term), SEARCH_CANDIDATE_LIMIT + 1)) ids.add(id);
    if (ids.size > SEARCH_CANDIDATE_LIMIT) return "many";
  }
  return [...ids];
}

export async function listInvitations(db: Queryable, shop: string, filters: ListFilters): Promise<InvitationPage> {
  const where: InvitationListWhere = { status: filters.status, from: filters.from, to: filters.to };
  const take = filters.limit + 1;

  let rows: InvitationRow[];
  if (filters.q) {
    const terms = searchTerms(filters.q);
    const candidates = await searchCandidates(db, shop, terms);
    if (candidates === "many") {
      rows = await listInvitationRows(db, shop, { ...where, anyOf: terms.map(termRange), beforeId: filters.cursor }, take);
    } else {
      const ids = candidates.filter((id) => filters.cursor === undefined || id < filters.cursor).sort((a, b) => b - a);
      rows = [];
      // Newest candidates first, in slices that stay under the database's parameter limit;
      // the other filters apply to each slice, so stop as soon as a page is full.
      for (let i = 0; i < ids.length && rows.length <= filters.limit; i += ID_SLICE) {
        rows.push(...(await listInvitationRows(db, shop, { ...where, ids: ids.slice(i, i + ID_SLICE) }, take - rows.length)));
      }
    }
  } else {
    rows = await listInvitationRows(db, shop, { ...where, beforeId: filters.cursor }, take);
  }

  const page = rows.slice(0, filters.limit);
  const hasMore = rows.length > filters.limit;
  return {
    invitations: page,
    nextCursor: hasMore && page.length > 0 ? Number(page[page.length - 1]!.id) : null,
  };
}

/** "Recently invited customers": the shop's newest invitations. */
export function recentInvitations(db: Queryable, shop: string, limit: number): Promise<InvitationRow[]> {
  return listInvitationRows(db, shop, {}, limit);
}

/** Whether the invitation is this shop's (another shop's ids answer 404, as unknown ones). */
export { invitationExists } from "../db/queries/invitation-lists.ts";

/** The invitations of these orders (id, order, status), newest first: the Get reviews picker's marks. */
export function invitationsOfOrders(db: Queryable, shop: string, orderIds: readonly string[]) {
  return listInvitationStatusesOfOrders(db, shop, orderIds);
}

export interface InvitationDetail {
  invitation: InvitationRow;
  events: InvitationEventRow[];
}

/** One invitation of this shop with its audit trail, oldest event first; null when not this shop's. */
export async function invitationDetail(db: Queryable, shop: string, id: number): Promise<InvitationDetail | null> {
  const invitation = await findShopInvitation(db, shop, id);
  if (!invitation) return null;
  return { invitation, events: await listEvents(db, shop, id) };
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
  /** Issue 18: sent → clicked → reminded, last 30/90 days and by week. */
  funnel: InvitationFunnel;
}

const TOP_FAILURE_REASONS = 5;

export async function invitationSummary(db: Queryable, shop: string, now: Date): Promise<InvitationSummary> {
  // Per-status counts are counters kept with every status change: a few rows whatever the
  // shop's size. Overdue = queued minus those not due yet (a few days' worth).
  const [byStatus, skipped, cancelledOrdersQueued, queuedNotDue, failed, shopRow, lastBulk, funnel] = await Promise.all([
    readInvitationCounts(db, shop),
    countSkippedOrdersByReason(db, shop),
    countQueuedOfCancelledOrders(db, shop),
    countQueuedDueAfter(db, shop, now),
    topFailureReasons(db, shop, TOP_FAILURE_REASONS),
    findShop(db, shop),
    findLastBulkCancellation(db, shop),
    invitationFunnel(db, shop, now),
  ]);

  const counts = { queued: 0, sending: 0, sent: 0, failed: 0, canceled: 0, bounced: 0, total: 0 };
  for (const [status, n] of Object.entries(byStatus)) {
    if (status in counts) counts[status as InvitationStatus] = n;
    counts.total += n;
  }
  const overdueQueued = Math.max(0, counts.queued - queuedNotDue);
  const byReason: Record<string, number> = {};
  for (const row of skipped) byReason[row.skipReason] = row.n;
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
    failedReasons: failed.map((row) => ({ reason: row.lastError ?? "unknown", count: row.n })),
    lastBulkCancellation: lastBulk ? { at: lastBulk.at.toISOString(), actor: lastBulk.actor, count: lastBulk.count } : null,
    settings,
    guidance,
    funnel,
  };
}
