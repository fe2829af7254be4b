/** Production entry point: `npm start`. */
import { createApp } from "./app.ts";
import { ConfigError, loadConfig, type Config } from "./config/config.ts";
import { openDatabase } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import { startBounceListener } from "./deliverability/inbound-smtp.ts";
import { startDispatcher } from "./dispatch/scheduler.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics/metrics.ts";
import { startRetentionJob } from "./privacy/retention.ts";
import { createShopify } from "./shopify.ts";
import { createAdminApiClient } from "./shopify-admin/client.ts";
import { createShopProductCatalog } from "./shopify-admin/product-details.ts";

export async function start(config: Config) {
  const logger = createLogger(config.LOG_LEVEL);
  const schema = await applyMigrations(config.DATABASE_URL);
  logger.info({ schema }, "database migrations checked");
  const db = await openDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  const shopify = createShopify(config);
  const metrics = config.METRICS_TOKEN ? createMetrics({ db, logger }) : undefined;
  // One Admin API client for the process: the admin's routes and the products' images (issue 18).
  const adminApi = createAdminApiClient({ config, db, shopify, logger });
  const productCatalog = createShopProductCatalog({ config, db, logger, adminApi });
  const app = createApp({ config, db, shopify, logger, metrics, adminApi, productCatalog });

  const server = await new Promise<import("node:http").Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  logger.info({ port: config.PORT, host: config.HOST }, "review invitations listening");
  const retention = startRetentionJob({ db, logger, outboxDir: config.SMTP_URL ? undefined : config.OUTBOX_DIR });
  // Web instances can leave sending to a separate `npm run dispatch` process.
  const dispatcher = config.DISPATCH_ENABLED ? startDispatcher({ db, config, logger, metrics, productCatalog }) : null;
  // Bounces and feedback reports by mail (issue 19): BOUNCE_DOMAIN's MX points here.
  const bounces = config.BOUNCE_SMTP_PORT ? await startBounceListener({ db, config, logger }) : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await retention.stop();
    await dispatcher?.stop(); // no new claims; the batch in flight is sent and recorded
    await bounces?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
  return { server, db, logger, app, stop };
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  try {
    await start(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
