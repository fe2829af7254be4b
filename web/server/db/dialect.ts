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
   * Claims due invitations in ONE statement, fairly across shops (see dispatch/claim.ts):
   * SQLite runs a write statement under its single write lock; PostgreSQL locks the rows it
   * picks (FOR UPDATE SKIP LOCKED) so a concurrent claimer takes the next ones.
   */
  claimDueInvitations(args: ClaimArgs, returning: readonly string[]): SqlQuery;
  /**
   * Claims due reminders (issue 18) the same way, in ONE statement: queued, due, of a shop
   * that may send and has reminders on, whose invitation is `sent` and was not clicked.
   */
  claimDueReminders(args: ClaimArgs, returning: readonly string[]): SqlQuery;
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

/** Due rows of the shops that may send (`sendingShop`), at most `limit` per shop, ranked within each shop. */
/**
 * Shops whose due invitations may be sent: not paused, installed, and no "cancel all
 * pending" still being written (invitations/cancel-all.ts: its covered rows are cancelled
 * from the moment it was asked, whatever their status column says yet).
 */
export const sendingShop = sql`s."paused" = ${false} AND s."uninstalledAt" IS NULL AND s."cancelThroughId" IS NULL`;

function rankedCandidates(fromDueRows: SqlQuery): SqlQuery {
  return sql`
    SELECT c."id", c."sendAt", ROW_NUMBER() OVER (PARTITION BY c."shop" ORDER BY c."sendAt", c."id") AS "rank"
    FROM "Shop" s ${fromDueRows}
    WHERE ${sendingShop}`;
}

/** Reminders' twin of rankedCandidates: the shop must also have reminders on. */
function rankedReminders(fromDueRows: SqlQuery): SqlQuery {
  return sql`
    SELECT c."invitationId", c."sendAt", ROW_NUMBER() OVER (PARTITION BY c."shop" ORDER BY c."sendAt", c."invitationId") AS "rank"
    FROM "Shop" s ${fromDueRows}
    WHERE ${sendingShop} AND s."reminderEnabled" = ${true}`;
}

/** A reminder is due only while its invitation stays sent and unclicked (a "not received yet" requeues it). */
const remindable = sql`EXISTS (SELECT 1 FROM "Invitation" i WHERE i."id" = x."invitationId" AND i."status" = 'sent' AND i."clickedAt" IS NULL)`;

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
  claimDueInvitations({ now, leaseUntil, limit }, returning) {
    const columns = sql.raw(returning.map((c) => `"${c}"`).join(", "));
    // Without ANALYZE statistics the planner preferred the (status, sendAt) index and the
    // wrong join order; INDEXED BY and CROSS JOIN pin the per-shop index probe.
    const candidates = rankedCandidates(sql`
      CROSS JOIN "Invitation" c ON c."id" IN (
        SELECT x."id" FROM "Invitation" x INDEXED BY "Invitation_shop_status_sendAt_idx"
        WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now}
        ORDER BY x."sendAt", x."id"
        LIMIT ${limit})`);
    return sql`
      UPDATE "Invitation"
      SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
      WHERE "id" IN (
        SELECT r."id" FROM (${candidates}) r
        ORDER BY r."rank", r."sendAt", r."id"
        LIMIT ${limit}
      ) AND "status" = 'queued'
      RETURNING ${columns}`;
  },
  claimDueReminders({ now, leaseUntil, limit }, returning) {
    const columns = sql.raw(returning.map((c) => `"${c}"`).join(", "));
    const candidates = rankedReminders(sql`
      CROSS JOIN "Reminder" c ON c."invitationId" IN (
        SELECT x."invitationId" FROM "Reminder" x INDEXED BY "Reminder_shop_status_sendAt_idx"
        WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now} AND ${remindable}
        ORDER BY x."sendAt", x."invitationId"
        LIMIT ${limit})`);
    return sql`
      UPDATE "Reminder"
      SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
      WHERE "invitationId" IN (
        SELECT r."invitationId" FROM (${candidates}) r
        ORDER BY r."rank", r."sendAt", r."invitationId"
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
  claimDueInvitations({ now, leaseUntil, limit }, returning) {
    const columns = sql.raw(returning.map((c) => `inv."${c}"`).join(", "));
    const candidates = rankedCandidates(sql`
      CROSS JOIN LATERAL (
        SELECT x."id", x."shop", x."sendAt" FROM "Invitation" x
        WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now}
        ORDER BY x."sendAt", x."id"
        LIMIT ${limit}) c`);
    // Ranking cannot share a SELECT with FOR UPDATE: the fair pick first, the lock second;
    // rows another dispatcher holds are skipped, and the claim re-checks the status.
    return sql`
      UPDATE "Invitation" AS inv
      SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = inv."attempts" + 1, "updatedAt" = ${now}
      FROM (
        SELECT c."id" FROM "Invitation" c
        WHERE c."id" IN (
          SELECT r."id" FROM (${candidates}) r
          ORDER BY r."rank", r."sendAt", r."id"
          LIMIT ${limit}
        ) AND c."status" = 'queued'
        FOR UPDATE SKIP LOCKED
      ) picked
      WHERE inv."id" = picked."id"
      RETURNING ${columns}`;
  },
  claimDueReminders({ now, leaseUntil, limit }, returning) {
    const columns = sql.raw(returning.map((c) => `rem."${c}"`).join(", "));
    const candidates = rankedReminders(sql`
      CROSS JOIN LATERAL (
        SELECT x."invitationId", x."shop", x."sendAt" FROM "Reminder" x
        WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now} AND ${remindable}
        ORDER BY x."sendAt", x."invitationId"
        LIMIT ${limit}) c`);
    return sql`
      UPDATE "Reminder" AS rem
      SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = rem."attempts" + 1, "updatedAt" = ${now}
      FROM (
        SELECT c."invitationId" FROM "Reminder" c
        WHERE c."invitationId" IN (
          SELECT r."invitationId" FROM (${candidates}) r
          ORDER BY r."rank", r."sendAt", r."invitationId"
          LIMIT ${limit}
        ) AND c."status" = 'queued'
        FOR UPDATE SKIP LOCKED
      ) picked
      WHERE rem."invitationId" = picked."invitationId"
      RETURNING ${columns}`;
  },
};
