/**
 * POST /api/settings/schedule-preview: the effective result of the timing settings as the
 * form holds them (unsaved), for the sentence under them on the Settings page ("an order
 * fulfilled Friday 21:30 is invited Monday 09:00"). Computed by the same functions intake
 * uses (invitations/send-window.ts), so the page can never promise what sending won't do.
 * Saves nothing.
 */
import { Router } from "express";
import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { asyncHandler, zodProblem } from "../http/errors.ts";
import { countryDelaysSchema, sendWindowSchema } from "../invitations/rules.ts";
import { effectiveSendAt } from "../invitations/send-window.ts";
import { triggerSettingsSchema } from "../invitations/settings.ts";
import { isIanaTimeZone } from "../shops/settings.ts";
import { ensureShopKnown } from "../shops/shops.ts";
import { readCountryDelays, readSendWindow } from "../invitations/rules.ts";

const input = z
  .strictObject({
    delayDays: triggerSettingsSchema.shape.delayDays,
    sendWindow: sendWindowSchema,
    countryDelays: countryDelaysSchema,
    timezone: z.string().refine(isIanaTimeZone, { message: "must be an IANA time zone name such as Europe/Paris" }),
  })
  .partial();

/** The next Friday 21:30 in the shop's time zone: an evening order, at the start of a weekend. */
function sampleTriggerTime(now: Date, timeZone: string): Date {
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
  const friday = today.add({ days: (5 - today.dayOfWeek + 7) % 7 });
  return new Date(friday.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from("21:30") }).epochMilliseconds);
}

export function schedulePreviewRoutes(deps: { db: Db; clock: () => Date }): Router {
  const router = Router();
  router.post(
    "/settings/schedule-preview",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const parsed = input.safeParse(req.body ?? {});
      if (!parsed.success) throw zodProblem(parsed.error);
      const row = await ensureShopKnown(deps.db, shop, deps.clock());
      const settings = {
        delayDays: parsed.data.delayDays ?? row.delayDays,
        sendWindow: parsed.data.sendWindow !== undefined ? parsed.data.sendWindow : readSendWindow(row.sendWindow),
        countryDelays: parsed.data.countryDelays ?? readCountryDelays(row.countryDelays),
        timezone: parsed.data.timezone ?? row.timezone,
      };
      const triggeredAt = sampleTriggerTime(deps.clock(), settings.timezone);
      const markets = [null, ...settings.countryDelays.slice(0, 3).map((c) => c.country)];
      res.json({
        timezone: settings.timezone,
        examples: markets.map((country) => ({
          country,
          triggeredAt: triggeredAt.toISOString(),
          sendAt: effectiveSendAt(triggeredAt, country, settings).toISOString(),
        })),
      });
    }),
  );
  return router;
}
