/**
 * Every difference between SQLite and PostgreSQL, and nothing else (pg-boss's dialect.ts is
 * the model): one named member per difference, one object per database. Code outside
 * web/server/db never asks which database it runs on; it asks the dialect for the piece
 * that differs.
 */
import { sql, type SqlQuery } from "./sql.ts";

export type DatabaseKind = "sqlite" | "postgresql";

export interface ClaimArgs {
  now: Date;
  leaseUntil: Date;
  /** At most this many rows, and at most this many from one shop. */
  limit: number;
}

/**
 * A table whose row is the job (Invitation; Reminder, issue 18): what the one claim statement
 * needs to know of it. The claim is the same for every queue (same fairness, same skip of
 * shops that may not send); only these pieces differ. Names are the code's own, never input.
 */
export interface JobQueue {
  readonly table: string;
  /** Its primary key. */
  readonly key: string;
  /** Its (shop, status, sendAt) index, which SQLite's per-shop probe is pinned to. */
  readonly index: string;
  /** What the shop (alias `s`) must be besides `sendingShop`, or null. */
  readonly shopCondition: SqlQuery | null;
  /** What a due row (alias `x`) must be besides queued and due, or null. */
  readonly rowCondition: SqlQuery | null;
}

export interface Dialect {
  readonly kind: DatabaseKind;
  /** The n-th (1-based) parameter's placeholder. */
  placeholder(n: number): string;
  /** A JavaScript value as this driver binds it. */
  toParam(value: unknown): unknown;
  /** Starts a write transaction. */
  readonly begin: string;
  /** Case-insensitive LIKE (SQLite's LIKE already is, for ASCII). */
  readonly ilike: SqlQuery;
  /** Pins SQLite's planner to an index; PostgreSQL plans well on its own. */
  indexedBy(index: string): SqlQuery;
  /**
   * Appended to a SELECT to lock the rows it reads until the transaction ends (PostgreSQL);
   * SQLite's write transaction already holds the whole database (BEGIN IMMEDIATE).
   */
  readonly forUpdate: SqlQuery;
  /** Whether a driver error is a unique or primary-key violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Run before a transaction whose statements change very many rows (cancel all pending):
   * SQLite otherwise keeps their statement journals in memory (+490 MB at 1M rows); null
   * where nothing is needed.
   */
  readonly beforeLargeWrite: SqlQuery | null;
  /**
   * Claims the due jobs of `queue` (invitations, reminders) in ONE statement, fairly across
   * shops (see dispatch/claim.ts): SQLite runs a write statement under its single write lock;
   * PostgreSQL locks the rows it picks (FOR UPDATE SKIP LOCKED) so a concurrent claimer takes
   * the next ones. Claimed rows become `sending`, leased until `leaseUntil`, attempts + 1.
   */
  claimDue(queue: JobQueue, args: ClaimArgs, returning: readonly string[]): SqlQuery;
  /**
   * A date parameter where nothing gives it a type (a CASE branch): PostgreSQL would read it
   * as text and refuse to store text in a timestamp column; SQLite stores the text as is.
   */
  timestamp(value: Date): SqlQuery;
}

/**
 * Prisma stores a SQLite DateTime as ISO text with an explicit offset; every date bound
 * here is written the same way, so text comparison (`"sendAt" <= ?`) orders correctly.
 */
function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * Shops whose due invitations may be sent: not paused, installed, and no "cancel all
 * pending" still being written (invitations/cancel-all.ts: its covered rows are cancelled
 * from the moment it was asked, whatever their status column says yet).
 */
export const sendingShop = sql`s."paused" = ${false} AND s."uninstalledAt" IS NULL AND s."cancelThroughId" IS NULL`;

/** `AND …` for an optional condition. */
const and = (condition: SqlQuery | null) => (condition ? sql` AND ${condition}` : sql.empty);

/** A quoted identifier of the code's own (a queue's table, key or column). */
const name = (identifier: string) => sql.raw(`"${identifier}"`);

