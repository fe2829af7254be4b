/**
 * The retention job's bulk statements (web/server/privacy/retention.ts): personal data of a
 * shop's finished invitations, orders and data requests past the shop's retention period.
 * Shops are chosen by their setting (`retentionDays`) with the cutoff computed by the
 * caller, so no statement needs date arithmetic, which differs between the databases.
 */
import type { Queryable } from "../client.ts";
import type { InvitationRow } from "../schema.ts";
import { sql } from "../sql.ts";
import { PLACEHOLDER_LIKE } from "../../privacy/scrub.ts";
import { PLACEHOLDER_EMAIL } from "./privacy.ts";

/** The retention periods shops have set, each once. */
export async function retentionPeriods(db: Queryable): Promise<number[]> {
  const rows = await db.all<{ retentionDays: number }>(sql`SELECT DISTINCT "retentionDays" FROM "Shop"`);
  return rows.map((r) => Number(r.retentionDays));
}

function shopsKeeping(retentionDays: number) {
  return sql`SELECT "domain" FROM "Shop" WHERE "retentionDays" = ${retentionDays}`;
}

/** The next batch of finished, not yet anonymised invitations last changed (or sent) before the cutoff. */
export function findExpiredInvitations(
  db: Queryable,
  retentionDays: number,
  cutoff: Date,
  limit: number,
): Promise<Pick<InvitationRow, "id">[]> {
  return db.all(sql`SELECT "id" FROM "Invitation"
    WHERE "shop" IN (${shopsKeeping(retentionDays)}) AND "status" IN ('sent', 'failed', 'canceled', 'bounced')
      AND COALESCE("sentAt", "updatedAt") < ${cutoff} AND "email" NOT LIKE ${PLACEHOLDER_LIKE}
    ORDER BY "id" LIMIT ${limit}`);
}

/** Replaces the details of these invitations' events that quote an address or the customer's name. */
export function replaceRetainedEventDetails(db: Queryable, invitationIds: readonly number[], replacement: string) {
  if (!invitationIds.length) return Promise.resolve(0);
  return db.run(sql`UPDATE "InvitationEvent" SET "details" = ${replacement}
    WHERE "invitationId" IN (${sql.join(invitationIds)}) AND "details" IS NOT NULL
      AND ("details" LIKE '%@%' OR EXISTS (
        SELECT 1 FROM "Invitation" i
        WHERE i."id" = "InvitationEvent"."invitationId" AND i."customerName" IS NOT NULL
          AND "InvitationEvent"."details" LIKE '%' || i."customerName" || '%'))`);
}

/**
 * Anonymises those of these invitations that are still finished; returns them. updatedAt is
 * left alone: it still says when the invitation last changed for the merchant.
 */
export function anonymiseRetainedInvitations(db: Queryable, ids: readonly number[]): Promise<Pick<InvitationRow, "id" | "shop">[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.all(sql`UPDATE "Invitation"
    SET "email" = ${PLACEHOLDER_EMAIL}, "customerName" = NULL, "locale" = NULL,
        "products" = NULL, "orderName" = NULL,
        "lastError" = CASE WHEN "lastError" LIKE '%@%' THEN 'Error text removed with the personal data.' ELSE "lastError" END
    WHERE "id" IN (${sql.join(ids)}) AND "status" IN ('sent', 'failed', 'canceled', 'bounced')
    RETURNING "id", "shop"`);
}

/** Orders past the cutoff with nothing in flight (no fallback due, no queued or sending invitation). */
export function anonymiseExpiredOrders(db: Queryable, retentionDays: number, cutoff: Date): Promise<number> {
  return db.run(sql`UPDATE "Order"
    SET "email" = NULL, "customerName" = NULL, "customerId" = NULL, "locale" = NULL, "products" = NULL, "name" = NULL
    WHERE "shop" IN (${shopsKeeping(retentionDays)}) AND "updatedAt" < ${cutoff} AND "fallbackDueAt" IS NULL
      AND ("email" IS NOT NULL OR "customerName" IS NOT NULL OR "customerId" IS NOT NULL
           OR "locale" IS NOT NULL OR "products" IS NOT NULL OR "name" IS NOT NULL)
      AND NOT EXISTS (
        SELECT 1 FROM "Invitation" i
        WHERE i."shop" = "Order"."shop" AND i."orderId" = "Order"."orderId" AND i."status" IN ('queued', 'sending'))`);
}

/** Data requests made before the cutoff lose their export and the customer's identity. */
export function anonymiseExpiredDataRequests(db: Queryable, retentionDays: number, cutoff: Date): Promise<number> {
  return db.run(sql`UPDATE "DataRequest" SET "export" = NULL, "email" = NULL, "customerId" = NULL
    WHERE "shop" IN (${shopsKeeping(retentionDays)}) AND "createdAt" < ${cutoff}
      AND ("export" IS NOT NULL OR "email" IS NOT NULL OR "customerId" IS NOT NULL)`);
}

/** Every shop's exports made before the cutoff (EXPORT_DAYS): the export goes, the request stays on record. */
export function expireDataRequestExports(db: Queryable, cutoff: Date): Promise<number> {
  return db.run(sql`UPDATE "DataRequest" SET "export" = NULL WHERE "createdAt" < ${cutoff} AND "export" IS NOT NULL`);
}
