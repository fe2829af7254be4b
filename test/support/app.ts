import type { Express } from "express";
import { createApp } from "../../web/server/app.ts";
import type { Config } from "../../web/server/config/config.ts";
import type { TxtResolver } from "../../web/server/deliverability/dns-check.ts";
import type { TestDb } from "./db.ts";
import { createLogger } from "../../web/server/logger.ts";
import { createShopify } from "../../web/server/shopify.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { testConfig } from "./shopify.ts";

export interface TestApp {
  app: Express;
  db: TestDb;
  config: Config;
  /** The app's clock; tests move it. */
  clock: { now: Date };
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(
  options: { config?: Partial<Record<string, string>>; now?: Date; dnsResolver?: TxtResolver } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(options.config);
  const clock = { now: options.now ?? new Date() };
  const app = createApp({
    config,
    db: database.db,
    shopify: createShopify(config),
    logger: createLogger(config.LOG_LEVEL),
    clock: () => clock.now,
    ...(options.dnsResolver ? { dnsResolver: options.dnsResolver } : {}),
  });
  return { app, db: database.db, config, clock, database, close: () => database.close() };
}
