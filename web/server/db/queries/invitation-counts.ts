/**
 * InvitationCount: how many invitations each shop has in each status, so the summary never
 * counts a shop's every row (a few rows here, whatever the shop's size; docs/performance.md). Every statement that
 * inserts, deletes or changes the status of invitations changes these in the same
 * transaction, through the functions below. Each (shop, status) is spread over COUNT_SLOTS
 * rows by invitation id, so concurrent intakes of one shop on PostgreSQL seldom wait on the
 * same row; SQLite has one writer at a time anyway.
 */
import type { Queryable } from "../client.ts";
import { sql } from "../sql.ts";

export const COUNT_SLOTS = 8;

export const slotOf = (invitationId: number) => invitationId % COUNT_SLOTS;

export interface CountChange {
  shop: string;
  status: string;
  /** The invitation's id (its slot is derived from it), or the slot itself. */
  slot: number;
  delta: number;
}

/** Applies changes in one statement, rows in a fixed order (no deadlock between two writers). */
export async function changeInvitationCounts(db: Queryable, changes: readonly CountChange[]): Promise<void> {
  const merged = new Map<string, CountChange>();
  for (const c of changes) {
    const key = `${c.shop}\u0000${c.status}\u0000${c.slot}`;
    const seen = merged.get(key);
    if (seen) seen.delta += c.delta;
    else merged.set(key, { ...c });
  }
  const rows = [...merged.entries()]
    .filter(([, c]) => c.delta !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => sql`(${c.shop}, ${c.status}, ${c.slot}, ${c.delta})`);
  if (rows.length === 0) return;
  await db.run(sql`INSERT INTO "InvitationCount" ("shop", "status", "slot", "count") VALUES ${sql.join(rows)}
    ON CONFLICT ("shop", "status", "slot") DO UPDATE SET "count" = "InvitationCount"."count" + excluded."count"`);
}

/** Invitations that now exist, in their status. */
export function countAdded(db: Queryable, rows: readonly { id: number; shop: string; status: string }[]) {
  return changeInvitationCounts(db, rows.map((r) => ({ shop: r.shop, status: r.status, slot: slotOf(Number(r.id)), delta: 1 })));
}

/** Invitations that no longer exist. */
export function countRemoved(db: Queryable, rows: readonly { id: number; shop: string; status: string }[]) {
  return changeInvitationCounts(db, rows.map((r) => ({ shop: r.shop, status: r.status, slot: slotOf(Number(r.id)), delta: -1 })));
}

/** Invitations that went from one status to another. */
export function countMoved(db: Queryable, rows: readonly { id: number; shop: string }[], from: string, to: string) {
  if (from === to) return Promise.resolve();
  return changeInvitationCounts(
    db,
    rows.flatMap((r) => [
      { shop: r.shop, status: from, slot: slotOf(Number(r.id)), delta: -1 },
      { shop: r.shop, status: to, slot: slotOf(Number(r.id)), delta: 1 },
    ]),
  );
}

/**
 * Locks a shop's counters of one status until the transaction ends, and returns them. Taken
 * BEFORE a set-based change of every invitation of that status (cancel all): a concurrent
 * intake then either committed first (its row is changed, its count moved) or waits and
 * counts its row after (it stays queued).
 */
export function lockCounts(db: Queryable, shop: string, status: string) {
  return db.all<{ slot: number; count: number }>(sql`SELECT "slot", "count" FROM "InvitationCount"
    WHERE "shop" = ${shop} AND "status" = ${status} ORDER BY "slot" ${db.dialect.forUpdate}`);
}

/** After every invitation of the shop in `from` went to `to`: moves the locked counts over. */
export async function moveAllCounts(db: Queryable, shop: string, locked: readonly { slot: number; count: number }[], from: string, to: string) {
  await changeInvitationCounts(
    db,
    locked.flatMap(({ slot, count }) => [
      { shop, status: from, slot: Number(slot), delta: -Number(count) },
      { shop, status: to, slot: Number(slot), delta: Number(count) },
    ]),
  );
}

/** A shop's invitations by status (a few rows, whatever the shop's size). */
export async function readInvitationCounts(db: Queryable, shop: string): Promise<Record<string, number>> {
  const rows = await db.all<{ status: string; n: number }>(sql`SELECT "status", SUM("count") AS "n" FROM "InvitationCount"
    WHERE "shop" = ${shop} GROUP BY "status"`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Every shop's invitations by status (GET /metrics): the counters' rows, never the invitations. */
export async function readInvitationTotals(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.all<{ status: string; n: number }>(sql`SELECT "status", SUM("count") AS "n" FROM "InvitationCount"
    GROUP BY "status"`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Every counter of the shop (shop/redact). */
export function deleteInvitationCounts(db: Queryable, shop: string) {
  return db.run(sql`DELETE FROM "InvitationCount" WHERE "shop" = ${shop}`);
}

/** The counts as a full scan finds them: for tests, and to check a live database. */
export async function countInvitationsByStatus(db: Queryable, shop: string): Promise<Record<string, number>> {
  const rows = await db.all<{ status: string; n: number }>(sql`SELECT "status", COUNT(*) AS "n" FROM "Invitation"
    WHERE "shop" = ${shop} GROUP BY "status"`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