/** The claim's pieces that are the same on both databases. */
function claimParts(queue: JobQueue, { now }: ClaimArgs) {
  const key = name(queue.key);
  return {
    table: name(queue.table),
    key,
    /** The due rows of one shop `s`, its oldest first (add the LIMIT). */
    due: sql`x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now}${and(queue.rowCondition)}
        ORDER BY x."sendAt", x.${key}`,
    /** Due rows of the shops that may send, ranked within each shop (`fromDueRows` joins them as `c`). */
    ranked: (fromDueRows: SqlQuery) => sql`
    SELECT c.${key}, c."sendAt", ROW_NUMBER() OVER (PARTITION BY c."shop" ORDER BY c."sendAt", c.${key}) AS "rank"
    FROM "Shop" s ${fromDueRows}
    WHERE ${sendingShop}${and(queue.shopCondition)}`,
  };
}

export const sqliteDialect: Dialect = {
  kind: "sqlite",
  placeholder: () => "?",
  toParam(value) {
    if (value instanceof Date) return sqliteDate(value);
    if (typeof value === "boolean") return value ? 1 : 0;
    return value === undefined ? null : value;
  },
  begin: "BEGIN IMMEDIATE", // a deferred transaction that reads, then writes, fails at once with SQLITE_BUSY
  ilike: sql.raw("LIKE"),
  indexedBy: (index) => sql.raw(`INDEXED BY "${index}"`),
  forUpdate: sql.empty,
  isUniqueViolation(error) {
    const code = (error as { code?: string } | null)?.code ?? "";
    return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  },
  beforeLargeWrite: sql.raw("PRAGMA temp_store=FILE"),
  timestamp: (value) => sql`${value}`,
  claimDue(queue, args, returning) {
    const { leaseUntil, limit, now } = args;
    const { table, key, due, ranked } = claimParts(queue, args);
    const columns = sql.join(returning.map(name));
    // Without ANALYZE statistics the planner preferred the (status, sendAt) index and the
    // wrong join order; INDEXED BY and CROSS JOIN pin the per-shop index probe.
    const candidates = ranked(sql`
      CROSS JOIN ${table} c ON c.${key} IN (
        SELECT x.${key} FROM ${table} x INDEXED BY ${name(queue.index)}
        WHERE ${due}
        LIMIT ${limit})`);
    return sql`
      UPDATE ${table}
      SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
      WHERE ${key} IN (
        SELECT r.${key} FROM (${candidates}) r
        ORDER BY r."rank", r."sendAt", r.${key}
        LIMIT ${limit}
      ) AND "status" = 'queued'
      RETURNING ${columns}`;
  },
};

export const postgresDialect: Dialect = {
  kind: "postgresql",
  placeholder: (n) => `$${n}`,
  toParam(value) {
    // timestamp(3) columns hold UTC; an ISO string with Z is read as that UTC time whatever
    // the server's or this process's time zone.
    if (value instanceof Date) return value.toISOString();
    return value === undefined ? null : value;
  },
  begin: "BEGIN",
  ilike: sql.raw("ILIKE"),
  indexedBy: () => sql.empty,
  forUpdate: sql.raw("FOR UPDATE"),
  isUniqueViolation: (error) => (error as { code?: string } | null)?.code === "23505",
  beforeLargeWrite: null,
  timestamp: (value) => sql`CAST(${value} AS TIMESTAMP(3))`,
  claimDue(queue, args, returning) {
    const { leaseUntil, limit, now } = args;
    const { table, key, due, ranked } = claimParts(queue, args);
    const columns = sql.join(returning.map((c) => sql`job.${name(c)}`));
    const candidates = ranked(sql`
      CROSS JOIN LATERAL (
        SELECT x.${key}, x."shop", x."sendAt" FROM ${table} x
        WHERE ${due}
        LIMIT ${limit}) c`);
    // Ranking cannot share a SELECT with FOR UPDATE: the fair pick first, the lock second;
    // rows another dispatcher holds are skipped, and the claim re-checks the status.
    return sql`
      UPDATE ${table} AS job
      SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = job."attempts" + 1, "updatedAt" = ${now}
      FROM (
        SELECT c.${key} FROM ${table} c
        WHERE c.${key} IN (
          SELECT r.${key} FROM (${candidates}) r
          ORDER BY r."rank", r."sendAt", r.${key}
          LIMIT ${limit}
        ) AND c."status" = 'queued'
        FOR UPDATE SKIP LOCKED
      ) picked
      WHERE job.${key} = picked.${key}
      RETURNING ${columns}`;
  },
};
