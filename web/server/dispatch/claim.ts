/**
 * The invitation row is the job. Claiming, and giving back the claims of a dispatcher that
 * died, are set-based statements, one per database where SQL must differ. Each claim is ONE
 * statement, so two dispatchers (two processes, two machines) never claim the same row:
 * SQLite runs a write statement under its single write lock, and PostgreSQL locks the rows
 * it picks (FOR UPDATE SKIP LOCKED) so a concurrent claimer takes the next ones instead.
 *
 * Fairness: due rows are ranked per shop (ROW_NUMBER over the shop's own queue) and the
 * batch takes every shop's first, then every shop's second, and so on; a shop with 50,000
 * overdue invitations after a pause cannot starve a shop with three. The candidates come
 * from Shop, and installed + unpaused is checked in the same statement as the claim.
 */
import { databaseKind, Prisma, type Db } from "../db/client.ts";

export interface ClaimedInvitation {
  id: number;
  shop: string;
  email: string;
  customerName: string | null;
  orderName: string | null;
  orderId: string | null;
  products: string | null;
  customerPostpones: number;
  /** Including this claim. */
  attempts: number;
  sendAt: Date;
  leaseUntil: Date;
  lastError: string | null;
}

export interface ClaimOptions {
  now: Date;
  leaseUntil: Date;
  limit: number;
}

const RETURNING = Prisma.sql`"id", "shop", "email", "customerName", "orderName", "orderId", "products",
  "customerPostpones", "attempts", "sendAt", "leaseUntil", "lastError"`;

/**
 * Candidates: at most `limit` due rows from each installed, unpaused shop, each shop's
 * oldest first, read straight off the (shop, status, sendAt) index. Ranking only these
 * keeps a claim cheap whatever the backlog: with 100,000 overdue rows, ranking every due
 * row took ~100–300 ms per claim; this takes ~1–6 ms (bench/dispatch.ts, SQLite).
 * SQLite's planner, without ANALYZE statistics, preferred the (status, sendAt) index and
 * the wrong join order (4.7 s); INDEXED BY and CROSS JOIN pin the plan.
 */
function candidatesSqlite(now: Date, limit: number) {
  return Prisma.sql`
    SELECT c."id", c."sendAt", ROW_NUMBER() OVER (PARTITION BY c."shop" ORDER BY c."sendAt", c."id") AS "rank"
    FROM "Shop" s
    CROSS JOIN "Invitation" c ON c."id" IN (
      SELECT x."id" FROM "Invitation" x INDEXED BY "Invitation_shop_status_sendAt_idx"
      WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now}
      ORDER BY x."sendAt", x."id"
      LIMIT ${limit})
    WHERE s."paused" = false AND s."uninstalledAt" IS NULL`;
}

function candidatesPostgres(now: Date, limit: number) {
  return Prisma.sql`
    SELECT c."id", c."sendAt", ROW_NUMBER() OVER (PARTITION BY c."shop" ORDER BY c."sendAt", c."id") AS "rank"
    FROM "Shop" s
    CROSS JOIN LATERAL (
      SELECT x."id", x."shop", x."sendAt" FROM "Invitation" x
      WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now}
      ORDER BY x."sendAt", x."id"
      LIMIT ${limit}) c
    WHERE s."paused" = false AND s."uninstalledAt" IS NULL`;
}

export async function claimDueInvitations(db: Db, options: ClaimOptions): Promise<ClaimedInvitation[]> {
  const rows = databaseKind(db) === "postgresql" ? await claimPostgres(db, options) : await claimSqlite(db, options);
  return rows.map(normalise);
}

async function claimSqlite(db: Db, { now, leaseUntil, limit }: ClaimOptions): Promise<ClaimedInvitation[]> {
  return db.$queryRaw<ClaimedInvitation[]>`
    UPDATE "Invitation"
    SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
    WHERE "id" IN (
      SELECT r."id" FROM (${candidatesSqlite(now, limit)}) r
      ORDER BY r."rank", r."sendAt", r."id"
      LIMIT ${limit}
    ) AND "status" = 'queued'
    RETURNING ${RETURNING}`;
}

