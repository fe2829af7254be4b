import { z } from "zod";
import { rulesOf, type InvitationRules } from "./rules.ts";

import { TRIGGERS, type Trigger } from "../../shared/domain.ts";

export { TRIGGERS, type Trigger };

export interface TriggerSettings {
  trigger: Trigger;
  delayDays: number;
  deliveredFallbackDays: number;
  inviteTestOrders: boolean;
  paused: boolean;
  /** Send window, country delays, exclusions, frequency cap (issue 17); absent = none of them. */
  rules?: InvitationRules;
}

export const DEFAULT_TRIGGER_SETTINGS: TriggerSettings = {
  trigger: "order_fulfilled",
  delayDays: 7,
  deliveredFallbackDays: 14,
  inviteTestOrders: false,
  paused: false,
};

/** Bounds shared by the settings API and the domain, so both say the same thing. */
export const triggerSettingsSchema = z.object({
  trigger: z.enum(TRIGGERS, { message: `must be one of ${TRIGGERS.join(", ")}` }),
  delayDays: z.number().int().min(0).max(90, { message: "must be a whole number of days from 0 to 90" }),
  deliveredFallbackDays: z.number().int().min(1).max(90, { message: "must be a whole number of days from 1 to 90" }),
  inviteTestOrders: z.boolean(),
  paused: z.boolean(),
});

export function toTriggerSettings(row: {
  trigger: string;
  delayDays: number;
  deliveredFallbackDays: number;
  inviteTestOrders: boolean;
  paused: boolean;
  sendWindow?: string | null;
  countryDelays?: string | null;
  exclusions?: string | null;
  frequencyCapDays?: number;
  timezone?: string;
}): TriggerSettings {
  const trigger = (TRIGGERS as readonly string[]).includes(row.trigger)
    ? (row.trigger as Trigger)
    : DEFAULT_TRIGGER_SETTINGS.trigger;
  return {
    trigger,
    delayDays: row.delayDays,
    deliveredFallbackDays: row.deliveredFallbackDays,
    inviteTestOrders: row.inviteTestOrders,
    paused: row.paused,
    ...(row.frequencyCapDays !== undefined
      ? {
          rules: rulesOf({
            sendWindow: row.sendWindow ?? null,
            countryDelays: row.countryDelays ?? null,
            exclusions: row.exclusions ?? null,
            frequencyCapDays: row.frequencyCapDays,
            timezone: row.timezone ?? "UTC",
          }),
        }
      : {}),
  };
}
