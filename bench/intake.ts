/**
 * Webhook intake: sustained signed orders/create + fulfillments/create deliveries per second,
 * and p50/p99 latency at a fixed offered rate, over loopback with autocannon; against a bare
 * Express route answering the same requests (the ceiling for this stack) in the same run.
 *
 *   npm exec tsx bench/intake.ts          bare route and intake on a fresh SQLite file
 *
 * Every request is a new delivery (fresh webhook id, fresh order id): a redelivery would only
 * measure deduplication. With several instances on one database, autocannon spreads its
 * connections over them (one load generator, so latencies and counts are exact totals).
 * After the run, the stored deliveries are counted: a 200 that stored nothing would be a lie.
 */
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { openDatabase } from "../web/server/db/client.ts";
import { countDeliveries } from "../web/server/db/queries/deliveries.ts";
import { sql } from "../web/server/db/sql.ts";
import { applyMigrations } from "../web/server/db/migrate.ts";
import { BENCH_SECRET, startServer, type BenchServer } from "./support/processes.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const INTAKE_SHOP = "bench-shop.myshopify.com";

/**
 * Latency (ms) with `rate` requests/s due at even intervals, at most `connections` in flight;
 * Infinity when more than 1% (p99) or half (p50) were still unanswered at the end.
 */
export interface Latency {
  /** What was asked for: a rate, or "half" (of the max just measured). */
  asked: number | "half";
  rate: number;
  p50: number;
  p99: number;
  /** 2xx answers per second over the phase. */
  served: number;
  /** Requests unanswered at the end, of how many offered. */
  unanswered: number;
  offered: number;
  /** How long the phase lasted, waiting included: the bound when p99 is Infinity. */
  windowSeconds: number;
}

export interface IntakeFigures {
  label: string;
  instances: number;
  /** 2xx responses per second with `connections` requests always in flight. */
  maxThroughput: number;
  connections: number;
  /** One per rate asked for (`rates`), in that order. */
  latency: Latency[];
  latencyConnections: number;
  /** Non-2xx answers and socket errors over all phases. */
  errors: number;
  /** Deliveries found in the database afterwards (app only), and how many 2xx were answered. */
  stored?: number;
  /** Invitations those deliveries created (app only): about one per order. */
  invited?: number;
  answered: number;
  /** Peak resident memory of the (largest) server process during the run. */
  peakRssBytes: number;
  /** Server CPU time (all instances) per 2xx delivery in the max-throughput phase. */
  cpuMsPerDelivery: number;
  /** That CPU time over the phase's wall time: 1.0 = one core busy all along. */
  cpuCores: number;
}

/** Signed deliveries, each one new: orders/create, then fulfillments/create for the same order. */
export class Deliveries {
  private n = 0;
  private readonly order: string;
  private readonly fulfillment: string;
  constructor(private readonly shop = INTAKE_SHOP, private readonly secret = BENCH_SECRET) {
    // Shopify's sample order is a cancelled test order; a live, uncancelled one is the common case.
    this.order = readFileSync(path.join(here, "../test/fixtures/orders.create.json"), "utf8")
      .replace('"test": true', '"test": false')
      .replace('"cancel_reason": "customer"', '"cancel_reason": null')
      .replace('"cancelled_at": "2021-12-31T19:00:00-05:00"', '"cancelled_at": null');
    this.fulfillment = readFileSync(path.join(here, "../test/fixtures/fulfillments.create.json"), "utf8").replace('"status": "pending"', '"status": "success"');
  }
  next() {
    const i = this.n++;
    // Process id and a counter: unique across runs that share a database.
    const id = String(900000000000000000n + BigInt(process.pid) * 10_000_000n + BigInt(i >> 1));
    const isOrder = i % 2 === 0;
    // A customer of their own per order, as in a real store: one address for every order
    // would make each after the first a frequency-cap skip (issue 17), not an invitation.
    const body = (isOrder ? this.order : this.fulfillment)
      .replaceAll("820982911946154508", id)
      .replaceAll("@example.com", `.${id}@example.com`);
    return {
      method: "POST" as const,
      path: "/api/webhooks",
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": isOrder ? "orders/create" : "fulfillments/create",
        "x-shopify-hmac-sha256": createHmac("sha256", this.secret).update(body).digest("base64"),
        "x-shopify-shop-domain": this.shop,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
      },
    };
  }
}

