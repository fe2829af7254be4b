/**
 * A throwaway PostgreSQL 15 server for the benchmarks, from Debian's packages, with the
 * server's default durability (fsync and synchronous_commit on). scripts/throwaway-postgres.sh
 * turns durability off, which is right for tests but would flatter PostgreSQL next to SQLite,
 * whose every commit is synced: intake is measured "with durable storage" on both.
 *
 * One migrated template database; every run gets a fresh copy (CREATE DATABASE … TEMPLATE
 * is a file copy, much faster than migrating again).
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../web/server/db/migrate.ts";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const TEMPLATE = "ri_bench_template";

export interface BenchPostgres {
  /** A migrated, empty database of its own, created from the template. */
  createDatabase(): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  stop(): void;
}

function asPostgres(args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [cmd, ...rest] = isRoot ? ["su", "postgres", "-s", "/bin/sh", "-c", args.map((a) => `'${a}'`).join(" ")] : args;
  execFileSync(cmd!, rest, { stdio: ["ignore", "ignore", "pipe"] });
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Starts the server and migrates the template; null (with the reason) when PostgreSQL is not installed. */
export async function startBenchPostgres(): Promise<BenchPostgres | { unavailable: string }> {
  if (!existsSync(path.join(BIN, "initdb"))) return { unavailable: `PostgreSQL 15 is not installed (${BIN}): apt-get install postgresql` };
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-bench-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const data = path.join(dir, "data");
  asPostgres([path.join(BIN, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
  asPostgres([
    path.join(BIN, "pg_ctl"), "-D", data, "-l", path.join(dir, "log"), "-w",
    "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`, "start",
  ]);
  const serverUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const stop = () => {
    try {
      asPostgres([path.join(BIN, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await adminQuery(serverUrl, `CREATE DATABASE ${TEMPLATE}`);
    await applyMigrations(withDatabase(serverUrl, TEMPLATE));
  } catch (error) {
    stop();
    throw error;
  }
  let n = 0;
  return {
    async createDatabase() {
      const name = `ri_bench_${process.pid}_${++n}`;
      await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
      return withDatabase(serverUrl, name);
    },
    async dropDatabase(url: string) {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
    },
    stop,
  };
}
