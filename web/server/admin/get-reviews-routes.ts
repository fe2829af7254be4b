/**
 * POST /api/invitations: Get reviews. Invites one customer by email, or the customers of past
 * orders the merchant picked (read from Shopify's Admin API, so the address and products are
 * the order's own). Each invitation is a manual one: the same rules as the automatic ones
 * (unsubscribes, erased customers, one queued invitation per order), plus a daily quota of
 * invitations by email so the app can't be used as an open relay (docs/security.md).
 */
import { Router } from "express";
import { z } from "zod";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { asyncHandler, HttpError, unprocessable, zodProblem } from "../http/errors.ts";
import { createManualInvitations, isValidEmail, type ManualInvitationInput } from "../invitations/manual.ts";
import { checkDeliveryDate } from "../invitations/reschedule.ts";
import type { Logger } from "../logger.ts";
import { maskEmail } from "../logger.ts";
import type { ErasureKeys } from "../privacy/tombstones.ts";
import type { AdminApiClient } from "../shopify-admin/client.ts";
import { fetchOrdersByIds, numericOrderId } from "../shopify-admin/orders.ts";
import { adminApiFailure } from "./http.ts";
import { presentInvitation } from "./present.ts";

export interface GetReviewsRoutesDeps {
  db: Db;
  /** Tombstones of erased customers (privacy/tombstones.ts): an unsubscribe outlives the address. */
  erasureKeys?: ErasureKeys;
  /** MANUAL_INVITATIONS_PER_DAY: invitations by email per shop and UTC day. */
  dailyEmailQuota?: number;
  logger: Logger;
  adminApi: AdminApiClient;
  clock: () => Date;
}

export const MAX_ORDERS_PER_REQUEST = 50;

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

export function getReviewsRoutes(deps: GetReviewsRoutesDeps): Router {
  const { db, clock } = deps;
  const router = Router();

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
        if (result.problem === "suppressed") throw unprocessable(result.message, { field: "email", reason: result.reasons[0] ?? "unsubscribed" });
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

  return router;
}
