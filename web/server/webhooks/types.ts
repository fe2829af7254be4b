/**
 * What a webhook topic handler is. The webhooks module is handed its table of handlers by
 * the app (web/server/app.ts) and imports no feature code.
 */
import type { Tx } from "../db/client.ts";
import type { ShopRow } from "../db/schema.ts";
import type { Logger } from "../logger.ts";

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
  /** The row was created by this delivery: the app had never heard of the shop. */
  newShop: boolean;
}

/**
 * A handler has two halves: `parse` turns the body into what the effect needs and throws
 * PayloadError for a body it cannot use (answered 400 before anything is stored); `apply`
 * stores the effect inside the delivery's transaction and returns a short outcome.
 * Handlers never send email: dispatch does that later.
 */
export interface TopicHandler<T = unknown> {
  parse(body: unknown, info: DeliveryInfo): T;
  apply(tx: Tx, parsed: T, ctx: DeliveryContext): Promise<string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HandlerTable = Record<string, TopicHandler<any>>;
