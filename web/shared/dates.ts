/**
 * Dates are shown, and typed, in the shop's time zone: the merchant thinks "deliver on the
 * 3rd at 9:00 in my shop", not in UTC or in whatever zone the browser happens to be in.
 * Only Intl is used, so any IANA zone the browser knows works without a date library.
 */

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

function wallClockIn(date: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute") };
}

/** Minutes the zone is ahead of UTC at that instant (negative west of Greenwich). */
function offsetMinutes(date: Date, timeZone: string): number {
  const w = wallClockIn(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(date.getTime() / 60_000) * 60_000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The date ("2026-12-03") and time ("09:00") an instant shows on the shop's clocks. */
export function toShopDateTime(iso: string | Date, timeZone: string): { date: string; time: string } {
  const w = wallClockIn(typeof iso === "string" ? new Date(iso) : iso, timeZone);
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/**
 * The instant at which the shop's clocks show `date` `time`. Across a daylight-saving
 * change the offset is re-read at the result, so 09:00 stays 09:00 on either side; a time
 * that doesn't exist (skipped by the spring change) lands after the gap.
 * Returns null for input that isn't a date or a time.
 */
export function fromShopDateTime(date: string, time: string, timeZone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(naive);
  if (check.getUTCDate() !== day) return null; // 31 February and friends
  const first = naive - offsetMinutes(new Date(naive), timeZone) * 60_000;
  const second = naive - offsetMinutes(new Date(first), timeZone) * 60_000;
  const shows = (instant: number) => {
    const w = wallClockIn(new Date(instant), timeZone);
    return w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === minute;
  };
  if (shows(first)) return new Date(first);
  if (shows(second)) return new Date(second);
  return new Date(Math.max(first, second));
}

/** The start (00:00) of a shop-local day as an instant, for "from" filters. */
export function startOfShopDay(date: string, timeZone: string): Date | null {
  return fromShopDateTime(date, "00:00", timeZone);
}

/** The start of the following shop-local day, for inclusive "to" filters. */
export function endOfShopDay(date: string, timeZone: string): Date | null {
  const start = fromShopDateTime(date, "00:00", timeZone);
  if (!start) return null;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return fromShopDateTime(`${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`, "00:00", timeZone);
}

/** "3 Dec 2026, 09:00" in the shop's zone and the merchant's language. */
export function formatShopDateTime(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

export function formatShopDate(iso: string | null | undefined, timeZone: string, locale: string): string {
  if (!iso) return "—";
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "medium" }).format(new Date(iso));
}

/** Whether the browser knows the zone; an unknown one falls back to UTC rather than crash. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}
