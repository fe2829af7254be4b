/**
 * When an invitation may go out (issue 17): the shop's daytime window in its own time zone,
 * the delay of the order's shipping country, and how a backlog is spread after a pause.
 * Pure functions of instants and settings; the intake, Get reviews and the resume call them
 * when they store `sendAt`, so the stored date is the effective one and the admin shows it.
 *
 * Wall-clock arithmetic is Temporal's (temporal-polyfill): "09:00 in Paris" on a day the
 * clocks change is a different UTC offset than the day before, and hand-written offset
 * maths is where such bugs live. A window that opens in an hour the clocks skip (02:30 on
 * the spring-forward night) opens at the first valid instant after it; one that opens in a
 * repeated hour (autumn) opens at the earlier of the two, Temporal's "compatible" choice,
 * which is also what a wall clock shows first.
 */
import { Temporal } from "temporal-polyfill";

const DAY_MS = 24 * 60 * 60 * 1000;

/** ISO weekdays: 1 = Monday … 7 = Sunday. Times are "HH:MM", start before end, same day. */
export interface SendWindow {
  start: string;
  end: string;
  days: number[];
}

export interface CountryDelay {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  delayDays: number;
}

export interface ScheduleSettings {
  delayDays: number;
  countryDelays: CountryDelay[];
  sendWindow: SendWindow | null;
  timezone: string;
}

function toPlainTime(hhmm: string): Temporal.PlainTime {
  return Temporal.PlainTime.from(hhmm);
}

/** Minutes since midnight of "HH:MM" (for comparing start and end). */
export function minutesOf(hhmm: string): number {
  const t = toPlainTime(hhmm);
  return t.hour * 60 + t.minute;
}

/** The window's opening and closing instants on one local date. */
function windowOn(date: Temporal.PlainDate, window: SendWindow, timeZone: string) {
  const open = date.toZonedDateTime({ timeZone, plainTime: toPlainTime(window.start) }).epochMilliseconds;
  const close = date.toZonedDateTime({ timeZone, plainTime: toPlainTime(window.end) }).epochMilliseconds;
  return { open, close };
}

/**
 * The first instant at or after `due` inside the window; `due` itself when it is inside, or
 * when there is no window. A window with no days cannot be stored (settings validation);
 * here it would mean "never", so it is treated as no window rather than holding mail forever.
 */
export function nextOpenInstant(due: Date, window: SendWindow | null, timeZone: string): Date {
  if (!window || window.days.length === 0) return due;
  const at = due.getTime();
  const start = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone).toPlainDate();
  // Eight days always reach an allowed weekday (the one of `due` may be past its close).
  for (let d = 0; d <= 7; d++) {
    const date = start.add({ days: d });
    if (!window.days.includes(date.dayOfWeek)) continue;
    const { open, close } = windowOn(date, window, timeZone);
    if (at < open) return new Date(open);
    if (at < close) return due;
  }
  return due;
}

/** The delay for an order shipped to `country` (alpha-2); the shop's delay for other markets. */
export function delayDaysFor(country: string | null, settings: Pick<ScheduleSettings, "delayDays" | "countryDelays">): number {
  if (country) {
    const match = settings.countryDelays.find((c) => c.country === country.toUpperCase());
    if (match) return match.delayDays;
  }
  return settings.delayDays;
}

/**
 * The effective delivery date of an automatic invitation: trigger time + the country's delay
 * (in whole 24-hour days, as before issue 17), then moved into the send window.
 */
export function effectiveSendAt(triggeredAt: Date, country: string | null, settings: ScheduleSettings): Date {
  const due = new Date(triggeredAt.getTime() + delayDaysFor(country, settings) * DAY_MS);
  return nextOpenInstant(due, settings.sendWindow, settings.timezone);
}

/**
 * Paced resume: `count` overdue invitations spread evenly over `hours` of sending time from
 * `from`. Time outside the send window does not count (six hours of sending that start at
 * 19:00 with a 09:00–20:00 window end at 14:00 the next day), so a spread invitation is never
 * due outside the window. Returns the send time of the i-th (0-based) invitation; the first
 * goes at `from` (or the window's next opening).
 */
export function spreadOverSendingTime(
  from: Date,
  hours: number,
  window: SendWindow | null,
  timeZone: string,
): (index: number, count: number) => Date {
  const total = hours * 60 * 60 * 1000;
  const intervals = openIntervals(from, total, window, timeZone);
  return (index, count) => {
    if (count <= 0 || total <= 0) return nextOpenInstant(from, window, timeZone);
    let offset = (index / count) * total;
    for (const [open, close] of intervals) {
      if (offset < close - open) return new Date(open + offset);
      offset -= close - open;
    }
    const last = intervals[intervals.length - 1]!;
    return new Date(last[1]);
  };
}

/** Intervals of sending time from `from` whose lengths add up to `total` ms. */
function openIntervals(from: Date, total: number, window: SendWindow | null, timeZone: string): [number, number][] {
  if (!window || window.days.length === 0) return [[from.getTime(), from.getTime() + total]];
  const out: [number, number][] = [];
  let left = total;
  let cursor = from.getTime();
  // At most one interval per day; a year of days is far more than any allowed pace needs.
  for (let guard = 0; guard < 400 && left > 0; guard++) {
    const open = nextOpenInstant(new Date(cursor), window, timeZone).getTime();
    const date = Temporal.Instant.fromEpochMilliseconds(open).toZonedDateTimeISO(timeZone).toPlainDate();
    const { close } = windowOn(date, window, timeZone);
    const length = Math.min(close - open, left);
    out.push([open, open + length]);
    left -= length;
    cursor = close;
  }
  if (out.length === 0) out.push([from.getTime(), from.getTime() + total]);
  return out;
}

/** "Friday 21:30" style local wall time, for the settings page's example sentences. */
export function localDescription(at: Date, timeZone: string, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}
