/**
 * One dispatch pass: plain and testable (the clock is injected; cron only calls this).
 *
 *   1. create invitations whose delivered-trigger fallback is due (invitations/intake.ts)
 *   2. give back the claims of dispatchers that died (lease expired)
 *   3. if anything is due, check the transport once (an SMTP outage touches no invitation)
 *   4. claim a fair batch, send it, record each outcome; repeat until nothing is due
 *
 * No interactive transaction anywhere: claims are single statements and outcomes are
 * grouped into short write-only transactions (complete.ts), so a dispatcher holds no
 * database lock while it talks to the mail server and never makes another process wait.
 */
import { customerLinkKey } from "../customer/links.ts";
import { senderIdentities, type SenderIdentityConfig } from "../deliverability/sender-identity.ts";
import type { Db } from "../db/client.ts";
import { completeBulkCancellations } from "../invitations/cancel-all.ts";
import { createDueFallbackInvitations } from "../invitations/intake.ts";
import type { Logger } from "../logger.ts";
import type { MailTransport } from "../mail/transport.ts";
import { loadTriggerSettings } from "../shops/shops.ts";
import { claimDueInvitations, hasDueInvitations, releaseExpiredLeases } from "./claim.ts";
import { classifyFailure } from "./classify-failure.ts";
import { createRecorder } from "./complete.ts";
import { claimDueReminders, hasDueReminders, releaseExpiredReminders } from "./reminders.ts";
import { sendBatch, type Job, type PassContext } from "./send-batch.ts";
import { sendAhead, Slots } from "./slots.ts";

/** With SenderIdentityConfig: the shop's verified sender domain, DKIM keys, VERP (issue 19). */
export interface DispatchConfig extends SenderIdentityConfig {
  SHOPIFY_APP_URL: string;
  SHOPIFY_API_SECRET: string;
  MAIL_FROM: string;
  DISPATCH_BATCH_SIZE: number;
  MAX_SEND_ATTEMPTS: number;
  LEASE_SECONDS: number;
  CUSTOMER_POSTPONE_MAX: number;
  /** The transport's connections (sizes how many messages are rendered ahead of them). */
  SMTP_MAX_CONNECTIONS?: number;
}

import type { ProductCatalog } from "../shopify-admin/product-details.ts";

export interface DispatchDeps {
  db: Db;
  transport: MailTransport;
  config: DispatchConfig;
  clock?: () => Date;
  logger?: Logger;
  /** Asked before every claim: true stops claiming; what is in flight finishes. */
  shouldStop?: () => boolean;
  /** Stop after this many batches (tests of fairness). */
  maxBatches?: number;
  /** Products' handles and images from the Admin API, for lines a webhook left without (issue 18). */
  productCatalog?: ProductCatalog;
}

export interface PassSummary {
  fallbackCreated: number;
  leasesExpired: number;
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  suppressed: number;
  /** Reminders sent (issue 18); their failures count under retried/failed/suppressed. */
  reminded: number;
  batches: number;
  /** Why nothing more was sent this pass, when the transport is the reason. */
  transportProblem?: string;
}

const EMPTY: PassSummary = {
  fallbackCreated: 0,
  leasesExpired: 0,
  claimed: 0,
  sent: 0,
  retried: 0,
  failed: 0,
  suppressed: 0,
  reminded: 0,
  batches: 0,
};

