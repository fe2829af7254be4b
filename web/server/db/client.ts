/**
 * The database connection: one interface over SQLite (the embedded default, through the
 * synchronous `libsql` driver) and PostgreSQL (through `pg`). Application queries are plain
 * SQL built with `sql` (./sql.ts) in web/server/db/queries/*, one module per aggregate; the
 * differences between the databases live in ./dialect.ts. Prisma keeps the data model and
 * the migrations, and is not loaded at run time. The two implementations: ./sqlite.ts and
 * ./postgres.ts.
 *
 * Why not an ORM or a query builder: the webhook intake's transaction cost many times more
 * CPU through Prisma's model API, and twice as much through Kysely over the same driver, as
 * with prepared statements (bench/spikes/intake-transaction.ts; docs/decisions.md).
 */
import type { DatabaseKind, Dialect } from "./dialect.ts";
import { PostgresDb } from "./postgres.ts";
import { sql, type SqlQuery } from "./sql.ts";
import { SqliteDb } from "./sqlite.ts";

export type { DatabaseKind } from "./dialect.ts";
export { sql } from "./sql.ts";

/** Runs statements: the database itself, or an open transaction. */
export interface Queryable {
  readonly dialect: Dialect;
  /** Every row the statement returns. */
  all<T>(query: SqlQuery): Promise<T[]>;
  /** The first row, or undefined. */
  one<T>(query: SqlQuery): Promise<T | undefined>;
  /** Runs a statement that returns no rows; resolves to the number of rows it changed. */
  run(query: SqlQuery): Promise<number>;
}

/** Inside a transaction: the same statements, committed together or not at all. */
export type Tx = Queryable;

export interface Db extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `work` in one write transaction; rolls back if it throws. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Which database a URL names. */
export function databaseKind(url: string): DatabaseKind {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** Opens the database named by DATABASE_URL. */
export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  return databaseKind(url) === "postgresql" ? new PostgresDb(url, options.poolSize ?? 10) : new SqliteDb(url);
}

/** true when a query can reach the database; used by /healthz. */
export async function isReachable(db: Db): Promise<boolean> {
  try {
    await db.all(sqlSelectOne);
    return true;
  } catch {
    return false;
  }
}

/** Unique-constraint violation, on either database. */
export function isUniqueViolation(db: Queryable, error: unknown): boolean {
  return db.dialect.isUniqueViolation(error);
}

const sqlSelectOne = sql`SELECT 1 AS "one"`;
