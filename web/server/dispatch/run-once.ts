/**
 * One dispatch pass: plain and testable (the clock is injected; cron only calls this).
 *
 *   1. create invitations whose delivered-trigger fallback is due (invitations/intake.ts)
 *   2. give back the claims of dispatchers that died (lease expired)
 *   3. if anything is due, check the transport once (an SMTP outage touches no invitation)
 *   4. claim a fair batch, send it, record each outcome; repeat until nothing is due
 *
 * Every write here is a single statement, never an interactive transaction: a dispatcher
 * holds no database lock while it talks to the mail server, and on SQLite a second process
 * is never made to wait on one.
 */
import { customerLinkKey } from "../customer/links.ts";
import type { Db } from "../db/client.ts";
import { appendEvent } from "../invitations/events.ts";
import { createDueFallbackInvitations } from "../invitations/intake.ts";
import { maskEmail, type Logger } from "../logger.ts";
import { buildInvitationEmail, type ShopEmailSettings } from "../mail/message.ts";
import type { MailTransport } from "../mail/transport.ts";
import { loadTriggerSettings } from "../shops/shops.ts";
import { claimDueInvitations, hasDueInvitations, releaseExpiredLeases, type ClaimedInvitation } from "./claim.ts";
import { classifyFailure, nextAttemptAt } from "./classify-failure.ts";

export interface DispatchConfig {
  SHOPIFY_APP_URL: string;
  SHOPIFY_API_SECRET: string;
  MAIL_FROM: string;
  DISPATCH_BATCH_SIZE: number;
  MAX_SEND_ATTEMPTS: number;
  LEASE_SECONDS: number;
  CUSTOMER_POSTPONE_MAX: number;
}

export interface DispatchDeps {
  db: Db;
  transport: MailTransport;
  config: DispatchConfig;
  clock?: () => Date;
  logger?: Logger;
  /** Asked before every claim: true stops claiming; what is in flight finishes. */
  shouldStop?: () => boolean;
  /** Stop after this many batches (the CLI's --max-batches; tests of fairness). */
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
  batches: number;
  /** Why nothing more was sent this pass, when the transport is the reason. */
  transportProblem?: string;
}

type Outcome = "sent" | "retried" | "failed" | "suppressed";

const EMPTY: PassSummary = {
  fallbackCreated: 0,
  leasesExpired: 0,
  claimed: 0,
  sent: 0,
  retried: 0,
  failed: 0,
  suppressed: 0,
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

  const released = await releaseExpiredLeases(db, clock(), config.MAX_SEND_ATTEMPTS);
  summary.leasesExpired = released.requeued.length + released.gaveUp.length;
  await recordReleased(db, released, clock());
  summary.failed += released.gaveUp.length;

  if (!(await hasDueInvitations(db, clock()))) return summary;
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
  };
  // A batch must fit in its lease even at the rate limit, or its tail would be reclaimed
  // (and sent twice) while still waiting in the transport's queue.
  const limit = transport.ratePerSecond > 0
    ? Math.max(1, Math.min(config.DISPATCH_BATCH_SIZE, Math.floor((transport.ratePerSecond * config.LEASE_SECONDS) / 2)))
    : config.DISPATCH_BATCH_SIZE;

  while (!shouldStop() && (deps.maxBatches === undefined || summary.batches < deps.maxBatches)) {
    const now = clock();
    const batch = await claimDueInvitations(db, { now, leaseUntil: new Date(now.getTime() + config.LEASE_SECONDS * 1000), limit });
    if (batch.length === 0) break;
    summary.batches++;
    summary.claimed += batch.length;
    const { outcomes, transportProblem } = await sendBatch(context, batch);
    for (const outcome of outcomes) summary[outcome]++;
    if (transportProblem) {
      summary.transportProblem = transportProblem;
      break;
    }
  }
  if (summary.claimed > 0 || summary.leasesExpired > 0 || summary.fallbackCreated > 0) {
    deps.logger?.info({ ...summary }, "dispatch pass");
  }
  return summary;
}

interface PassContext extends DispatchDeps {
  clock: () => Date;
  linkKey: Buffer;
  shops: Map<string, ShopEmailSettings>;
}

