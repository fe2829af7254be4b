/**
 * Clicks on the review link of an invitation email (issue 18), recorded by the app's own
 * redirect (web/server/customer/review-redirect.ts). The first click sets `clickedAt`; every
 * click adds one to `clicks`. Nothing about the click itself (address, browser) is kept.
 */
import type { Queryable } from "../client.ts";
import type { InvitationRow } from "../schema.ts";
import { sql } from "../sql.ts";

/** Ids are Int columns: 32-bit. */
const MAX_INT = 2_147_483_647;

export type InvitationForReview = Pick<
  InvitationRow,
  "id" | "shop" | "status" | "sendAt" | "sentAt" | "orderName" | "orderId" | "products" | "clickedAt" | "remindedAt" | "locale"
>;

export function findInvitationForReview(db: Queryable, id: number): Promise<InvitationForReview | undefined> {
  if (id > MAX_INT) return Promise.resolve(undefined);
  return db.one<InvitationForReview>(sql`SELECT "id", "shop", "status", "sendAt", "sentAt", "orderName", "orderId",
      "products", "clickedAt", "remindedAt", "locale"
    FROM "Invitation" WHERE "id" = ${id}`);
}

/**
 * The first click: one conditional statement, so two clicks at once record one first click.
 * Returns the row when this was the first, undefined when it was not.
 */
export function recordFirstClick(db: Queryable, id: number, at: Date) {
  return db.one<Pick<InvitationRow, "id" | "shop" | "sentAt" | "remindedAt">>(sql`UPDATE "Invitation"
    SET "clickedAt" = ${at}, "clicks" = "clicks" + 1
    WHERE "id" = ${id} AND "clickedAt" IS NULL
    RETURNING "id", "shop", "sentAt", "remindedAt"`);
}

/** A later click: counted, nothing else. */
export function countLaterClick(db: Queryable, id: number) {
  return db.run(sql`UPDATE "Invitation" SET "clicks" = "clicks" + 1 WHERE "id" = ${id}`);
}
