/**
 * "Get reviews": the merchant invites customers by hand, by email or from past orders. Each
 * one is a new `manual` invitation (autoOrderId null, so it never collides with the order's
 * automatic one). This is also the only way back for a customer whose invitation was
 * cancelled (R2): a new row, never a reactivated one.
 */
import type { Db } from "../db/client.ts";
import { appendEvent } from "../invitations/events.ts";
import type { InvitationRow } from "./present.ts";

export interface ManualInvitationInput {
  email: string;
  customerName: string | null;
  orderId: string | null;
  orderName: string | null;
  locale: string | null;
  products: string[] | null;
  orderCancelledAt: Date | null;
  sendAt: Date;
  /** How the merchant picked this customer, for the audit trail. */
  via: "email" | "order";
}

export type ManualInvitationResult =
  | { ok: true; invitations: InvitationRow[] }
  | { ok: false; problem: "suppressed"; message: string; emails: string[] }
  | { ok: false; problem: "already_queued"; message: string; invitationIds: string[] };

// Deliberately plain: one "@", no spaces, a dot in the domain. The mail server is the judge
// of the rest; this catches typing mistakes before an invitation is queued.
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[^\s@"<>(),;:\\[\]]{2,}$/;

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export async function createManualInvitations(
  db: Db,
  input: { shop: string; actor: string; now: Date; invitations: ManualInvitationInput[] },
): Promise<ManualInvitationResult> {
  const { shop } = input;
  const emails = [...new Set(input.invitations.map((i) => i.email.toLowerCase()))];
  const suppressed = await db.suppression.findMany({ where: { shop, email: { in: emails } }, select: { email: true } });
  if (suppressed.length > 0) {
    const list = suppressed.map((s) => s.email);
    return {
      ok: false,
      problem: "suppressed",
      emails: list,
      message: `${list.join(", ")} unsubscribed from this store's review invitations, so ${list.length === 1 ? "this customer" : "these customers"} can't be invited again.`,
    };
  }

  // The same order twice in the queue would email the customer twice for one purchase.
  const orderIds = input.invitations.map((i) => i.orderId).filter((id): id is string => !!id);
  if (orderIds.length > 0) {
    const pending = await db.invitation.findMany({
      where: { shop, orderId: { in: orderIds }, status: { in: ["queued", "sending"] } },
      select: { id: true, orderName: true, orderId: true, sendAt: true },
    });
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

  const created = await db.$transaction(async (tx) => {
    const rows: InvitationRow[] = [];
    for (const item of input.invitations) {
      const row = await tx.invitation.create({
        data: {
          shop,
          autoOrderId: null,
          orderId: item.orderId,
          orderName: item.orderName,
          email: item.email,
          customerName: item.customerName,
          locale: item.locale,
          products: item.products && item.products.length > 0 ? JSON.stringify(item.products) : null,
          status: "queued",
          sendAt: item.sendAt,
          source: "manual",
          orderCancelledAt: item.orderCancelledAt,
          createdAt: input.now,
        },
      });
      await appendEvent(tx, row, "created", input.actor, {
        source: "manual",
        via: item.via,
        staffUser: input.actor,
        sendAt: item.sendAt.toISOString(),
      }, input.now);
      rows.push(row);
    }
    return rows;
  });
  return { ok: true, invitations: created };
}
