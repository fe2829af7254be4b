import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/paths.ts";

describe("database schema", () => {
  it("has a migration for every change to prisma/schema.prisma", () => {
    const schema = readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8");
    const snapshot = readFileSync(path.join(ROOT, "prisma/migrations/schema.snapshot.prisma"), "utf8");
    expect(snapshot, "schema.prisma changed without `npm run db:new-migration -- <name>`").toBe(schema);
  });
});
