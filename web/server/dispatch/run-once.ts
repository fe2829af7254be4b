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
import { senderIdentities, type SenderIdentities, type SenderIdentityConfig } from "../deliverability/sender-identity.ts";
import type { Db } from "../db/client.ts";
import { findShopEmailSettings } from "../db/queries/dispatch.ts";
import { findSuppressions } from "../db/queries/suppressions.ts";
import { completeBulkCancellations } from "../invitations/cancel-all.ts";
import { createDueFallbackInvitations } from "../invitations/intake.ts";
import { maskEmail, type Logger } from "../logger.ts";
import { buildInvitationEmail, type ShopEmailSettings } from "../mail/message.ts";
import { checkForSending } from "../mail/sandbox.ts";
import { isPlaceholderEmail } from "../privacy/scrub.ts";
import { TemplateLimitError } from "../mail/templates.ts";
import type { MailTransport } from "../mail/transport.ts";
import { loadTriggerSettings } from "../shops/shops.ts";
import { claimDueInvitations, hasDueInvitations, releaseExpiredLeases, type ClaimedInvitation } from "./claim.ts";
import { classifyFailure, nextAttemptAt } from "./classify-failure.ts";
import { createRecorder, type Recorder } from "./complete.ts";
import { claimDueReminders, hasDueReminders, releaseExpiredReminders, type ClaimedReminderJob } from "./reminders.ts";

/** An invitation, or the one reminder of a sent invitation (issue 18), on the same send path. */
type Job = ClaimedInvitation | ClaimedReminderJob;
import { sendAhead, Slots } from "./slots.ts";
import { DAY_MS } from "../../shared/dates.ts";

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

type Outcome = "sent" | "reminded" | "retried" | "failed" | "suppressed";

