/**
 * `npm run bench`: the whole suite, one table. Every figure is measured in this run next to
 * its baseline (a bare Express route, a bare nodemailer loop, the same query at 10,000 rows,
 * one instance instead of three, a bare Polaris page), so a busy machine shifts both sides and
 * the ratio stays meaningful. Prints the table to stdout and writes it, with every raw
 * measurement, to bench/results/latest.json. Not part of `npm test`.
 *
 *   npm run bench                          reuse the seeded SQLite files when still valid
 *   npm run bench -- --reseed              seed them again
 *   npm run bench -- --duration 8          seconds per intake phase (default 5)
 *   npm run bench -- --rounds 7            measured dispatch rounds (default 5)
 *   npm run bench -- --no-postgres         skip the PostgreSQL rows
 *   npm run bench -- --sizes 10000,100000  admin/intake sizes (default 10000,100000,1000000)
 *
 * Parts: frontend size; webhook intake on SQLite at each size; the admin API at each size;
 * PostgreSQL (a throwaway server, durable settings) intake with 1 and 3 instances; dispatch
 * on SQLite, and on PostgreSQL with 1 and 3 processes. A part that fails is reported in the
 * table as not measured, the rest still runs, and the exit code is 1.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "../web/server/db/client.ts";
import { insertShop, updateShopSettings } from "../web/server/db/queries/shops.ts";
import { benchAdmin, benchBareCancel, copySeed, ensureAdminSeed, seedShape, type AdminFigures, type AdminSeed } from "./admin-queries.ts";
import { benchDispatch, type DispatchFigures } from "./dispatch.ts";
import { benchFrontendSize, type FrontendFigures } from "./frontend-size.ts";
import { benchIntake, INTAKE_SHOP, type IntakeFigures, type Latency } from "./intake.ts";
import { startBenchPostgres, type BenchPostgres } from "./support/postgres.ts";
import { format, renderMarkdown, renderText, type Row } from "./support/table.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const DURATION = Number(option("duration") ?? 5);
/** Issue 12: p99 < 50 ms at 500 deliveries/s offered, on both databases. */
const FIXED_RATE = 500;
const DISPATCH_ROUNDS = Number(option("rounds") ?? 5);
const SIZES = (option("sizes") ?? "10000,100000,1000000").split(",").map(Number);
const RESEED = process.argv.includes("--reseed");
const POSTGRES = !process.argv.includes("--no-postgres");

const startedAt = new Date();
const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;
const log = (message: string) => process.stderr.write(`[${elapsed().toFixed(0).padStart(4)} s] ${message}\n`);
const load = () => Number(os.loadavg()[0]!.toFixed(2));
const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

const rows: Row[] = [];
const sections: { name: string; seconds: number; loadBefore: number; loadAfter: number }[] = [];
const raw: Record<string, unknown> = {};
const errors: string[] = [];

async function part<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
  const loadBefore = load();
  const started = elapsed();
  log(`${name} (load ${loadBefore})`);
  try {
    return await fn();
  } catch (error) {
    errors.push(`${name}: ${(error as Error).stack ?? String(error)}`);
    log(`${name} FAILED: ${(error as Error).message}`);
    return null;
  } finally {
    sections.push({ name, seconds: Number((elapsed() - started).toFixed(1)), loadBefore, loadAfter: load() });
  }
}

const ratio = (value: number | null | undefined, baseline: number | null | undefined) =>
  value == null || baseline == null || baseline === 0 || !Number.isFinite(value) || !Number.isFinite(baseline) ? null : value / baseline;

function missing(section: string, figure: string, target: string, error: string): Row {
  return { section, figure, value: null, unit: "/s", baseline: null, baselineLabel: "", ratio: null, target, met: null, error };
}

