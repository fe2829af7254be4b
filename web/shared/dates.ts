/**
 * Dates are shown, and typed, in the shop's time zone: the merchant thinks "deliver on the
 * 3rd at 9:00 in my shop", not in UTC or in whatever zone the browser happens to be in.
 * One module for the admin page, the order block and the server (docs/architecture.md).
 *
 * Wall clock → instant is date-fns-tz's `fromZonedTime` (a kept library rather than our own
 * offset arithmetic). Temporal would be the obvious choice, but its polyfill adds ~55 kB to
 * the order block, whose whole bundle must stay under Shopify's 64 kB; `fromZonedTime` adds
 * ~7 kB (numbers in docs/performance.md). Reading an instant's wall clock is plain Intl.
 *
 * The one rule we add on top: a time the spring change skips (02:30 in New York on
 * 2027-03-14) lands after the gap, as Temporal's `disambiguation: "compatible"` does.
 * date-fns-tz reads it with the summer offset, which lands *before* the gap — an invitation
 * would leave an hour early.
 */
import { fromZonedTime } from "date-fns-tz";

/** One day in milliseconds: retention, link lifetimes, delays counted in whole days. */
export const DAY_MS = 24 * 60 * 60 * 1000;

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute"), second: get("second") };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A zone the runtime doesn't know falls back to UTC instead of throwing in the middle of a render. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** "2026-12-03" as year, month, day; null unless it is a real calendar date. */
function parseDate(date: string): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return [year, month, day];
}

/** The instant at which the shop's clocks show `wall` ("2026-12-03T09:00:00"); see the header for gaps. */
function instantOfWallClock(wall: WallClock, timeZone: string): Date {
  const text = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  const instant = fromZonedTime(text, timeZone);
  const shown = wallClock(instant, timeZone);
  if (shown.year === wall.year && shown.month === wall.month && shown.day === wall.day && shown.hour === wall.hour && shown.minute === wall.minute) return instant;
  // Skipped by a spring change: date-fns-tz used the offset after the gap, which lands
  // before it. The offset in force at that instant (what its clocks show, less itself) is
  // the one before the gap; reading the wall clock with it lands as far after the gap as
  // the time was into it. (date-fns-tz's own getTimezoneOffset reads the offset after the
  // change here, so it can't be used for this.)
  const offsetBefore = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second) - Math.floor(instant.getTime() / 1000) * 1000;
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return new Date(naive - offsetBefore);
}

/** "2026-12-03": the day an instant falls on in the shop's zone (the `s-date-field` format). */
export function shopDate(iso: string | Date, timeZone: string): string {
  return toShopDateTime(iso, timeZone).date;
}

/** The date ("2026-12-03") and time ("09:00") an instant shows on the shop's clocks. */
export function toShopDateTime(iso: string | Date, timeZone: string): { date: string; time: string } {
  const w = wallClock(typeof iso === "string" ? new Date(iso) : iso, timeZone);
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/**
 * The instant at which the shop's clocks show `date` `time`. Across a daylight-saving
 * change 09:00 stays 09:00 on either side; a time the spring change skips lands after the
 * gap; an hour the autumn change repeats is one of its two occurrences (both show the same).
 * Returns null for input that isn't a date or a time.
 */
export function fromShopDateTime(date: string, time: string, timeZone: string): Date | null {
  const ymd = parseDate(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!ymd || !t) return null;
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return null;
  const [year, month, day] = ymd;
  return instantOfWallClock({ year, month, day, hour, minute, second: 0 }, timeZone);
}

/**
 * The instant on `date` (YYYY-MM-DD, shop calendar) at the same shop-local time of day as
 * `from`: changing an invitation's date keeps its time, across a daylight-saving change too.
 * Null when `date` is not a real calendar date.
 */
export function moveToShopDate(from: string | Date, date: string, timeZone: string): Date | null {
  const ymd = parseDate(date);
  if (!ymd) return null;
  const start = new Date(from);
  const time = wallClock(start, timeZone);
  const [year, month, day] = ymd;
  const moved = instantOfWallClock({ ...time, year, month, day }, timeZone);
  return new Date(moved.getTime() + (start.getTime() % 1000));
}

/** The start (00:00) of a shop-local day as an instant, for "from" filters. */
export function startOfShopDay(date: string, timeZone: string): Date | null {
  return fromShopDateTime(date, "00:00", timeZone);
}

/** The start of the following shop-local day, for inclusive "to" filters. */
export function endOfShopDay(date: string, timeZone: string): Date | null {
  const ymd = parseDate(date);
  if (!ymd) return null;
  const next = new Date(Date.UTC(ymd[0], ymd[1] - 1, ymd[2] + 1));
  return fromShopDateTime(`${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`, "00:00", timeZone);
}

/** "3 Dec 2026, 09:00" in the shop's zone and the merchant's language. */
export function formatShopDateTime(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatShopDate(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium" }).format(new Date(iso));
}