/** What became of one send, and the write that records it (awaited per batch). */
interface SendResult {
  outcome: Outcome;
  recorded: Promise<void>;
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

interface PassContext extends DispatchDeps {
  clock: () => Date;
  linkKey: Buffer;
  shops: Map<string, ShopEmailSettings>;
  recorder: Recorder;
  sendAhead: Slots;
  /** Shops whose template went over a limit in this pass (issue 13). */
  brokenTemplates: Map<string, TemplateLimitError>;
  senders: SenderIdentities;
}

async function sendBatch(
  ctx: PassContext,
  batch: Job[],
  sendsDone: () => void,
): Promise<{ outcomes: Outcome[]; transportProblem?: string }> {
  const { db } = ctx;
  await loadShops(ctx, batch);
  const suppressed = await suppressedAddresses(db, batch);

  const startedAt = ctx.clock();
  // Never outlive the lease: past it, another dispatcher may take these rows and send them
  // again. One timer per batch (a signal per message cost more than the sending).
  const leaseLeft = Math.min(...batch.map((i) => i.leaseUntil.getTime())) - ctx.clock().getTime();
  const signal = AbortSignal.timeout(Math.max(1_000, Math.floor(leaseLeft * 0.8)));
  let transportProblem: string | undefined;
  const results = await Promise.all(
    batch.map(async (invitation): Promise<{ outcome: Outcome; recorded: Promise<void> }> => {
      const suppression = suppressed.get(suppressionKey(invitation.shop, invitation.email));
      if (suppression) {
        return { outcome: "suppressed", recorded: ctx.recorder.record({ kind: "suppressed", invitation, at: ctx.clock(), reason: suppression }) };
      }
      // An erased customer's sent invitation keeps only a placeholder: its reminder ends here.
      if ("reminder" in invitation && isPlaceholderEmail(invitation.email)) {
        const reason = "The customer's data was erased; no reminder was sent.";
        return { outcome: "suppressed", recorded: ctx.recorder.record({ kind: "suppressed", invitation, at: ctx.clock(), reason }) };
      }
      await ctx.sendAhead.acquire();
      try {
        const result = await sendOne(ctx, invitation, signal, startedAt);
        if (result.transportProblem) transportProblem ??= result.transportProblem;
        return result;
      } finally {
        ctx.sendAhead.release();
      }
    }),
  );
  // Every send of the batch is done: write their outcomes now, not after the gathering window.
  ctx.recorder.flush();
  sendsDone();
  await Promise.all(results.map((r) => r.recorded));
  const outcomes = results.map((r) => r.outcome);
  return transportProblem ? { outcomes, transportProblem } : { outcomes };
}

async function sendOne(
  ctx: PassContext,
  invitation: Job,
  signal: AbortSignal,
  startedAt: Date,
): Promise<SendResult> {
  const reminder = "reminder" in invitation;
  const { config } = ctx;
  const shop = ctx.shops.get(invitation.shop)!;
  let built: Awaited<ReturnType<typeof buildInvitationEmail>>;
  // One render of a template over its limits is enough: the shop's other invitations of
  // this pass fail with the same reason without costing the event loop another budget.
  const broken = ctx.brokenTemplates.get(invitation.shop);
  if (broken) return handleFailure(ctx, invitation, broken, startedAt);
  try {
    built = await buildInvitationEmail(invitation, shop, {
      appUrl: config.SHOPIFY_APP_URL,
      mailFrom: config.MAIL_FROM,
      linkKey: ctx.linkKey,
      postponeMax: config.CUSTOMER_POSTPONE_MAX,
      now: ctx.clock(),
      reminder,
    });
    built.email = ctx.senders.apply(built.email, invitation);
    await ctx.transport.send(built.email, { signal });
  } catch (error) {
    if (error instanceof TemplateLimitError) ctx.brokenTemplates.set(invitation.shop, error);
    return handleFailure(ctx, invitation, error, startedAt);
  }

  const { email, rendered } = built;
  if (rendered.templateFallback) {
    ctx.logger?.warn({ shop: invitation.shop, invitationId: invitation.id }, "stored template failed to render; default used");
  }
  const at = ctx.clock();
  const recorded = ctx.recorder.record({
    kind: "sent",
    invitation,
    startedAt,
    at,
    messageId: email.messageId,
    ...(rendered.templateFallback ? { details: { templateFallback: rendered.templateFallback } } : {}),
    // Issue 18: the shop's reminder setting when the invitation goes out decides its reminder.
    ...(!reminder && shop.reminderEnabled ? { remindAt: new Date(at.getTime() + (shop.reminderAfterDays ?? 7) * DAY_MS) } : {}),
  });
  return { outcome: reminder ? "reminded" : "sent", recorded };
}

function handleFailure(
  ctx: PassContext,
  invitation: Job,
  error: unknown,
  startedAt: Date,
): SendResult {
  const failure = classifyFailure(error);
  const at = ctx.clock();
  const e = error as { code?: string; responseCode?: number };
  ctx.logger?.warn(
    { invitationId: invitation.id, shop: invitation.shop, to: maskEmail(invitation.email), code: e?.code, responseCode: e?.responseCode, kind: failure.kind },
    "invitation send failed",
  );
  const transportProblem = failure.kind === "temporary" && failure.transport ? failure.reason : undefined;
  const withProblem = <T extends object>(value: T) => (transportProblem ? { ...value, transportProblem } : value);

  if (failure.kind === "temporary" && invitation.attempts < ctx.config.MAX_SEND_ATTEMPTS) {
    const nextAttempt = nextAttemptAt(at, invitation.attempts);
    const recorded = ctx.recorder.record({ kind: "retry", invitation, startedAt, at, nextAttemptAt: nextAttempt, reason: failure.reason });
    return withProblem({ outcome: "retried" as const, recorded });
  }
  const reason =
    failure.kind === "temporary"
      ? `Gave up after ${invitation.attempts} attempts. Last error: ${failure.reason}`
      : failure.reason;
  const recorded = ctx.recorder.record({ kind: "failed", invitation, startedAt, at, reason });
  return withProblem({ outcome: "failed" as const, recorded });
}

async function loadShops(ctx: PassContext, batch: Job[]): Promise<void> {
  const missing = [...new Set(batch.map((i) => i.shop))].filter((shop) => !ctx.shops.has(shop));
  if (missing.length === 0) return;
  await ctx.senders.load(ctx.db, missing);
  for (const row of await findShopEmailSettings(ctx.db, missing)) {
    ctx.shops.set(row.domain, row);
    // Issue 13: a shop's own template is checked in the sandbox before it is rendered here.
    const overLimit = await checkForSending(row);
    if (overLimit) ctx.brokenTemplates.set(row.domain, overLimit);
  }
}

function suppressionKey(shop: string, email: string): string {
  return `${shop}\n${email.trim().toLowerCase()}`;
}

/** (shop, address) → why it is suppressed. */
async function suppressedAddresses(db: Db, batch: Job[]): Promise<Map<string, string>> {
  const shops = [...new Set(batch.map((i) => i.shop))];
  const emails = [...new Set(batch.map((i) => i.email.trim().toLowerCase()))];
  const rows = await findSuppressions(db, shops, emails);
  return new Map(rows.map((row) => [suppressionKey(row.shop, row.email), row.reason]));
}
