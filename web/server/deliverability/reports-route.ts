/**
 * POST /deliverability/reports: bounces and complaints from providers that post them
 * (issue 19), for operators whose relay reports by webhook rather than by mail. Exists only
 * when DELIVERY_REPORTS_TOKEN is set; the caller sends `Authorization: Bearer <token>`
 * (the provider's webhook settings take a custom header, or the operator puts a small
 * adapter in between). Every report must still carry our signed VERP token, so even a
 * leaked bearer token cannot suppress an arbitrary customer.
 *
 * Two bodies are accepted (docs/delivery.md "Reports over HTTP"):
 * - application/json: { "reports": [ { "type": "hard_bounce" | "soft_bounce" | "complaint",
 *   "returnPath": "bounces+…@BOUNCE_DOMAIN" (or "token"), "recipient"?, "status"?,
 *   "diagnostic"? } ] }
 * - message/rfc822: a DSN or ARF message as received, read like the SMTP listener does.
 */
import express, { Router } from "express";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { bearerToken } from "../http/bearer-token.ts";
import { asyncHandler, zodProblem } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import { parseReportMessage, type ParsedReport } from "./parse-reports.ts";
import { receiveReports } from "./receive.ts";
import { bounceTokenKeys, tokenOfAddress } from "./verp.ts";

export interface ReportsRouteConfig {
  SHOPIFY_API_SECRET: string;
  SHOPIFY_API_SECRET_PREVIOUS?: string | undefined;
  DELIVERY_REPORTS_TOKEN?: string | undefined;
}

const report = z
  .object({
    type: z.enum(["hard_bounce", "soft_bounce", "complaint"]),
    returnPath: z.string().max(320).optional(),
    token: z.string().max(100).optional(),
    recipient: z.string().max(320).optional(),
    status: z.string().max(100).optional(),
    diagnostic: z.string().max(1000).optional(),
  })
  .strict()
  .refine((r) => r.returnPath !== undefined || r.token !== undefined, { message: "needs returnPath (the bounces+… address) or token", path: ["returnPath"] });

export const reportsBody = z.object({ reports: z.array(report).min(1).max(1000) }).strict();

export function deliveryReportsRouter(deps: { db: Db; config: ReportsRouteConfig; logger?: Logger; clock?: () => Date }): Router {
  const router = Router();
  const token = deps.config.DELIVERY_REPORTS_TOKEN;
  if (!token) return router;
  const tokenKeys = bounceTokenKeys(deps.config);
  const receive = (reports: ParsedReport[]) => receiveReports({ db: deps.db, tokenKeys, logger: deps.logger, clock: deps.clock }, reports, "http");

  router.post(
    "/deliverability/reports",
    bearerToken(token, "delivery-reports", "POST /deliverability/reports needs Authorization: Bearer <DELIVERY_REPORTS_TOKEN>."),
    express.json({ limit: "1mb" }),
    express.raw({ type: "message/rfc822", limit: "2mb" }),
    asyncHandler(async (req, res) => {
      if (Buffer.isBuffer(req.body)) {
        res.json(await receive(await parseReportMessage(req.body, [])));
        return;
      }
      const parsed = reportsBody.safeParse(req.body ?? {});
      if (!parsed.success) throw zodProblem(parsed.error);
      const reports = parsed.data.reports.map(
        (r): ParsedReport => ({
          kind: r.type,
          token: r.token ?? tokenOfAddress(r.returnPath ?? ""),
          recipient: r.recipient?.toLowerCase() ?? null,
          status: r.status ?? null,
          diagnostic: r.diagnostic ?? null,
        }),
      );
      res.json(await receive(reports));
    }),
  );
  return router;
}
