import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../web/server/db/migrate.ts";
import { chromiumExecutable } from "./chromium.ts";
import { adminQuery, startThrowawayPostgres, templateName, withDatabase, type ThrowawayPostgres } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    database: "sqlite" | "postgresql";
    postgresServerUrl: string;
    /** This run's migrated template database on that server. */
    postgresTemplate: string;
    sqliteTemplate: string;
    /** The Chromium the browser tests launch ("" in the project without browser tests). */
    chromiumPath: string;
  }
}

/**
 * Migrates one template database per project; each test file works on its own copy.
 * The "postgresql" project uses TEST_POSTGRES_URL (a server .ci/run started) or starts a
 * throwaway server itself (test/support/postgres.ts). Templates are named per run and
 * dropped at the end, so concurrent runs can share one server.
 */
export default async function setup(project: TestProject) {
  const database = project.config.env?.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
  project.provide("database", database);
  if (database === "sqlite") {
    // The browser tests run in this project only.
    const browser = await chromiumExecutable();
    if (browser.source !== "the machine's Chromium") console.log(`Chromium for the tests: ${browser.source}`);
    project.provide("chromiumPath", browser.path);
    // Per run, not a shared path: two test runs at once must not rebuild each other's template.
    const dir = mkdtempSync(path.join(os.tmpdir(), "ri-template-"));
    const template = path.join(dir, "template.db");
    await applyMigrations(`file:${template}`);
    project.provide("sqliteTemplate", template);
    project.provide("postgresServerUrl", "");
    project.provide("postgresTemplate", "");
    return () => rmSync(dir, { recursive: true, force: true });
  }
  project.provide("sqliteTemplate", "");
  project.provide("chromiumPath", "");
  let serverUrl = process.env.TEST_POSTGRES_URL;
  let server: ThrowawayPostgres | undefined;
  if (!serverUrl) {
    server = await startThrowawayPostgres();
    serverUrl = server.url;
    console.log(`PostgreSQL for the tests: ${server.source}`);
  }
  const template = templateName();
  try {
    await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
    await applyMigrations(withDatabase(serverUrl, template));
  } catch (error) {
    await server?.stop();
    throw error;
  }
  project.provide("postgresServerUrl", serverUrl);
  project.provide("postgresTemplate", template);
  const url = serverUrl;
  return async () => {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined);
    await server?.stop();
  };
}