// --- frontend ----------------------------------------------------------------------------
async function frontend(): Promise<void> {
  const section = "Frontend: JS + CSS an English-speaking browser downloads at first load (gzip -9)";
  const f = await part("frontend size", async () => benchFrontendSize());
  raw.frontend = f;
  if (!f) return void rows.push(missing(section, "admin page, JS + CSS at first load (English)", "≤ 1.2× bare Polaris", "build failed"));
  const add = (figure: string, value: number, baseline: number, target: string, limit?: number) =>
    rows.push({ section, figure, value, unit: "kB", baseline, baselineLabel: "bare Polaris", ratio: value / baseline, target, met: limit === undefined ? null : value / baseline <= limit });
  add("admin page, JS + CSS at first load (English)", f.admin.totalGzip, f.bare.totalGzip, "≤ 1.2× bare Polaris", 1.2);
  add("admin page, JS", f.admin.jsGzip, f.bare.jsGzip, "—");
  add("admin page, CSS", f.admin.cssGzip, f.bare.cssGzip, "—");
}

// --- intake ------------------------------------------------------------------------------
/** Issue 12's intake targets: at least this many deliveries/s and this fraction of the bare route. */
interface IntakeTarget {
  perSecond: number;
  ofBare: number;
}
const SQLITE_INTAKE: IntakeTarget = { perSecond: 1000, ofBare: 0.15 };
const POSTGRES_INTAKE: IntakeTarget = { perSecond: 600, ofBare: 0.1 };
/** Server peak RSS under intake, against the bare route's. */
const RSS_LIMIT = 1.3;

function throughputRow(section: string, name: string, f: IntakeFigures, base: IntakeFigures, baseLabel: string, target?: IntakeTarget): Row {
  const r = ratio(f.maxThroughput, base.maxThroughput);
  return {
    section, figure: `${name}: deliveries/s (${f.connections} connections)`, value: f.maxThroughput, unit: "/s",
    detail: `server CPU ${f.cpuMsPerDelivery.toFixed(2)} ms per delivery, ${f.cpuCores.toFixed(2)} cores${f.errors ? `; ${f.errors} errors` : ""}`,
    baseline: base.maxThroughput, baselineLabel: baseLabel, ratio: r,
    target: target ? `≥ ${target.perSecond.toLocaleString("en")}/s and ≥ ${target.ofBare}× bare` : "—",
    met: target ? r !== null && r >= target.ofBare && f.maxThroughput >= target.perSecond && f.errors === 0 : null,
    peakRssBytes: f.peakRssBytes, baselinePeakRssBytes: base.peakRssBytes,
  };
}

/**
 * p99 is Infinity when more than 1% of the offered requests were still unanswered at the end
 * of the phase: all that is known then is that it exceeds the phase's length (a lower bound).
 */
function latencyRow(section: string, figure: string, f: IntakeFigures, l: Latency, base: IntakeFigures, b: Latency, baseLabel: string, limit?: number): Row {
  const bounded = !Number.isFinite(l.p99);
  const baseBounded = !Number.isFinite(b.p99);
  const value = bounded ? l.windowSeconds * 1000 : l.p99;
  const baseline = baseBounded ? b.windowSeconds * 1000 : b.p99;
  const p50 = Number.isFinite(l.p50) ? format(l.p50, "ms") : `> ${format(l.windowSeconds * 1000, "ms")}`;
  return {
    section, figure, value, unit: "ms", lowerBound: bounded, baselineLowerBound: baseBounded,
    detail: `p50 ${p50}; served ${format(l.served, "/s")}${l.unanswered ? `; ${l.unanswered.toLocaleString("en")} of ${l.offered.toLocaleString("en")} unanswered at the end` : ""}`,
    // Two lower bounds have no meaningful ratio.
    baseline, baselineLabel: baseLabel, ratio: baseBounded ? null : ratio(value, baseline),
    target: limit === undefined ? "—" : `< ${limit} ms`, met: limit === undefined ? null : !bounded && l.p99 < limit,
    peakRssBytes: f.peakRssBytes, baselinePeakRssBytes: base.peakRssBytes,
  };
}

/** Server peak memory under intake against the bare route's, measured in the same run. */
function rssRow(section: string, name: string, f: IntakeFigures, bare: IntakeFigures): Row {
  const mb = (bytes: number) => bytes / 1e6;
  const r = f.peakRssBytes / bare.peakRssBytes;
  return {
    section, figure: `${name}: server peak RSS`, value: mb(f.peakRssBytes), unit: "MB",
    baseline: mb(bare.peakRssBytes), baselineLabel: "bare Express", ratio: r,
    target: `≤ ${RSS_LIMIT}× bare`, met: r <= RSS_LIMIT,
  };
}

