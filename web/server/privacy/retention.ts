/**
 * Retention: a shop keeps customers' personal data on finished invitations (sent, failed,
 * canceled) for Shop.retentionDays (default 365), counted from when the invitation was sent
 * or last changed. After that it is anonymised the way customers/redact does it, but in
 * bulk: set-based statements over batches of ids, so a year of a busy shop is a handful of
 * statements, and each batch is its own short transaction so webhooks are not held up.
 */
import cron from "node-cron";
import { Prisma, type Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { inList } from "./footprint.ts";
import { PLACEHOLDER_LIKE } from "./scrub.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 2_000;

export interface RetentionResult {
  invitations: number;
  orders: number;
  dataRequests: number;
}

const RETENTION_NOTE = JSON.stringify({
  reason: "retention",
  note: "Personal data removed automatically at the end of the shop's retention period.",
});
const SCRUBBED_DETAILS = JSON.stringify({ removed: "Personal data removed at the end of the retention period." });

/** Anonymises everything past its shop's retention period; safe to run at any time, any number of times. */
export async function anonymiseExpired(db: Db, now: Date): Promise<RetentionResult> {
  const total: RetentionResult = { invitations: 0, orders: 0, dataRequests: 0 };
  // Grouping shops by their setting keeps every statement portable (no per-dialect date
  // arithmetic in SQL): the cutoff is computed here, once per distinct retention period.
  const periods = await db.shop.findMany({ distinct: ["retentionDays"], select: { retentionDays: true } });
  for (const { retentionDays } of periods) {
    if (!(retentionDays > 0)) continue; // 0 or less would erase live data: treated as "not set"
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const shops = Prisma.sql`SELECT "domain" FROM "Shop" WHERE "retentionDays" = ${retentionDays}`;
    total.invitations += await anonymiseInvitations(db, shops, cutoff, now);
    total.orders += await db.$executeRaw`
      UPDATE "Order"
      SET "email" = NULL, "customerName" = NULL, "customerId" = NULL, "locale" = NULL, "products" = NULL, "name" = NULL
      WHERE "shop" IN (${shops}) AND "updatedAt" < ${cutoff} AND "fallbackDueAt" IS NULL
        AND ("email" IS NOT NULL OR "customerName" IS NOT NULL OR "customerId" IS NOT NULL
             OR "locale" IS NOT NULL OR "products" IS NOT NULL OR "name" IS NOT NULL)
        AND NOT EXISTS (
          SELECT 1 FROM "Invitation" i
          WHERE i."shop" = "Order"."shop" AND i."orderId" = "Order"."orderId" AND i."status" IN ('queued', 'sending'))`;
    total.dataRequests += await db.$executeRaw`
      UPDATE "DataRequest" SET "export" = NULL, "email" = NULL, "customerId" = NULL
      WHERE "shop" IN (${shops}) AND "createdAt" < ${cutoff}
        AND ("export" IS NOT NULL OR "email" IS NOT NULL OR "customerId" IS NOT NULL)`;
  }
  return total;
}

async function anonymiseInvitations(db: Db, shops: Prisma.Sql, cutoff: Date, now: Date): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await db.$queryRaw<{ id: number | bigint }[]>`
      SELECT "id" FROM "Invitation"
      WHERE "shop" IN (${shops}) AND "status" IN ('sent', 'failed', 'canceled')
        AND COALESCE("sentAt", "updatedAt") < ${cutoff} AND "email" NOT LIKE ${PLACEHOLDER_LIKE}
      ORDER BY "id" LIMIT ${BATCH}`;
    if (batch.length === 0) return done;
    const ids = inList(batch.map((row) => Number(row.id)));
    await db.$transaction(async (tx) => {
      // Free text in event details may quote the address or the name: replaced when it does.
      await tx.$executeRaw`
        UPDATE "InvitationEvent" SET "details" = ${SCRUBBED_DETAILS}
        WHERE "invitationId" IN (${ids}) AND "details" IS NOT NULL
          AND ("details" LIKE '%@%' OR EXISTS (
            SELECT 1 FROM "Invitation" i
            WHERE i."id" = "InvitationEvent"."invitationId" AND i."customerName" IS NOT NULL
              AND "InvitationEvent"."details" LIKE '%' || i."customerName" || '%'))`;
      await tx.$executeRaw`
        INSERT INTO "InvitationEvent" ("invitationId", "shop", "type", "at", "actor", "details")
        SELECT "id", "shop", 'redacted', ${now}, 'system', ${RETENTION_NOTE} FROM "Invitation" WHERE "id" IN (${ids})`;
      // updatedAt is left alone: it still says when the invitation last changed for the merchant.
      await tx.$executeRaw`
        UPDATE "Invitation"
        SET "email" = 'redacted+' || "id" || '@invalid', "customerName" = NULL, "locale" = NULL,
            "products" = NULL, "orderName" = NULL,
            "lastError" = CASE WHEN "lastError" LIKE '%@%' THEN 'Error text removed with the personal data.' ELSE "lastError" END
        WHERE "id" IN (${ids}) AND "status" IN ('sent', 'failed', 'canceled')`;
    });
    done += batch.length;
    if (batch.length < BATCH) return done;
  }
}

export interface RetentionJob {
  /** One run now, as the schedule would do it (used by tests and by operators' scripts). */
  runNow(): Promise<RetentionResult | null>;
  stop(): Promise<void>;
}

/**
 * Runs anonymiseExpired daily (03:17 server time by default: away from the top of the hour
 * when other jobs tend to run). Every instance may run it; the statements are idempotent.
 */
export function startRetentionJob(deps: { db: Db; logger: Logger; clock?: () => Date; schedule?: string }): RetentionJob {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.logger.child({ job: "retention" });
  const run = async (): Promise<RetentionResult | null> => {
    try {
      const result = await anonymiseExpired(deps.db, clock());
      log.info(result, "retention: expired personal data anonymised");
      return result;
    } catch (error) {
      log.error({ err: error }, "retention run failed; the next scheduled run tries again");
      return null;
    }
  };
  const task = cron.schedule(deps.schedule ?? "17 3 * * *", run, { name: "retention", noOverlap: true });
  return {
    runNow: run,
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
