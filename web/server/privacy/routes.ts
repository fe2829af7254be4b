/**
 * Admin API for customer data requests, mounted behind requireSessionToken. The merchant
 * sees Shopify's request in their admin, downloads the export here and sends it to the
 * customer. Only the token's shop is ever visible: another shop's request is a 404, the
 * same answer as one that does not exist, so ids reveal nothing.
 */
import { DAY_MS } from "../../shared/dates.ts";
import { Router } from "express";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { findDataRequest, listDataRequests } from "../db/queries/data-requests.ts";
import { asyncHandler, HttpError, notFound } from "../http/errors.ts";
import { EXPORT_DAYS } from "./retention.ts";

const LIST_LIMIT = 200;

export function privacyRouter(deps: { db: Db; clock?: () => Date }): Router {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  // Also checked here: the retention job deletes them only once a day.
  const expired = (createdAt: Date) => now().getTime() - createdAt.getTime() > EXPORT_DAYS * DAY_MS;
  const router = Router();

  router.get(
    "/data-requests",
    asyncHandler(async (_req, res) => {
      const { shop } = adminSession(res);
      const rows = await listDataRequests(db, shop, LIST_LIMIT);
      res.json({
        dataRequests: rows.map(({ export: document, ...row }) => ({
          ...row,
          // Erased by customers/redact or by retention after the export was made.
          exportAvailable: document != null && !expired(row.createdAt),
          exportUrl: document != null && !expired(row.createdAt) ? `/api/privacy/data-requests/${row.id}/export` : null,
        })),
      });
    }),
  );

  router.get(
    "/data-requests/:id/export",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const id = Number(req.params.id);
      const missing = notFound("No customer data request with this id exists for this shop.");
      if (!Number.isSafeInteger(id) || id <= 0) throw missing;
      const row = await findDataRequest(db, shop, id);
      if (!row) throw missing;
      if (row.export == null || expired(row.createdAt)) {
        throw new HttpError(
          410,
          "export_erased",
          `This export no longer exists: exports are deleted ${EXPORT_DAYS} days after they are made, and sooner when the customer's data is erased (a redaction request or the shop's retention period).`,
        );
      }
      const name = `customer-data-request-${row.requestId ?? row.id}.json`;
      res.setHeader("Content-Type", "application/json; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
      res.setHeader("Cache-Control", "no-store");
      // Stored compact; indented for the merchant and the customer who will read it.
      res.send(JSON.stringify(JSON.parse(row.export), null, 2));
    }),
  );

  return router;
}
