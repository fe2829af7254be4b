/**
 * The admin API at up to 1,000,000 queued invitations, measured through HTTP (session token,
 * Express, the SQL layer, SQLite) exactly as the admin page calls it, against the real app in its own
 * process (so its peak memory is the run's own).
 *
 * The seeded data, reused between runs when still valid: admin-seed.ts.
 *
 *   npm run bench:admin                 # every operation at 1,000,000; reuse a valid seed
 *   npm run bench:admin -- --reseed     # seed again
 *   BENCH_ROWS=200000 npm run bench:admin
 */
import path from "node:path";
import { SignJWT } from "jose";
import LibSql from "libsql";
import { openDatabase } from "../web/server/db/client.ts";
import { countInvitationsByStatus, readInvitationCounts } from "../web/server/db/queries/invitation-counts.ts";
import { sql } from "../web/server/db/sql.ts";
import { ADMIN_SHOP, copySeed, ensureAdminSeed, root, seedShape, type AdminSeed } from "./admin-seed.ts";
import { BENCH_API_KEY, BENCH_SECRET, startServer } from "./support/processes.ts";

export { ADMIN_SHOP, copySeed, ensureAdminSeed, seedShape, type AdminSeed } from "./admin-seed.ts";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface AdminOperation {
  key: string;
  operation: string;
  runs: number;
  p50: number;
  p95: number;
  note: string;
}

export interface AdminFigures {
  queued: number;
  inShop: number;
  operations: AdminOperation[];
  /**
   * seconds: until the merchant's answer (every covered invitation unsendable from then on);
   * writtenSeconds: until every row and event was written (the same when answered inline).
   */
  cancel: { seconds: number; writtenSeconds: number; complete: boolean; canceled: number; events: number; untouched: number; peakGrowthBytes: number; rssBeforeBytes: number };
  peakRssBytes: number;
}

export type OperationSet = "core" | "all";

/**
 * Runs the admin operations against a copy of the seed, then "cancel all pending" (last: it
 * changes the data), and checks that every queued row was cancelled with one event each.
 * `runsScale` multiplies the number of runs per operation (the suite uses fewer than the CLI).
 */
