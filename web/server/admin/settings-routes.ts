/** GET/PUT /api/settings: the shop's settings; a PUT changes any subset and answers with all. */
import { Router } from "express";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { asyncHandler, HttpError, unprocessable, zodProblem } from "../http/errors.ts";
import { SandboxBusyError } from "../mail/sandbox.ts";
import type { Logger } from "../logger.ts";
import { ensureShopKnown } from "../shops/shops.ts";
import { previewEmail, previewInputSchema, readSettings, updateSettings, validateSettingsPatch } from "../shops/settings.ts";

export function settingsRoutes(deps: { db: Db; logger: Logger; clock: () => Date }): Router {
  const { db } = deps;
  const router = Router();

  router.get(
    "/settings",
    asyncHandler(async (_req, res) => {
      const { shop } = adminSession(res);
      res.json({ settings: await readSettings(db, shop) });
    }),
  );

  router.put(
    "/settings",
    asyncHandler(async (req, res) => {
      const { shop, user } = adminSession(res);
      // The current primary language: a translation of it is refused (language-settings.ts).
      const current = await ensureShopKnown(db, shop);
      const check = await validateSettingsPatch(req.body ?? {}, current).catch(busy);
      if (!check.ok) {
        const first = check.problems[0]!;
        const message =
          check.problems.length === 1
            ? first.message
            : `Nothing was saved: ${check.problems.map((p) => p.message.replace(/\.$/, "")).join("; ")}.`;
        throw unprocessable(message, { field: first.field, problems: check.problems });
      }
      const settings = await updateSettings(db, shop, check.patch, deps.clock(), user);
      deps.logger.info({ shop, user, fields: Object.keys(check.patch) }, "settings updated");
      res.json({ settings });
    }),
  );

  router.post(
    "/settings/preview",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const parsed = previewInputSchema.safeParse(req.body ?? {});
      if (!parsed.success) throw zodProblem(parsed.error);
      res.json(await previewEmail(db, shop, parsed.data).catch(busy));
    }),
  );

  return router;
}

/** The template sandbox's queue is full: a moment later it will not be. */
function busy(error: unknown): never {
  if (error instanceof SandboxBusyError) throw new HttpError(503, "busy", error.message);
  throw error;
}
