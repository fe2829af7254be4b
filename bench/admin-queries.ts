/**
 * `npm run bench:admin`: the admin API at 1,000,000 queued invitations, measured through
 * HTTP (session token, Express, Prisma, SQLite) exactly as the admin page calls it.
 *
 * Seeds one SQLite file set-based (INSERT … SELECT over a recursive CTE; a million Prisma
 * creates would take an hour), keeps it in var/bench/ for the next run, and works on a copy
 * because "cancel all pending" changes it. Prints p50/p95 per operation, and the process's
 * peak memory growth during the bulk cancel (it must not load the rows).
 *
 *   npm run bench:admin                 # reuse the seeded file if present
 *   npm run bench:admin -- --reseed     # seed again
 *   BENCH_ROWS=200000 npm run bench:admin
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { createApp } from "../web/server/app.ts";
import { loadConfig } from "../web/server/config/config.ts";
import { openDatabase, type Db } from "../web/server/db/client.ts";
import { applyMigrations } from "../web/server/db/migrate.ts";
import { createLogger } from "../web/server/logger.ts";
import { createShopify } from "../web/server/shopify.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const QUEUED = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** Rows of other statuses in the same shop, interleaved with the queued ones. */
const OTHERS = Math.round(QUEUED / 5);
const OTHER_SHOP_ROWS = Math.round(QUEUED / 10);
const SHOP = "bench-shop.myshopify.com";
const OTHER_SHOP = "bench-other.myshopify.com";
const KEY = "bench-api-key";
const SECRET = "bench-secret";
const dir = path.join(root, "var/bench");
const seedFile = path.join(dir, `admin-seed-${QUEUED}.db`);
const workFile = path.join(dir, `admin-work-${QUEUED}.db`);

