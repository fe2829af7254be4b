/**
 * Sending one claimed batch (run-once.ts claims it): each job's email built and sent through
 * the transport, its outcome handed to the recorder (complete.ts), a failure classified
 * (classify-failure.ts). Addresses on the shop's suppression list are not sent to; a shop
 * whose template went over a limit fails its jobs with that reason (issue 13).
 */
import type { SenderIdentities } from "../deliverability/sender-identity.ts";
import type { Db } from "../db/client.ts";
import { findShopEmailSettings } from "../db/queries/dispatch.ts";
import { findSuppressions } from "../db/queries/suppressions.ts";
import { maskEmail } from "../logger.ts";
import { buildInvitationEmail, type ShopEmailSettings } from "../mail/message.ts";
import { checkForSending } from "../mail/sandbox.ts";
import { sendableTemplates } from "../mail/translations.ts";
import { isPlaceholderEmail } from "../privacy/scrub.ts";
import { MAX_PRODUCTS, TemplateLimitError } from "../mail/templates.ts";
import { completeLines, incompleteProductIds, readProductLines, storeProductLines } from "../invitations/products.ts";
import type { ProductCatalog } from "../shopify-admin/product-details.ts";
import type { ClaimedInvitation } from "./claim.ts";
import { classifyFailure, nextAttemptAt } from "./classify-failure.ts";
import type { Recorder } from "./complete.ts";
import type { ClaimedReminderJob } from "./reminders.ts";
import type { DispatchDeps } from "./run-once.ts";
import type { Slots } from "./slots.ts";
import { DAY_MS } from "../../shared/dates.ts";

/** An invitation, or the one reminder of a sent invitation (issue 18), on the same send path. */
export type Job = ClaimedInvitation | ClaimedReminderJob;

export type Outcome = "sent" | "reminded" | "retried" | "failed" | "suppressed";

/** What became of one send, and the write that records it (awaited per batch). */
export interface SendResult {
  outcome: Outcome;
  recorded: Promise<void>;
  transportProblem?: string;
}

export interface PassContext extends DispatchDeps {
  clock: () => Date;
  linkKey: Buffer;
  shops: Map<string, ShopEmailSettings>;
  recorder: Recorder;
  sendAhead: Slots;
  /** Shops whose template went over a limit in this pass (issue 13). */
  brokenTemplates: Map<string, TemplateLimitError>;
  senders: SenderIdentities;
}

export async function sendBatch(
  ctx: PassContext,
  batch: Job[],
  sendsDone: () => void,
): Promise<{ outcomes: Outcome[]; transportProblem?: string }> {
  const { db } = ctx;
  await loadShops(ctx, batch);
  batch = await withProductDetails(ctx, batch);
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
    // Issue 13: a shop's own templates (every language, the reminder's too) are checked in
    // the sandbox before any is rendered here.
    const overLimit = await checkForSending(sendableTemplates(row));
    if (overLimit) ctx.brokenTemplates.set(row.domain, overLimit);
  }
}

/**
 * Issue 18: a webhook's lines carry no handle or image; the Admin API fills them in, once per
 * shop and batch, from a cache (shopify-admin/product-details.ts). Best effort: without it
 * (no catalog, no token, Shopify down) the jobs go out as they are.
 */
async function withProductDetails(ctx: PassContext, batch: Job[]): Promise<Job[]> {
  if (!ctx.productCatalog) return batch;
  const lines = batch.map((job) => readProductLines(job.products));
  const wanted = new Map<string, string[]>();
  batch.forEach((job, i) => {
    const ids = incompleteProductIds(lines[i]!.slice(0, MAX_PRODUCTS)); // what an email can show
    if (ids.length > 0) wanted.set(job.shop, [...(wanted.get(job.shop) ?? []), ...ids]);
  });
  if (wanted.size === 0) return batch;
  const known = new Map<string, Awaited<ReturnType<ProductCatalog["details"]>>>();
  for (const [shop, ids] of wanted) known.set(shop, await ctx.productCatalog.details(shop, ids));
  return batch.map((job, i) => {
    const details = known.get(job.shop);
    return details && details.size > 0 ? { ...job, products: storeProductLines(completeLines(lines[i]!, details)) } : job;
  });
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
