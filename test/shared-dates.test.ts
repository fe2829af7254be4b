/**
 * Delivery dates are typed and shown on the shop's clocks, whatever zone the browser is in.
 * A wrong conversion would move an invitation by hours, so the edges are pinned here, once
 * for the admin page, the order block and the server (web/shared/dates.ts).
 */
import { describe, expect, it } from "vitest";
import { endOfShopDay, fromShopDateTime, moveToShopDate, safeTimeZone, shopDate, startOfShopDay, toShopDateTime } from "../web/shared/dates.ts";

describe("shop-local dates", () => {
  it("shows an instant as the shop's date and time", () => {
    expect(toShopDateTime("2026-12-03T14:00:00Z", "America/New_York")).toEqual({ date: "2026-12-03", time: "09:00" });
    expect(toShopDateTime("2026-12-03T23:30:00Z", "Europe/Berlin")).toEqual({ date: "2026-12-04", time: "00:30" });
    expect(toShopDateTime("2026-12-03T14:00:00Z", "Asia/Kolkata")).toEqual({ date: "2026-12-03", time: "19:30" });
  });

  it("turns what the merchant typed into the instant the shop's clocks show it", () => {
    expect(fromShopDateTime("2026-12-03", "09:00", "America/New_York")?.toISOString()).toBe("2026-12-03T14:00:00.000Z");
    expect(fromShopDateTime("2026-07-03", "09:00", "America/New_York")?.toISOString()).toBe("2026-07-03T13:00:00.000Z");
    expect(fromShopDateTime("2026-12-03", "09:00", "UTC")?.toISOString()).toBe("2026-12-03T09:00:00.000Z");
  });

  it("keeps 09:00 at 09:00 on both sides of a daylight-saving change", () => {
    // Europe switches on the last Sunday of March (2027-03-28) and October (2026-10-25).
    expect(fromShopDateTime("2027-03-27", "09:00", "Europe/Paris")?.toISOString()).toBe("2027-03-27T08:00:00.000Z");
    expect(fromShopDateTime("2027-03-28", "09:00", "Europe/Paris")?.toISOString()).toBe("2027-03-28T07:00:00.000Z");
    expect(fromShopDateTime("2026-10-25", "09:00", "Europe/Paris")?.toISOString()).toBe("2026-10-25T08:00:00.000Z");
  });

  it("moves a time the spring change skips to after the gap, never before it", () => {
    // 02:30 does not exist in New York on 2027-03-14.
    const instant = fromShopDateTime("2027-03-14", "02:30", "America/New_York")!;
    expect(toShopDateTime(instant, "America/New_York")).toEqual({ date: "2027-03-14", time: "03:30" });
  });

  it("round-trips every hour of a year in a zone with half-hour offsets", () => {
    for (let h = 0; h < 365 * 24; h += 29) {
      const instant = new Date(Date.UTC(2026, 0, 1) + h * 3600_000);
      const shown = toShopDateTime(instant, "Australia/Adelaide");
      const back = fromShopDateTime(shown.date, shown.time, "Australia/Adelaide")!;
      // The ambiguous autumn hour may map to its other occurrence; it still shows the same.
      expect(toShopDateTime(back, "Australia/Adelaide")).toEqual(shown);
    }
  });

  it("refuses what isn't a date or a time", () => {
    expect(fromShopDateTime("2026-02-31", "09:00", "UTC")).toBeNull();
    expect(fromShopDateTime("2026-12-03", "25:00", "UTC")).toBeNull();
    expect(fromShopDateTime("", "09:00", "UTC")).toBeNull();
    expect(fromShopDateTime("03/12/2026", "09:00", "UTC")).toBeNull();
  });

  it("makes a date range cover whole shop days", () => {
    expect(startOfShopDay("2026-12-03", "America/New_York")?.toISOString()).toBe("2026-12-03T05:00:00.000Z");
    expect(endOfShopDay("2026-12-31", "America/New_York")?.toISOString()).toBe("2027-01-01T05:00:00.000Z");
  });

  it("falls back to UTC for a zone the browser doesn't know", () => {
    expect(safeTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(safeTimeZone(null)).toBe("UTC");
    expect(safeTimeZone("Europe/Paris")).toBe("Europe/Paris");
  });

  it("shows and changes the date on the shop's calendar, keeping the time of day across DST", () => {
    // 23:30 UTC on 3 Dec is already 4 Dec in Berlin.
    expect(shopDate("2026-12-03T23:30:00Z", "Europe/Berlin")).toBe("2026-12-04");
    // 09:00 Berlin in summer (UTC+2) moved into winter (UTC+1) stays 09:00 Berlin.
    expect(moveToShopDate("2026-10-20T07:00:00.000Z", "2026-11-02", "Europe/Berlin")?.toISOString()).toBe("2026-11-02T08:00:00.000Z");
    expect(moveToShopDate("2026-12-03T08:00:00.000Z", "2026-12-10", "America/New_York")?.toISOString()).toBe("2026-12-10T08:00:00.000Z");
    expect(moveToShopDate("2026-12-03T08:00:00.000Z", "2026-02-31", "UTC")).toBeNull();
    expect(moveToShopDate("2026-12-03T08:00:00.000Z", "next week", "UTC")).toBeNull();
  });

  it("moves a time the spring change skips in Europe to after the gap too", () => {
    // 02:30 does not exist in Paris on 2027-03-28 (02:00 CET → 03:00 CEST).
    expect(fromShopDateTime("2027-03-28", "02:30", "Europe/Paris")?.toISOString()).toBe("2027-03-28T01:30:00.000Z");
  });

  it("moves an invitation to another day keeping its time of day, through a skipped hour too", () => {
    // 02:30 New York on 7 March moved to 14 March (the spring change) lands after the gap.
    expect(moveToShopDate("2027-03-07T07:30:00.000Z", "2027-03-14", "America/New_York")?.toISOString()).toBe("2027-03-14T07:30:00.000Z");
  });
});