const ts = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${expr})`;

async function seed(): Promise<void> {
  for (const f of [seedFile, `${seedFile}-wal`, `${seedFile}-shm`]) rmSync(f, { force: true });
  mkdirSync(dir, { recursive: true });
  applyMigrations(`file:${seedFile}`);
  const db = await openDatabase(`file:${seedFile}`);
  const started = performance.now();
  // Bulk load without the secondary indexes, then build them once: several times faster
  // than maintaining nine indexes row by row.
  const indexes = await db.$queryRawUnsafe<{ name: string; sql: string }[]>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Invitation' AND sql IS NOT NULL`,
  );
  for (const index of indexes) await db.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  await db.$executeRawUnsafe(`INSERT INTO "Shop" ("domain", "trigger", "paused", "updatedAt") VALUES ('${SHOP}', 'order_created', true, CURRENT_TIMESTAMP), ('${OTHER_SHOP}', 'order_fulfilled', false, CURRENT_TIMESTAMP)`);
  // Shop A: every 6th row is sent/failed/sending/canceled, the rest queued. createdAt grows
  // with the id (one order every 20 s over about a year); sendAt = createdAt + 7 days.
  const total = QUEUED + OTHERS;
  await db.$executeRawUnsafe(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${total})
    INSERT INTO "Invitation" ("shop", "autoOrderId", "orderId", "orderName", "email", "customerName", "status",
      "sendAt", "source", "orderCancelledAt", "attempts", "lastError", "sentAt", "customerPostpones", "createdAt", "updatedAt")
    SELECT '${SHOP}', 7000000000000 + i, 7000000000000 + i, '#' || (100000 + i), 'customer' || i || '@example.com',
      'Customer ' || i,
      CASE WHEN i % 6 <> 0 THEN 'queued'
           WHEN i % 600 = 0 THEN 'failed' WHEN i % 6000 = 6 THEN 'sending' WHEN i % 300 = 6 THEN 'canceled' ELSE 'sent' END,
      ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds', '+7 days'`)},
      'orders/fulfilled',
      CASE WHEN i % 100 = 7 THEN ${ts(`'2025-11-01', '+' || (i * 20 + 3600) || ' seconds'`)} END,
      0,
      CASE WHEN i % 600 = 0 THEN (CASE WHEN i % 1200 = 0 THEN '550 5.1.1 mailbox unavailable' ELSE '553 invalid address' END) END,
      CASE WHEN i % 6 = 0 AND i % 600 <> 0 THEN ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds', '+7 days'`)} END,
      0,
      ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds'`)},
      ${ts(`'2025-11-01', '+' || (i * 20) || ' seconds'`)}
    FROM n`);
  await db.$executeRawUnsafe(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${OTHER_SHOP_ROWS})
    INSERT INTO "Invitation" ("shop", "autoOrderId", "orderId", "orderName", "email", "customerName", "status",
      "sendAt", "source", "attempts", "customerPostpones", "createdAt", "updatedAt")
    SELECT '${OTHER_SHOP}', 8000000000000 + i, 8000000000000 + i, '#' || (100000 + i), 'other' || i || '@example.com',
      'Other ' || i, CASE WHEN i % 2 = 0 THEN 'queued' ELSE 'sent' END,
      ${ts(`'2025-11-01', '+' || (i * 200) || ' seconds'`)}, 'orders/fulfilled', 0, 0,
      ${ts(`'2025-11-01', '+' || (i * 200) || ' seconds'`)}, ${ts(`'2025-11-01', '+' || (i * 200) || ' seconds'`)}
    FROM n`);
  await db.$executeRawUnsafe(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.round(QUEUED / 50)})
    INSERT INTO "Order" ("shop", "orderId", "skipReason", "seenCreate", "test", "createdAt", "updatedAt")
    SELECT '${SHOP}', 9000000000000 + i, CASE WHEN i % 4 = 0 THEN 'test_order' ELSE 'no_email' END, true, false,
      CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n`);
  const loaded = performance.now();
  for (const index of indexes) await db.$executeRawUnsafe(index.sql);
  await db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.$disconnect();
  console.log(
    `seeded ${(total + OTHER_SHOP_ROWS).toLocaleString("en")} invitations in ${((loaded - started) / 1000).toFixed(1)} s ` +
      `+ ${indexes.length} indexes in ${((performance.now() - loaded) / 1000).toFixed(1)} s`,
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Row {
  operation: string;
  runs: number;
  p50: number;
  p95: number;
  note: string;
}

async function main() {
  if (process.argv.includes("--reseed") || !existsSync(seedFile)) await seed();
  for (const f of [workFile, `${workFile}-wal`, `${workFile}-shm`]) rmSync(f, { force: true });
  copyFileSync(seedFile, workFile);

  const config = loadConfig({
    NODE_ENV: "production",
    SHOPIFY_API_KEY: KEY,
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "https://reviews.example.com",
    SCOPES: "read_orders",
    DATABASE_URL: `file:${workFile}`,
    LOG_LEVEL: "silent",
  });
  const db: Db = await openDatabase(config.DATABASE_URL);
  const app = createApp({ config, db, shopify: createShopify(config), logger: createLogger("silent") });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ dest: `https://${SHOP}`, sid: "bench" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${SHOP}/admin`)
    .setAudience(KEY)
    .setSubject("1")
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(SECRET));

  async function call(method: string, url: string, body?: unknown) {
    const res = await fetch(base + url, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  const rows: Row[] = [];
  async function measure(operation: string, runs: number, fn: (i: number) => Promise<unknown>, note = "") {
    for (let i = 0; i < Math.min(5, runs); i++) await fn(runs + i); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await fn(i);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    rows.push({ operation, runs, p50: percentile(times, 50), p95: percentile(times, 95), note });
    process.stdout.write(".");
  }

  const total = QUEUED + OTHERS;
  const deepCursor = Buffer.from(`i:${Math.round(total / 1000)}`).toString("base64url");
  await measure("first page (25, newest first)", 200, () => call("GET", "/api/invitations"));
  await measure("first page (100)", 100, () => call("GET", "/api/invitations?limit=100"));
  await measure("status=queued page", 200, () => call("GET", "/api/invitations?status=queued"));
  await measure("status=failed page (rare)", 200, () => call("GET", "/api/invitations?status=failed"));
  await measure(`deep page by cursor (row ~${Math.round(total * 0.999).toLocaleString("en")})`, 200, () => call("GET", `/api/invitations?cursor=${deepCursor}`));
  await measure("deep page, status=failed", 200, () => call("GET", `/api/invitations?status=failed&cursor=${deepCursor}`));
  let cursor: string | null = null;
  await measure("walk: next page from previous cursor", 200, async () => {
    const page = await call("GET", `/api/invitations?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    cursor = page.nextCursor as string;
  });
  await measure("search exact email", 100, (i) => call("GET", `/api/invitations?q=customer${10_007 * (i + 1)}@example.com`));
  await measure("search order name #1234567", 100, (i) => call("GET", `/api/invitations?q=%23${100_000 + 9_001 * (i + 1)}`));
  await measure("search no match", 100, () => call("GET", "/api/invitations?q=nobody-here"));
  await measure("search common prefix 'customer1'", 50, () => call("GET", "/api/invitations?q=customer1"), "> candidate limit: newest-first walk");
  await measure("search prefix + status=failed", 50, () => call("GET", "/api/invitations?q=customer12&status=failed"));
  await measure("date range (a week, months back)", 50, () => call("GET", "/api/invitations?from=2026-02-01&to=2026-02-07"), "walks (shop,id) down to the range");
  await measure("recent (10)", 200, () => call("GET", "/api/invitations/recent"));
  await measure("summary", 30, () => call("GET", "/api/invitations/summary"), `counts over ${(total / 1e6).toFixed(2)}M rows of the shop`);
  await measure("invitation detail with events", 200, (i) => call("GET", `/api/invitations/${1 + 7 * i}`));
  await measure("reschedule one (PATCH)", 200, (i) => {
    const id = 6 * (i + 10) + 1; // i % 6 <> 0: queued
    return call("PATCH", `/api/invitations/${id}`, { sendAt: new Date(Date.now() + (i + 2) * 86_400_000).toISOString() });
  });

  const queuedBefore = await db.invitation.count({ where: { shop: SHOP, status: "queued" } });
  // maxRSS is the process's peak resident memory so far (KB); its growth across the call is
  // what the call needed at most. A million loaded rows would add hundreds of MB.
  const rssBefore = process.memoryUsage().rss;
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  const result = await call("POST", "/api/invitations/cancel-pending", { confirm: true });
  const elapsed = performance.now() - start;
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  const events = await db.invitationEvent.count({ where: { shop: SHOP, type: "bulk_canceled" } });
  const untouched = await db.invitation.count({ where: { shop: SHOP, status: { in: ["sent", "sending"] } } });
  rows.push({
    operation: `cancel all pending (${Number(result.canceled).toLocaleString("en")} rows)`,
    runs: 1,
    p50: elapsed,
    p95: elapsed,
    note: `RSS ${(rssBefore / 1e6).toFixed(0)} MB before, peak +${(Math.max(0, peakAfter - Math.max(peakBefore, rssBefore)) / 1e6).toFixed(0)} MB; ${events.toLocaleString("en")} events`,
  });
  await measure("summary after cancel", 10, () => call("GET", "/api/invitations/summary"));
  process.stdout.write("\n");

  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  const width = Math.max(...rows.map((r) => r.operation.length));
  console.log(`\nAdmin API over HTTP, SQLite, ${QUEUED.toLocaleString("en")} queued + ${OTHERS.toLocaleString("en")} other invitations in the shop, ${OTHER_SHOP_ROWS.toLocaleString("en")} in another shop`);
  console.log(`${"operation".padEnd(width)}  runs      p50       p95  note`);
  for (const r of rows) {
    console.log(`${r.operation.padEnd(width)}  ${String(r.runs).padStart(4)}  ${fmt(r.p50).padStart(9)} ${fmt(r.p95).padStart(9)}  ${r.note}`);
  }
  if (Number(result.canceled) !== queuedBefore) throw new Error(`cancelled ${String(result.canceled)} of ${queuedBefore} queued`);
  if (events !== queuedBefore) throw new Error(`${events} bulk_canceled events for ${queuedBefore} rows`);
  console.log(`checks: every queued row cancelled with one event each; ${untouched.toLocaleString("en")} sent/sending rows untouched`);

  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.$disconnect();
  for (const f of [workFile, `${workFile}-wal`, `${workFile}-shm`]) rmSync(f, { force: true });
}

await main();
