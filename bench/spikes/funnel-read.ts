/**
 * Issue 18: what the home page's funnel costs at 1,000,000 sent invitations in one shop, all
 * sent in the last 90 days (the worst case: every row is in the window), on SQLite.
 *
 *   - the funnel as the summary reads it: InvitationFunnel counters (invitations/funnel.ts)
 *   - the same figures counted from the invitations (what the counters avoid)
 *   - the whole GET /api/invitations/summary read (invitationSummary) with the funnel in it
 *
 *   npx tsx bench/spikes/funnel-read.ts            # BENCH_ROWS=200000 for a quicker run
 *
 * Seeds a throwaway file in var/bench/ set-based (INSERT … SELECT over a recursive CTE) and
 * builds the counters from the rows with one GROUP BY, as the app would have added them.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import LibSql from "libsql";
import { openDatabase } from "../../web/server/db/client.ts";
import { applyMigrations } from "../../web/server/db/migrate.ts";
import { countFunnelFromRows, utcDay } from "../../web/server/db/queries/funnel.ts";
import { invitationFunnel } from "../../web/server/invitations/funnel.ts";
import { invitationSummary } from "../../web/server/invitations/queries.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SHOP = "funnel-bench.myshopify.com";
const NOW = new Date("2026-12-05T12:00:00Z");
const file = path.join(root, "var/bench/funnel-read.db");
const ts = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${expr})`;

mkdirSync(path.dirname(file), { recursive: true });
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
await applyMigrations(`file:${file}`);

const seed = new LibSql(file);
const started = performance.now();
const spread = Math.floor((89 * 86_400) / rows * 1000) / 1000; // seconds between sends over 89 days
seed.exec(`INSERT INTO "Shop" ("domain", "reminderEnabled", "updatedAt") VALUES ('${SHOP}', true, CURRENT_TIMESTAMP)`);
seed.exec(`
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
  INSERT INTO "Invitation" ("shop", "email", "status", "sendAt", "sentAt", "clickedAt", "clicks", "remindedAt", "source", "createdAt", "updatedAt")
  SELECT '${SHOP}', 'c' || i || '@example.com', 'sent',
    ${ts(`'2026-09-07', '+' || CAST(i * ${spread} AS INTEGER) || ' seconds'`)},
    ${ts(`'2026-09-07', '+' || CAST(i * ${spread} AS INTEGER) || ' seconds'`)},
    CASE WHEN i % 3 = 0 THEN ${ts(`'2026-09-07', '+' || CAST(i * ${spread} + 86400 AS INTEGER) || ' seconds'`)} END,
    CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END,
    CASE WHEN i % 2 = 1 THEN ${ts(`'2026-09-07', '+' || CAST(i * ${spread} + 3 * 86400 AS INTEGER) || ' seconds'`)} END,
    'manual',
    ${ts(`'2026-09-07', '+' || CAST(i * ${spread} AS INTEGER) || ' seconds'`)},
    ${ts(`'2026-09-07', '+' || CAST(i * ${spread} AS INTEGER) || ' seconds'`)}
  FROM n`);
seed.exec(`INSERT INTO "InvitationCount" ("shop", "status", "slot", "count") SELECT "shop", "status", "id" % 8, COUNT(*) FROM "Invitation" GROUP BY 1, 2, 3`);
seed.exec(`
  INSERT INTO "InvitationFunnel" ("shop", "day", "slot", "sent", "clicked", "reminded", "clickedAfterReminder")
  SELECT "shop", substr("sentAt", 1, 10), "id" % 8, COUNT(*), COUNT("clickedAt"), COUNT("remindedAt"),
    SUM(CASE WHEN "clickedAt" >= "remindedAt" THEN 1 ELSE 0 END)
  FROM "Invitation" GROUP BY 1, 2, 3`);
seed.close();
console.log(`seeded ${rows.toLocaleString("en-US")} sent invitations over 90 days in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const db = await openDatabase(`file:${file}`);
async function measure(name: string, runs: number, work: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${name.padEnd(48)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  (${runs} runs)`);
}

const funnel = await invitationFunnel(db, SHOP, NOW);
const counted = await countFunnelFromRows(db, SHOP, utcDay(new Date(NOW.getTime() - 89 * 86_400_000)));
console.log("funnel (counters), last 90 days:", funnel.last90Days);
console.log("the same counted from rows:     ", counted);
await measure("funnel from InvitationFunnel counters", 200, () => invitationFunnel(db, SHOP, NOW));
await measure("the same figures counted from the invitations", 5, () => countFunnelFromRows(db, SHOP, "2026-09-06"));
await measure("whole summary (GET /api/invitations/summary)", 50, () => invitationSummary(db, SHOP, NOW));
await db.close();
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
