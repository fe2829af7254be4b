/**
 * GET /api/orders/skipped: the orders that got no automatic invitation, with the rule that
 * skipped each (issue 17), newest first, page by page. The home page shows the counts by
 * reason from the summary and this list under them. Read-only: a skipped order is invited,
 * if the merchant wants, through Get reviews like any past order.
 */
import { Router } from "express";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { listSkippedOrders } from "../db/queries/orders.ts";
import { asyncHandler, badRequest } from "../http/errors.ts";
import { EXCLUSION_REASONS } from "../invitations/rules.ts";
import { intParam, queryParam } from "./http.ts";

export const SKIP_REASONS = ["no_email", "test_order", "customer_erased", "unsubscribed", "recently_invited", ...EXCLUSION_REASONS] as const;
const LIMIT = { min: 1, max: 100, default: 25 };

function encode(row: { updatedAt: Date; orderId: string }): string {
  return Buffer.from(`${row.updatedAt.toISOString()}|${row.orderId}`).toString("base64url");
}

function decode(cursor: string): { updatedAt: Date; orderId: string } | null {
  const [at, orderId] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const updatedAt = new Date(at ?? "");
  return Number.isNaN(updatedAt.getTime()) || !orderId || !/^\d+$/.test(orderId) ? null : { updatedAt, orderId };
}

export function skippedOrderRoutes(deps: { db: Db }): Router {
  const router = Router();
  router.get(
    "/orders/skipped",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const reason = queryParam(req, "reason") || undefined;
      if (reason && !(SKIP_REASONS as readonly string[]).includes(reason)) {
        throw badRequest(`Query parameter "reason" must be one of ${SKIP_REASONS.join(", ")}.`, { parameter: "reason", allowed: SKIP_REASONS });
      }
      const rawCursor = queryParam(req, "cursor") || undefined;
      const after = rawCursor === undefined ? undefined : decode(rawCursor);
      if (after === null) throw badRequest('Query parameter "cursor" is not one this API gave out.', { parameter: "cursor" });
      const limit = intParam(req, "limit", LIMIT);
      const rows = await listSkippedOrders(deps.db, shop, { ...(reason ? { reason } : {}), ...(after ? { after } : {}), limit: limit + 1 });
      const page = rows.slice(0, limit);
      res.json({
        orders: page.map((o) => ({
          orderId: o.orderId,
          name: o.name,
          email: o.email,
          customerName: o.customerName,
          skipReason: o.skipReason,
          orderedAt: o.orderedAt?.toISOString() ?? null,
          skippedAt: o.updatedAt.toISOString(),
        })),
        nextCursor: rows.length > limit ? encode(page[page.length - 1]!) : null,
      });
    }),
  );
  return router;
}