/** Intake against the bare route: throughput, p99 at the fixed rate (the targets), p99 at half its max, memory. */
function headlineIntakeRows(section: string, name: string, f: IntakeFigures | null, bare: IntakeFigures | null, target: IntakeTarget): void {
  if (!f || !bare) return void rows.push(missing(section, `${name}: deliveries/s`, `≥ ${target.perSecond}/s`, f ? "bare route run failed" : "run failed"));
  const atFixed = f.latency.find((l) => l.asked === FIXED_RATE);
  const atHalf = f.latency.find((l) => l.asked === "half");
  const bareFixed = bare.latency[0]!;
  rows.push(throughputRow(section, name, f, bare, "bare Express", target));
  rows.push(latencyRow(section, `${name}: p99 at ${FIXED_RATE.toLocaleString("en")}/s offered`, f, atFixed!, bare, bareFixed, "bare Express", 50));
  rows.push(latencyRow(section, `${name}: p99 at ${atHalf!.rate}/s offered (half its max)`, f, atHalf!, bare, bareFixed, `bare Express at ${FIXED_RATE.toLocaleString("en")}/s`));
  rows.push(rssRow(section, name, f, bare));
}

/**
 * Intake against the same intake elsewhere (smaller database, one instance): throughput, p99
 * at the same rate; with `bare` and `target`, also the absolute target against the bare route.
 */
function comparedIntakeRows(section: string, name: string, f: IntakeFigures | null, base: IntakeFigures | null, baseLabel: string, bare?: IntakeFigures | null, target?: IntakeTarget): void {
  if (!f || !base) return void rows.push(missing(section, `${name}: deliveries/s`, "—", f ? "baseline run failed" : "run failed"));
  rows.push(bare && target ? throughputRow(section, name, f, bare, "bare Express", target) : throughputRow(section, name, f, base, baseLabel));
  const l = f.latency[0]!;
  const b = base.latency.find((x) => x.rate === l.rate);
  if (!b) return void rows.push(missing(section, `${name}: p99 at ${l.rate}/s offered`, "—", "baseline measured at another rate"));
  rows.push(latencyRow(section, `${name}: p99 at ${l.rate}/s offered`, f, l, base, b, baseLabel));
}

async function intakeSqlite(seeds: Map<number, AdminSeed>): Promise<void> {
  const section = `Webhook intake, SQLite (signed orders/create + fulfillments/create; ${DURATION} s per phase; latency from a client pacing requests evenly)`;
  const bare = await part("intake: bare Express route", () => benchIntake({ duration: DURATION, rates: [FIXED_RATE], label: "bare Express route", mode: "bare" }));
  const bySize = new Map<number, IntakeFigures | null>();
  let halfRate: number | undefined;
  for (const size of SIZES) {
    const seed = seeds.get(size);
    // The smallest size is measured at 1,000/s and at half its own max; the larger ones at that
    // same half rate, so the latencies compare.
    const rates: (number | "half")[] = size === SIZES[0] ? ["half", FIXED_RATE] : [halfRate ?? "half"];
    const figures = !seed
      ? null
      : await part(`intake: SQLite at ${sizeLabel(size)} rows`, async () => {
          const work = copySeed(seed, "intake");
          try {
            const f = await benchIntake({ duration: DURATION, rates, label: `intake (SQLite, ${sizeLabel(size)} rows)`, mode: "app", databaseUrl: work.url });
            if ((f.stored ?? 0) < f.answered) throw new Error(`answered ${f.answered} deliveries with 2xx but stored ${f.stored}`);
            return { ...f, copySeconds: work.seconds };
          } finally {
            work.remove();
          }
        });
    if (size === SIZES[0]) halfRate = figures?.latency.find((l) => l.asked === "half")?.rate;
    bySize.set(size, figures);
  }
  raw.intakeSqlite = { bare, bySize: Object.fromEntries(bySize) };
  const [first, ...rest] = SIZES;
  headlineIntakeRows(section, `intake, ${sizeLabel(first!)} invitations`, bySize.get(first!) ?? null, bare, SQLITE_INTAKE);
  for (const size of rest) {
    comparedIntakeRows(section, `intake, ${sizeLabel(size)} invitations`, bySize.get(size) ?? null, bySize.get(first!) ?? null, `at ${sizeLabel(first!)}`, bare, SQLITE_INTAKE);
  }
}

