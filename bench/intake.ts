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
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { openDatabase } from "../web/server/db/client.ts";
import { applyMigrations } from "../web/server/db/migrate.ts";
import { BENCH_SECRET, startServer, type BenchServer } from "./support/processes.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const INTAKE_SHOP = "bench-shop.myshopify.com";

export interface IntakeFigures {
  label: string;
  instances: number;
  /** 2xx responses per second with `connections` requests always in flight. */
  maxThroughput: number;
  connections: number;
  /** Latency (ms) with autocannon offering `fixedRate` requests/s over `fixedConnections` connections. */
  p50AtFixed: number;
  p99AtFixed: number;
  achievedAtFixed: number;
  fixedRate: number;
  fixedConnections: number;
  /** Latency (ms) at half the measured max throughput, when asked for (`atHalf`): a load it carries. */
  half?: { rate: number; p50: number; p99: number; achieved: number };
  /** Non-2xx answers and socket errors over all phases. */
  errors: number;
  /** Deliveries found in the database afterwards (app only), and how many 2xx were answered. */
  stored?: number;
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
    const body = (isOrder ? this.order : this.fulfillment).replaceAll("820982911946154508", id);
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
}

async function load(urls: string[], source: { next(): ReturnType<Deliveries["next"]> }, options: { duration: number; connections: number; rate?: number }): Promise<LoadResult> {
  const result = await autocannon({
    // autocannon takes several URLs and spreads the connections over them; its typings say string.
    url: (urls.length === 1 ? urls[0]! : urls) as string,
    connections: options.connections,
    duration: options.duration,
    overallRate: options.rate,
    timeout: 30,
    requests: [{ setupRequest: (req) => ({ ...req, ...source.next() }) as typeof req }],
  });
  return { ok: result["2xx"], errors: result.non2xx + result.errors + result.timeouts, seconds: options.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

export interface IntakeOptions {
  label: string;
  /** `bare` ignores databaseUrl. */
  mode: "app" | "bare";
  databaseUrl?: string;
  instances?: number;
  /** Seconds per measured phase (max throughput, fixed rate); a one-second warm-up comes first. */
  duration: number;
  fixedRate: number;
  connections?: number;
  fixedConnections?: number;
  /** Also measure latency at half the max throughput just measured. */
  atHalf?: boolean;
}

/** Starts the server(s), measures max throughput then latency at the fixed rate, stops them. */
export async function benchIntake(options: IntakeOptions): Promise<IntakeFigures> {
  const instances = options.instances ?? 1;
  const connections = options.connections ?? 12;
  const fixedConnections = options.fixedConnections ?? 24;
  const servers: BenchServer[] = [];
  try {
    // Started together, as a deployment starts its instances.
    const started = await Promise.allSettled(Array.from({ length: instances }, () => startServer(options.mode, options.databaseUrl)));
    for (const s of started) if (s.status === "fulfilled") servers.push(s.value);
    for (const s of started) if (s.status === "rejected") throw s.reason;
    const urls = servers.map((s) => s.url);
    const deliveries = new Deliveries();
    const source = options.mode === "bare" ? pooled(deliveries, 2000) : deliveries;
    const cpu = async () => (await Promise.all(servers.map((s) => s.memory()))).reduce((sum, m) => sum + (m.cpuMs ?? 0), 0);
    const warm = await load(urls, source, { duration: 1, connections });
    const cpuBefore = await cpu();
    const max = await load(urls, source, { duration: options.duration, connections });
    const maxCpuMs = (await cpu()) - cpuBefore;
    const fixed = await load(urls, source, { duration: options.duration, connections: fixedConnections, rate: options.fixedRate });
    const halfRate = Math.max(1, Math.round(max.ok / max.seconds / 2));
    const half = options.atHalf ? await load(urls, source, { duration: options.duration, connections: fixedConnections, rate: halfRate }) : null;
    const memory = await Promise.all(servers.map((s) => s.memory()));
    const answered = warm.ok + max.ok + fixed.ok + (half?.ok ?? 0);
    let stored: number | undefined;
    if (options.mode === "app" && options.databaseUrl) {
      const db = await openDatabase(options.databaseUrl, { poolSize: 1 });
      stored = await db.webhookDelivery.count({ where: { shop: INTAKE_SHOP } });
      await db.$disconnect();
    }
    return {
      label: options.label,
      instances,
      maxThroughput: max.ok / max.seconds,
      connections,
      p50AtFixed: fixed.p50,
      p99AtFixed: fixed.p99,
      achievedAtFixed: fixed.ok / fixed.seconds,
      fixedRate: options.fixedRate,
      fixedConnections,
      half: half ? { rate: halfRate, p50: half.p50, p99: half.p99, achieved: half.ok / half.seconds } : undefined,
      errors: warm.errors + max.errors + fixed.errors + (half?.errors ?? 0),
      stored,
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
    const common = { duration: 5, fixedRate: 1000 };
    const bare = await benchIntake({ ...common, label: "bare Express route", mode: "bare" });
    const databaseUrl = `file:${path.join(dir, "intake.db")}`;
    applyMigrations(databaseUrl);
    const app = await benchIntake({ ...common, label: "intake (SQLite)", mode: "app", databaseUrl });
    console.table([bare, app]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
