/**
 * /api/sending: the overdue backlog of a paused shop and how sending resumes (R5, issue 17).
 *
 *   GET  /api/sending/backlog  → { paused, pausedAt, overdue, oldestSendAt, resumeOverHours }
 *   POST /api/sending/resume   { "overHours": 6 } spreads the backlog (default: the setting),
 *                              { "shiftDays": 2 } moves every overdue invitation by 2 days.
 *
 * Both act on every overdue invitation of the shop alike; neither cancels anything.
 */
import { Router } from "express";
import { z } from "zod";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { asyncHandler, unprocessable, zodProblem } from "../http/errors.ts";
import { overdueBacklog, resumeSending, type ResumePlan } from "../invitations/resume.ts";
import { RESUME_OVER_HOURS } from "../invitations/rules.ts";
import type { Logger } from "../logger.ts";
import { ensureShopKnown } from "../shops/shops.ts";

const resumeBody = z.strictObject({
  overHours: z
    .number({ message: `must be a whole number of hours from ${RESUME_OVER_HOURS.min} to ${RESUME_OVER_HOURS.max}` })
    .int({ message: `must be a whole number of hours from ${RESUME_OVER_HOURS.min} to ${RESUME_OVER_HOURS.max}` })
    .min(RESUME_OVER_HOURS.min, { message: `must be a whole number of hours from ${RESUME_OVER_HOURS.min} to ${RESUME_OVER_HOURS.max}` })
    .max(RESUME_OVER_HOURS.max, { message: `must be a whole number of hours from ${RESUME_OVER_HOURS.min} to ${RESUME_OVER_HOURS.max}` })
    .optional(),
  shiftDays: z
    .number({ message: "must be a whole number of days from 1 to 90" })
    .int({ message: "must be a whole number of days from 1 to 90" })
    .min(1, { message: "must be a whole number of days from 1 to 90" })
    .max(90, { message: "must be a whole number of days from 1 to 90" })
    .optional(),
});

export function sendingRoutes(deps: { db: Db; logger: Logger; clock: () => Date }): Router {
  const { db, clock } = deps;
  const router = Router();

  router.get(
    "/sending/backlog",
    asyncHandler(async (_req, res) => {
      const { shop } = adminSession(res);
      const now = clock();
      const row = await ensureShopKnown(db, shop, now);
      const backlog = await overdueBacklog(db, shop, now);
      res.json({
        paused: row.paused,
        pausedAt: row.pausedAt?.toISOString() ?? null,
        overdue: backlog.count,
        oldestSendAt: backlog.oldestSendAt?.toISOString() ?? null,
        resumeOverHours: row.resumeOverHours,
      });
    }),
  );

  router.post(
    "/sending/resume",
    asyncHandler(async (req, res) => {
      const { shop, user } = adminSession(res);
      const parsed = resumeBody.safeParse(req.body ?? {});
      if (!parsed.success) throw zodProblem(parsed.error);
      const { overHours, shiftDays } = parsed.data;
      if (overHours !== undefined && shiftDays !== undefined) {
        throw unprocessable("Choose one: spread the backlog (overHours) or move it by a number of days (shiftDays), not both.", { field: "shiftDays" });
      }
      const now = clock();
      const row = await ensureShopKnown(db, shop, now);
      const plan: ResumePlan = shiftDays !== undefined ? { kind: "shift", days: shiftDays } : { kind: "spread", hours: overHours ?? row.resumeOverHours };
      const result = await resumeSending(db, { shop, actor: user, now, plan });
      deps.logger.info({ shop, user, plan, moved: result.moved }, "sending resumed");
      res.json({ resumed: result.resumed, moved: result.moved, plan, lastSendAt: result.lastSendAt?.toISOString() ?? null });
    }),
  );

  return router;
}
