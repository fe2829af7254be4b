/**
 * Dispatch throughput: invitations per second through the real dispatcher (runOnce: claim,
 * render, send, record) against a bare nodemailer pooled send loop of the same messages to
 * the same local SMTP sink, and their ratio, in one run. Target: ratio ≥ 0.8 (issue 12). On PostgreSQL
 * (when a server is given): one dispatcher process against three on the same database.
 *
 *   npm run bench:dispatch                  2,000 invitations, 5 shops, batch 100, 5 connections
 *   npm run bench:dispatch -- 5000 250 7    invitations, batch size, measured rounds
 *   npm run bench:dispatch -- 2000 100 5 --postgres   also PostgreSQL, 1 and 3 processes
 *
 * Every side runs in its own long-lived process (warm after the first round), the sink in
 * another. After a warm-up round, the sides alternate for several rounds, so the machine's
 * other load hits them alike, and their medians are compared. Each dispatch round gets a
 * fresh database holding exactly `count` due invitations; the sink must count every message.
 */
import type { ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../web/server/db/client.ts";
import { applyMigrations } from "../web/server/db/migrate.ts";
import { seedDueInvitations } from "./support/dispatch-data.ts";
import { startBenchPostgres, type BenchPostgres } from "./support/postgres.ts";
import { ask, forkReady, stopChild, type Memory } from "./support/processes.ts";

export interface DispatchSide {
  label: string;
  processes: number;
  /** Messages (or invitations) per second, per measured round, and their median. */
  rates: number[];
  median: number;
  /** Peak resident memory of its (largest) process over all rounds. */
  peakRssBytes: number;
  /** CPU time of its process(es) per message, median over the measured rounds. */
  cpuMsPerMessage: number;
}

export interface DispatchFigures {
  count: number;
  batch: number;
  connections: number;
  rounds: number;
  bare: DispatchSide;
  sqlite: DispatchSide;
  postgres1?: DispatchSide;
  postgres3?: DispatchSide;
}

export interface DispatchOptions {
  count?: number;
  batch?: number;
  rounds?: number;
  connections?: number;
  /** A PostgreSQL server: adds one and three dispatcher processes on it. */
  postgres?: BenchPostgres;
  progress?: (s: string) => void;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchDispatch(options: DispatchOptions = {}): Promise<DispatchFigures> {
  const count = options.count ?? 2000;
  const batch = options.batch ?? 100;
  const rounds = options.rounds ?? 5;
  const connections = options.connections ?? 5;
  const progress = options.progress ?? (() => undefined);
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-bench-dispatch-"));
  const pg = options.postgres;
  const databases: string[] = [];
  try {
    const { child: sink, first } = await forkReady<{ port: number }>("smtp-sink.ts", []);
    children.push(sink);
    const smtpUrl = `smtp://127.0.0.1:${first.port}`;
    const sinkCount = async () => (await ask<{ count: number }>(sink, "count")).count;
    const worker = async (mode: "dispatch" | "bare") => {
      const { child } = await forkReady("dispatch-worker.ts", [mode, smtpUrl, String(batch), String(connections)]);
      children.push(child);
      return child;
    };
    const bareWorker = await worker("bare");
    await ask(bareWorker, { cmd: "prepare", count });
    const sqliteWorker = await worker("dispatch");
    const pgWorkers = pg ? [await worker("dispatch"), await worker("dispatch"), await worker("dispatch")] : [];

    const template = path.join(dir, "template.db");
    await applyMigrations(`file:${template}`);
    let n = 0;
    async function freshDatabase(kind: "sqlite" | "postgresql"): Promise<string> {
      let url: string;
      if (kind === "postgresql") {
        url = await pg!.createDatabase();
        databases.push(url);
      } else {
        const file = path.join(dir, `run-${++n}.db`);
        copyFileSync(template, file);
        url = `file:${file}`;
      }
      const db = await openDatabase(url, { poolSize: 2 });
      await seedDueInvitations(db, count);
      await db.close();
      return url;
    }

    /** One round of one side: every process starts together; the round lasts until the last finishes. */
    async function round(workers: ChildProcess[], kind: "bare" | "sqlite" | "postgresql"): Promise<{ rate: number; cpuMsPerMessage: number }> {
      let url: string | undefined;
      if (kind !== "bare") {
        url = await freshDatabase(kind);
        await Promise.all(workers.map((w) => ask(w, { cmd: "open", url })));
      }
      const before = await sinkCount();
      const started = performance.now();
      const results = await Promise.all(workers.map((w) => ask<{ sent: number; seconds: number; cpuMs: number }>(w, { cmd: "go" })));
      const seconds = (performance.now() - started) / 1000;
      const sent = results.reduce((sum, r) => sum + r.sent, 0);
      const received = (await sinkCount()) - before;
      if (sent !== count || received !== count) throw new Error(`dispatch bench (${kind}, ${workers.length} process): sent ${sent}, sink received ${received}, expected ${count}`);
      if (kind === "postgresql") {
        await pg!.dropDatabase(url!);
        databases.splice(databases.indexOf(url!), 1);
      } else if (url) rmSync(url.slice("file:".length), { force: true });
      progress(".");
      return { rate: count / seconds, cpuMsPerMessage: results.reduce((sum, r) => sum + r.cpuMs, 0) / count };
    }

    const sides: { key: keyof Omit<DispatchFigures, "count" | "batch" | "connections" | "rounds">; label: string; workers: ChildProcess[]; kind: "bare" | "sqlite" | "postgresql" }[] = [
      { key: "bare", label: "bare nodemailer pooled loop", workers: [bareWorker], kind: "bare" },
      { key: "sqlite", label: "dispatcher (SQLite), 1 process", workers: [sqliteWorker], kind: "sqlite" },
    ];
    if (pg) {
      sides.push({ key: "postgres1", label: "dispatcher (PostgreSQL), 1 process", workers: pgWorkers.slice(0, 1), kind: "postgresql" });
      sides.push({ key: "postgres3", label: "dispatcher (PostgreSQL), 3 processes", workers: pgWorkers, kind: "postgresql" });
    }
    for (const side of sides) await round(side.workers, side.kind); // warm-up: JIT, connections
    const rates = new Map(sides.map((s) => [s.key, [] as number[]]));
    const cpu = new Map(sides.map((s) => [s.key, [] as number[]]));
    for (let r = 0; r < rounds; r++) {
      for (const side of sides) {
        const result = await round(side.workers, side.kind);
        rates.get(side.key)!.push(result.rate);
        cpu.get(side.key)!.push(result.cpuMsPerMessage);
      }
    }

    const figures: Partial<DispatchFigures> = { count, batch, connections, rounds };
    for (const side of sides) {
      const memory = await Promise.all(side.workers.map((w) => ask<Memory>(w, "memory")));
      const list = rates.get(side.key)!;
      (figures as Record<string, DispatchSide>)[side.key] = {
        label: side.label,
        processes: side.workers.length,
        rates: list,
        median: median(list),
        peakRssBytes: Math.max(...memory.map((m) => m.maxRssBytes)),
        cpuMsPerMessage: median(cpu.get(side.key)!),
      };
    }
    return figures as DispatchFigures;
  } finally {
    await Promise.all(children.map(stopChild));
    for (const url of databases) await pg?.dropDatabase(url).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const withPostgres = process.argv.includes("--postgres");
  const count = Number(args[0] ?? 2000);
  const batch = Number(args[1] ?? 100);
  const rounds = Number(args[2] ?? 5);
  let pg: BenchPostgres | undefined;
  if (withPostgres) {
    const started = await startBenchPostgres();
    if ("unavailable" in started) throw new Error(started.unavailable);
    pg = started;
  }
  try {
    const f = await benchDispatch({ count, batch, rounds, postgres: pg, progress: (s) => process.stdout.write(s) });
    process.stdout.write("\n");
    const runs = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
    const line = (side: DispatchSide, unit: string) =>
      `  ${`${side.label}:`.padEnd(40)} ${side.median.toFixed(0).padStart(6)} ${unit} (median; runs: ${runs(side.rates)}; CPU ${side.cpuMsPerMessage.toFixed(2)} ms each; peak RSS ${(side.peakRssBytes / 1e6).toFixed(0)} MB)`;
    console.log(`dispatch benchmark: ${f.count} invitations, 5 shops, batch ${f.batch}, ${f.connections} SMTP connections per process, ${f.rounds} rounds`);
    console.log(line(f.bare, "messages/s   "));
    console.log(line(f.sqlite, "invitations/s"));
    const pairs = f.sqlite.rates.map((d, i) => d / f.bare.rates[i]!);
    console.log(`  ratio: ${(f.sqlite.median / f.bare.median).toFixed(2)} (target ≥ 0.80; per round: ${pairs.map((p) => p.toFixed(2)).join(", ")})`);
    if (f.postgres1 && f.postgres3) {
      console.log(line(f.postgres1, "invitations/s"));
      console.log(line(f.postgres3, "invitations/s"));
      console.log(`  PostgreSQL: 1 process ${(f.postgres1.median / f.bare.median).toFixed(2)}× bare; 3 processes ${(f.postgres3.median / f.postgres1.median).toFixed(2)}× 1 process`);
    }
  } finally {
    pg?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
