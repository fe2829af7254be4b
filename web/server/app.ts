/**
 * Express wiring, and nothing else: each feature brings its own router, and this file
 * decides only their order. Webhooks come first because they need the raw body.
 */
import express, { type Express } from "express";
import { adminRouter } from "./admin/routes.ts";
import { requireSessionToken } from "./auth/session-token.ts";
import type { Config } from "./config/config.ts";
import type { Db } from "./db/client.ts";
import { reviewRedirectRouter } from "./customer/review-redirect.ts";
import { customerRouter } from "./customer/routes.ts";
import { demoRouter } from "./demo/routes.ts";
import { deliverabilityAdminRouter } from "./deliverability/admin-routes.ts";
import type { TxtResolver } from "./deliverability/dns-check.ts";
import { deliveryReportsRouter } from "./deliverability/reports-route.ts";
import { frontendRouter } from "./frontend/routes.ts";
import { errorHandler } from "./http/errors.ts";
import type { Logger } from "./logger.ts";
import { createMetrics, timeWebhooks, type Metrics } from "./metrics/metrics.ts";
import { opsRouter } from "./metrics/routes.ts";
import { privacyRouter } from "./privacy/routes.ts";
import type { ShopifyApi } from "./shopify.ts";
import { createAdminApiClient, type AdminApiClient } from "./shopify-admin/client.ts";
import { createShopProductCatalog, type ProductCatalog } from "./shopify-admin/product-details.ts";
import { orderHandlers } from "./invitations/order-webhooks.ts";
import { privacyHandlers } from "./privacy/handlers.ts";
import { erasureKeysOf } from "./privacy/tombstones.ts";
import { appUninstalled } from "./shops/shops.ts";
import { webhookRouter } from "./webhooks/routes.ts";
import type { HandlerTable } from "./webhooks/types.ts";

/** What each webhook topic does (shopify.app.toml subscribes to exactly these). */
export function webhookHandlers(config: Config): HandlerTable {
  const keys = erasureKeysOf(config);
  return {
    ...orderHandlers({ keys }),
    "app/uninstalled": appUninstalled,
    ...privacyHandlers({ keys, outboxDir: config.SMTP_URL ? undefined : config.OUTBOX_DIR }),
  };
}

export interface AppDeps {
  config: Config;
  db: Db;
  shopify: ShopifyApi;
  logger: Logger;
  /** Injected in tests to control time. */
  clock?: () => Date;
  handlers?: HandlerTable;
  /** Shared with the dispatcher by main.ts; made here when METRICS_TOKEN is set and none is given. */
  metrics?: Metrics;
  /** DNS look-ups of merchants' sender domains (tests inject a zone). */
  dnsResolver?: TxtResolver;
  /** Shopify's Admin GraphQL API; built from config when not given. */
  adminApi?: AdminApiClient;
  /** Products' handles for the review links of webhook orders (issue 18); built from adminApi when not given. */
  productCatalog?: ProductCatalog;
}

export function createApp(deps: AppDeps): Express {
  const { config, db, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);

  const metrics = deps.metrics ?? (config.METRICS_TOKEN ? createMetrics({ db, logger }) : undefined);
  const adminApi = deps.adminApi ?? createAdminApiClient({ config, db, shopify: deps.shopify, logger, ...(deps.clock ? { clock: deps.clock } : {}) });
  const productCatalog = deps.productCatalog ?? createShopProductCatalog({ config, db, logger, adminApi });
  if (metrics) app.use("/api/webhooks", timeWebhooks(metrics));
  app.use(
    webhookRouter({
      db,
      shopify: deps.shopify,
      secret: config.SHOPIFY_API_SECRET,
      logger,
      handlers: deps.handlers ?? webhookHandlers(config),
      bodyLimit: config.WEBHOOK_BODY_LIMIT,
      clock: deps.clock,
      erasureKeys: erasureKeysOf(config),
    }),
  );

  // /healthz (liveness), /readyz (database, SMTP), /metrics (with METRICS_TOKEN).
  app.use(opsRouter({ db, config, metrics }));

  // Links in invitation emails (unsubscribe, "not received yet"): public, signed, no session.
  app.use(customerRouter({ db, config, logger, clock: deps.clock }));
  app.use(reviewRedirectRouter({ db, config, logger, clock: deps.clock, productCatalog }));
  // Bounces and complaints posted by mail providers (with DELIVERY_REPORTS_TOKEN): bearer token, no session.
  app.use(deliveryReportsRouter({ db, config, logger, ...(deps.clock ? { clock: deps.clock } : {}) }));

  // Before the main admin API's "/api" mount, so nothing there can shadow these routes.
  app.use("/api/privacy", requireSessionToken({ shopify: deps.shopify, db }), privacyRouter({ db, ...(deps.clock ? { clock: deps.clock } : {}) }));
  app.use("/api/deliverability", requireSessionToken({ shopify: deps.shopify, db }), deliverabilityAdminRouter({ db, config, logger, clock: deps.clock, resolver: deps.dnsResolver }));
  app.use("/api", adminRouter({ ...deps, adminApi }));

  if (config.DEMO_MODE) app.use(demoRouter(config));

  // Last before errors: the built admin page for its client routes (web/server/frontend).
  app.use(frontendRouter({ config, shopify: deps.shopify }));

  app.use(errorHandler(logger));
  return app;
}
