/**
 * "Get reviews": the merchant invites customers by hand, by email or from past orders. Each
 * one is a new `manual` invitation (autoOrderId null, so it never collides with the order's
 * automatic one). This is also the only way back for a customer whose invitation was
 * cancelled (R2): a new row, never a reactivated one.
 */
import { DAY_MS } from "../../shared/dates.ts";
import type { Db, Tx } from "../db/client.ts";
import { insertEvent } from "../db/queries/events.ts";
import { countAdded } from "../db/queries/invitation-counts.ts";
import { findPendingInvitationsOfOrders } from "../db/queries/invitation-lists.ts";
import { findInvitationById, findRecentlyInvitedEmails, insertInvitation } from "../db/queries/invitations.ts";
import { findShop } from "../db/queries/shops.ts";
import { storeProductLines, type ProductLine } from "./products.ts";
import { readSendWindow } from "./rules.ts";
import { nextOpenInstant } from "./send-window.ts";
import { takeFromQuota } from "../db/queries/invitation-quota.ts";
import { findSuppressions } from "../db/queries/suppressions.ts";
import type { InvitationRow } from "../db/schema.ts";
import { isBareAddress } from "../mail/addresses.ts";
import { erasedSuppressions, type ErasureKeys } from "../privacy/tombstones.ts";

export interface ManualInvitationInput {
  email: string;
  customerName: string | null;
  orderId: string | null;
  orderName: string | null;
  locale: string | null;
  products: ProductLine[] | null;
  orderCancelledAt: Date | null;
  sendAt: Date;
  /** How the merchant picked this customer, for the audit trail. */
  via: "email" | "order";
}

export type ManualInvitationResult =
  | { ok: true; invitations: InvitationRow[] }
  /** reasons: why, per address (unsubscribed, bounced, complained). */
  | { ok: false; problem: "suppressed"; message: string; emails: string[]; reasons: string[] }
  | { ok: false; problem: "already_queued"; message: string; invitationIds: string[] }
  | { ok: false; problem: "recently_invited"; message: string; emails: string[]; frequencyCapDays: number }
  | { ok: false; problem: "quota"; message: string; limit: number; retryAfterSeconds: number };

/** Not thrown: a value the caller turns into an answer (429 for the quota). */
class QuotaExceeded extends Error {}

// Deliberately plain: one "@", no spaces, a dot in the domain. The mail server is the judge
// of the rest; this catches typing mistakes before an invitation is queued.
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]{2,}$/;

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value) && isBareAddress(value);
}

