/**
 * /api/invitations: the history, one invitation with its audit trail, reschedule (R6) and
 * cancel all pending (R2, R5); creating invitations (Get reviews) is get-reviews-routes.ts.
 * Routes read the request, call a use case and shape the answer; the rules live in the
 * use cases.
 *
 * There is deliberately no way to cancel or delete a single invitation (R3); every such
 * request gets a 405 that says why and what to do instead.
 */
import { Router, type Request, type Response } from "express";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { asyncHandler, badRequest, HttpError, notFound, unprocessable } from "../http/errors.ts";
import { cancelAllPending } from "../invitations/cancel-all.ts";
import {
  INVITATION_STATUSES,
  invitationDetail,
  invitationExists,
  invitationSummary,
  listInvitations,
  recentInvitations,
  type InvitationStatus,
  type ListFilters,
} from "../invitations/queries.ts";
import { checkDeliveryDate, rescheduleInvitation } from "../invitations/reschedule.ts";
import type { Logger } from "../logger.ts";
import { writeInvitationsCsv } from "./export-csv.ts";
import { dateParam, intParam, invitationIdParam, queryParam } from "./http.ts";
import { decodeCursor, presentEvent, presentInvitation, presentPage } from "./present.ts";

export interface InvitationRoutesDeps {
  db: Db;
  logger: Logger;
  clock: () => Date;
}

export const LIST_LIMIT = { min: 1, max: 100, default: 25 };
export const RECENT_LIMIT = { min: 1, max: 50, default: 10 };

/** R3, in the words the merchant reads wherever they look for a single cancel. */
export const SINGLE_CANCEL_MESSAGE =
  "A single invitation can't be cancelled: every customer is invited equally and fairly, so invitations are " +
  "never picked out one by one. Instead you can change this invitation's delivery date (for example when the " +
  "order is delayed), cancel all pending invitations at once if something went wrong, or keep the " +
  "automated-message notice on so a customer whose order was cancelled understands the email.";

const SINGLE_CANCEL_ALTERNATIVES = [
  { action: "reschedule", method: "PATCH", path: "/api/invitations/{id}", body: { sendAt: "<ISO 8601 date-time>" } },
  { action: "cancel_all_pending", method: "POST", path: "/api/invitations/cancel-pending", body: { confirm: true } },
  { action: "automated_message_notice", method: "PUT", path: "/api/settings", body: { noticeEnabled: true } },
];

function singleCancelRefused(res: Response, allow: string): HttpError {
  res.set("Allow", allow);
  return new HttpError(405, "single_cancel_not_allowed", SINGLE_CANCEL_MESSAGE, {
    rule: "R3",
    alternatives: SINGLE_CANCEL_ALTERNATIVES,
  });
}

function listFilters(req: Request): Omit<ListFilters, "cursor" | "limit"> {
  const status = queryParam(req, "status") || undefined;
  if (status && !(INVITATION_STATUSES as readonly string[]).includes(status)) {
    throw badRequest(`Query parameter "status" must be one of ${INVITATION_STATUSES.join(", ")}.`, {
      parameter: "status",
      allowed: INVITATION_STATUSES,
    });
  }
  const q = queryParam(req, "q")?.trim() || undefined;
  if (q && q.length > 200) throw badRequest('Query parameter "q" must be at most 200 characters.', { parameter: "q" });
  const from = dateParam(req, "from");
  const to = dateParam(req, "to");
  if (from && to && from.getTime() >= to.getTime()) {
    throw badRequest('"from" must be earlier than "to".', { parameter: "from" });
  }
  return { status: status as InvitationStatus | undefined, q, from, to };
}

