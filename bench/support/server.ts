/**
 * A server process for the benchmarks, so that each run's peak memory is its own.
 *   app   the real app (createApp: real routes, real database; no dispatcher), as `npm start`
 *         serves HTTP, on an already migrated database. For webhook intake and the admin API.
 *   bare  a bare Express 5 route that reads the same webhook body and answers 200: the
 *         ceiling for this stack on this machine.
 * Listens on a free loopback port and tells its parent over IPC; answers "memory" messages
 * with its peak and current resident memory and the CPU time it used so far (IPC, not HTTP:
 * the app's page router would answer any GET the app does not know).
 * Usage: node --import tsx bench/support/server.ts <app|bare> [databaseUrl]
 * Env: BENCH_API_KEY, BENCH_SECRET (the app's key and secret: webhooks are signed and session
 * tokens minted with them).
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import { createApp } from "../../web/server/app.ts";
import { loadConfig } from "../../web/server/config/config.ts";
import { openDatabase } from "../../web/server/db/client.ts";
import { createLogger } from "../../web/server/logger.ts";
import { createShopify } from "../../web/server/shopify.ts";

const [mode, databaseUrl] = process.argv.slice(2);

let app: express.Express;
if (mode === "bare") {
  app = express();
  app.post("/api/webhooks", express.raw({ type: () => true, limit: "5mb" }), (_req, res) => {
    res.status(200).json({ status: "processed" });
  });
} else {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: "production",
    SHOPIFY_API_KEY: process.env.BENCH_API_KEY ?? "bench-api-key",
    SHOPIFY_API_SECRET: process.env.BENCH_SECRET ?? "bench-secret",
    SHOPIFY_APP_URL: "https://reviews.example.com",
    SCOPES: "read_orders",
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "silent",
    // Production requires both (issue 13); this server never sends (DISPATCH_ENABLED=false)
    // and stores no tokens, so an address nothing listens on and a throwaway key serve.
    SMTP_URL: "smtp://127.0.0.1:9",
    DISPATCH_ENABLED: "false",
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    // The admin benchmark reschedules 200 times a run: above the per-shop write limit that
    // protects other shops (issue 13), which is an operator setting.
    ADMIN_WRITES_PER_MINUTE: "100000",
  });
  // The benchmarks hand over migrated databases (a seeded copy, a copy of a migrated
  // template). `npm start` migrates here; on PostgreSQL that costs ~11 s per process even
  // with nothing to apply (Prisma's CLI exits ~10 s after its work), and three concurrent
  // starts queue on Prisma's advisory lock (see docs/performance.md).
  const db = await openDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  app = createApp({ config, db, shopify: createShopify(config), logger: createLogger("silent") });
}

process.on("message", (message) => {
  if (message === "memory") {
    const cpu = process.cpuUsage();
    process.send?.({ maxRssBytes: process.resourceUsage().maxRSS * 1024, rssBytes: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
});
const server = app.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
// A normal exit on SIGTERM, so `--cpu-prof` (NODE_OPTIONS) can write its profile.
process.on("SIGTERM", () => process.exit(0));