async function claimPostgres(db: Db, { now, leaseUntil, limit }: ClaimOptions): Promise<ClaimedInvitation[]> {
  // Ranking cannot share a SELECT with FOR UPDATE, so the fair pick comes first and the
  // lock second; rows another dispatcher holds are skipped, and its claim re-checks status.
  return db.$queryRaw<ClaimedInvitation[]>`
    UPDATE "Invitation" AS inv
    SET "status" = 'sending', "leaseUntil" = ${leaseUntil}, "attempts" = inv."attempts" + 1, "updatedAt" = ${now}
    FROM (
      SELECT c."id" FROM "Invitation" c
      WHERE c."id" IN (
        SELECT r."id" FROM (${candidatesPostgres(now, limit)}) r
        ORDER BY r."rank", r."sendAt", r."id"
        LIMIT ${limit}
      ) AND c."status" = 'queued'
      FOR UPDATE SKIP LOCKED
    ) picked
    WHERE inv."id" = picked."id"
    RETURNING inv."id", inv."shop", inv."email", inv."customerName", inv."orderName", inv."orderId", inv."products",
      inv."customerPostpones", inv."attempts", inv."sendAt", inv."leaseUntil", inv."lastError"`;
}

/** Cheap check before a pass opens an SMTP connection: one index probe per shop. */
export async function hasDueInvitations(db: Db, now: Date): Promise<boolean> {
  const index = databaseKind(db) === "postgresql" ? Prisma.empty : Prisma.sql`INDEXED BY "Invitation_shop_status_sendAt_idx"`;
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 AS "due" FROM "Shop" s
    WHERE s."paused" = false AND s."uninstalledAt" IS NULL
      AND EXISTS (
        SELECT 1 FROM "Invitation" x ${index}
        WHERE x."shop" = s."domain" AND x."status" = 'queued' AND x."sendAt" <= ${now})
    LIMIT 1`;
  return rows.length > 0;
}

export interface ExpiredLease {
  id: number;
  shop: string;
  attempts: number;
}

/**
 * A dispatcher that died between claim and send leaves rows in `sending`; once their lease
 * has passed they go back to the queue (or fail, when that was their last allowed attempt),
 * so nothing stays stuck. Same SQL on both databases.
 */
export async function releaseExpiredLeases(
  db: Db,
  now: Date,
  maxAttempts: number,
): Promise<{ requeued: ExpiredLease[]; gaveUp: ExpiredLease[] }> {
  const reason = `Gave up after ${maxAttempts} attempts: the dispatcher sending it stopped before it finished`;
  const gaveUp = await db.$queryRaw<ExpiredLease[]>`
    UPDATE "Invitation"
    SET "status" = 'failed', "leaseUntil" = NULL, "lastError" = ${reason}, "updatedAt" = ${now}
    WHERE "status" = 'sending' AND "leaseUntil" < ${now} AND "attempts" >= ${maxAttempts}
    RETURNING "id", "shop", "attempts"`;
  const requeued = await db.$queryRaw<ExpiredLease[]>`
    UPDATE "Invitation"
    SET "status" = 'queued', "leaseUntil" = NULL, "updatedAt" = ${now}
    WHERE "status" = 'sending' AND "leaseUntil" < ${now}
    RETURNING "id", "shop", "attempts"`;
  return { requeued: requeued.map(normaliseLease), gaveUp: gaveUp.map(normaliseLease) };
}

// Raw rows may carry BigInt (PostgreSQL counts) or strings; the rest of the code wants numbers.
function normalise(row: ClaimedInvitation): ClaimedInvitation {
  return {
    ...row,
    id: Number(row.id),
    attempts: Number(row.attempts),
    customerPostpones: Number(row.customerPostpones),
    sendAt: new Date(row.sendAt),
    leaseUntil: new Date(row.leaseUntil),
  };
}

function normaliseLease(row: ExpiredLease): ExpiredLease {
  return { id: Number(row.id), shop: row.shop, attempts: Number(row.attempts) };
}
