/**
 * `npm run demo`: the whole app on an embedded SQLite database with a demo shop, fed
 * realistic signed webhooks through the real intake route. Listens on 127.0.0.1 only and
 * refuses to run in production.
 */
import { createHmac } from "node:crypto";
import { rmSync } from "node:fs";
import { ConfigError, loadConfig } from "../config/config.ts";
import { readInvitationCounts } from "../db/queries/invitation-counts.ts";
import { insertShop } from "../db/queries/shops.ts";
import { start } from "../main.ts";
import { DEMO_DB, demoEnvironment } from "./environment.ts";
import { DEMO_SHOP } from "./routes.ts";
import { sampleDeliveries } from "./sample-webhooks.ts";

if (process.env.NODE_ENV === "production") {
  console.error("npm run demo refuses to run with NODE_ENV=production: it switches on demo conveniences.");
  process.exit(1);
}

const env = demoEnvironment(process.env);

let config;
try {
  config = loadConfig(env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}

// A fresh demo every run: the sample data below is the whole story.
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${DEMO_DB}${suffix}`, { force: true });

const { db, logger } = await start(config);
const base = `http://127.0.0.1:${config.PORT}`;
const delayDays = 7;
await insertShop(db, { domain: DEMO_SHOP, name: "Demo Shop", delayDays }, new Date());

const deliveries = sampleDeliveries(new Date(), delayDays);
for (const d of deliveries) {
  const res = await fetch(`${base}/api/webhooks`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": d.topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", config.SHOPIFY_API_SECRET).update(d.body).digest("base64"),
      "X-Shopify-Shop-Domain": DEMO_SHOP,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": d.webhookId,
    },
    body: d.body,
  });
  const answer = (await res.json()) as { status?: string; outcome?: string };
  console.log(`  ${res.status} ${d.topic.padEnd(20)} ${d.note}  → ${answer.outcome ?? answer.status}`);
}

logger.warn({ invitations: await readInvitationCounts(db, DEMO_SHOP) }, "demo data loaded");
console.log(`
Review Invitations demo is running.
  Admin page:  ${base}/          (the demo shop "${DEMO_SHOP}", no Shopify login needed)
  Health:      ${base}/healthz
  Outbox:      ${process.env.OUTBOX_DIR ?? "var/outbox"}/  (emails appear here as .eml files once due)
Press Ctrl+C to stop.
`);