/**
 * The bare route does not care whether a delivery repeats; a pool made beforehand keeps the
 * load generator's own work (HMAC of a 15 KB body) out of the ceiling it measures.
 */
function pooled(source: Deliveries, size: number) {
  const pool = Array.from({ length: size }, () => source.next());
  let i = 0;
  return { next: () => pool[i++ % pool.length]! };
}

interface LoadResult {
  ok: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Paced phases: requests still unanswered when the phase ended (+ grace). */
  unanswered?: number;
}

type Source = { next(): ReturnType<Deliveries["next"]> };

/** Closed loop, for capacity: `connections` requests always in flight, as fast as answered. */
async function saturate(urls: string[], source: Source, options: { duration: number; connections: number }): Promise<LoadResult> {
  const result = await autocannon({
    // autocannon takes several URLs and spreads the connections over them; its typings say string.
    url: (urls.length === 1 ? urls[0]! : urls) as string,
    connections: options.connections,
    duration: options.duration,
    timeout: 30,
    requests: [{ setupRequest: (req) => ({ ...req, ...source.next() }) as typeof req }],
  });
  return { ok: result["2xx"], errors: result.non2xx + result.errors + result.timeouts, seconds: options.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Seconds a paced phase waits, after its last request is due, for answers still on their way. */
export const PACED_GRACE_SECONDS = 2;

/**
 * Open loop, for latency at an offered rate: requests are due at even intervals (1/rate)
 * whatever the server does, spread round-robin over the servers, at most `connections`
 * in flight (the rest wait in the client, as deliveries wait when a server falls behind).
 * Latency runs from when a request was due to its answer, so waiting counts. (autocannon's
 * rate limit sends each connection's quota in a burst at the top of every second, which
 * measures the burst, not the rate.) Requests unanswered at the end count as slower than any
 * answered one: when more than 1% are, the p99 is only known to exceed the phase.
 */
async function paced(urls: string[], source: Source, options: { duration: number; connections: number; rate: number }): Promise<LoadResult> {
  const perServer = Math.max(1, Math.ceil(options.connections / urls.length));
  const targets = urls.map((u) => ({ url: new URL(u), agent: new http.Agent({ keepAlive: true, maxSockets: perServer }) }));
  const total = Math.round(options.duration * options.rate);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  const open = new Set<http.ClientRequest>();
  let ok = 0;
  let errors = 0;
  let pending = 0;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const start = performance.now();

  function send(i: number) {
    const due = start + i * interval;
    const { url, agent } = targets[i % targets.length]!;
    const request = source.next();
    pending++;
    const finish = (good: boolean) => {
      if (!open.delete(req)) return;
      if (good) {
        ok++;
        latencies.push(performance.now() - due);
      } else errors++;
      if (--pending === 0 && sent === total) allDone();
    };
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, agent, headers: { ...request.headers, "content-length": Buffer.byteLength(request.body) } },
      (res) => {
        res.resume();
        res.on("end", () => finish(res.statusCode! >= 200 && res.statusCode! < 300));
      },
    );
    req.on("error", () => finish(false));
    open.add(req);
    req.end(request.body);
  }

  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      while (sent < total && start + sent * interval <= performance.now()) send(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  const grace = new Promise<void>((resolve) => setTimeout(resolve, PACED_GRACE_SECONDS * 1000));
  await Promise.race([done, grace]);
  const unanswered = open.size;
  for (const req of open) req.destroy();
  open.clear();
  for (const { agent } of targets) agent.destroy();

  latencies.sort((a, b) => a - b);
  // Unanswered requests are slower than every answered one: they sit at the end of the order.
  const all = [...latencies, ...Array<number>(unanswered).fill(Number.POSITIVE_INFINITY)];
  return { ok, errors, seconds: (performance.now() - start) / 1000, p50: percentile(all, 50), p99: percentile(all, 99), unanswered };
}

export interface IntakeOptions {
  label: string;
  /** `bare` ignores databaseUrl. */
  mode: "app" | "bare";
  databaseUrl?: string;
  instances?: number;
  /** Seconds per measured phase; a one-second warm-up comes first. */
  duration: number;
  /** Offered rates (requests/s) to measure latency at; "half" is half the max just measured. */
  rates: (number | "half")[];
  connections?: number;
  latencyConnections?: number;
}

/** Waits until the servers' CPU use stays low for a quarter second (at most 10 s). */
async function settle(servers: BenchServer[]): Promise<void> {
  const cpu = async () => (await Promise.all(servers.map((s) => s.memory()))).reduce((sum, m) => sum + (m.cpuMs ?? 0), 0);
  const deadline = performance.now() + 10_000;
  let last = await cpu();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await cpu();
    if (now - last < 25 * servers.length) return; // under 10% of a core each
    last = now;
  }
}

