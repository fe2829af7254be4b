/**
 * The overdue backlog of a paused shop (issue 17): what would go out at once when sending
 * resumes, and the set-based rewrite of its delivery dates that paces it.
 */
import type { Queryable } from "../client.ts";
import { sql } from "../sql.ts";

/** Queued invitations already due: how many, and the oldest delivery date among them. */
export async function overdueBacklog(db: Queryable, shop: string, now: Date): Promise<{ count: number; oldestSendAt: Date | null }> {
  const row = await db.one<{ n: number; oldest: Date | string | null }>(sql`SELECT COUNT(*) AS "n", MIN("sendAt") AS "oldest"
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_status_sendAt_idx")}
    WHERE "shop" = ${shop} AND "status" = 'queued' AND "sendAt" <= ${now}`);
  const oldest = row?.oldest ?? null;
  // MIN() of a date column comes back as the stored text on SQLite (not typed by the column).
  return { count: Number(row?.n ?? 0), oldestSendAt: oldest === null ? null : new Date(oldest) };
}

/** The overdue invitations' ids and dates, oldest first (ids only: 1M rows is a few MB). */
export async function overdueIds(db: Queryable, shop: string, now: Date): Promise<{ id: number; sendAt: Date }[]> {
  const rows = await db.all<{ id: number; sendAt: Date }>(sql`SELECT "id", "sendAt"
    FROM "Invitation" ${db.dialect.indexedBy("Invitation_shop_status_sendAt_idx")}
    WHERE "shop" = ${shop} AND "status" = 'queued' AND "sendAt" <= ${now}
    ORDER BY "sendAt", "id"`);
  return rows.map((r) => ({ id: Number(r.id), sendAt: r.sendAt }));
}

/**
 * New delivery dates for a batch, in one statement; only rows still queued move (the
 * dispatcher or a cancel-all may have taken some meanwhile). Returns the ids that moved.
 */
export async function setSendAtOfQueued(
  db: Queryable,
  shop: string,
  moves: readonly { id: number; sendAt: Date }[],
  now: Date,
): Promise<number[]> {
  if (moves.length === 0) return [];
  const cases = sql.join(moves.map((m) => sql`WHEN ${m.id} THEN ${db.dialect.timestamp(m.sendAt)}`), " ");
  const rows = await db.all<{ id: number }>(sql`UPDATE "Invitation"
    SET "sendAt" = CASE "id" ${cases} END, "updatedAt" = ${now}
    WHERE "shop" = ${shop} AND "status" = 'queued' AND "id" IN (${sql.join(moves.map((m) => m.id))})
    RETURNING "id"`);
  return rows.map((r) => Number(r.id));
}
