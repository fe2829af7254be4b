/**
 * Who is invited and when (issue 17): the send window, delays per market, exclusion rules
 * and the frequency cap, as the shop's settings hold them and as intake applies them.
 *
 * Every rule here applies to all orders of the shop alike (R3): a rule never names one
 * invitation, and none cancels a queued invitation (R2): rules decide at intake whether an
 * order earns its invitation, and a skipped order records which rule skipped it.
 */
import { z } from "zod";
import type { CountryDelay, ScheduleSettings, SendWindow } from "./send-window.ts";
import { minutesOf } from "./send-window.ts";

/** Sales channels a merchant can exclude: point of sale, draft orders, B2B (company) orders. */
export const CHANNELS = ["pos", "draft", "b2b"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Exclusions {
  orderTags: string[];
  customerTags: string[];
  productIds: string[];
  vendors: string[];
  channels: Channel[];
  /** In the shop's currency (the order's total_price); null = no minimum. */
  minOrderTotal: number | null;
  /** Only customers whose email marketing consent is "subscribed" (Shopify's customer.email_marketing_consent). */
  requireMarketingConsent: boolean;
}

export const NO_EXCLUSIONS: Exclusions = {
  orderTags: [],
  customerTags: [],
  productIds: [],
  vendors: [],
  channels: [],
  minOrderTotal: null,
  requireMarketingConsent: false,
};

/** What the rules read from an order, reduced from its orders/* webhooks (webhooks/payloads.ts). */
export interface OrderAttributes {
  tags: string[];
  customerTags: string[];
  productIds: string[];
  vendors: string[];
  /** Shopify's source_name: "web", "pos", "shopify_draft_order", an app's id, … */
  sourceName: string | null;
  /** The order has a B2B company (purchasing entity). */
  b2b: boolean;
  total: number | null;
  /** customer.email_marketing_consent.state === "subscribed". */
  marketingConsent: boolean;
  /** ISO 3166-1 alpha-2 of the shipping address. */
  country: string | null;
}

/** Why an order got no automatic invitation from a rule of this file. */
export { EXCLUSION_REASONS, type ExclusionReason } from "../../shared/domain.ts";
import type { ExclusionReason } from "../../shared/domain.ts";

const norm = (s: string) => s.trim().toLowerCase();
const intersects = (have: string[], excluded: string[]) => {
  if (excluded.length === 0 || have.length === 0) return false;
  const set = new Set(excluded.map(norm));
  return have.some((v) => set.has(norm(v)));
};

/**
 * The first exclusion rule that skips this order, or null. Attributes are null when no order
 * webhook has described the order yet (a fulfillment came first): only the consent rule can
 * judge that, and without a known consent the order is not invited — the next order webhook
 * decides again.
 */
export function excludedBy(attributes: OrderAttributes | null, rules: Exclusions): ExclusionReason | null {
  if (!attributes) return rules.requireMarketingConsent ? "no_marketing_consent" : null;
  const a = attributes;
  if (rules.channels.includes("pos") && a.sourceName === "pos") return "excluded_pos";
  if (rules.channels.includes("draft") && a.sourceName === "shopify_draft_order") return "excluded_draft";
  if (rules.channels.includes("b2b") && a.b2b) return "excluded_b2b";
  if (intersects(a.tags, rules.orderTags)) return "excluded_order_tag";
  if (intersects(a.customerTags, rules.customerTags)) return "excluded_customer_tag";
  if (rules.productIds.length > 0 && a.productIds.some((id) => rules.productIds.includes(id))) return "excluded_product";
  if (intersects(a.vendors, rules.vendors)) return "excluded_vendor";
  if (rules.minOrderTotal !== null && a.total !== null && a.total < rules.minOrderTotal) return "below_min_total";
  if (rules.requireMarketingConsent && !a.marketingConsent) return "no_marketing_consent";
  return null;
}

/** What intake needs beyond the trigger: when (schedule) and whom (exclusions, cap). */
export interface InvitationRules {
  schedule: Omit<ScheduleSettings, "delayDays">;
  exclusions: Exclusions;
  /** 0 = off. */
  frequencyCapDays: number;
}

export const DEFAULT_RULES: InvitationRules = {
  schedule: { countryDelays: [], sendWindow: null, timezone: "UTC" },
  exclusions: NO_EXCLUSIONS,
  frequencyCapDays: 30,
};

// ---- Settings: the JSON shapes the API accepts and the Shop columns store ----

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HHMM_MESSAGE = 'must be a time "HH:MM" (24-hour), such as 09:00';
const hhmm = () => z.string({ message: HHMM_MESSAGE }).regex(HHMM, { message: HHMM_MESSAGE });

export const sendWindowSchema = z
  .strictObject({
    start: hhmm(),
    end: hhmm(),
    days: z
      .array(
        z.number({ message: "must be ISO weekdays, 1 (Monday) to 7 (Sunday)" }).int({ message: "must be ISO weekdays, 1 (Monday) to 7 (Sunday)" })
          .min(1, { message: "must be ISO weekdays, 1 (Monday) to 7 (Sunday)" }).max(7, { message: "must be ISO weekdays, 1 (Monday) to 7 (Sunday)" }),
        { message: "must be a list of ISO weekdays, 1 (Monday) to 7 (Sunday)" },
      )
      .min(1, { message: "must name at least one weekday (1 = Monday … 7 = Sunday)" })
      .max(7, { message: "must name each weekday at most once" }),
  }, { message: 'must be {"start": "09:00", "end": "20:00", "days": [1,2,3,4,5]} or null for any time' })
  // zod still runs this after a field failed; only compare two valid times.
  .refine((w) => !HHMM.test(w.start) || !HHMM.test(w.end) || minutesOf(w.start) < minutesOf(w.end), {
    message: "must be later than start on the same day (a window cannot run past midnight)",
    path: ["end"],
  })
  .transform((w): SendWindow => ({ start: w.start, end: w.end, days: [...new Set(w.days)].sort() }))
  .nullable();

export const COUNTRY_DELAY_DAYS = { min: 0, max: 90 } as const;
export const MAX_COUNTRY_DELAYS = 250;

export const countryDelaysSchema = z
  .array(
    z.strictObject({
      country: z
        .string({ message: "must be a two-letter ISO 3166 code such as US or FR" })
        .regex(/^[A-Za-z]{2}$/, { message: "must be a two-letter ISO 3166 code such as US or FR" })
        .transform((c) => c.toUpperCase()),
      delayDays: z
        .number({ message: `must be a whole number of days from ${COUNTRY_DELAY_DAYS.min} to ${COUNTRY_DELAY_DAYS.max}` })
        .int({ message: `must be a whole number of days from ${COUNTRY_DELAY_DAYS.min} to ${COUNTRY_DELAY_DAYS.max}` })
        .min(COUNTRY_DELAY_DAYS.min, { message: `must be a whole number of days from ${COUNTRY_DELAY_DAYS.min} to ${COUNTRY_DELAY_DAYS.max}` })
        .max(COUNTRY_DELAY_DAYS.max, { message: `must be a whole number of days from ${COUNTRY_DELAY_DAYS.min} to ${COUNTRY_DELAY_DAYS.max}` }),
    }),
    { message: 'must be a list like [{"country": "US", "delayDays": 5}]' },
  )
  .max(MAX_COUNTRY_DELAYS, { message: `can list at most ${MAX_COUNTRY_DELAYS} countries` })
  .refine((list) => new Set(list.map((c) => c.country)).size === list.length, {
    message: "names a country twice; give each country one delay",
  });

const MAX_LIST = 500;
const textList = (what: string) =>
  z
    .array(z.string({ message: `must be a list of ${what}` }).trim().min(1, { message: `must not contain an empty ${what.replace(/s$/, "")}` }).max(255), {
      message: `must be a list of ${what}`,
    })
    .max(MAX_LIST, { message: `can list at most ${MAX_LIST} ${what}` });

export const exclusionsSchema = z.strictObject({
  orderTags: textList("tags").default([]),
  customerTags: textList("tags").default([]),
  productIds: z
    .array(
      z.string({ message: 'must be product ids such as "632910392"' }).transform((v, ctx) => {
        const id = v.startsWith("gid://shopify/Product/") ? v.slice("gid://shopify/Product/".length) : v;
        if (!/^[1-9]\d{0,19}$/.test(id)) {
          ctx.addIssue({ code: "custom", message: 'must be product ids such as "632910392" or "gid://shopify/Product/632910392"' });
          return z.NEVER;
        }
        return id;
      }),
      { message: 'must be a list of product ids such as "632910392"' },
    )
    .max(MAX_LIST, { message: `can list at most ${MAX_LIST} products` })
    .default([]),
  vendors: textList("vendors").default([]),
  channels: z
    .array(z.enum(CHANNELS, { message: `must be some of ${CHANNELS.join(", ")}` }), { message: `must be a list of ${CHANNELS.join(", ")}` })
    .transform((c) => [...new Set(c)])
    .default([]),
  minOrderTotal: z
    .number({ message: "must be an amount of 0 or more in the shop's currency (or null for no minimum)" })
    .min(0, { message: "must be an amount of 0 or more in the shop's currency (or null for no minimum)" })
    .max(1_000_000_000)
    .nullable()
    .default(null),
  requireMarketingConsent: z.boolean({ message: "must be true or false" }).default(false),
});

export const FREQUENCY_CAP_DAYS = { min: 0, max: 365 } as const;
export const RESUME_OVER_HOURS = { min: 0, max: 72 } as const;

function parseJson<T>(text: string | null, schema: z.ZodType<T>, fallback: T): T {
  if (!text) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function readSendWindow(text: string | null): SendWindow | null {
  return parseJson(text, sendWindowSchema, null);
}

export function readCountryDelays(text: string | null): CountryDelay[] {
  return parseJson(text, countryDelaysSchema, []);
}

export function readExclusions(text: string | null): Exclusions {
  return parseJson(text, exclusionsSchema, NO_EXCLUSIONS) as Exclusions;
}

/** The rules of a Shop row (columns of issue 17). */
export function rulesOf(row: {
  sendWindow: string | null;
  countryDelays: string | null;
  exclusions: string | null;
  frequencyCapDays: number;
  timezone: string;
}): InvitationRules {
  return {
    schedule: { sendWindow: readSendWindow(row.sendWindow), countryDelays: readCountryDelays(row.countryDelays), timezone: row.timezone },
    exclusions: readExclusions(row.exclusions),
    frequencyCapDays: row.frequencyCapDays,
  };
}

export function readAttributes(text: string | null): OrderAttributes | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as OrderAttributes;
  } catch {
    return null;
  }
}
