/**
 * The send window, country delays and the paced-resume spread (issue 17), without HTTP or a
 * database: invitations/send-window.ts is pure. The daylight-saving cases are the point: a
 * window "09:00" is a different UTC time on either side of a transition, and an opening can
 * fall in an hour the clocks skip or repeat.
 */
import { describe, expect, it } from "vitest";
import { delayDaysFor, effectiveSendAt, nextOpenInstant, spreadOverSendingTime, type SendWindow } from "../web/server/invitations/send-window.ts";

const DAYTIME: SendWindow = { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5, 6, 7] };
const WEEKDAYS: SendWindow = { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5] };
const at = (iso: string) => new Date(iso);

describe("nextOpenInstant: the window in the shop's time zone", () => {
  it("keeps an invitation due inside the window, and any time without a window", () => {
    expect(nextOpenInstant(at("2026-12-02T10:00:00Z"), DAYTIME, "Europe/Paris")).toEqual(at("2026-12-02T10:00:00Z"));
    expect(nextOpenInstant(at("2026-12-02T02:00:00Z"), null, "Europe/Paris")).toEqual(at("2026-12-02T02:00:00Z"));
  });

  it("moves an order fulfilled Friday 21:30 in Paris to Monday 09:00 with a weekday window", () => {
    // Friday 2026-12-04 21:30 CET = 20:30Z; Monday 09:00 CET = 08:00Z.
    expect(nextOpenInstant(at("2026-12-04T20:30:00Z"), WEEKDAYS, "Europe/Paris")).toEqual(at("2026-12-07T08:00:00Z"));
    // Early the same morning: later that day.
    expect(nextOpenInstant(at("2026-12-02T05:00:00Z"), WEEKDAYS, "Europe/Paris")).toEqual(at("2026-12-02T08:00:00Z"));
  });

  describe("Europe/Paris across both transitions", () => {
    it("spring forward (29 March 2026): the next opening is 09:00 summer time, 07:00 UTC", () => {
      // Saturday 21:30 CET (UTC+1) → Sunday 09:00 CEST (UTC+2).
      expect(nextOpenInstant(at("2026-03-28T20:30:00Z"), DAYTIME, "Europe/Paris")).toEqual(at("2026-03-29T07:00:00Z"));
    });
    it("fall back (25 October 2026): the next opening is 09:00 winter time, 08:00 UTC", () => {
      expect(nextOpenInstant(at("2026-10-24T19:00:00Z"), DAYTIME, "Europe/Paris")).toEqual(at("2026-10-25T08:00:00Z"));
    });
    it("a window opening at 02:30, an hour the clocks skip, opens at 03:30 summer time", () => {
      const night: SendWindow = { start: "02:30", end: "05:00", days: [1, 2, 3, 4, 5, 6, 7] };
      expect(nextOpenInstant(at("2026-03-28T23:00:00Z"), night, "Europe/Paris")).toEqual(at("2026-03-29T01:30:00Z"));
    });
    it("a window opening at 02:30, an hour the clocks repeat, opens at the first 02:30", () => {
      const night: SendWindow = { start: "02:30", end: "05:00", days: [1, 2, 3, 4, 5, 6, 7] };
      // 01:00 CEST on 25 October; the first 02:30 is still CEST (UTC+2) = 00:30Z.
      expect(nextOpenInstant(at("2026-10-24T23:00:00Z"), night, "Europe/Paris")).toEqual(at("2026-10-25T00:30:00Z"));
    });
  });

  describe("America/New_York across both transitions", () => {
    it("spring forward (8 March 2026): 09:00 EDT is 13:00 UTC", () => {
      // Saturday 22:00 EST = 03:00Z Sunday.
      expect(nextOpenInstant(at("2026-03-08T03:00:00Z"), DAYTIME, "America/New_York")).toEqual(at("2026-03-08T13:00:00Z"));
    });
    it("fall back (1 November 2026): 09:00 EST is 14:00 UTC", () => {
      expect(nextOpenInstant(at("2026-11-01T03:00:00Z"), DAYTIME, "America/New_York")).toEqual(at("2026-11-01T14:00:00Z"));
    });
    it("an opening in the skipped hour (02:30) moves to 03:30 EDT", () => {
      const night: SendWindow = { start: "02:30", end: "06:00", days: [7] };
      expect(nextOpenInstant(at("2026-03-08T05:00:00Z"), night, "America/New_York")).toEqual(at("2026-03-08T07:30:00Z"));
    });
    it("an opening in the repeated hour (01:30) is the first, daylight one", () => {
      const night: SendWindow = { start: "01:30", end: "06:00", days: [7] };
      // 00:00 EDT on 1 November = 04:00Z; the first 01:30 is EDT = 05:30Z (the second would be 06:30Z).
      expect(nextOpenInstant(at("2026-11-01T04:00:00Z"), night, "America/New_York")).toEqual(at("2026-11-01T05:30:00Z"));
    });
  });
});

describe("country delays", () => {
  const settings = {
    delayDays: 7,
    countryDelays: [{ country: "US", delayDays: 12 }, { country: "FR", delayDays: 3 }],
    sendWindow: null,
    timezone: "Europe/Paris",
  };
  it("use the shipping country's delay, the shop's delay for the rest", () => {
    expect(delayDaysFor("US", settings)).toBe(12);
    expect(delayDaysFor("fr", settings)).toBe(3);
    expect(delayDaysFor("DE", settings)).toBe(7);
    expect(delayDaysFor(null, settings)).toBe(7);
  });
  it("come before the window: delay first, then the next opening", () => {
    // Fulfilled Tuesday 1 December 22:00 Paris; FR: 3 days → Friday 22:00 → Saturday 09:00 with a daytime window.
    const fulfilled = at("2026-12-01T21:00:00Z");
    expect(effectiveSendAt(fulfilled, "FR", { ...settings, sendWindow: DAYTIME })).toEqual(at("2026-12-05T08:00:00Z"));
    // US: 12 days → Sunday 13 December 22:00 → Monday 09:00 with the weekday window.
    expect(effectiveSendAt(fulfilled, "US", { ...settings, sendWindow: WEEKDAYS })).toEqual(at("2026-12-14T08:00:00Z"));
  });
});

describe("spreadOverSendingTime (paced resume)", () => {
  it("spreads evenly over the hours without a window", () => {
    const slot = spreadOverSendingTime(at("2026-12-02T10:00:00Z"), 6, null, "UTC");
    expect(slot(0, 600)).toEqual(at("2026-12-02T10:00:00Z"));
    expect(slot(300, 600)).toEqual(at("2026-12-02T13:00:00Z"));
    expect(slot(599, 600).getTime()).toBeLessThan(at("2026-12-02T16:00:00Z").getTime());
  });
  it("counts only time inside the window: 6 hours from 19:00 end at 14:00 the next day", () => {
    // 19:00 CET = 18:00Z; one hour today (to 20:00), five tomorrow from 09:00 (08:00Z) to 14:00 (13:00Z).
    const slot = spreadOverSendingTime(at("2026-12-02T18:00:00Z"), 6, DAYTIME, "Europe/Paris");
    expect(slot(0, 6)).toEqual(at("2026-12-02T18:00:00Z"));
    expect(slot(1, 6)).toEqual(at("2026-12-03T08:00:00Z"));
    expect(slot(5, 6)).toEqual(at("2026-12-03T12:00:00Z"));
    for (let i = 0; i < 6; i++) expect(nextOpenInstant(slot(i, 6), DAYTIME, "Europe/Paris")).toEqual(slot(i, 6));
  });
});
