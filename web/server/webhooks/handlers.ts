/**
 * What each webhook topic does. A handler has two halves: `parse` turns the body into what
 * the effect needs and throws PayloadError for a body it cannot use (answered 400 before
 * anything is stored); `apply` stores the effect inside the delivery's transaction.
 * Handlers never send email: dispatch does that later.
 */
import type { Prisma } from "../db/client.ts";
import { recordOrderEvent } from "../invitations/intake.ts";
import type { OrderEvent } from "../invitations/orders.ts";
import type { Logger } from "../logger.ts";
import { privacyHandlers } from "../privacy/handlers.ts";
import { type ShopRow } from "../shops/shops.ts";
import { toTriggerSettings } from "../invitations/settings.ts";
import { orderEventFor } from "./payloads.ts";

/** What is known of a delivery before anything is stored. */
export interface DeliveryInfo {
  shop: string;
  topic: string;
  webhookId: string;
  receivedAt: Date;
  logger: Logger;
}

export interface DeliveryContext extends DeliveryInfo {
  /** The shop's row (settings, install state) as of this delivery. */
  shopRow: ShopRow;
}

export interface TopicHandler<T = unknown> {
  parse(body: unknown, info: DeliveryInfo): T;
  apply(tx: Prisma.TransactionClient, parsed: T, ctx: DeliveryContext): Promise<string>;
}

const orderTopic: TopicHandler<OrderEvent> = {
  parse(body, ctx) {
    const event = orderEventFor(ctx.topic, body, ctx.receivedAt);
    if (!event) throw new Error(`no order event for ${ctx.topic}`);
    return event;
  },
  async apply(tx, event, ctx) {
    return recordOrderEvent(tx, event, {
      shop: ctx.shop,
      settings: toTriggerSettings(ctx.shopRow),
      now: ctx.receivedAt,
      origin: { topic: ctx.topic, webhookId: ctx.webhookId },
    });
  },
};

const appUninstalled: TopicHandler<null> = {
  parse: () => null,
  async apply(tx, _parsed, ctx) {
    // From this moment nothing more is sent for the shop (dispatch checks uninstalledAt).
    // Settings and invitations stay until shop/redact, so a reinstall resumes where it was.
    await tx.shop.update({ where: { domain: ctx.shop }, data: { uninstalledAt: ctx.receivedAt } });
    await tx.session.deleteMany({ where: { shop: ctx.shop } });
    return "uninstalled";
  },
};

export type HandlerTable = Record<string, TopicHandler<any>>;

export const defaultHandlers: HandlerTable = {
  "orders/create": orderTopic,
  "orders/cancelled": orderTopic,
  "fulfillments/create": orderTopic,
  "fulfillments/update": orderTopic,
  "fulfillment_events/create": orderTopic,
  "app/uninstalled": appUninstalled,
  ...privacyHandlers,
};
