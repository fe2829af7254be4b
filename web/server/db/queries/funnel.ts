/**
 * InvitationFunnel (issue 18): per shop and UTC day an invitation was sent, how many were
 * sent, clicked, reminded and clicked after the reminder. Every statement that records one
 * of those facts adds to these counters in the same transaction (dispatch/complete.ts,
 * customer/review-redirect.ts, dispatch/reminder-outcomes.ts), so the home page reads at most
 * 90 days x COUNT_SLOTS small rows instead of the shop's sent invitations. A click or a
 * reminder is counted on the day its invitation was sent (a cohort), so "clicked of sent"
 * compares like with like. Test emails never touch an invitation, so they never count.
 */
import type { Queryable } from "../client.ts";
import { sql } from "../sql.ts";
import { slotOf } from "./invitation-counts.ts";

export type FunnelFigure = "sent" | "clicked" | "reminded" | "clickedAfterReminder";
export const FUNNEL_FIGURES: readonly FunnelFigure[] = ["sent", "clicked", "reminded", "clickedAfterReminder"];

export interface FunnelFact {
  shop: string;
  invitationId: number;
  /** When the invitation was sent: the day it is counted on. */
  sentAt: Date;
  figure: FunnelFigure;
}

export const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/** Adds the facts in one statement, rows in a fixed order (no deadlock between two writers). */
export async function addFunnelFacts(db: Queryable, facts: readonly FunnelFact[]): Promise<void> {
  const merged = new Map<string, { shop: string; day: string; slot: number } & Record<FunnelFigure, number>>();
  for (const f of facts) {
    const day = utcDay(f.sentAt);
    const slot = slotOf(f.invitationId);
    const key = `${f.shop}\u0000${day}\u0000${slot}`;
    let row = merged.get(key);
    if (!row) merged.set(key, (row = { shop: f.shop, day, slot, sent: 0, clicked: 0, reminded: 0, clickedAfterReminder: 0 }));
    row[f.figure]++;
  }
  const rows = [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => sql`(${r.shop}, ${r.day}, ${r.slot}, ${r.sent}, ${r.clicked}, ${r.reminded}, ${r.clickedAfterReminder})`);
  if (rows.length === 0) return;
  await db.run(sql`INSERT INTO "InvitationFunnel" ("shop", "day", "slot", "sent", "clicked", "reminded", "clickedAfterReminder")
    VALUES ${sql.join(rows)}
    ON CONFLICT ("shop", "day", "slot") DO UPDATE SET
      "sent" = "InvitationFunnel"."sent" + excluded."sent",
      "clicked" = "InvitationFunnel"."clicked" + excluded."clicked",
      "reminded" = "InvitationFunnel"."reminded" + excluded."reminded",
      "clickedAfterReminder" = "InvitationFunnel"."clickedAfterReminder" + excluded."clickedAfterReminder"`);
}

export type FunnelDay = { day: string } & Record<FunnelFigure, number>;

/** The shop's figures per day from `fromDay` (YYYY-MM-DD) on, oldest first (its primary key's range). */
export async function readFunnelDays(db: Queryable, shop: string, fromDay: string): Promise<FunnelDay[]> {
  const rows = await db.all<FunnelDay>(sql`SELECT "day", SUM("sent") AS "sent", SUM("clicked") AS "clicked",
      SUM("reminded") AS "reminded", SUM("clickedAfterReminder") AS "clickedAfterReminder"
    FROM "InvitationFunnel" WHERE "shop" = ${shop} AND "day" >= ${fromDay}
    GROUP BY "day" ORDER BY "day"`);
  return rows.map((r) => ({
    day: r.day,
    sent: Number(r.sent),
    clicked: Number(r.clicked),
    reminded: Number(r.reminded),
    clickedAfterReminder: Number(r.clickedAfterReminder),
  }));
}

/** The same figures as a full count of the shop's invitations finds them: for tests. */
export async function countFunnelFromRows(db: Queryable, shop: string, fromDay: string): Promise<Record<FunnelFigure, number>> {
  const row = await db.one<Record<FunnelFigure, number>>(sql`SELECT COUNT(*) AS "sent",
      COUNT("clickedAt") AS "clicked", COUNT("remindedAt") AS "reminded",
      SUM(CASE WHEN "clickedAt" >= "remindedAt" THEN 1 ELSE 0 END) AS "clickedAfterReminder"
    FROM "Invitation" WHERE "shop" = ${shop} AND "sentAt" IS NOT NULL AND "sentAt" >= ${new Date(`${fromDay}T00:00:00.000Z`)}`);
  return {
    sent: Number(row?.sent ?? 0),
    clicked: Number(row?.clicked ?? 0),
    reminded: Number(row?.reminded ?? 0),
    clickedAfterReminder: Number(row?.clickedAfterReminder ?? 0),
  };
}