async function sendBatch(
  ctx: PassContext,
  batch: ClaimedInvitation[],
): Promise<{ outcomes: Outcome[]; transportProblem?: string }> {
  const { db } = ctx;
  await loadShops(ctx, batch);
  const suppressed = await suppressedAddresses(db, batch);

  const outcomes: Outcome[] = [];
  const toSend: ClaimedInvitation[] = [];
  for (const invitation of batch) {
    if (suppressed.has(suppressionKey(invitation.shop, invitation.email))) {
      await finishSuppressed(ctx, invitation);
      outcomes.push("suppressed");
    } else {
      toSend.push(invitation);
    }
  }
  if (toSend.length === 0) return { outcomes };

  const startedAt = ctx.clock();
  await db.invitationEvent.createMany({
    data: toSend.map((invitation) => ({
      invitationId: invitation.id,
      shop: invitation.shop,
      type: "sending",
      actor: "system",
      at: startedAt,
      details: JSON.stringify({ attempt: invitation.attempts }),
    })),
  });

  let transportProblem: string | undefined;
  const results = await Promise.all(
    toSend.map(async (invitation) => {
      const outcome = await sendOne(ctx, invitation);
      if (outcome.transportProblem) transportProblem ??= outcome.transportProblem;
      return outcome.outcome;
    }),
  );
  outcomes.push(...results);
  return transportProblem ? { outcomes, transportProblem } : { outcomes };
}

async function sendOne(
  ctx: PassContext,
  invitation: ClaimedInvitation,
): Promise<{ outcome: Outcome; transportProblem?: string }> {
  const { db, config } = ctx;
  const shop = ctx.shops.get(invitation.shop)!;
  let built: Awaited<ReturnType<typeof buildInvitationEmail>>;
  try {
    built = await buildInvitationEmail(invitation, shop, {
      appUrl: config.SHOPIFY_APP_URL,
      mailFrom: config.MAIL_FROM,
      linkKey: ctx.linkKey,
      postponeMax: config.CUSTOMER_POSTPONE_MAX,
    });
    // Never outlive the lease: past it, another dispatcher may take the row and send again.
    const signal = AbortSignal.timeout(Math.max(1_000, (invitation.leaseUntil.getTime() - ctx.clock().getTime()) * 0.8));
    await ctx.transport.send(built.email, { signal });
  } catch (error) {
    return handleFailure(ctx, invitation, error);
  }

  const { email, rendered } = built;
  if (rendered.templateFallback) {
    ctx.logger?.warn({ shop: invitation.shop, invitationId: invitation.id }, "stored template failed to render; default used");
  }
  const at = ctx.clock();
  try {
    // Sent is the truth even if our lease lapsed meanwhile: recording it stops a re-send.
    await retryWrite(() =>
      db.invitation.updateMany({
        where: { id: invitation.id, status: { in: ["sending", "queued"] } },
        data: { status: "sent", sentAt: at, messageId: email.messageId, leaseUntil: null, lastError: null },
      }),
    );
    await retryWrite(() =>
      appendEvent(db, invitation, "sent", "system", {
        messageId: email.messageId,
        attempt: invitation.attempts,
        ...(rendered.templateFallback ? { templateFallback: rendered.templateFallback } : {}),
      }, at),
    );
  } catch (error) {
    // The email is out; only its record is missing. The row stays `sending` until its lease
    // expires and is then sent again with the same Message-ID: the rare duplicate is the
    // price of never losing one.
    ctx.logger?.error({ err: error, invitationId: invitation.id, shop: invitation.shop }, "sent, but could not record it");
  }
  return { outcome: "sent" };
}

