/**
 * Invitation statements behind the customer's links (web/server/customer): what the page
 * shows, and the "not received yet" postpone. Unsubscribing is in ./suppressions.ts.
 */
import type { Queryable } from "../client.ts";
import type { InvitationRow } from "../schema.ts";
import { sql } from "../sql.ts";

export type InvitationForCustomer = Pick<
  InvitationRow,
  "id" | "shop" | "email" | "status" | "sendAt" | "customerPostpones" | "orderName" | "locale"
>;

/** Ids are Int columns: 32-bit. */
const MAX_INT = 2_147_483_647;

export function findInvitationForCustomer(db: Queryable, id: number): Promise<InvitationForCustomer | undefined> {
  if (id > MAX_INT) return Promise.resolve(undefined); // a link for no invitation; PostgreSQL would refuse the parameter
  return db.one<InvitationForCustomer>(sql`SELECT "id", "shop", "email", "status", "sendAt", "customerPostpones", "orderName", "locale"
    FROM "Invitation" WHERE "id" = ${id}`);
}

/**
 * Moves the invitation to `sendAt` and counts the postpone, only if it is still in the state
 * the decision was made from (status and postpone count): a concurrent click or a dispatcher
 * claiming the row in between makes this change nothing (0). `requeue` puts a sent
 * invitation back in the queue with its attempts reset.
 */
export function postponeByCustomer(
  db: Queryable,
  seen: Pick<InvitationRow, "id" | "status" | "customerPostpones">,
  change: { sendAt: Date; requeue: boolean },
  now: Date,
): Promise<number> {
  const requeue = change.requeue ? sql`, "status" = 'queued', "attempts" = 0, "lastError" = NULL` : sql.empty;
  return db.run(sql`UPDATE "Invitation"
    SET "sendAt" = ${change.sendAt}, "customerPostpones" = ${seen.customerPostpones + 1}, "updatedAt" = ${now}${requeue}
    WHERE "id" = ${seen.id} AND "status" = ${seen.status} AND "customerPostpones" = ${seen.customerPostpones}`);
}
