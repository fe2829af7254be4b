/**
 * Webhook intake: sustained signed orders/create + fulfillments/create deliveries per second
 * and latency at a fixed offered load, over loopback with autocannon, against a bare Express
 * route answering the same requests in the same run.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const here = path.dirname(fileURLToPath(import.meta.url));
const SECRET = "bench-secret";
const SHOP = "bench-shop.myshopify.com";

export interface IntakeFigures {
  label: string;
  maxThroughput: number;
  p50AtFixed: number;
  p99AtFixed: number;
  fixedRate: number;
  errors: number;
  maxRssBytes: number;
}

function signedRequests(count: number) {
  const order = readFileSync(path.join(here, "../test/fixtures/orders.create.json"), "utf8").replace('"test": true', '"test": false');
  const fulfillment = readFileSync(path.join(here, "../test/fixtures/fulfillments.create.json"), "utf8").replace('"status": "pending"', '"status": "success"');
  const requests = [];
  for (let i = 0; i < count; i++) {
    const id = String(900000000000000000n + BigInt(i >> 1));
    const isOrder = i % 2 === 0;
    const body = (isOrder ? order : fulfillment).replaceAll("820982911946154508", id);
    requests.push({
      method: "POST" as const,
      path: "/api/webhooks",
      body,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": isOrder ? "orders/create" : "fulfillments/create",
        "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body).digest("base64"),
        "x-shopify-shop-domain": SHOP,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
      },
    });
  }
  return requests;
}

async function startServer(mode: "app" | "bare", port: number, databaseUrl?: string): Promise<ChildProcess> {
  const child = fork(path.join(here, "support/intake-server.ts"), [mode, String(port), databaseUrl ?? ""], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_SECRET: SECRET },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return child;
}

function run(port: number, requests: ReturnType<typeof signedRequests>, options: { duration: number; rate?: number; connections: number }) {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    duration: options.duration,
    overallRate: options.rate,
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[next++ % requests.length]!;
          return { ...req, ...r } as typeof req;
        },
      },
    ],
  });
}

export async function benchIntake(options: { duration?: number; fixedRate?: number; databaseUrl?: string; label?: string } = {}): Promise<IntakeFigures[]> {
  const duration = options.duration ?? 8;
  const fixedRate = options.fixedRate ?? 1000;
  const requests = signedRequests(Math.max(20_000, duration * 6000));
  const results: IntakeFigures[] = [];
  for (const mode of ["bare", "app"] as const) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ri-bench-intake-"));
    const port = 40000 + Math.floor(Math.random() * 10000);
    const child = await startServer(mode, port, options.databaseUrl ?? `file:${path.join(dir, "bench.db")}`);
    try {
      // Each phase uses fresh webhook ids and orders: a redelivery would only measure dedupe.
      const half = Math.floor(requests.length / 2);
      const max = await run(port, requests.slice(0, half), { duration, connections: 10 });
      const fixed = await run(port, requests.slice(half), { duration, rate: fixedRate, connections: 20 });
      const memory = (await (await fetch(`http://127.0.0.1:${port}/bench/memory`)).json()) as { maxRssBytes: number };
      results.push({
        label: mode === "bare" ? "bare Express route" : (options.label ?? "intake (SQLite)"),
        maxThroughput: max.requests.average,
        p50AtFixed: fixed.latency.p50,
        p99AtFixed: fixed.latency.p99,
        fixedRate,
        errors: max.non2xx + max.errors + fixed.non2xx + fixed.errors,
        maxRssBytes: memory.maxRssBytes,
      });
    } finally {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchIntake();
  console.table(figures);
}