export async function runOnce(deps: DispatchDeps): Promise<PassSummary> {
  const { db, transport, config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const summary: PassSummary = { ...EMPTY };
  const shouldStop = deps.shouldStop ?? (() => false);

  try {
    summary.fallbackCreated = await createDueFallbackInvitations(db, loadTriggerSettings, clock());
  } catch (error) {
    // The fallback sweep is retried next pass; it must not keep due invitations waiting.
    deps.logger?.error({ err: error }, "delivered-trigger fallback sweep failed");
  }

  try {
    // A "cancel all pending" whose process stopped before its rows were all written: the
    // shop is held back from sending until they are (invitations/cancel-all.ts).
    const finished = await completeBulkCancellations(db);
    if (finished > 0) deps.logger?.info({ canceled: finished }, "finished writing a cancel-all");
  } catch (error) {
    deps.logger?.error({ err: error }, "finishing a cancel-all failed; retried next pass");
  }

  const released = await releaseExpiredLeases(db, clock(), config.MAX_SEND_ATTEMPTS);
  summary.leasesExpired = released.requeued.length + released.gaveUp.length;
  summary.failed += released.gaveUp.length;
  summary.leasesExpired += await releaseExpiredReminders(db, clock(), config.MAX_SEND_ATTEMPTS);

  if (!(await hasDueInvitations(db, clock())) && !(await hasDueReminders(db, clock()))) return summary;
  try {
    await transport.verify();
  } catch (error) {
    summary.transportProblem = classifyFailure(error).reason;
    deps.logger?.warn({ transport: transport.description, problem: summary.transportProblem }, "mail transport unavailable; nothing claimed");
    return summary;
  }

  const context: PassContext = {
    ...deps,
    clock,
    linkKey: customerLinkKey(config.SHOPIFY_API_SECRET),
    shops: new Map(),
    recorder: createRecorder(db, deps.logger),
    sendAhead: new Slots(sendAhead(config.SMTP_MAX_CONNECTIONS ?? 5)),
    brokenTemplates: new Map(),
    senders: senderIdentities(config, deps.logger),
  };
  // Both batches in flight must fit in half a lease even at the rate limit, or the tail
  // would be reclaimed (and sent twice) while still waiting in the transport's queue.
  const limit = transport.ratePerSecond > 0
    ? Math.max(1, Math.min(config.DISPATCH_BATCH_SIZE, Math.floor((transport.ratePerSecond * config.LEASE_SECONDS) / 4)))
    : config.DISPATCH_BATCH_SIZE;

  // Two batches in flight: the next one is claimed and rendered while the transport still
  // sends the last, so its connections never sit idle at a batch boundary. A batch counts
  // as in flight until its sends are done, not its writes: the next claim then goes out
  // together with the batch's last outcomes (on SQLite, one commit for both).
  const inFlight = new Set<Promise<void>>();
  const sending = new Set<Promise<void>>();
  let batchFailure: { error: unknown } | undefined;
  try {
    while (!batchFailure && !summary.transportProblem && !shouldStop() && (deps.maxBatches === undefined || summary.batches < deps.maxBatches)) {
      if (sending.size >= 2) {
        await Promise.race(sending);
        continue;
      }
      const now = clock();
      const claim = { now, leaseUntil: new Date(now.getTime() + config.LEASE_SECONDS * 1000), limit };
      // Invitations first; reminders (issue 18) when no invitation is due.
      let batch: Job[] = await claimDueInvitations(db, claim);
      if (batch.length === 0) batch = await claimDueReminders(db, claim);
      if (batch.length === 0) break;
      summary.batches++;
      summary.claimed += batch.length;
      let sendsDone!: () => void;
      const sends: Promise<void> = new Promise<void>((resolve) => (sendsDone = resolve)).finally(() => sending.delete(sends));
      sending.add(sends);
      const work: Promise<void> = sendBatch(context, batch, sendsDone)
        .then(({ outcomes, transportProblem }) => {
          for (const outcome of outcomes) summary[outcome]++;
          if (transportProblem) summary.transportProblem ??= transportProblem;
        })
        // Kept, not thrown here: a rejection nobody awaits yet would crash the process.
        // The batch's rows stay `sending` until their lease expires; nothing is lost.
        .catch((error: unknown) => {
          batchFailure ??= { error };
        })
        .finally(() => {
          sendsDone();
          inFlight.delete(work);
        });
      inFlight.add(work);
    }
  } finally {
    // Even if a claim failed (database gone), what was sent is recorded before we return.
    await Promise.allSettled(inFlight);
  }
  if (batchFailure) throw batchFailure.error;
  if (summary.claimed > 0 || summary.leasesExpired > 0 || summary.fallbackCreated > 0) {
    deps.logger?.info({ ...summary }, "dispatch pass");
  }
  return summary;
}