async function intakePostgres(pg: BenchPostgres | null, pgProblem: string | null): Promise<void> {
  const section = `Webhook intake, PostgreSQL (durable: fsync on; empty database; ${DURATION} s per phase)`;
  if (!pg) {
    rows.push(missing(section, "intake, 1 instance: deliveries/s", `≥ ${POSTGRES_INTAKE.perSecond}/s`, pgProblem ?? "PostgreSQL skipped"));
    rows.push(missing(section, "intake, 3 instances: deliveries/s", "—", pgProblem ?? "PostgreSQL skipped"));
    return;
  }
  // Measured again: minutes have passed since the SQLite rows, and the machine's load moves.
  const bare = await part("intake: bare Express route (again, for PostgreSQL)", () => benchIntake({ duration: DURATION, rates: [FIXED_RATE], label: "bare Express route", mode: "bare" }));
  const run = (instances: number, rates: (number | "half")[]) =>
    part(`intake: PostgreSQL, ${instances} instance(s)`, async () => {
      const url = await pg.createDatabase();
      try {
        // The shop invites at order creation, as in the SQLite seed, so both do the same work.
        const db = await openDatabase(url, { poolSize: 1 });
        await insertShop(db, { domain: INTAKE_SHOP, name: null, delayDays: 7 }, new Date());
        await updateShopSettings(db, INTAKE_SHOP, { trigger: "order_created", paused: true }, new Date());
        await db.close();
        const f = await benchIntake({ duration: DURATION, rates, label: `intake (PostgreSQL, ${instances})`, mode: "app", databaseUrl: url, instances });
        if ((f.stored ?? 0) < f.answered) throw new Error(`answered ${f.answered} deliveries with 2xx but stored ${f.stored}`);
        return f;
      } finally {
        await pg.dropDatabase(url);
      }
    });
  const one = await run(1, ["half", FIXED_RATE]);
  const three = await run(3, [one?.latency.find((l) => l.asked === "half")?.rate ?? "half"]);
  raw.intakePostgres = { bare, one, three };
  headlineIntakeRows(section, "intake, 1 instance", one, bare, POSTGRES_INTAKE);
  comparedIntakeRows(section, "intake, 3 instances (load spread over them)", three, one, "1 instance");
}

// --- admin -------------------------------------------------------------------------------
const ADMIN_OPERATIONS: { key: string; figure: string; paged: boolean }[] = [
  { key: "first-page", figure: "first page (25, newest first)", paged: true },
  { key: "filtered-page", figure: "filtered page (status=queued)", paged: true },
  { key: "rare-filter-page", figure: "filtered page (status=failed, 1 in 600)", paged: true },
  { key: "deep-page", figure: "deep page by cursor (oldest rows)", paged: true },
  { key: "summary", figure: "summary counts", paged: false },
  { key: "reschedule", figure: "reschedule one (PATCH)", paged: false },
];