async function handleFailure(
  ctx: PassContext,
  invitation: ClaimedInvitation,
  error: unknown,
): Promise<{ outcome: Outcome; transportProblem?: string }> {
  const { db, config } = ctx;
  const failure = classifyFailure(error);
  const at = ctx.clock();
  const e = error as { code?: string; responseCode?: number };
  ctx.logger?.warn(
    { invitationId: invitation.id, shop: invitation.shop, to: maskEmail(invitation.email), code: e?.code, responseCode: e?.responseCode, kind: failure.kind },
    "invitation send failed",
  );
  // Only our own claim is finished here: if the lease lapsed and another dispatcher holds
  // the row now (attempts moved on), its outcome is the one that counts.
  const ours = { id: invitation.id, status: "sending", attempts: invitation.attempts };

  if (failure.kind === "temporary" && invitation.attempts < config.MAX_SEND_ATTEMPTS) {
    const next = nextAttemptAt(at, invitation.attempts);
    await retryWrite(() =>
      db.invitation.updateMany({ where: ours, data: { status: "queued", sendAt: next, leaseUntil: null, lastError: failure.reason } }),
    );
    await retryWrite(() =>
      appendEvent(db, invitation, "retry_scheduled", "system", {
        error: failure.reason,
        attempt: invitation.attempts,
        nextAttemptAt: next.toISOString(),
      }, at),
    );
    return failure.transport ? { outcome: "retried", transportProblem: failure.reason } : { outcome: "retried" };
  }

  const reason =
    failure.kind === "temporary"
      ? `Gave up after ${invitation.attempts} attempts. Last error: ${failure.reason}`
      : failure.reason;
  await retryWrite(() =>
    db.invitation.updateMany({ where: ours, data: { status: "failed", leaseUntil: null, lastError: reason } }),
  );
  await retryWrite(() => appendEvent(db, invitation, "failed", "system", { reason, attempt: invitation.attempts }, at));
  return failure.kind === "temporary" && failure.transport
    ? { outcome: "failed", transportProblem: failure.reason }
    : { outcome: "failed" };
}

async function finishSuppressed(ctx: PassContext, invitation: ClaimedInvitation): Promise<void> {
  const at = ctx.clock();
  await ctx.db.invitation.updateMany({
    where: { id: invitation.id, status: "sending", attempts: invitation.attempts },
    data: { status: "failed", leaseUntil: null, lastError: "unsubscribed" },
  });
  await appendEvent(ctx.db, invitation, "suppressed", "system", {
    reason: "The customer unsubscribed from this shop's review invitations; nothing was sent.",
  }, at);
}

async function recordReleased(
  db: Db,
  released: Awaited<ReturnType<typeof releaseExpiredLeases>>,
  at: Date,
): Promise<void> {
  const events = [
    ...released.requeued.map((row) => ({
      invitationId: row.id,
      shop: row.shop,
      type: "retry_scheduled",
      actor: "system",
      at,
      details: JSON.stringify({
        error: "The dispatcher sending it stopped before it finished (lease expired); it is back in the queue.",
        attempt: row.attempts,
        nextAttemptAt: at.toISOString(),
      }),
    })),
    ...released.gaveUp.map((row) => ({
      invitationId: row.id,
      shop: row.shop,
      type: "failed",
      actor: "system",
      at,
      details: JSON.stringify({ reason: `Gave up after ${row.attempts} attempts: the dispatcher sending it stopped before it finished`, attempt: row.attempts }),
    })),
  ];
  if (events.length > 0) await db.invitationEvent.createMany({ data: events });
}

async function loadShops(ctx: PassContext, batch: ClaimedInvitation[]): Promise<void> {
  const missing = [...new Set(batch.map((i) => i.shop))].filter((shop) => !ctx.shops.has(shop));
  if (missing.length === 0) return;
  const rows = await ctx.db.shop.findMany({
    where: { domain: { in: missing } },
    select: {
      domain: true,
      name: true,
      emailSubject: true,
      emailBody: true,
      noticeEnabled: true,
      noticeText: true,
      reviewUrl: true,
      senderName: true,
      replyTo: true,
    },
  });
  for (const row of rows) ctx.shops.set(row.domain, row);
}

function suppressionKey(shop: string, email: string): string {
  return `${shop}\n${email.trim().toLowerCase()}`;
}

async function suppressedAddresses(db: Db, batch: ClaimedInvitation[]): Promise<Set<string>> {
  const byShop = new Map<string, string[]>();
  for (const invitation of batch) {
    const list = byShop.get(invitation.shop) ?? [];
    list.push(invitation.email.trim().toLowerCase());
    byShop.set(invitation.shop, list);
  }
  const rows = await db.suppression.findMany({
    where: { OR: [...byShop].map(([shop, emails]) => ({ shop, email: { in: emails } })) },
    select: { shop: true, email: true },
  });
  return new Set(rows.map((row) => suppressionKey(row.shop, row.email)));
}

/**
 * After an email has gone out, its record must be written: a lost write would leave the
 * row in `sending` until its lease expires and then send it again. A few quick retries ride
 * out a busy database; if it stays down, the lease rule is the safety net.
 */
async function retryWrite<T>(write: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