export async function createManualInvitations(
  db: Db,
  input: {
    shop: string;
    actor: string;
    now: Date;
    invitations: ManualInvitationInput[];
    erasureKeys?: ErasureKeys;
    /** Invitations by email a shop may create per UTC day (MANUAL_INVITATIONS_PER_DAY). */
    dailyEmailQuota?: number;
    /** No date was given ("now"): moved into the shop's send window. */
    sendAtIsDefault?: boolean;
  },
): Promise<ManualInvitationResult> {
  const { shop } = input;
  const emails = [...new Set(input.invitations.map((i) => i.email.toLowerCase()))];
  const found = await findSuppressions(db, [shop], emails);
  const suppressed = found.map((s) => s.email);
  // An address that unsubscribed and was erased since is kept only as a hash (tombstones.ts).
  const erased = input.erasureKeys ? await erasedSuppressions(db, shop, emails, input.erasureKeys) : [];
  suppressed.push(...erased);
  if (suppressed.length > 0) {
    const rows = [...found, ...erased.map((email) => ({ email, reason: "unsubscribed" }))];
    return { ok: false, problem: "suppressed", emails: suppressed, reasons: rows.map((r) => r.reason), message: suppressedMessage(rows) };
  }

  // Issue 17: the shop's frequency cap holds for invitations by hand too, and an invitation
  // "now" (no date given) waits for the send window like every other.
  const shopRow = await findShop(db, shop);
  const capDays = shopRow?.frequencyCapDays ?? 0;
  if (capDays > 0) {
    const recent = await findRecentlyInvitedEmails(db, shop, emails, new Date(input.now.getTime() - capDays * DAY_MS));
    if (recent.size > 0) {
      const list = [...recent];
      return {
        ok: false,
        problem: "recently_invited",
        emails: list,
        frequencyCapDays: capDays,
        message:
          `${list.join(", ")} ${list.length === 1 ? "was" : "were"} invited by this store within the last ${capDays} days, ` +
          "so the frequency cap in Settings keeps them from being invited again yet.",
      };
    }
  }
  if (input.sendAtIsDefault && shopRow) {
    const window = readSendWindow(shopRow.sendWindow);
    for (const item of input.invitations) item.sendAt = nextOpenInstant(item.sendAt, window, shopRow.timezone);
  }

  // The same order twice in the queue would email the customer twice for one purchase.
  const orderIds = input.invitations.map((i) => i.orderId).filter((id): id is string => !!id);
  if (orderIds.length > 0) {
    const pending = await findPendingInvitationsOfOrders(db, shop, orderIds);
    if (pending.length > 0) {
      const names = pending.map((p) => p.orderName ?? p.orderId).join(", ");
      return {
        ok: false,
        problem: "already_queued",
        invitationIds: pending.map((p) => String(p.id)),
        message: `Order ${names} already has an invitation waiting to be sent; change its delivery date instead of inviting again.`,
      };
    }
  }

  // No relay: invitations by email (not checked against a Shopify order) count against the
  // shop's daily quota, taken in the same transaction as the invitations are created.
  const byEmail = input.invitations.filter((i) => i.via === "email").length;
  const quota = input.dailyEmailQuota;
  const day = input.now.toISOString().slice(0, 10);

  let created: InvitationRow[];
  try {
    created = await db.transaction(async (tx) => {
      if (quota !== undefined && byEmail > 0 && (await takeFromQuota(tx, shop, day, byEmail, quota)) === null) throw new QuotaExceeded();
      return insertAll(tx);
    });
  } catch (error) {
    if (!(error instanceof QuotaExceeded)) throw error;
    const tomorrow = Date.parse(`${day}T00:00:00Z`) + DAY_MS;
    return {
      ok: false,
      problem: "quota",
      limit: quota!,
      retryAfterSeconds: Math.max(1, Math.ceil((tomorrow - input.now.getTime()) / 1000)),
      message:
        `This store can invite at most ${quota} customers by email per day, and today's are used up. ` +
        "Invite more after midnight (UTC); invitations from orders are not limited.",
    };
  }
  return { ok: true, invitations: created };

  async function insertAll(tx: Tx): Promise<InvitationRow[]> {
    const rows: InvitationRow[] = [];
    for (const item of input.invitations) {
      const { id } = await insertInvitation(tx, {
        shop,
        autoOrderId: null,
        orderId: item.orderId,
        orderName: item.orderName,
        email: item.email,
        customerName: item.customerName,
        locale: item.locale,
        products: storeProductLines(item.products),
        sendAt: item.sendAt,
        source: "manual",
        orderCancelledAt: item.orderCancelledAt,
      }, input.now);
      await insertEvent(tx, {
        invitationId: id,
        shop,
        type: "created",
        actor: input.actor,
        at: input.now,
        details: { source: "manual", via: item.via, staffUser: input.actor, sendAt: item.sendAt.toISOString() },
      });
      rows.push((await findInvitationById(tx, id))!);
    }
    await countAdded(tx, rows);
    return rows;
  }
}

/** Why each address can't be invited, in the merchant's words (issue 19 adds bounces and complaints). */
function suppressedMessage(rows: readonly { email: string; reason: string }[]): string {
  const by = (reason: string) => rows.filter((r) => r.reason === reason).map((r) => r.email);
  const parts: string[] = [];
  const one = (list: string[]) => (list.length === 1 ? "this customer" : "these customers");
  const unsubscribed = by("unsubscribed");
  if (unsubscribed.length > 0) parts.push(`${unsubscribed.join(", ")} unsubscribed from this store's review invitations, so ${one(unsubscribed)} can't be invited again.`);
  const bounced = by("bounced");
  if (bounced.length > 0) {
    parts.push(`${bounced.join(", ")} bounced: the receiving mail server said ${bounced.length === 1 ? "this mailbox does" : "these mailboxes do"} not exist, so nothing more is sent there.`);
  }
  const complained = by("complained");
  if (complained.length > 0) parts.push(`${complained.join(", ")} reported an earlier invitation as spam, so ${one(complained)} can't be invited again.`);
  return parts.join(" ");
}
