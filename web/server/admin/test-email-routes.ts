/**
 * "Send me a test" (issue 18):
 *   GET  /api/settings/test-email  → where a test goes by default (the shop's email, from
 *                                     Shopify) and how many are left today
 *   POST /api/settings/test-email  → renders the current, unsaved template with sample data
 *                                     and sends it through the real transport
 *   POST /api/settings/reminder-preview → the reminder as the form holds it, rendered like
 *                                     the invitation's preview (nothing sent, nothing counted)
 * At most TEST_EMAILS_PER_DAY per shop and UTC day (429 beyond, with Retry-After): the app
 * is no mail relay. A test belongs to no invitation and is never counted in the funnel.
 */
import { Router } from "express";
import { z } from "zod";
import { adminSession } from "../auth/session-token.ts";
import type { Config } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import { takeTestEmail, testEmailsSent } from "../db/queries/test-email-quota.ts";
import { classifyFailure } from "../dispatch/classify-failure.ts";
import { asyncHandler, HttpError, unprocessable, zodProblem } from "../http/errors.ts";
import { isValidEmail } from "../invitations/manual.ts";
import { maskEmail, type Logger } from "../logger.ts";
import { SandboxBusyError } from "../mail/sandbox.ts";
import { buildTestEmail, renderDraft, type TestEmailDraft } from "../mail/test-email.ts";
import { createMailTransport, type MailTransport } from "../mail/transport.ts";
import type { AdminApiClient } from "../shopify-admin/client.ts";
import { emailDraft, emailDraftShape, type EmailDraftInput } from "../shops/email-draft.ts";
import { ensureShopKnown } from "../shops/shops.ts";

export const TEST_EMAILS_PER_DAY = 10;

export interface TestEmailRoutesDeps {
  db: Db;
  config: Pick<Config, "SMTP_URL" | "SMTP_RATE_PER_SECOND" | "SMTP_MAX_CONNECTIONS" | "OUTBOX_DIR" | "MAIL_FROM" | "SHOPIFY_APP_URL">;
  adminApi: AdminApiClient;
  logger: Logger;
  clock: () => Date;
  /** The transport for one test; by default the app's own (SMTP_URL, else the outbox), closed after the send. */
  transport?: () => MailTransport;
}

const testEmailInput = z.strictObject({
  to: z.string({ message: "must be an email address" }).max(254, { message: "must be at most 254 characters" }).optional(),
  kind: z.enum(["invitation", "reminder"], { message: "must be invitation or reminder" }).optional(),
  // The form's current values in one language, saved or not (shops/email-draft.ts).
  ...emailDraftShape,
});

/** The shop's email as Shopify has it; null when the Admin API cannot tell (the merchant types one). */
async function shopEmail(adminApi: AdminApiClient, caller: { shop: string; token: string }): Promise<string | null> {
  try {
    const data = await adminApi.graphql<{ shop?: { email?: string | null } }>(caller, "query ShopEmail { shop { email } }");
    const email = data.shop?.email?.trim();
    return email && isValidEmail(email) ? email : null;
  } catch {
    return null;
  }
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

function secondsUntilTomorrow(now: Date): number {
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((tomorrow - now.getTime()) / 1000));
}

export function testEmailRoutes(deps: TestEmailRoutesDeps): Router {
  const router = Router();
  const { db } = deps;

  router.get(
    "/settings/test-email",
    asyncHandler(async (_req, res) => {
      const session = adminSession(res);
      const sent = await testEmailsSent(db, session.shop, utcDay(deps.clock()));
      res.json({ defaultTo: await shopEmail(deps.adminApi, session), limit: TEST_EMAILS_PER_DAY, remaining: Math.max(0, TEST_EMAILS_PER_DAY - sent) });
    }),
  );

  router.post(
    "/settings/test-email",
    asyncHandler(async (req, res) => {
      const session = adminSession(res);
      const parsed = testEmailInput.safeParse(req.body ?? {});
      if (!parsed.success) throw zodProblem(parsed.error);
      const input = parsed.data;
      const to = input.to?.trim() || (await shopEmail(deps.adminApi, session));
      if (!to) throw unprocessable("Enter the address to send the test to (your store's email address is not available).", { field: "to" });
      if (!isValidEmail(to)) throw unprocessable(`"${to}" is not a valid email address; enter one like you@example.com.`, { field: "to" });

      const now = deps.clock();
      const built = await buildTestEmail(
        await draftOf(session.shop, input),
        { kind: input.kind ?? "invitation", to, mailFrom: deps.config.MAIL_FROM, appUrl: deps.config.SHOPIFY_APP_URL, now },
      ).catch((error: unknown) => {
        if (error instanceof SandboxBusyError) throw new HttpError(503, "busy", error.message);
        throw error;
      });
      if (!built.ok) {
        const first = built.problems[0]!;
        throw unprocessable(`Nothing was sent: ${first.message}`, { field: first.field, problems: built.problems });
      }

      // Counted before sending, so failing sends cannot be retried without limit either.
      if ((await takeTestEmail(db, session.shop, utcDay(now), TEST_EMAILS_PER_DAY)) === null) {
        const retryAfter = secondsUntilTomorrow(now);
        res.set("Retry-After", String(retryAfter));
        throw new HttpError(
          429,
          "test_email_limit",
          `You can send ${TEST_EMAILS_PER_DAY} test emails a day, and today's are used up. You can send more tomorrow (after midnight UTC).`,
          { limit: TEST_EMAILS_PER_DAY, retryAfterSeconds: retryAfter },
        );
      }

      const transport = deps.transport?.() ?? createMailTransport(deps.config);
      try {
        const result = await transport.send(built.email);
        deps.logger.info({ shop: session.shop, user: session.user, to: maskEmail(to), kind: input.kind ?? "invitation" }, "test email sent");
        res.json({ sent: true, to, subject: built.email.subject, messageId: result.messageId, via: transport.description });
      } catch (error) {
        const failure = classifyFailure(error);
        throw new HttpError(502, "test_email_failed", `The test email could not be sent: ${failure.reason}`, { kind: failure.kind });
      } finally {
        await transport.close().catch(() => undefined);
      }
    }),
  );

  router.post(
    "/settings/reminder-preview",
    asyncHandler(async (req, res) => {
      const session = adminSession(res);
      const parsed = testEmailInput.omit({ to: true, kind: true }).safeParse(req.body ?? {});
      if (!parsed.success) throw zodProblem(parsed.error);
      const rendered = await renderDraft(await draftOf(session.shop, parsed.data), "reminder").catch((error: unknown) => {
        if (error instanceof SandboxBusyError) throw new HttpError(503, "busy", error.message);
        throw error;
      });
      res.json({ subject: rendered.subject, html: rendered.html, text: rendered.text, errors: rendered.problems });
    }),
  );

  /** The form's values over the saved settings of their language (email-draft.ts). */
  async function draftOf(shop: string, input: EmailDraftInput): Promise<TestEmailDraft> {
    return emailDraft(await ensureShopKnown(db, shop), input);
  }

  return router;
}
