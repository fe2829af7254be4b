/**
 * The admin API under /api: what the embedded admin page and the order-page block call.
 * Every route here requires the merchant's session token, and the shop in that verified
 * token is the only shop a request can see or change (ids of another shop's rows answer 404).
 * CORS preflight for the block's routes is answered before authentication (preflights
 * carry no token).
 */
import express, { Router } from "express";
import { requireSessionToken } from "../auth/session-token.ts";
import type { Config } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import { notFound } from "../http/errors.ts";
import type { Logger } from "../logger.ts";
import { createAdminApiClient, type AdminApiClient } from "../shopify-admin/client.ts";
import { erasureKeysOf } from "../privacy/tombstones.ts";
import type { ShopifyApi } from "../shopify.ts";
import { extensionCors } from "./cors.ts";
import { getReviewsBulkRoutes } from "./get-reviews-bulk-routes.ts";
import { getReviewsRoutes } from "./get-reviews-routes.ts";
import { invitationRoutes } from "./invitations-routes.ts";
import { orderRoutes } from "./orders-routes.ts";
import { adminWriteLimit } from "./rate-limit.ts";
import { sendingRoutes } from "./sending-routes.ts";
import { schedulePreviewRoutes } from "./schedule-preview-routes.ts";
import { settingsRoutes } from "./settings-routes.ts";
import { skippedOrderRoutes } from "./skipped-orders-routes.ts";
import { testEmailRoutes } from "./test-email-routes.ts";

export interface AdminRouterDeps {
  config: Config;
  db: Db;
  shopify: ShopifyApi;
  logger: Logger;
  clock?: () => Date;
  /** Shopify's Admin GraphQL API; built from config when not given. */
  adminApi?: AdminApiClient;
}

/** Only these prefixes are ours: other features may mount more routes under /api. */
const PREFIXES = ["/invitations", "/settings", "/orders", "/sending", "/get-reviews"];

export function adminRouter(deps: AdminRouterDeps): Router {
  const clock = deps.clock ?? (() => new Date());
  const adminApi = deps.adminApi ?? createAdminApiClient({ ...deps, clock });
  const router = Router();

  router.use(extensionCors());
  router.use(
    PREFIXES,
    // The token first: nobody unauthenticated gets a megabyte of JSON parsed (issue 13).
    requireSessionToken({ shopify: deps.shopify, db: deps.db }),
    express.json({ limit: "1mb" }),
    adminWriteLimit(deps.config.ADMIN_WRITES_PER_MINUTE),
  );
  router.use(invitationRoutes({ db: deps.db, logger: deps.logger, clock }));
  router.use(
    getReviewsRoutes({
      db: deps.db,
      logger: deps.logger,
      adminApi,
      clock,
      erasureKeys: erasureKeysOf(deps.config),
      dailyEmailQuota: deps.config.MANUAL_INVITATIONS_PER_DAY,
    }),
  );
  router.use(settingsRoutes({ db: deps.db, logger: deps.logger, clock }));
  router.use(schedulePreviewRoutes({ db: deps.db, clock }));
  router.use(skippedOrderRoutes({ db: deps.db }));
  router.use(sendingRoutes({ db: deps.db, logger: deps.logger, clock }));
  router.use(
    getReviewsBulkRoutes({
      db: deps.db,
      adminApi,
      logger: deps.logger,
      clock,
      erasureKeys: erasureKeysOf(deps.config),
      dailyEmailQuota: deps.config.MANUAL_INVITATIONS_PER_DAY,
    }),
  );
  router.use(orderRoutes({ db: deps.db, adminApi, clock }));
  router.use(testEmailRoutes({ db: deps.db, config: deps.config, adminApi, logger: deps.logger, clock }));
  // An unknown path or verb under our prefixes is answered in JSON like everything else.
  router.use(PREFIXES, (req, _res, next) => next(notFound(`No route ${req.method} ${req.baseUrl}${req.path}.`)));
  return router;
}
