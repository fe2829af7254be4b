/**
 * The form's shape of issue 17's settings (send window, country delays, exclusions,
 * frequency cap, resume pace): what the merchant types stays text until saved, lists of tags
 * are typed comma-separated, and a number typed badly is sent as typed so the API names the
 * field (422 with its path, e.g. countryDelays.0.delayDays).
 */
import type { Channel, Settings } from "../../api/types.ts";

export const TIMING_KEYS = ["sendWindow", "countryDelays", "exclusions", "frequencyCapDays", "resumeOverHours"] as const;
export type TimingKey = (typeof TIMING_KEYS)[number];

export interface TimingForm {
  sendWindow: { enabled: boolean; start: string; end: string; days: number[] };
  countryDelays: { country: string; delayDays: string }[];
  exclusions: {
    orderTags: string;
    customerTags: string;
    productIds: string;
    vendors: string;
    channels: Channel[];
    minOrderTotal: string;
    requireMarketingConsent: boolean;
  };
  frequencyCapDays: string;
  resumeOverHours: string;
}

export const DEFAULT_WINDOW = { start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5, 6, 7] };

export function toTimingForm(s: Pick<Settings, TimingKey>): TimingForm {
  const e = s.exclusions;
  return {
    sendWindow: s.sendWindow ? { enabled: true, ...s.sendWindow } : { enabled: false, ...DEFAULT_WINDOW },
    countryDelays: s.countryDelays.map((c) => ({ country: c.country, delayDays: String(c.delayDays) })),
    exclusions: {
      orderTags: e.orderTags.join(", "),
      customerTags: e.customerTags.join(", "),
      productIds: e.productIds.join(", "),
      vendors: e.vendors.join(", "),
      channels: e.channels,
      minOrderTotal: e.minOrderTotal === null ? "" : String(e.minOrderTotal),
      requireMarketingConsent: e.requireMarketingConsent,
    },
    frequencyCapDays: String(s.frequencyCapDays),
    resumeOverHours: String(s.resumeOverHours),
  };
}

const list = (text: string) => [...new Set(text.split(",").map((v) => v.trim()).filter((v) => v !== ""))];
const number = (text: string): unknown => {
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
};

export function isTimingKey(key: string): key is TimingKey {
  return (TIMING_KEYS as readonly string[]).includes(key);
}

/** The API's value of one timing field from the form's. */
export function timingValue<K extends TimingKey>(key: K, value: TimingForm[K]): unknown {
  switch (key) {
    case "sendWindow": {
      const w = value as TimingForm["sendWindow"];
      return w.enabled ? { start: w.start, end: w.end, days: [...w.days].sort() } : null;
    }
    case "countryDelays":
      return (value as TimingForm["countryDelays"])
        .filter((c) => c.country.trim() !== "" || c.delayDays.trim() !== "")
        .map((c) => ({ country: c.country.trim().toUpperCase(), delayDays: number(c.delayDays) }));
    case "exclusions": {
      const e = value as TimingForm["exclusions"];
      return {
        orderTags: list(e.orderTags),
        customerTags: list(e.customerTags),
        productIds: list(e.productIds),
        vendors: list(e.vendors),
        channels: e.channels,
        minOrderTotal: e.minOrderTotal.trim() === "" ? null : number(e.minOrderTotal),
        requireMarketingConsent: e.requireMarketingConsent,
      };
    }
    default:
      return number(value as string);
  }
}
