/**
 * A server process for the intake benchmark. `app`: the real app (real route, real
 * database). `bare`: a bare Express 5 route that reads the same body and answers 200 —
 * the ceiling for this stack on this machine. Reports its peak memory when asked.
 * Usage: tsx bench/support/intake-server.ts <app|bare> <port> [databaseUrl]
 */
import express from "express";
import { createApp } from "../../web/server/app.ts";
import { loadConfig } from "../../web/server/config/config.ts";
import { openDatabase } from "../../web/server/db/client.ts";
import { applyMigrations } from "../../web/server/db/migrate.ts";
import { createLogger } from "../../web/server/logger.ts";
import { createShopify } from "../../web/server/shopify.ts";

const [mode, portArg, databaseUrl] = process.argv.slice(2);
const port = Number(portArg);

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
    SHOPIFY_API_KEY: "bench-key",
    SHOPIFY_API_SECRET: process.env.BENCH_SECRET ?? "bench-secret",
    SHOPIFY_APP_URL: "https://bench.example",
    SCOPES: "read_orders",
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "silent",
  });
  applyMigrations(config.DATABASE_URL);
  const db = await openDatabase(config.DATABASE_URL);
  app = createApp({ config, db, shopify: createShopify(config), logger: createLogger("silent") });
}
app.get("/bench/memory", (_req, res) => {
  res.json({ maxRssBytes: process.resourceUsage().maxRSS * 1024 });
});
app.listen(port, "127.0.0.1", () => process.send?.({ ready: true }));