async function admin(seeds: Map<number, AdminSeed>): Promise<void> {
  const section = "Admin API over HTTP, SQLite (p95, p50 in parentheses); baseline: the same at the smallest size, for cancel all the same SQL without the app";
  const bySize = new Map<number, AdminFigures | null>();
  const bareCancel = new Map<number, { seconds: number; canceled: number } | null>();
  for (const size of SIZES) {
    const seed = seeds.get(size);
    if (!seed) continue;
    bySize.set(size, await part(`admin API at ${sizeLabel(size)} queued invitations`, () => benchAdmin(seed, { operations: "core" })));
    if (size !== SIZES[0]) bareCancel.set(size, await part(`cancel all, bare SQL, at ${sizeLabel(size)}`, () => benchBareCancel(seed)));
  }
  raw.admin = Object.fromEntries(bySize);
  raw.bareCancel = Object.fromEntries(bareCancel);
  const [first, ...rest] = SIZES;
  const base = bySize.get(first!);
  const largest = SIZES[SIZES.length - 1]!;
  for (const size of rest) {
    const f = bySize.get(size);
    const at = `${sizeLabel(size)} queued`;
    for (const op of ADMIN_OPERATIONS) {
      // Issue 12: pages p95 < 10 ms and summary counts p95 < 20 ms at 1M invitations.
      const limit = size === 1_000_000 ? (op.paged ? 10 : op.key === "summary" ? 20 : undefined) : undefined;
      const target = [limit !== undefined ? `< ${limit} ms` : null, op.paged ? "≤ 2× smallest" : null].filter(Boolean).join("; ") || "—";
      const m = f?.operations.find((o) => o.key === op.key);
      const b = base?.operations.find((o) => o.key === op.key);
      if (!m || !b) {
        rows.push({ ...missing(section, `${op.figure}, ${at}`, target, "run failed"), unit: "ms" });
        continue;
      }
      const growth = m.p95 / b.p95;
      rows.push({
        section, figure: `${op.figure}, ${at}`, value: m.p95, unit: "ms", detail: `p50 ${format(m.p50, "ms")}`,
        baseline: b.p95, baselineLabel: `at ${sizeLabel(first!)}`, ratio: growth, target,
        met: op.paged || limit !== undefined ? (!op.paged || growth <= 2) && (limit === undefined || m.p95 < limit) : null,
        peakRssBytes: f!.peakRssBytes, baselinePeakRssBytes: base!.peakRssBytes,
      });
    }
    // Cancel all grows with the rows by nature; its baseline is the same SQL without the app.
    const bare = bareCancel.get(size);
    const cancelTarget = size === 1_000_000 ? "< 10 s (stretch < 1 s)" : "—";
    if (!f || !bare) {
      rows.push({ ...missing(section, `cancel all pending, ${at}`, cancelTarget, "run failed"), unit: "s" });
      continue;
    }
    const rowsLabel = `${f.cancel.canceled.toLocaleString("en")} rows`;
    rows.push({
      section, figure: `cancel all pending (${rowsLabel}): the merchant's answer, ${at}`, value: f.cancel.seconds, unit: "s",
      detail: f.cancel.complete ? "rows written before it" : "none sendable from then on; rows written after",
      baseline: bare.seconds, baselineLabel: "same SQL, bare driver", ratio: f.cancel.seconds / bare.seconds,
      target: cancelTarget, met: size === 1_000_000 ? f.cancel.seconds < 10 : null,
      peakRssBytes: f.peakRssBytes,
    });
    rows.push({
      section, figure: `cancel all pending (${rowsLabel}): every row and event written, ${at}`, value: f.cancel.writtenSeconds, unit: "s",
      detail: `server peak +${Math.round(f.cancel.peakGrowthBytes / 1e6)} MB during it`,
      baseline: bare.seconds, baselineLabel: "same SQL, bare driver", ratio: f.cancel.writtenSeconds / bare.seconds,
      target: "—", met: null,
      peakRssBytes: f.peakRssBytes,
    });
  }
  if (largest !== 1_000_000) log(`note: the largest size is ${largest.toLocaleString("en")}, not 1,000,000; the 1M targets are not checked`);
}

