/**
 * Delivery dates are shown and chosen in the shop's time zone: the merchant thinks "send it
 * on the 12th", on the shop's calendar, whatever zone the browser is in. Changing the date
 * keeps the invitation's time of day. Intl only, so the bundle carries no date library.
 * (The admin page has the same rules in web/frontend/lib/dates.ts; the extension is a
 * separate bundle and keeps its own copy of the two it needs.)
 */

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute"), second: get("second") };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A zone the runtime doesn't know falls back to UTC instead of throwing in the middle of a render. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timeZone || "UTC" });
    return timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** "2026-12-03": the day an instant falls on in the shop's zone (the `s-date-field` format). */
export function shopDate(iso: string | Date, timeZone: string): string {
  const w = wallClock(new Date(iso).getTime(), timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * The instant on `date` (YYYY-MM-DD, shop calendar) at the same shop-local time of day as
 * `from`. Across a daylight-saving change the offset is read again at the result, so 09:00
 * stays 09:00. Null when `date` is not a real calendar date.
 */
export function moveToShopDate(from: string | Date, date: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;

  const time = wallClock(new Date(from).getTime(), timeZone);
  const naive = Date.UTC(year, month - 1, day, time.hour, time.minute, time.second);
  const offsetAt = (instant: number) => {
    const w = wallClock(instant, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
  };
  const first = naive - offsetAt(naive);
  const second = naive - offsetAt(first);
  const ms = new Date(from).getTime() % 1000;
  return new Date((shopDate(new Date(second), timeZone) === date ? second : first) + ms);
}
