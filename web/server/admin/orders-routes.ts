/**
 * /api/orders: the order-page block's view of one order, and recent orders from Shopify for
 * the Get reviews picker. The block calls from Shopify's extension host (see cors.ts).
 */
import { Router } from "express";
import { adminSession } from "../auth/session-token.ts";
import type { Db } from "../db/client.ts";
import { asyncHandler, badRequest, HttpError } from "../http/errors.ts";
import type { AdminApiClient } from "../shopify-admin/client.ts";
import { fetchRecentOrders, numericOrderId } from "../shopify-admin/orders.ts";
import { orderView } from "../invitations/order-view.ts";
import { productTitles } from "../invitations/products.ts";
import { invitationsOfOrders } from "../invitations/queries.ts";
import { adminApiFailure, intParam, queryParam } from "./http.ts";
import { presentOrderView } from "./present.ts";

export interface OrderRoutesDeps {
  db: Db;
  adminApi: AdminApiClient;
  clock: () => Date;
}

export const RECENT_ORDERS_LIMIT = { min: 1, max: 50, default: 20 };

export function orderRoutes(deps: OrderRoutesDeps): Router {
  const { db } = deps;
  const router = Router();

  router.get(
    "/orders/recent",
    asyncHandler(async (req, res) => {
      const session = adminSession(res);
      const first = intParam(req, "limit", RECENT_ORDERS_LIMIT);
      const search = queryParam(req, "q")?.trim() || undefined;
      if (search && search.length > 200) throw badRequest('Query parameter "q" must be at most 200 characters.', { parameter: "q" });
      let orders;
      try {
        orders = await fetchRecentOrders(deps.adminApi, session, { first, search });
      } catch (error) {
        throw adminApiFailure(error);
      }
      // What the picker needs to avoid inviting the same purchase twice.
      const invitations = await invitationsOfOrders(db, session.shop, orders.map((o) => o.orderId));
      res.json({
        orders: orders.map((order) => ({
          orderId: order.orderId,
          name: order.name,
          email: order.email,
          customerName: order.customerName,
          createdAt: order.createdAt.toISOString(),
          cancelledAt: order.cancelledAt?.toISOString() ?? null,
          test: order.test,
          products: productTitles(order.products),
          invitations: invitations
            .filter((i) => i.orderId === order.orderId)
            .map((i) => ({ id: String(i.id), status: i.status })),
        })),
      });
    }),
  );

  router.get(
    "/orders/:orderId/invitation",
    asyncHandler(async (req, res) => {
      const { shop } = adminSession(res);
      const orderId = numericOrderId(String(req.params.orderId));
      if (!orderId) {
        throw badRequest("The order id must be a Shopify order id such as 450789469 or gid://shopify/Order/450789469.", {
          parameter: "orderId",
        });
      }
      const view = await orderView(db, shop, orderId, deps.clock());
      if (!view) {
        throw new HttpError(
          404,
          "order_unknown",
          "The app has no record of this order: no order webhook about it has reached the app (orders placed before the app was installed have no invitation). Use Get reviews to invite this customer.",
        );
      }
      res.json(presentOrderView(view));
    }),
  );

  return router;
}