export function invitationRoutes(deps: InvitationRoutesDeps): Router {
  const { db, clock } = deps;
  const router = Router();

  router.get(
    "/invitations",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const rawCursor = queryParam(req, "cursor") || undefined;
      const cursor = rawCursor === undefined ? undefined : decodeCursor(rawCursor);
      if (cursor === null) {
        throw badRequest('Query parameter "cursor" is not one this API gave out; use the nextCursor of the previous page.', {
          parameter: "cursor",
        });
      }
      const page = await listInvitations(db, shop, { ...listFilters(req), cursor, limit: intParam(req, "limit", LIST_LIMIT) });
      res.json(presentPage(page));
    }),
  );

  router.get(
    "/invitations/recent",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const rows = await recentInvitations(db, shop, intParam(req, "limit", RECENT_LIMIT));
      res.json({ invitations: rows.map(presentInvitation) });
    }),
  );

  router.get(
    "/invitations/summary",
    asyncHandler(async (_req, res) => {
      const { shop } = adminSession(res);
      res.json(await invitationSummary(db, shop, clock()));
    }),
  );

  router.get(
    "/invitations/export.csv",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const filters = listFilters(req);
      const day = clock().toISOString().slice(0, 10);
      res.status(200);
      res.set({
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="invitations-${shop.replace(/\.myshopify\.com$/, "")}-${day}.csv"`,
        "Cache-Control": "no-store",
      });
      try {
        await writeInvitationsCsv(db, shop, filters, res);
        res.end();
      } catch (error) {
        // Headers are gone already: all that is left is to cut the download short.
        deps.logger.error({ err: error, shop }, "invitation export interrupted");
        res.destroy();
      }
    }),
  );

  router.post(
    "/invitations/cancel-pending",
    asyncHandler(async (req, res) => {
      const { shop, user } = adminSession(res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if ("ids" in body || "id" in body || "invitationIds" in body) throw singleCancelRefused(res, "POST");
      if (body.confirm !== true) {
        throw badRequest(
          'Cancelling all pending invitations cannot be undone, and cancelled invitations can never be activated again. Send {"confirm": true} to confirm.',
          { field: "confirm" },
        );
      }
      const result = await cancelAllPending(db, { shop, actor: user, now: clock() }, {
        onBackgroundError: (error) => deps.logger.error({ err: error, shop }, "writing a cancel-all failed; the dispatcher's next pass finishes it"),
      });
      deps.logger.info({ shop, canceled: result.canceled, bulkCancellationId: result.bulkCancellationId, complete: result.complete }, "all pending invitations cancelled");
      res.json({ canceled: result.canceled, remindersCanceled: result.remindersCanceled, bulkCancellationId: String(result.bulkCancellationId), complete: result.complete });
    }),
  );

  router.get(
    "/invitations/:id",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const detail = await invitationDetail(db, shop, invitationIdParam(req));
      if (!detail) throw notFound("No invitation with this id in your store.");
      res.json({ invitation: presentInvitation(detail.invitation), events: detail.events.map(presentEvent) });
    }),
  );

  router.patch(
    "/invitations/:id",
    asyncHandler(async (req, res) => {
      const { shop, user } = adminSession(res);
      const id = invitationIdParam(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!(await invitationExists(db, shop, id))) {
        throw notFound("No invitation with this id in your store.");
      }
      if (typeof body.status === "string" && /^cancel/i.test(body.status)) throw singleCancelRefused(res, "GET, PATCH");
      const other = Object.keys(body).filter((k) => k !== "sendAt");
      if (other.length > 0) {
        throw unprocessable(`Only the delivery date (sendAt) of an invitation can be changed; remove ${other.join(", ")}.`, {
          field: other[0],
        });
      }
      const now = clock();
      const check = checkDeliveryDate(body.sendAt, now);
      if (!check.ok) throw unprocessable(check.message, { field: "sendAt", problem: check.problem, bound: check.bound });
      const result = await rescheduleInvitation(db, { shop, id, sendAt: check.date, actor: user, now });
      if (!result.ok) {
        if (result.reason === "not_found") throw notFound("No invitation with this id in your store.");
        throw new HttpError(409, "not_reschedulable", result.message, { status: result.status });
      }
      res.json({ invitation: presentInvitation(result.invitation) });
    }),
  );

  // R3: no single cancel, whatever the verb or path a client tries.
  const refuseSingleCancel = (allow: string) =>
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const id = invitationIdParam(req);
      if (!(await invitationExists(db, shop, id))) {
        throw notFound("No invitation with this id in your store.");
      }
      throw singleCancelRefused(res, allow);
    });
  router.delete("/invitations/:id", refuseSingleCancel("GET, PATCH"));
  router.all("/invitations/:id/cancel", refuseSingleCancel(""));

  return router;
}
