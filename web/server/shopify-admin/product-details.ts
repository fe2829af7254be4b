/**
 * What an order webhook does not say about its products (issue 18 item 5): each product's
 * handle (for its own review link) and image, read from the Admin API with the shop's stored
 * offline token. Used where an email is built or a product's button is followed; orders from
 * "Get reviews" already carry both (shopify-admin/orders.ts).
 *
 * Best effort, never in the way: one `nodes(ids:)` query per shop and batch (250 ids at most,
 * Shopify's limit), answers kept for a few hours (a product's handle and image rarely change;
 * products the API does not know are kept too, as "nothing"), and any failure — no token yet,
 * a missing scope, Shopify unavailable — leaves the lines as they are: the email goes out
 * without images, each button to the order's review link. A failing shop is not asked again
 * for a few minutes, so a pass of its invitations costs one failed request, not one each.
 */
import { LRUCache } from "lru-cache";
import type { Logger } from "../logger.ts";
import type { Config } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import { createShopify, type ShopifyApi } from "../shopify.ts";
import { createAdminApiClient, type AdminApiClient } from "./client.ts";
import { AdminApiError } from "./errors.ts";

export interface ProductDetail {
  handle: string | null;
  imageUrl: string | null;
}

export interface ProductCatalog {
  /** What is known of these products of the shop; ids the API cannot tell are absent. */
  details(shop: string, productIds: readonly string[]): Promise<Map<string, ProductDetail>>;
}

export const PRODUCTS_QUERY = /* GraphQL */ `
  query ReviewProducts($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Product { id handle featuredImage { url } } }
  }
`;

interface ProductNode {
  id?: string;
  handle?: string | null;
  featuredImage?: { url?: string | null } | null;
}

const PAGE = 250;
const GID = "gid://shopify/Product/";

export function createProductCatalog(
  client: Pick<AdminApiClient, "graphqlOffline">,
  options: { logger?: Logger; ttlMs?: number; retryAfterMs?: number; clock?: () => number } = {},
): ProductCatalog {
  const ttl = options.ttlMs ?? 6 * 60 * 60 * 1000;
  const retryAfter = options.retryAfterMs ?? 5 * 60 * 1000;
  const now = options.clock ?? Date.now;
  // null: asked, and Shopify knows no such product (or it is not this shop's).
  const known = new LRUCache<string, ProductDetail | false>({ max: 50_000, ttl });
  const failingUntil = new Map<string, number>();
  const key = (shop: string, id: string) => `${shop}\u0000${id}`;

  return {
    async details(shop, productIds) {
      const found = new Map<string, ProductDetail>();
      const missing: string[] = [];
      for (const id of new Set(productIds)) {
        const cached = known.get(key(shop, id));
        if (cached === undefined) missing.push(id);
        else if (cached) found.set(id, cached);
      }
      if (missing.length === 0 || (failingUntil.get(shop) ?? 0) > now()) return found;
      try {
        for (let i = 0; i < missing.length; i += PAGE) {
          const ids = missing.slice(i, i + PAGE);
          const data = await client.graphqlOffline<{ nodes: (ProductNode | null)[] }>(shop, PRODUCTS_QUERY, { ids: ids.map((id) => GID + id) });
          const byId = new Map((data.nodes ?? []).filter((n): n is ProductNode => !!n?.id).map((n) => [n.id!.slice(GID.length), n]));
          for (const id of ids) {
            const node = byId.get(id);
            const detail = node ? { handle: node.handle?.trim() || null, imageUrl: node.featuredImage?.url?.trim() || null } : false;
            known.set(key(shop, id), detail);
            if (detail) found.set(id, detail);
          }
        }
        failingUntil.delete(shop);
      } catch (error) {
        failingUntil.set(shop, now() + retryAfter);
        if (failingUntil.size > 10_000) failingUntil.clear();
        options.logger?.warn(
          { shop, kind: error instanceof AdminApiError ? error.kind : "error" },
          "product images and handles not read from Shopify; the emails go out without them",
        );
      }
      return found;
    },
  };
}

/** The catalog a process uses: its own Admin API client, with the offline tokens in the database. */
export function createShopProductCatalog(deps: { config: Config; db: Db; logger: Logger; shopify?: ShopifyApi; adminApi?: AdminApiClient }): ProductCatalog {
  const client = deps.adminApi ?? createAdminApiClient({ config: deps.config, db: deps.db, logger: deps.logger, shopify: deps.shopify ?? createShopify(deps.config) });
  return createProductCatalog(client, { logger: deps.logger });
}
