import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaClient } from "../../../generated/prisma/client.ts";

export type Db = PrismaClient;
export { Prisma } from "../../../generated/prisma/client.ts";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/**
 * Opens the database named by DATABASE_URL. SQLite gets WAL and a busy timeout: without
 * them a second process writing the same file fails with "database is locked"
 * (PLATFORM.md measured 230–380 of 500 writes failing; none with these pragmas).
 */
export async function openDatabase(url: string): Promise<Db> {
  if (databaseKind(url) !== "sqlite") {
    throw new Error("PostgreSQL support is not built yet: use a file: DATABASE_URL");
  }
  const db = new PrismaClient({ adapter: new PrismaLibSQL({ url }) });
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout=5000");
  await db.$queryRawUnsafe("PRAGMA foreign_keys=ON");
  return db;
}

/** true when a query can reach the database; used by /healthz. */
export async function isReachable(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/** Unique-constraint violation, whatever the driver calls it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "P2002" || /UNIQUE constraint failed|duplicate key value/i.test(e?.message ?? "");
}