export async function benchAdmin(seed: AdminSeed, options: { operations?: OperationSet; runsScale?: number; progress?: (s: string) => void } = {}): Promise<AdminFigures> {
  const set = options.operations ?? "all";
  const scale = options.runsScale ?? 1;
  const progress = options.progress ?? (() => undefined);
  const { queued, inShop } = seedShape(seed.queued);
  const work = copySeed(seed, "admin");
  const server = await startServer("app", work.url);
  const db = await openDatabase(work.url, { poolSize: 1 });
  try {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ dest: `https://${ADMIN_SHOP}`, sid: "bench" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(`https://${ADMIN_SHOP}/admin`)
      .setAudience(BENCH_API_KEY)
      .setSubject("1")
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(BENCH_SECRET));

    async function call(method: string, url: string, body?: unknown) {
      const res = await fetch(server.url + url, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    }

    const operations: AdminOperation[] = [];
    async function measure(key: string, operation: string, runs: number, fn: (i: number) => Promise<unknown>, note = "", core = false) {
      if (set === "core" && !core) return;
      runs = Math.max(5, Math.round(runs * scale));
      for (let i = 0; i < Math.min(5, runs); i++) await fn(runs + i); // warm-up
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await fn(i);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      operations.push({ key, operation, runs, p50: percentile(times, 50), p95: percentile(times, 95), note });
      progress(".");
    }

    const deepCursor = Buffer.from(`i:${Math.round(inShop / 1000)}`).toString("base64url");
    await measure("first-page", "first page (25, newest first)", 200, () => call("GET", "/api/invitations"), "", true);
    await measure("first-page-100", "first page (100)", 100, () => call("GET", "/api/invitations?limit=100"));
    await measure("filtered-page", "filtered page: status=queued", 200, () => call("GET", "/api/invitations?status=queued"), "", true);
    await measure("rare-filter-page", "filtered page: status=failed (1 row in 600)", 200, () => call("GET", "/api/invitations?status=failed"), "", true);
    await measure("deep-page", `deep page by cursor (row ~${Math.round(inShop * 0.999).toLocaleString("en")} of ${inShop.toLocaleString("en")})`, 200, () => call("GET", `/api/invitations?cursor=${deepCursor}`), "", true);
    await measure("deep-page-failed", "deep page, status=failed", 200, () => call("GET", `/api/invitations?status=failed&cursor=${deepCursor}`));
    let cursor: string | null = null;
    await measure("walk", "walk: next page from previous cursor", 200, async () => {
      const page = await call("GET", `/api/invitations?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      cursor = page.nextCursor as string;
    });
    const spread = Math.max(1, Math.floor(inShop / 120));
    await measure("search-email", "search exact email", 100, (i) => call("GET", `/api/invitations?q=customer${1 + spread * ((i % 110) + 1)}@example.com`));
    await measure("search-order", "search order name", 100, (i) => call("GET", `/api/invitations?q=%23${100_000 + 1 + spread * ((i % 110) + 1)}`));
    await measure("search-none", "search no match", 100, () => call("GET", "/api/invitations?q=nobody-here"));
    await measure("search-prefix", "search common prefix 'customer1'", 50, () => call("GET", "/api/invitations?q=customer1"), "> candidate limit: newest-first walk");
    await measure("search-prefix-failed", "search prefix + status=failed", 50, () => call("GET", "/api/invitations?q=customer12&status=failed"));
    await measure("date-range", "date range (a week, months back)", 50, () => call("GET", "/api/invitations?from=2026-02-01&to=2026-02-07"), "walks (shop,id) down to the range");
    await measure("recent", "recent (10)", 200, () => call("GET", "/api/invitations/recent"));
    await measure("summary", "summary counts", 30, () => call("GET", "/api/invitations/summary"), `counters, plus the cancelled-order and failure counts over index ranges (${inShop.toLocaleString("en")} rows in the shop)`, true);
    await measure("detail", "invitation detail with events", 200, (i) => call("GET", `/api/invitations/${1 + 7 * i}`));
    await measure("reschedule", "reschedule one (PATCH)", 200, (i) => {
      const id = 6 * (i + 10) + 1; // i % 6 <> 0: queued
      return call("PATCH", `/api/invitations/${id}`, { sendAt: new Date(Date.now() + (i + 2) * 86_400_000).toISOString() });
    }, "", true);

    const queuedBefore = (await countInvitationsByStatus(db, ADMIN_SHOP)).queued ?? 0;
    // maxRSS is the server's peak resident memory so far; its growth across the call is what
    // the call needed at most. A million loaded rows would add hundreds of MB.
    const before = await server.memory();
    const start = performance.now();
    const result = await call("POST", "/api/invitations/cancel-pending", { confirm: true });
    const seconds = (performance.now() - start) / 1000;
    // Beyond the inline limit the rows are written after the answer: wait for the last one.
    while (await db.one(sql`SELECT 1 AS "left" FROM "BulkCancellation" WHERE "shop" = ${ADMIN_SHOP} AND "completedAt" IS NULL AND "throughId" IS NOT NULL`)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const writtenSeconds = (performance.now() - start) / 1000;
    const after = await server.memory();
    const events = Number((await db.one<{ n: number }>(sql`SELECT COUNT(*) AS "n" FROM "InvitationEvent"
      WHERE "shop" = ${ADMIN_SHOP} AND "type" = 'bulk_canceled'`))!.n);
    const statuses = await countInvitationsByStatus(db, ADMIN_SHOP);
    const untouched = (statuses.sent ?? 0) + (statuses.sending ?? 0);
    progress(".");
    if (Number(result.canceled) !== queuedBefore) throw new Error(`cancel all: cancelled ${String(result.canceled)} of ${queuedBefore} queued`);
    if (events !== queuedBefore) throw new Error(`cancel all: ${events} bulk_canceled events for ${queuedBefore} rows`);
    const counters = await readInvitationCounts(db, ADMIN_SHOP);
    for (const [status, n] of Object.entries(statuses)) {
      if ((counters[status] ?? 0) !== n) throw new Error(`cancel all: the ${status} counter says ${counters[status]}, the rows ${n}`);
    }
    await measure("summary-after-cancel", "summary after cancel", 10, () => call("GET", "/api/invitations/summary"));
    return {
      queued,
      inShop,
      operations,
      cancel: {
        seconds,
        writtenSeconds,
        complete: result.complete === true,
        canceled: Number(result.canceled),
        events,
        untouched,
        rssBeforeBytes: before.rssBytes,
        peakGrowthBytes: Math.max(0, after.maxRssBytes - Math.max(before.maxRssBytes, before.rssBytes)),
      },
      peakRssBytes: (await server.memory()).maxRssBytes,
    };
  } finally {
    await db.close();
    await server.stop();
    work.remove();
  }
}

/**
 * The floor for "cancel all pending": the same two statements the app runs (events by
 * INSERT … SELECT, then one UPDATE), in one transaction, straight through the app's SQLite
 * driver (libsql, synchronous) with the app's pragmas, on a copy of the same seed: no HTTP,
 * no data layer. What the app adds on top is its own cost; the rest is SQLite writing a
 * million rows, their events and three status indexes.
 */
export async function benchBareCancel(seed: AdminSeed): Promise<{ seconds: number; canceled: number }> {
  const work = copySeed(seed, "bare-cancel");
  const connection = new LibSql(work.file);
  try {
    connection.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=FILE"); // as db/client.ts and cancel-all.ts
    const now = new Date().toISOString().replace("Z", "+00:00");
    const started = performance.now();
    connection.exec("BEGIN IMMEDIATE");
    connection
      .prepare(`INSERT INTO "InvitationEvent" ("invitationId", "shop", "type", "at", "actor", "details")
            SELECT "id", "shop", 'bulk_canceled', ?, '1', '{"bulkCancellationId":1,"staffUser":"1"}'
            FROM "Invitation" WHERE "shop" = ? AND "status" = 'queued'`)
      .run(now, ADMIN_SHOP);
    const update = connection
      .prepare(`UPDATE "Invitation" SET "status" = 'canceled', "leaseUntil" = NULL, "updatedAt" = ? WHERE "shop" = ? AND "status" = 'queued'`)
      .run(now, ADMIN_SHOP) as unknown as { changes: number };
    connection.exec("COMMIT");
    return { seconds: (performance.now() - started) / 1000, canceled: update.changes };
  } finally {
    connection.close();
    work.remove();
  }
}

async function main() {
  const queued = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const seed = await ensureAdminSeed(queued, { reseed: process.argv.includes("--reseed") });
  const { others, otherShopRows } = seedShape(queued);
  console.log(
    seed.reused
      ? `reusing ${path.relative(root, seed.file)} (${(seed.bytes / 1e6).toFixed(0)} MB)`
      : `seeded ${seedShape(queued).total.toLocaleString("en")} invitations in ${seed.loadSeconds.toFixed(1)} s + indexes in ${seed.indexSeconds.toFixed(1)} s${seed.rejected ? ` (previous seed not reused: ${seed.rejected})` : ""}`,
  );
  const figures = await benchAdmin(seed, { progress: (s) => process.stdout.write(s) });
  process.stdout.write("\n");
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  const rows = [
    ...figures.operations,
    {
      operation: `cancel all pending (${figures.cancel.canceled.toLocaleString("en")} rows): answer`,
      runs: 1,
      p50: figures.cancel.seconds * 1000,
      p95: figures.cancel.seconds * 1000,
      note: figures.cancel.complete ? "every row written before the answer" : "rows written after the answer; none sendable from the answer on",
    },
    {
      operation: `cancel all pending (${figures.cancel.canceled.toLocaleString("en")} rows): every row and event written`,
      runs: 1,
      p50: figures.cancel.writtenSeconds * 1000,
      p95: figures.cancel.writtenSeconds * 1000,
      note: `server RSS ${(figures.cancel.rssBeforeBytes / 1e6).toFixed(0)} MB before, peak +${(figures.cancel.peakGrowthBytes / 1e6).toFixed(0)} MB; ${figures.cancel.events.toLocaleString("en")} events`,
    },
  ];
  const width = Math.max(...rows.map((r) => r.operation.length));
  console.log(`\nAdmin API over HTTP, SQLite, ${queued.toLocaleString("en")} queued + ${others.toLocaleString("en")} other invitations in the shop, ${otherShopRows.toLocaleString("en")} in another shop`);
  console.log(`${"operation".padEnd(width)}  runs      p50       p95  note`);
  for (const r of rows) console.log(`${r.operation.padEnd(width)}  ${String(r.runs).padStart(4)}  ${fmt(r.p50).padStart(9)} ${fmt(r.p95).padStart(9)}  ${r.note}`);
  console.log(`checks: every queued row cancelled with one event each; ${figures.cancel.untouched.toLocaleString("en")} sent/sending rows untouched; server peak RSS ${(figures.peakRssBytes / 1e6).toFixed(0)} MB`);
  const bare = await benchBareCancel(seed);
  console.log(`cancel all, the same SQL through the bare driver (no HTTP, no data layer): ${bare.seconds.toFixed(2)} s for ${bare.canceled.toLocaleString("en")} rows; the app writes them in ${(figures.cancel.writtenSeconds / bare.seconds).toFixed(2)}× that`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
