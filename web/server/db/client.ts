import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../../generated/prisma/client.ts";
import { PrismaClient as PostgresPrismaClient } from "../../../generated/prisma-pg/client.ts";

/**
 * The database client. Both generated clients (SQLite, PostgreSQL) come from the one data
 * model and expose the same model API; the SQLite client's type stands for both. Where raw
 * SQL must differ, code asks `databaseKind(db)`.
 */
export type Db = PrismaClient;
export { Prisma } from "../../../generated/prisma/client.ts";

export type DatabaseKind = "sqlite" | "postgresql";

const KIND = Symbol("databaseKind");

/** Which database a URL names, or which database an open client talks to. */
export function databaseKind(target: string | Db): DatabaseKind {
  if (typeof target === "string") return target.startsWith("file:") ? "sqlite" : "postgresql";
  return (target as unknown as { [KIND]?: DatabaseKind })[KIND] ?? "sqlite";
}

const BUSY_TIMEOUT_MS = 5000;

/**
 * @libsql/client hands its connection to each interactive transaction and opens a fresh one
 * for later queries; that fresh connection has busy_timeout 0 and foreign keys off, so after
 * the first `$transaction` a write that met another process's lock failed at once (measured
 * with two processes: 3 of 50 writes and the other side's transaction failed; none after
 * this). We restore the per-connection pragmas on the new connection, and start transactions with BEGIN
 * IMMEDIATE: a deferred one that reads and then writes fails with SQLITE_BUSY without waiting
 * when another process committed in between.
 */
type LibSqlClient = ReturnType<PrismaLibSQL["createClient"]>;

class WaitingLibSQL extends PrismaLibSQL {
  override createClient(config: Parameters<PrismaLibSQL["createClient"]>[0]): LibSqlClient {
    const client = super.createClient(config);
    const begin = client.transaction.bind(client);
    client.transaction = async (mode?: "write" | "read" | "deferred") => {
      const tx = await begin(mode === "deferred" || mode === undefined ? "write" : mode);
      await client.execute(`PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}`);
      await client.execute("PRAGMA foreign_keys=ON");
      return tx;
    };
    return client;
  }
}

/**
 * Opens the database named by DATABASE_URL. SQLite gets WAL and a busy timeout: without
 * them a second process writing the same file fails with "database is locked"
 * (PLATFORM.md measured 230–380 of 500 writes failing; none with these pragmas).
 */
export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  if (databaseKind(url) === "postgresql") {
    // One pool per process; DATABASE_POOL_SIZE × instances must stay under max_connections.
    const db = new PostgresPrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 }),
    }) as unknown as Db;
    Object.defineProperty(db, KIND, { value: "postgresql" });
    return db;
  }
  const db = new PrismaClient({ adapter: new WaitingLibSQL({ url }) });
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}`);
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
