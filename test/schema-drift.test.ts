import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toPostgresSchema } from "../scripts/postgres-schema.ts";
import { ROOT } from "./support/paths.ts";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const migrations = (dir: string) =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe("database schema", () => {
  it("has a migration for every change to prisma/schema.prisma", () => {
    expect(read("prisma/migrations/schema.snapshot.prisma"), "schema.prisma changed without `npm run db:new-migration -- <name>`").toBe(
      read("prisma/schema.prisma"),
    );
  });

  it("gives PostgreSQL the same data model as SQLite", () => {
    expect(read("prisma/postgresql/schema.prisma"), "run `npm run db:new-migration -- <name>` to regenerate it").toBe(
      toPostgresSchema(read("prisma/schema.prisma")),
    );
  });

  it("keeps the SQLite and PostgreSQL migrations in step, one for one", () => {
    expect(migrations("prisma/postgresql/migrations")).toEqual(migrations("prisma/migrations"));
  });
});
