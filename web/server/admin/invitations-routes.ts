/**
 * /api/invitations: the history, one invitation with its audit trail, reschedule (R6),
 * cancel all pending (R2, R5) and Get reviews. Routes read the request, call a use case
 * and shape the answer; the rules live in the use cases.
 *
 * There is deliberately no way to cancel or delete a single invitation (R3); every such
 * request gets a 405 that says why and what to do instead.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { asyncHandler, badRequest, HttpError, notFound, unprocessable, zodProblem } from "../http/errors.ts";
import { cancelAllPending } from "../invitations/cancel-all.ts";
import { createManualInvitations, isValidEmail, type ManualInvitationInput } from "../invitations/manual.ts";
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
import { maskEmail } from "../logger.ts";
import type { ErasureKeys } from "../privacy/tombstones.ts";
import type { AdminApiClient } from "../shopify-admin/client.ts";
import { fetchOrdersByIds, numericOrderId } from "../shopify-admin/orders.ts";
import { writeInvitationsCsv } from "./export-csv.ts";
import { adminApiFailure, dateParam, intParam, invitationIdParam, queryParam } from "./http.ts";
import { decodeCursor, presentEvent, presentInvitation, presentPage } from "./present.ts";

export interface InvitationRoutesDeps {
  db: Db;
  /** Tombstones of erased customers (privacy/tombstones.ts): an unsubscribe outlives the address. */
  erasureKeys?: ErasureKeys;
  /** MANUAL_INVITATIONS_PER_DAY: invitations by email per shop and UTC day. */
  dailyEmailQuota?: number;
  logger: Logger;
  adminApi: AdminApiClient;
  clock: () => Date;
}

export const LIST_LIMIT = { min: 1, max: 100, default: 25 };
export const RECENT_LIMIT = { min: 1, max: 50, default: 10 };
export const MAX_ORDERS_PER_REQUEST = 50;

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

const manualByEmail = z.strictObject({
  email: z.string({ message: "is required: the customer's email address" }),
  name: z.string().max(200, { message: "must be at most 200 characters" }).nullish(),
  orderId: z.string().max(100).nullish(),
  orderName: z.string().max(100, { message: "must be at most 100 characters" }).nullish(),
  locale: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { message: "must be a language tag such as en, fr or pt-BR" })
    .nullish(),
  sendAt: z.unknown().optional(),
});

