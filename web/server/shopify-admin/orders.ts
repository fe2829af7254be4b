/**
 * Orders read from Shopify for "Get reviews": by id (the merchant picked them) or the most
 * recent ones (the picker). Returned in the app's own shape with exact numeric ids as strings.
 */
import { productLines, type ProductLine } from "../invitations/products.ts";
import type { AdminApiClient, AdminCaller } from "./client.ts";

export interface ShopifyOrder {
  orderId: string;
  name: string;
  email: string | null;
  customerName: string | null;
  locale: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  /** What the email shows of each line (issue 18): variant, quantity, product handle, image. */
  products: ProductLine[];
}

const ORDER_FIELDS = /* GraphQL */ `
  fragment ReviewOrder on Order {
    id
    name
    email
    createdAt
    cancelledAt
    test
    customerLocale
    customer { displayName }
    lineItems(first: 10) { nodes { ...ReviewLine } }
  }
`;

/**
 * A line as the email shows it (issue 18). The line's own image is the variant's; a product
 * without variant images falls back to its featured image.
 */
export const LINE_FIELDS = /* GraphQL */ `
  fragment ReviewLine on LineItem {
    title
    variantTitle
    quantity
    image { url }
    product { id handle featuredImage { url } }
  }
`;

export const ORDERS_BY_ID_QUERY = /* GraphQL */ `
  query ReviewOrdersById($ids: [ID!]!) {
    nodes(ids: $ids) { ...ReviewOrder }
  }
  ${ORDER_FIELDS}
  ${LINE_FIELDS}
`;

export const RECENT_ORDERS_QUERY = /* GraphQL */ `
  query ReviewRecentOrders($first: Int!, $query: String) {
    orders(first: $first, sortKey: CREATED_AT, reverse: true, query: $query) { nodes { ...ReviewOrder } }
  }
  ${ORDER_FIELDS}
  ${LINE_FIELDS}
`;

export interface OrderNode {
  id: string;
  name: string;
  email: string | null;
  createdAt: string;
  cancelledAt: string | null;
  test: boolean;
  customerLocale: string | null;
  customer: { displayName: string | null } | null;
  lineItems: { nodes: LineNode[] };
}

export interface LineNode {
  title: string;
  variantTitle?: string | null;
  quantity?: number | null;
  image?: { url: string | null } | null;
  product?: { id: string; handle?: string | null; featuredImage?: { url: string | null } | null } | null;
}

/** The Admin API's lines in the app's shape (invitations/products.ts), merged per product and variant. */
export function linesOfNodes(nodes: readonly LineNode[]): ProductLine[] {
  return productLines(nodes.map((n) => ({
    title: n.title,
    variantTitle: n.variantTitle ?? null,
    quantity: n.quantity ?? null,
    productId: n.product?.id ?? null,
    handle: n.product?.handle ?? null,
    imageUrl: n.image?.url ?? n.product?.featuredImage?.url ?? null,
  })));
}

const GID_PREFIX = "gid://shopify/Order/";

/** "gid://shopify/Order/123" or "123" → "123"; anything else → null. Ids stay strings (beyond 2^53). */
export function numericOrderId(value: string): string | null {
  const id = value.startsWith(GID_PREFIX) ? value.slice(GID_PREFIX.length) : value;
  return /^[1-9]\d{0,19}$/.test(id) ? id : null;
}

/** Also the base of a searched order (order-search.ts), whose query asks for more fields. */
export function toOrder(node: OrderNode): ShopifyOrder {
  return {
    orderId: numericOrderId(node.id) ?? node.id,
    name: node.name,
    email: node.email || null,
    customerName: node.customer?.displayName || null,
    locale: node.customerLocale || null,
    createdAt: new Date(node.createdAt),
    cancelledAt: node.cancelledAt ? new Date(node.cancelledAt) : null,
    test: node.test,
    products: linesOfNodes(node.lineItems.nodes),
  };
}

/** The orders with these ids that exist in the caller's shop (others are simply absent). */
export async function fetchOrdersByIds(api: AdminApiClient, caller: AdminCaller, orderIds: string[]): Promise<ShopifyOrder[]> {
  if (orderIds.length === 0) return [];
  const data = await api.graphql<{ nodes: (OrderNode | null)[] }>(caller, ORDERS_BY_ID_QUERY, {
    ids: orderIds.map((id) => `${GID_PREFIX}${id}`),
  });
  return data.nodes.filter((n): n is OrderNode => !!n && typeof n.id === "string" && n.id.startsWith(GID_PREFIX)).map(toOrder);
}

export async function fetchRecentOrders(
  api: AdminApiClient,
  caller: AdminCaller,
  options: { first: number; search?: string },
): Promise<ShopifyOrder[]> {
  const data = await api.graphql<{ orders: { nodes: OrderNode[] } }>(caller, RECENT_ORDERS_QUERY, {
    first: options.first,
    query: options.search || null,
  });
  return data.orders.nodes.map(toOrder);
}
