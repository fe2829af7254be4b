/**
 * The funnel (issue 18): of the invitations sent in the last 30 and 90 days, how many were
 * clicked, reminded, and clicked after their reminder; and the same by week for a chart.
 * Read from the InvitationFunnel counters (db/queries/funnel.ts): at most 91 days x 8 slots,
 * whatever the shop's size. Days and weeks are UTC; a week starts on Monday.
 */
import type { Queryable } from "../db/client.ts";
import { readFunnelDays, utcDay, type FunnelDay } from "../db/queries/funnel.ts";

export interface FunnelFigures {
  sent: number;
  clicked: number;
  /** clicked / sent, 0–1; null when nothing was sent. */
  clickRate: number | null;
  reminded: number;
  clickedAfterReminder: number;
}

export interface FunnelWeek extends FunnelFigures {
  /** The week's Monday (YYYY-MM-DD, UTC). */
  weekStart: string;
}

export interface InvitationFunnel {
  last30Days: FunnelFigures;
  last90Days: FunnelFigures;
  /** The 13 weeks that cover the last 90 days, oldest first (weeks without sends included). */
  weeks: FunnelWeek[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const FUNNEL_WEEKS = 13;

function figures(days: readonly FunnelDay[]): FunnelFigures {
  const sum = (k: "sent" | "clicked" | "reminded" | "clickedAfterReminder") => days.reduce((n, d) => n + d[k], 0);
  const sent = sum("sent");
  const clicked = sum("clicked");
  return { sent, clicked, clickRate: sent > 0 ? clicked / sent : null, reminded: sum("reminded"), clickedAfterReminder: sum("clickedAfterReminder") };
}

function mondayOf(date: Date): Date {
  const day = new Date(`${utcDay(date)}T00:00:00.000Z`);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

export async function invitationFunnel(db: Queryable, shop: string, now: Date): Promise<InvitationFunnel> {
  const today = new Date(`${utcDay(now)}T00:00:00.000Z`);
  const from90 = utcDay(new Date(today.getTime() - 89 * DAY_MS));
  const from30 = utcDay(new Date(today.getTime() - 29 * DAY_MS));
  const firstWeek = mondayOf(new Date(today.getTime() - (FUNNEL_WEEKS - 1) * 7 * DAY_MS));
  const fromWeeks = utcDay(firstWeek);
  // Nothing is sent in the future; a clock moved back must not make the figures disagree.
  const until = utcDay(today);
  const days = (await readFunnelDays(db, shop, fromWeeks < from90 ? fromWeeks : from90)).filter((d) => d.day <= until);
  const weeks: FunnelWeek[] = [];
  for (let i = 0; i < FUNNEL_WEEKS; i++) {
    const start = utcDay(new Date(firstWeek.getTime() + i * 7 * DAY_MS));
    const end = utcDay(new Date(firstWeek.getTime() + (i + 1) * 7 * DAY_MS));
    weeks.push({ weekStart: start, ...figures(days.filter((d) => d.day >= start && d.day < end)) });
  }
  return {
    last30Days: figures(days.filter((d) => d.day >= from30)),
    last90Days: figures(days.filter((d) => d.day >= from90)),
    weeks,
  };
}