const manualByOrders = z.strictObject({
  orderIds: z
    .array(z.string({ message: "must be order ids (\"450789469\" or \"gid://shopify/Order/450789469\")" }), {
      message: "must be a list of order ids",
    })
    .min(1, { message: "must name at least one order" })
    .max(MAX_ORDERS_PER_REQUEST, { message: `can name at most ${MAX_ORDERS_PER_REQUEST} orders at once` }),
  sendAt: z.unknown().optional(),
});

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
      res.json({ canceled: result.canceled, bulkCancellationId: String(result.bulkCancellationId), complete: result.complete });
    }),
  );

  router.post(
    "/invitations",
    asyncHandler(async (req, res) => {
      const session = adminSession(res);
      const now = clock();
      const body = req.body as unknown;
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw unprocessable('Send {"email": …} to invite one customer, or {"orderIds": […]} to invite the customers of past orders.', {
          field: "body",
        });
      }
      const sendAtRaw = (body as { sendAt?: unknown }).sendAt;
      let sendAt = now;
      if (sendAtRaw !== undefined && sendAtRaw !== null && sendAtRaw !== "") {
        const check = checkDeliveryDate(sendAtRaw, now, { allowNow: true });
        if (!check.ok) throw unprocessable(check.message, { field: "sendAt", problem: check.problem, bound: check.bound });
        sendAt = check.date;
      }

      let inputs: ManualInvitationInput[];
      if ("orderIds" in body) {
        const parsed = manualByOrders.safeParse(body);
        if (!parsed.success) throw zodProblem(parsed.error);
        inputs = await inputsFromOrders(parsed.data.orderIds, session, sendAt);
      } else {
        const parsed = manualByEmail.safeParse(body);
        if (!parsed.success) throw zodProblem(parsed.error);
        const email = parsed.data.email.trim();
        if (!isValidEmail(email)) {
          throw unprocessable(`"${email}" is not a valid email address; enter one like customer@example.com.`, { field: "email" });
        }
        let orderId: string | null = null;
        if (parsed.data.orderId) {
          orderId = numericOrderId(parsed.data.orderId.trim());
          if (!orderId) throw unprocessable("orderId must be a Shopify order id such as 450789469.", { field: "orderId" });
        }
        inputs = [
          {
            email,
            customerName: parsed.data.name?.trim() || null,
            orderId,
            orderName: parsed.data.orderName?.trim() || null,
            locale: parsed.data.locale ?? null,
            products: null,
            orderCancelledAt: null,
            sendAt,
            via: "email",
          },
        ];
      }

      const result = await createManualInvitations(db, {
        shop: session.shop,
        actor: session.user,
        now,
        invitations: inputs,
        ...(deps.erasureKeys ? { erasureKeys: deps.erasureKeys } : {}),
        ...(deps.dailyEmailQuota !== undefined ? { dailyEmailQuota: deps.dailyEmailQuota } : {}),
        sendAtIsDefault: sendAt === now,
      });
      if (!result.ok) {
        if (result.problem === "recently_invited") {
          throw new HttpError(409, "recently_invited", result.message, { emails: result.emails, frequencyCapDays: result.frequencyCapDays });
        }
        if (result.problem === "suppressed") throw unprocessable(result.message, { field: "email", reason: "unsubscribed" });
        if (result.problem === "quota") {
          res.set("Retry-After", String(result.retryAfterSeconds));
          throw new HttpError(429, "daily_quota", result.message, { limit: result.limit, retryAfterSeconds: result.retryAfterSeconds });
        }
        throw new HttpError(409, "already_queued", result.message, { invitationIds: result.invitationIds });
      }
      deps.logger.info(
        { shop: session.shop, created: result.invitations.length, emails: result.invitations.map((i) => maskEmail(i.email)) },
        "manual invitations created",
      );
      res.status(201).json({ invitations: result.invitations.map(presentInvitation) });
    }),
  );

  async function inputsFromOrders(
    orderIds: string[],
    session: { shop: string; token: string },
    sendAt: Date,
  ): Promise<ManualInvitationInput[]> {
    const ids: string[] = [];
    for (const raw of orderIds) {
      const id = numericOrderId(raw.trim());
      if (!id) throw unprocessable(`"${raw}" is not a Shopify order id (expected 450789469 or gid://shopify/Order/450789469).`, { field: "orderIds" });
      if (!ids.includes(id)) ids.push(id);
    }
    let orders;
    try {
      orders = await fetchOrdersByIds(deps.adminApi, session, ids);
    } catch (error) {
      throw adminApiFailure(error);
    }
    const found = new Map(orders.map((o) => [o.orderId, o]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw unprocessable(`These orders were not found in your store: ${missing.join(", ")}.`, { field: "orderIds", missing });
    }
    const withoutEmail = orders.filter((o) => !o.email || !isValidEmail(o.email));
    if (withoutEmail.length > 0) {
      throw unprocessable(
        `These orders have no customer email address, so their customers can't be invited by email: ${withoutEmail.map((o) => o.name).join(", ")}.`,
        { field: "orderIds", withoutEmail: withoutEmail.map((o) => o.orderId) },
      );
    }
    return ids.map((id) => {
      const order = found.get(id)!;
      return {
        email: order.email!,
        customerName: order.customerName,
        orderId: order.orderId,
        orderName: order.name,
        locale: order.locale,
        products: order.products,
        orderCancelledAt: order.cancelledAt,
        sendAt,
        via: "order" as const,
      };
    });
  }

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
