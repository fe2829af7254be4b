/**
 * The order topics in the webhook table's {parse, apply} shape: each delivery becomes one
 * order event, stored by the intake inside the delivery's transaction.
 */
import type { ErasureKeys } from "../privacy/tombstones.ts";
import type { TopicHandler } from "../webhooks/types.ts";
import { orderEventFor } from "../webhooks/payloads.ts";
import { recordOrderEvent } from "./intake.ts";
import type { OrderEvent } from "./orders.ts";
import { toTriggerSettings } from "./settings.ts";

const orderTopic = (keys: ErasureKeys): TopicHandler<OrderEvent> => ({
  parse(body, ctx) {
    const event = orderEventFor(ctx.topic, body, ctx.receivedAt);
    if (!event) throw new Error(`no order event for ${ctx.topic}`);
    return event;
  },
  apply(tx, event, ctx) {
    return recordOrderEvent(tx, event, {
      shop: ctx.shop,
      settings: toTriggerSettings(ctx.shopRow),
      now: ctx.receivedAt,
      origin: { topic: ctx.topic, webhookId: ctx.webhookId },
      // Tombstones are read only for a shop that has some (one indexed read then).
      erasure: ctx.shopRow.erasures > 0 ? keys : null,
    });
  },
});

export function orderHandlers(deps: { keys: ErasureKeys }) {
  const handler = orderTopic(deps.keys);
  return {
    "orders/create": handler,
    "orders/cancelled": handler,
    "fulfillments/create": handler,
    "fulfillments/update": handler,
    "fulfillment_events/create": handler,
  };
}
