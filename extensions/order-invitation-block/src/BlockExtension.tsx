/** @jsxImportSource preact */
/**
 * Entry point of the order page block (target admin.order-details.block.render, see
 * ../shopify.extension.toml). The admin calls the default export and provides the global
 * `shopify` API; `fetch` to a path relative to the app reaches the app's backend with the
 * session token attached by the admin.
 */
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/admin.order-details.block.render";
import { createBlockApi, orderIdFromGid } from "./api.ts";
import { OrderInvitationBlock } from "./OrderInvitationBlock.tsx";

export default async () => {
  const shopify = (globalThis as unknown as { shopify: Api }).shopify;
  const orderId = orderIdFromGid(shopify.data.selected[0]?.id);
  render(
    <OrderInvitationBlock
      orderId={orderId}
      api={createBlockApi((input, init) => fetch(input, init))}
      t={(key, values) => shopify.i18n.translate(key, values)}
      formatDate={(iso, timeZone) =>
        shopify.i18n.formatDate(new Date(iso), { timeZone, dateStyle: "medium", timeStyle: "short" })
      }
    />,
    document.body,
  );
};
