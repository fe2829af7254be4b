import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

// Prisma's CLI cannot download its Rust engines on these machines: the JS engine and the
// libsql driver adapter keep generate and migrate offline (docs/decisions.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaLibSQL({ url: process.env.DATABASE_URL ?? "file:./var/app.db" });
  },
});
