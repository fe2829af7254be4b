import { rmSync } from "node:fs";
import { applyMigrations } from "../../web/server/db/migrate.ts";
import { TEMPLATE_DB } from "./paths.ts";

/** Migrates one template database; each test file works on its own copy of it. */
export default function setup() {
  rmSync(TEMPLATE_DB, { force: true });
  applyMigrations(`file:${TEMPLATE_DB}`);
}
