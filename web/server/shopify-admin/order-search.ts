/**
 * Past orders for "Get reviews" by search and date range (issue 17): Shopify's `orders`
 * connection, newest first, a page of up to 250 at a time with its cursor, with what the
 * exclusion rules read (tags, channel, B2B, total, consent, country, products, vendors).
 */
import type { OrderAttributes } from "../invitations/rules.ts";
import type { AdminApiClient, AdminCaller } from "./client.ts";
import { LINE_FIELDS, toOrder, type LineNode, type ShopifyOrder } from "./orders.ts";

/** Shopify's largest page. */
export const ORDERS_PAGE_SIZE = 250;

export const ORDER_SEARCH_QUERY = /* GraphQL */ `
  query ReviewOrderSearch($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, sortKey: CREATED_AT, reverse: true, query: $query) {
      nodes {
        id
        name
        email
        createdAt
        cancelledAt
        test
        customerLocale
        tags
        sourceName
        purchasingEntity { __typename }
        totalPriceSet { shopMoney { amount } }
        shippingAddress { countryCodeV2 }
        customer { displayName tags defaultEmailAddress { marketingState } }
        lineItems(first: 50) { nodes { ...ReviewLine vendor } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${LINE_FIELDS}
`;

interface SearchNode {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
  cancelledAt: string | null;
  test: boolean;
  customerLocale: string | null;
  tags: string[] | null;
  sourceName: string | null;
  purchasingEntity: { __typename: string } | null;
  totalPriceSet: { shopMoney: { amount: string } } | null;
  shippingAddress: { countryCodeV2: string | null } | null;
  customer: { displayName: string | null; tags: string[] | null; defaultEmailAddress: { marketingState: string | null } | null } | null;
  lineItems: { nodes: (LineNode & { vendor: string | null })[] };
}

export interface SearchedOrder extends ShopifyOrder {
  attributes: OrderAttributes;
}

export interface OrdersPage {
  orders: SearchedOrder[];
  nextCursor: string | null;
}

/**
 * Shopify's search syntax for the merchant's words and a created-at range; the merchant's
 * text is passed as Shopify reads it (it may itself use the syntax, e.g. `tag:vip`).
 */
export function orderSearchQuery(f: { q?: string | undefined; from?: Date | undefined; to?: Date | undefined }): string {
  const parts: string[] = [];
  if (f.q) parts.push(f.q);
  if (f.from) parts.push(`created_at:>='${f.from.toISOString()}'`);
  if (f.to) parts.push(`created_at:<'${f.to.toISOString()}'`);
  return parts.join(" ");
}

function toSearchedOrder(node: SearchNode): SearchedOrder {
  const lines = node.lineItems?.nodes ?? [];
  const amount = node.totalPriceSet ? Number(node.totalPriceSet.shopMoney.amount) : NaN;
  const productIds = lines.map((l) => (l.product?.id ?? "").replace("gid://shopify/Product/", "")).filter((id) => /^\d+$/.test(id));
  return {
    // The customer's language is the order's (customerLocale), never the merchant's admin language.
    ...toOrder(node),
    attributes: {
      tags: node.tags ?? [],
      customerTags: node.customer?.tags ?? [],
      productIds: [...new Set(productIds)],
      vendors: [...new Set(lines.map((l) => l.vendor?.trim()).filter((v): v is string => !!v))],
      sourceName: node.sourceName?.toLowerCase() ?? null,
      b2b: node.purchasingEntity?.__typename === "PurchasingCompany",
      total: Number.isFinite(amount) ? amount : null,
      marketingConsent: (node.customer?.defaultEmailAddress?.marketingState ?? "").toUpperCase() === "SUBSCRIBED",
      country: node.shippingAddress?.countryCodeV2?.toUpperCase() ?? null,
    },
  };
}

export async function fetchOrdersPage(
  api: AdminApiClient,
  caller: AdminCaller,
  options: { search: string; first?: number; after?: string | null },
): Promise<OrdersPage> {
  const data = await api.graphql<{ orders: { nodes: SearchNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
    caller,
    ORDER_SEARCH_QUERY,
    { first: options.first ?? ORDERS_PAGE_SIZE, after: options.after ?? null, query: options.search || null },
  );
  const { nodes, pageInfo } = data.orders;
  return { orders: nodes.map(toSearchedOrder), nextCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null };
}
