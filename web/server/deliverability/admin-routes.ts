/**
 * The admin's deliverability API (issue 19), under /api/deliverability, every route scoped
 * to the shop of the verified session token (mounted in app.ts behind requireSessionToken):
 *
 *   GET    /api/deliverability                       sender domain, bounce/complaint counts
 *   PUT    /api/deliverability/sender-domain         { fromAddress } → key pair + records; null: stop using it
 *   POST   /api/deliverability/sender-domain/verify  looks the records up
 *   DELETE /api/deliverability/sender-domain         back to MAIL_FROM
 *   GET    /api/deliverability/suppressions          ?reason=&limit=&offset=
 *   GET    /api/deliverability/suppressions.csv      the whole list
 *
 * The suppression list is read-only here: an address that complained must never be
 * re-added, and one that bounced comes back only through a new order's address.
 */
import express, { Router } from "express";
import { z } from "zod";
import { adminSession } from "../auth/session-token.ts";
import type { Config } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import { countDeliveryReports } from "../db/queries/delivery-reports.ts";
import { readInvitationCounts } from "../db/queries/invitation-counts.ts";
import { countSuppressions, listSuppressions, type SuppressionReason } from "../db/queries/suppressions.ts";
import { asyncHandler, badRequest, notFound, unprocessable, zodProblem } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import { csvLine } from "../admin/export-csv.ts";
import { intParam, queryParam } from "../admin/http.ts";
import { adminWriteLimit } from "../admin/rate-limit.ts";
import { systemResolver, type TxtResolver } from "./dns-check.ts";
import { checkFromAddress, readSenderDomain, removeSenderDomain, setSenderAddress, verifySenderDomain } from "./sender-domain.ts";

const REASONS: readonly SuppressionReason[] = ["unsubscribed", "bounced", "complained"];
const senderBody = z.object({ fromAddress: z.unknown() }).strict();

export function deliverabilityAdminRouter(deps: {
  db: Db;
  config: Config;
  logger: Logger;
  clock?: (() => Date) | undefined;
  resolver?: TxtResolver | undefined;
}): Router {
  const { db, config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const resolver = deps.resolver ?? systemResolver();
  const router = Router();
  router.use(express.json({ limit: "16kb" }), adminWriteLimit(config.ADMIN_WRITES_PER_MINUTE));

  router.get(
    "/",
    asyncHandler(async (_req, res) => {
      const { shop } = adminSession(res);
      const [senderDomain, reports, suppressions, counts] = await Promise.all([
        readSenderDomain(db, shop, config),
        countDeliveryReports(db, shop),
        countSuppressions(db, shop),
        readInvitationCounts(db, shop),
      ]);
      res.json({
        senderDomain,
        mailFrom: config.MAIL_FROM,
        // Whether bounces can come back at all: without BOUNCE_DOMAIN they go to the From address.
        bounceTracking: Boolean(config.BOUNCE_DOMAIN),
        counts: { bounced: counts.bounced ?? 0, complained: reports.complaint, softBounces: reports.soft_bounce },
        suppressions,
      });
    }),
  );

  router.put(
    "/sender-domain",
    asyncHandler(async (req, res) => {
      const { shop, user } = adminSession(res);
      const body = senderBody.safeParse(req.body ?? {});
      if (!body.success) throw zodProblem(body.error);
      if (body.data.fromAddress === null) {
        // Back to MAIL_FROM (the admin page's client sends no DELETE).
        await removeSenderDomain(db, shop);
        res.json({ senderDomain: null });
        return;
      }
      const address = checkFromAddress(body.data.fromAddress);
      if ("message" in address) throw unprocessable(address.message, { field: address.field });
      const view = await setSenderAddress(db, shop, address, config, clock());
      deps.logger.info({ shop, user, domain: address.domain }, "sender domain set");
      res.json({ senderDomain: view });
    }),
  );

  router.post(
    "/sender-domain/verify",
    asyncHandler(async (_req, res) => {
      const { shop } = adminSession(res);
      const view = await verifySenderDomain(db, shop, resolver, config, clock());
      if (!view) throw notFound("No sender domain is set: enter a From address on your domain first.");
      deps.logger.info({ shop, domain: view.domain, verified: view.verified }, "sender domain checked");
      res.json({ senderDomain: view });
    }),
  );

  router.delete(
    "/sender-domain",
    asyncHandler(async (_req, res) => {
      const { shop } = adminSession(res);
      await removeSenderDomain(db, shop);
      res.status(204).end();
    }),
  );

  const reasonParam = (raw: string | undefined): SuppressionReason | undefined => {
    if (raw === undefined || raw === "") return undefined;
    if (!(REASONS as readonly string[]).includes(raw)) {
      throw badRequest(`Query parameter "reason" must be one of ${REASONS.join(", ")}.`, { parameter: "reason", allowed: REASONS });
    }
    return raw as SuppressionReason;
  };

  router.get(
    "/suppressions",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const reason = reasonParam(queryParam(req, "reason"));
      const limit = intParam(req, "limit", { min: 1, max: 200, default: 50 });
      const offset = intParam(req, "offset", { min: 0, max: 1_000_000, default: 0 });
      const rows = await listSuppressions(db, shop, { ...(reason ? { reason } : {}), limit: limit + 1, offset });
      res.json({
        suppressions: rows.slice(0, limit).map((r) => ({ email: r.email, reason: r.reason, createdAt: r.createdAt.toISOString() })),
        hasMore: rows.length > limit,
      });
    }),
  );

  router.get(
    "/suppressions.csv",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const reason = reasonParam(queryParam(req, "reason"));
      const day = clock().toISOString().slice(0, 10);
      res.set({
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="suppressions-${shop.replace(/\.myshopify\.com$/, "")}-${day}.csv"`,
        "Cache-Control": "no-store",
      });
      // BOM: Excel reads the file as UTF-8 only with it.
      let body = `\uFEFF${csvLine(["email", "reason", "createdAt"])}`;
      const PAGE = 1000;
      for (let offset = 0; ; offset += PAGE) {
        const rows = await listSuppressions(db, shop, { ...(reason ? { reason } : {}), limit: PAGE, offset });
        for (const r of rows) body += csvLine([r.email, r.reason, r.createdAt.toISOString()]);
        if (rows.length < PAGE) break;
      }
      res.send(body);
    }),
  );

  router.use((req, _res, next) => next(notFound(`No route ${req.method} ${req.baseUrl}${req.path}.`)));
  return router;
}
