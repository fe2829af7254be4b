import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../web/server/db/migrate.ts";
import { adminQuery, startThrowawayPostgres, TEMPLATE_NAME, withDatabase } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    database: "sqlite" | "postgresql";
    postgresServerUrl: string;
    sqliteTemplate: string;
  }
}

/**
 * Migrates one template database per project; each test file works on its own copy.
 * The "postgresql" project uses TEST_POSTGRES_URL (a server .ci/run started) or starts
 * a throwaway server itself.
 */
export default async function setup(project: TestProject) {
  const database = project.config.env?.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
  project.provide("database", database);
  if (database === "sqlite") {
    // Per run, not a shared path: two test runs at once must not rebuild each other's template.
    const dir = mkdtempSync(path.join(os.tmpdir(), "ri-template-"));
    const template = path.join(dir, "template.db");
    await applyMigrations(`file:${template}`);
    project.provide("sqliteTemplate", template);
    project.provide("postgresServerUrl", "");
    return () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide("sqliteTemplate", "");
  let serverUrl = process.env.TEST_POSTGRES_URL;
  let stop: (() => void) | undefined;
  if (!serverUrl) {
    const server = startThrowawayPostgres();
    serverUrl = server.url;
    stop = server.stop;
  }
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_NAME} WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE ${TEMPLATE_NAME}`);
  await applyMigrations(withDatabase(serverUrl, TEMPLATE_NAME));
  project.provide("postgresServerUrl", serverUrl);
  return () => stop?.();
}
