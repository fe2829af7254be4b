/**
 * "Get reviews", complete (issue 17): invite the customers of many past orders found by a
 * search and a date range, or of a CSV file (`email,name,order`). Each candidate becomes a
 * new `manual` invitation (R2: never a reactivated one) or is skipped with the reason, and
 * the caller reports both.
 *
 * The shop's rules apply to these orders as to every other (R3): the exclusion rules, test
 * orders, unsubscribes, the frequency cap, and the send window for the delivery time. An
 * order that already has an invitation (other than a cancelled one) is skipped, so running
 * the same import twice invites nobody twice (idempotent per order). The customer's
 * language is the order's (`customerLocale`); a CSV row has none, so the shop's default.
 */
import type { Db, Tx } from "../db/client.ts";
import { insertEvents } from "../db/queries/events.ts";
import { countAdded } from "../db/queries/invitation-counts.ts";
import { takeFromQuota } from "../db/queries/invitation-quota.ts";
import { findInvitedOrders, findRecentlyInvitedEmails, insertInvitation } from "../db/queries/invitations.ts";
import { findShop } from "../db/queries/shops.ts";
import { findSuppressions } from "../db/queries/suppressions.ts";
import { erasedSuppressions, type ErasureKeys } from "../privacy/tombstones.ts";
import { isValidEmail } from "./manual.ts";
import { storeProductLines, type ProductLine } from "./products.ts";
import { excludedBy, rulesOf, type ExclusionReason, type InvitationRules, type OrderAttributes } from "./rules.ts";
import { nextOpenInstant } from "./send-window.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export type GetReviewsSkip =
  | "no_email"
  | "invalid_email"
  | "test_order"
  | ExclusionReason
  | "already_invited"
  | "unsubscribed"
  | "recently_invited"
  | "duplicate"
  | "daily_quota";

/** One customer to invite, from an order found in Shopify or a CSV row. */
export interface Candidate {
  email: string | null;
  customerName: string | null;
  orderId: string | null;
  orderName: string | null;
  locale: string | null;
  products: ProductLine[] | null;
  orderCancelledAt: Date | null;
  test: boolean;
  /** Only orders read from Shopify have them; a CSV row is judged by its address alone. */
  attributes: OrderAttributes | null;
  via: "order" | "email";
}

export type CandidateOutcome =
  | { status: "created"; invitationId: string; sendAt: string }
  | { status: "skipped"; reason: GetReviewsSkip };

export interface GetReviewsRun {
  shop: string;
  actor: string;
  now: Date;
  /** The merchant's date; null = now, moved into the send window. */
  sendAt: Date | null;
  /** How the audit trail names the run: "search" or "csv". */
  batch: "search" | "csv";
  erasureKeys?: ErasureKeys;
  /** MANUAL_INVITATIONS_PER_DAY, for candidates by email. */
  dailyEmailQuota?: number;
}

/** State kept across the pages of one run: duplicates inside the run are caught too. */
export interface RunState {
  rules: InvitationRules;
  inviteTestOrders: boolean;
  sendAt: Date;
  orders: Set<string>;
  emails: Set<string>;
  pairs: Set<string>;
}

export async function startRun(db: Db, run: GetReviewsRun): Promise<RunState> {
  const shop = await findShop(db, run.shop);
  const rules = shop ? rulesOf(shop) : rulesOf({ sendWindow: null, countryDelays: null, exclusions: null, frequencyCapDays: 30, timezone: "UTC" });
  return {
    rules,
    inviteTestOrders: shop?.inviteTestOrders ?? false,
    sendAt: run.sendAt ?? nextOpenInstant(run.now, rules.schedule.sendWindow, rules.schedule.timezone),
    orders: new Set(),
    emails: new Set(),
    pairs: new Set(),
  };
}

/** Judges and creates one batch (a page of orders, a slice of the file) in one transaction. */
export function inviteBatch(db: Db, run: GetReviewsRun, state: RunState, candidates: Candidate[]): Promise<CandidateOutcome[]> {
  return db.transaction((tx) => judgeAndCreate(tx, run, state, candidates));
}

