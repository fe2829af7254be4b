/**
 * The PostgreSQL half of the suite: a server from Debian's packages (started by .ci/run,
 * or here when TEST_POSTGRES_URL is not set), one migrated template database, and a
 * fresh database per test file made from it (CREATE DATABASE … TEMPLATE is a file copy).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { ROOT } from "./paths.ts";

export const TEMPLATE_NAME = "ri_template";

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Starts a throwaway cluster with scripts/throwaway-postgres.sh; returns its URL and a stop(). */
export function startThrowawayPostgres(): { url: string; stop: () => void } {
  const out = execFileSync("bash", ["scripts/throwaway-postgres.sh", "start"], { cwd: ROOT, encoding: "utf8" });
  const url = /TEST_POSTGRES_URL=(\S+)/.exec(out)?.[1];
  const dir = /PGDATA_DIR=(\S+)/.exec(out)?.[1];
  if (!url || !dir) throw new Error(`Could not start PostgreSQL:\n${out}`);
  return { url, stop: () => execFileSync("bash", ["scripts/throwaway-postgres.sh", "stop", dir], { cwd: ROOT }) };
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

export async function createDatabaseFromTemplate(serverUrl: string): Promise<string> {
  const name = `ri_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_NAME}`);
  return name;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