// --- dispatch ----------------------------------------------------------------------------
async function dispatch(pg: BenchPostgres | null, pgProblem: string | null): Promise<void> {
  const section = `Dispatch to a local SMTP sink (2,000 invitations per round, median of ${DISPATCH_ROUNDS} rounds after a warm-up)`;
  const f: DispatchFigures | null = await part("dispatch: SQLite" + (pg ? ", PostgreSQL 1 and 3 processes" : ""), () =>
    benchDispatch({ count: 2000, rounds: DISPATCH_ROUNDS, postgres: pg ?? undefined }),
  );
  raw.dispatch = f;
  if (!f) {
    rows.push(missing(section, "dispatcher (SQLite): invitations/s", "≥ 0.8× bare", "run failed"));
    return;
  }
  const add = (figure: string, side: DispatchFigures["bare"], base: DispatchFigures["bare"], label: string, limit?: number) =>
    rows.push({
      section, figure, value: side.median, unit: "/s",
      detail: `CPU ${side.cpuMsPerMessage.toFixed(2)} ms each, baseline ${base.cpuMsPerMessage.toFixed(2)}; rounds ${side.rates.map((r) => Math.round(r)).join(", ")}`,
      baseline: base.median, baselineLabel: label, ratio: side.median / base.median,
      target: limit === undefined ? "—" : `≥ ${limit}× bare`, met: limit === undefined ? null : side.median / base.median >= limit,
      peakRssBytes: side.peakRssBytes, baselinePeakRssBytes: base.peakRssBytes,
    });
  add("dispatcher (SQLite), 1 process: invitations/s", f.sqlite, f.bare, "bare nodemailer", 0.8);
  if (f.postgres1 && f.postgres3) {
    add("dispatcher (PostgreSQL), 1 process: invitations/s", f.postgres1, f.bare, "bare nodemailer", 0.8);
    add("dispatcher (PostgreSQL), 3 processes: invitations/s", f.postgres3, f.postgres1, "1 process");
  } else {
    rows.push(missing(section, "dispatcher (PostgreSQL), 1 and 3 processes", "—", pgProblem ?? "PostgreSQL skipped"));
  }
}

// --- the run -----------------------------------------------------------------------------
const loadAtStart = load();
log(`npm run bench: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
await frontend();

const seeds = new Map<number, AdminSeed>();
for (const size of SIZES) {
  const seed = await part(`seed ${sizeLabel(size)} queued invitations`, () => ensureAdminSeed(size, { reseed: RESEED }));
  if (seed) seeds.set(size, seed);
}
raw.seeds = [...seeds.values()];

await intakeSqlite(seeds);
await admin(seeds);

let pg: BenchPostgres | null = null;
let pgProblem: string | null = null;
if (POSTGRES) {
  const started = await part("PostgreSQL: start a throwaway server, migrate the template", () => startBenchPostgres());
  if (started && "unavailable" in started) pgProblem = started.unavailable;
  else if (started) pg = started;
  else pgProblem = "server did not start";
} else pgProblem = "--no-postgres";
try {
  await intakePostgres(pg, pgProblem);
  await dispatch(pg, pgProblem);
} finally {
  pg?.stop();
}

const seconds = elapsed();
const loadAtEnd = load();
const seedText = [...seeds.values()]
  .map((s) => `${sizeLabel(s.queued)}: ${s.reused ? "reused (valid)" : `seeded ${seedShape(s.queued).total.toLocaleString("en")} rows in ${(s.loadSeconds + s.indexSeconds).toFixed(1)} s${s.rejected ? `; old one not reused: ${s.rejected}` : ""}`}`)
  .join("; ");
const header = [
  `npm run bench — ${startedAt.toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}`,
  `finished in ${(seconds / 60).toFixed(1)} min; load average (1 min) ${loadAtStart} at start, ${loadAtEnd} at end; per part: ${sections.map((s) => `${s.name} ${s.loadBefore}→${s.loadAfter}`).join(", ")}`,
  `seeds: ${seedText}`,
];
const text = renderText(rows);
console.log(`${header.join("\n")}\n\n${text}`);
if (errors.length) console.log(`\n${errors.length} part(s) failed:\n${errors.join("\n")}`);

const resultsDir = path.join(root, "bench/results");
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  path.join(resultsDir, "latest.json"),
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      seconds: Number(seconds.toFixed(1)),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim(), node: process.version, loadAtStart, loadAtEnd },
      settings: { durationSeconds: DURATION, fixedRate: FIXED_RATE, dispatchRounds: DISPATCH_ROUNDS, sizes: SIZES, postgres: POSTGRES },
      sections,
      header,
      rows,
      markdown: renderMarkdown(rows),
      errors,
      raw,
    },
    null,
    2,
  )}\n`,
);
log(`wrote ${path.relative(root, path.join(resultsDir, "latest.json"))}`);
process.exit(errors.length ? 1 : 0);
