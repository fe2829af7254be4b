/**
 * Retention: a shop keeps customers' personal data on finished invitations (sent, failed,
 * canceled) for Shop.retentionDays (default 365), counted from when the invitation was sent
 * or last changed. After that it is anonymised the way customers/redact does it, but in
 * bulk: set-based statements over batches of ids, so a year of a busy shop is a handful of
 * statements, and each batch is its own short transaction so webhooks are not held up.
 */
import { DAY_MS } from "../../shared/dates.ts";
import cron from "node-cron";
import type { Db } from "../db/client.ts";
import { insertEvents } from "../db/queries/events.ts";
import {
  anonymiseExpiredDataRequests,
  anonymiseExpiredOrders,
  anonymiseRetainedInvitations,
  expireDataRequestExports,
  findExpiredInvitations,
  replaceRetainedEventDetails,
  retentionPeriods,
} from "../db/queries/retention.ts";
import { clearReportDiagnostics } from "../db/queries/delivery-reports.ts";
import type { Logger } from "../logger.ts";
import { deleteOutboxFiles } from "../mail/outbox-files.ts";

/**
 * A customer data export is for the merchant to download and pass on, not to keep: it is
 * deleted this many days after it was made, whatever the shop's retention (issue 13).
 */
export const EXPORT_DAYS = 30;
const BATCH = 2_000;

export interface RetentionResult {
  invitations: number;
  orders: number;
  dataRequests: number;
}

const RETENTION_NOTE = {
  reason: "retention",
  note: "Personal data removed automatically at the end of the shop's retention period.",
};
const SCRUBBED_DETAILS = JSON.stringify({ removed: "Personal data removed at the end of the retention period." });

/** Anonymises everything past its shop's retention period; safe to run at any time, any number of times. */
export async function anonymiseExpired(db: Db, now: Date, outboxDir?: string): Promise<RetentionResult> {
  const total: RetentionResult = { invitations: 0, orders: 0, dataRequests: 0 };
  // Grouping shops by their setting keeps every statement portable (no per-dialect date
  // arithmetic in SQL): the cutoff is computed here, once per distinct retention period.
  for (const retentionDays of await retentionPeriods(db)) {
    if (!(retentionDays > 0)) continue; // 0 or less would erase live data: treated as "not set"
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    total.invitations += await anonymiseInvitations(db, retentionDays, cutoff, now, outboxDir);
    total.orders += await anonymiseExpiredOrders(db, retentionDays, cutoff);
    total.dataRequests += await anonymiseExpiredDataRequests(db, retentionDays, cutoff);
  }
  total.dataRequests += await expireDataRequestExports(db, new Date(now.getTime() - EXPORT_DAYS * DAY_MS));
  return total;
}

async function anonymiseInvitations(db: Db, retentionDays: number, cutoff: Date, now: Date, outboxDir?: string): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await findExpiredInvitations(db, retentionDays, cutoff, BATCH);
    if (batch.length === 0) return done;
    const ids = batch.map((row) => Number(row.id));
    const anonymised = await db.transaction(async (tx) => {
      // Free text in event details may quote the address or the name: replaced when it does.
      await replaceRetainedEventDetails(tx, ids, SCRUBBED_DETAILS);
      // So may a bounce's diagnostic (issue 19).
      await clearReportDiagnostics(tx, ids);
      // Only rows still finished: one a customer's link put back in the queue in the
      // meantime keeps its data, and gets no "redacted" entry.
      const anonymised = await anonymiseRetainedInvitations(tx, ids);
      await insertEvents(
        tx,
        anonymised.map((row) => ({
          invitationId: Number(row.id),
          shop: row.shop,
          type: "redacted",
          actor: "system",
          at: now,
          details: RETENTION_NOTE,
        })),
      );
      return anonymised;
    });
    if (outboxDir) await deleteOutboxFilesOf(outboxDir, anonymised);
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
export function startRetentionJob(deps: {
  db: Db;
  logger: Logger;
  clock?: () => Date;
  schedule?: string;
  /** The outbox (no SMTP_URL): files of anonymised invitations are deleted too. */
  outboxDir?: string | undefined;
}): RetentionJob {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.logger.child({ job: "retention" });
  const run = async (): Promise<RetentionResult | null> => {
    try {
      const result = await anonymiseExpired(deps.db, clock(), deps.outboxDir);
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

/** The .eml files of these invitations (they quote the address and signed links). */
async function deleteOutboxFilesOf(dir: string, rows: readonly { id: number; shop: string }[]): Promise<void> {
  const byShop = new Map<string, number[]>();
  for (const row of rows) byShop.set(row.shop, [...(byShop.get(row.shop) ?? []), Number(row.id)]);
  for (const [shop, ids] of byShop) await deleteOutboxFiles(dir, shop, ids);
}