async function judgeAndCreate(tx: Tx, run: GetReviewsRun, state: RunState, candidates: Candidate[]): Promise<CandidateOutcome[]> {
  const { shop } = run;
  const outcomes: (CandidateOutcome | null)[] = candidates.map((c) => {
    if (!c.email) return { status: "skipped", reason: "no_email" };
    if (!isValidEmail(c.email)) return { status: "skipped", reason: c.via === "order" ? "no_email" : "invalid_email" };
    if (c.test && !state.inviteTestOrders) return { status: "skipped", reason: "test_order" };
    if (c.attributes) {
      const excluded = excludedBy(c.attributes, state.rules.exclusions);
      if (excluded) return { status: "skipped", reason: excluded };
    }
    return null;
  });

  const open = candidates.filter((_, i) => outcomes[i] === null);
  const emails = [...new Set(open.map((c) => c.email!.toLowerCase()))];
  const orderIds = open.map((c) => c.orderId).filter((id): id is string => !!id);
  const capDays = state.rules.frequencyCapDays;
  // One after the other: a transaction is one connection.
  const invited = await findInvitedOrders(tx, shop, orderIds);
  const suppressedRows = await findSuppressions(tx, [shop], emails);
  const erased = run.erasureKeys ? await erasedSuppressions(tx, shop, emails, run.erasureKeys) : [];
  const recent = capDays > 0 ? await findRecentlyInvitedEmails(tx, shop, emails, new Date(run.now.getTime() - capDays * DAY_MS)) : new Set<string>();
  const suppressed = new Set([...suppressedRows.map((s) => s.email.toLowerCase()), ...erased.map((e) => e.toLowerCase())]);

  const created: { id: number; shop: string; status: string }[] = [];
  const events = [];
  for (let i = 0; i < candidates.length; i++) {
    if (outcomes[i] !== null) continue;
    const c = candidates[i]!;
    const email = c.email!.trim();
    const key = email.toLowerCase();
    const pair = `${key}\n${c.orderId ?? c.orderName ?? ""}`;
    const skip = (reason: GetReviewsSkip) => (outcomes[i] = { status: "skipped", reason });
    if ((c.orderId && state.orders.has(c.orderId)) || state.pairs.has(pair)) { skip("duplicate"); continue; }
    if (c.orderId && invited.has(c.orderId)) { skip("already_invited"); continue; }
    if (suppressed.has(key)) { skip("unsubscribed"); continue; }
    if (capDays > 0 && (recent.has(key) || state.emails.has(key))) { skip("recently_invited"); continue; }
    if (c.via === "email" && run.dailyEmailQuota !== undefined) {
      const day = run.now.toISOString().slice(0, 10);
      if ((await takeFromQuota(tx, shop, day, 1, run.dailyEmailQuota)) === null) { skip("daily_quota"); continue; }
    }
    const { id } = await insertInvitation(tx, {
      shop,
      autoOrderId: null,
      orderId: c.orderId,
      orderName: c.orderName,
      email,
      customerName: c.customerName,
      locale: c.locale,
      products: storeProductLines(c.products),
      sendAt: state.sendAt,
      source: "manual",
      orderCancelledAt: c.orderCancelledAt,
    }, run.now);
    events.push({
      invitationId: id,
      shop,
      type: "created" as const,
      actor: run.actor,
      at: run.now,
      details: { source: "manual", via: c.via, batch: run.batch, staffUser: run.actor, sendAt: state.sendAt.toISOString() },
    });
    created.push({ id, shop, status: "queued" });
    if (c.orderId) state.orders.add(c.orderId);
    state.emails.add(key);
    state.pairs.add(pair);
    outcomes[i] = { status: "created", invitationId: String(id), sendAt: state.sendAt.toISOString() };
  }
  await insertEvents(tx, events);
  await countAdded(tx, created);
  return outcomes as CandidateOutcome[];
}
