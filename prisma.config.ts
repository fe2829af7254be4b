import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg-7";

// Prisma's CLI cannot download its Rust engines on these machines: the JS engine and a
// driver adapter keep generate and migrate offline (docs/decisions.md). DATABASE_URL picks
// the database: file:… is SQLite, postgresql://… is PostgreSQL, each with its own schema
// file (derived from the one data model) and its own migrations.
// The schema engine needs adapter-pg 7: 6.19's cannot read PostgreSQL's `name` columns.
const url = process.env.DATABASE_URL ?? "file:./var/app.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  async adapter() {
    return postgres ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url });
  },
});