/** Starts the server(s), measures max throughput then latency at each rate (in the order given), stops them. */
export async function benchIntake(options: IntakeOptions): Promise<IntakeFigures> {
  const instances = options.instances ?? 1;
  const connections = options.connections ?? 12;
  const latencyConnections = options.latencyConnections ?? 24;
  const servers: BenchServer[] = [];
  const startedAt = new Date();
  try {
    // Started together, as a deployment starts its instances.
    const started = await Promise.allSettled(Array.from({ length: instances }, () => startServer(options.mode, options.databaseUrl)));
    for (const s of started) if (s.status === "fulfilled") servers.push(s.value);
    for (const s of started) if (s.status === "rejected") throw s.reason;
    const urls = servers.map((s) => s.url);
    const deliveries = new Deliveries();
    const source = options.mode === "bare" ? pooled(deliveries, 2000) : deliveries;
    const cpu = async () => (await Promise.all(servers.map((s) => s.memory()))).reduce((sum, m) => sum + (m.cpuMs ?? 0), 0);
    const warm = await saturate(urls, source, { duration: 1, connections });
    const cpuBefore = await cpu();
    const max = await saturate(urls, source, { duration: options.duration, connections });
    const maxCpuMs = (await cpu()) - cpuBefore;
    let answered = warm.ok + max.ok;
    let errors = warm.errors + max.errors;
    const latency: Latency[] = [];
    for (const asked of options.rates) {
      const rate = asked === "half" ? Math.max(1, Math.round(max.ok / max.seconds / 2)) : asked;
      // The previous phase leaves up to `connections` requests in the server (and an overloaded
      // one its backlog): let it finish them, or this phase measures their tail.
      await settle(servers);
      const r = await paced(urls, source, { duration: options.duration, connections: latencyConnections, rate });
      answered += r.ok;
      errors += r.errors;
      latency.push({
        asked, rate, p50: r.p50, p99: r.p99, served: r.ok / r.seconds, unanswered: r.unanswered ?? 0,
        offered: Math.round(options.duration * rate), windowSeconds: options.duration + PACED_GRACE_SECONDS,
      });
    }
    const memory = await Promise.all(servers.map((s) => s.memory()));
    let stored: number | undefined;
    let invited: number | undefined;
    if (options.mode === "app" && options.databaseUrl) {
      const db = await openDatabase(options.databaseUrl, { poolSize: 1 });
      stored = await countDeliveries(db, INTAKE_SHOP);
      const row = await db.one<{ n: number | string }>(sql`SELECT COUNT(*) AS "n" FROM "Invitation" WHERE "shop" = ${INTAKE_SHOP} AND "createdAt" >= ${startedAt}`);
      invited = Number(row?.n ?? 0);
      await db.close();
    }
    return {
      label: options.label,
      instances,
      maxThroughput: max.ok / max.seconds,
      connections,
      latency,
      latencyConnections,
      errors,
      stored,
      invited,
      answered,
      peakRssBytes: Math.max(...memory.map((m) => m.maxRssBytes)),
      cpuMsPerDelivery: max.ok ? maxCpuMs / max.ok : 0,
      cpuCores: maxCpuMs / 1000 / max.seconds,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-bench-intake-"));
  try {
    const common = { duration: 5, rates: ["half" as const, 1000] };
    const bare = await benchIntake({ ...common, label: "bare Express route", mode: "bare" });
    const databaseUrl = `file:${path.join(dir, "intake.db")}`;
    await applyMigrations(databaseUrl);
    const app = await benchIntake({ ...common, label: "intake (SQLite)", mode: "app", databaseUrl });
    console.table([bare, app]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
