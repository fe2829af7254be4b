/**
 * A local stand-in for Shopify's Admin API, over real HTTP: token exchange
 * (POST /admin/oauth/access_token) and the GraphQL endpoint, answering the two order
 * queries the app makes. It checks what Shopify checks (client credentials, the session
 * token's signature and audience, the access token) and serves each shop only its own
 * orders, so cross-shop mistakes show up as they would in production.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { TEST_API_KEY, TEST_SECRET } from "./shopify.ts";

export interface FakeOrder {
  orderId: string;
  name: string;
  email: string | null;
  customerName?: string | null;
  locale?: string | null;
  createdAt?: string;
  cancelledAt?: string | null;
  test?: boolean;
  /** Titles, or lines with what the email shows of them (issue 18). */
  products?: (string | FakeLine)[];
  /** Issue 17: what the exclusion rules read, as the Admin API gives it. */
  tags?: string[];
  sourceName?: string | null;
  customerTags?: string[];
  marketingState?: string | null;
  b2b?: boolean;
  total?: string;
  country?: string | null;
  vendor?: string | null;
  productId?: string | null;
}

/** A line item as the fake answers it; a product without a handle answers `product: null`. */
export interface FakeLine {
  title: string;
  variantTitle?: string | null;
  quantity?: number;
  imageUrl?: string | null;
  productId?: string | null;
  handle?: string | null;
  featuredImageUrl?: string | null;
}

export interface FakeAdminApi {
  origin: string;
  /** Orders per shop domain. */
  orders: Map<string, FakeOrder[]>;
  /** The store's email per shop domain (`shop { email }`). */
  shopEmails: Map<string, string>;
  /** Products per shop domain, as `nodes(ids:)` answers them (issue 18: handles and images). */
  products: Map<string, { productId: string; handle: string; imageUrl?: string | null }[]>;
  /** An access token for the shop, as an earlier token exchange would have issued (background work stores it). */
  issueToken(shop: string): string;
  /** Counters the tests read. */
  calls: { tokenExchange: number; graphql: number; ordersPages: number };
  /** Make the next GraphQL answers fail with this HTTP status (e.g. 503), or null. */
  failGraphqlWith: number | null;
  /** Shops whose GraphQL calls answer ACCESS_DENIED (scope not granted). */
  deniedShops: Set<string>;
  /** Forget issued access tokens, as a reinstall would: the next call gets 401. */
  revokeTokens(): void;
  lastGraphqlBody: { query: string; variables: Record<string, unknown> } | null;
  close(): Promise<void>;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function orderNode(o: FakeOrder) {
  return {
    id: `gid://shopify/Order/${o.orderId}`,
    name: o.name,
    email: o.email,
    createdAt: o.createdAt ?? "2026-11-01T10:00:00Z",
    cancelledAt: o.cancelledAt ?? null,
    test: o.test ?? false,
    customerLocale: o.locale ?? null,
    customer: o.customerName || o.customerTags || o.marketingState
      ? { displayName: o.customerName ?? null, tags: o.customerTags ?? [], defaultEmailAddress: o.marketingState ? { marketingState: o.marketingState } : null }
      : null,
    lineItems: {
      nodes: (o.products ?? ["Snowboard"]).map((item) => {
        const line: FakeLine = typeof item === "string" ? { title: item } : item;
        const productId = line.productId ?? o.productId;
        return {
          title: line.title,
          variantTitle: line.variantTitle ?? null,
          quantity: line.quantity ?? 1,
          image: line.imageUrl ? { url: line.imageUrl } : null,
          vendor: o.vendor ?? null,
          product: productId
            ? { id: `gid://shopify/Product/${productId}`, handle: line.handle ?? null, featuredImage: line.featuredImageUrl ? { url: line.featuredImageUrl } : null }
            : null,
        };
      }),
    },
    tags: o.tags ?? [],
    sourceName: o.sourceName ?? "web",
    purchasingEntity: o.b2b ? { __typename: "PurchasingCompany" } : null,
    totalPriceSet: { shopMoney: { amount: o.total ?? "100.00" } },
    shippingAddress: o.country ? { countryCodeV2: o.country } : null,
  };
}

/**
 * The part of Shopify's order search syntax the app sends: `created_at:>=…` / `created_at:<…`
 * date bounds, and free text matched against the order name and email.
 */
function searchOrders(orders: FakeOrder[], query: string): FakeOrder[] {
  let text = query;
  const bounds: ((createdAt: string) => boolean)[] = [];
  text = text.replace(/created_at:(>=|<=|>|<)'?([\dT:.Z+-]+)'?/g, (_m, op: string, value: string) => {
    const bound = Date.parse(value);
    bounds.push((createdAt) => {
      const at = Date.parse(createdAt);
      return op === ">=" ? at >= bound : op === ">" ? at > bound : op === "<=" ? at <= bound : at < bound;
    });
    return " ";
  });
  const words = text.trim().toLowerCase();
  return orders.filter((o) => {
    const createdAt = o.createdAt ?? "2026-11-01T10:00:00Z";
    if (!bounds.every((b) => b(createdAt))) return false;
    return !words || o.name.toLowerCase().includes(words) || (o.email ?? "").toLowerCase().includes(words);
  });
}

export async function startFakeAdminApi(): Promise<FakeAdminApi> {
  const { jwtVerify } = await import("jose");
  const tokens = new Map<string, string>(); // access token → shop
  const api: FakeAdminApi = {
    origin: "",
    close: async () => {},
    orders: new Map(),
    shopEmails: new Map(),
    products: new Map(),
    issueToken: (shop) => {
      const token = `shpat_fake_${randomUUID()}`;
      tokens.set(token, shop);
      return token;
    },
    calls: { tokenExchange: 0, graphql: 0, ordersPages: 0 },
    failGraphqlWith: null,
    deniedShops: new Set(),
    revokeTokens: () => tokens.clear(),
    lastGraphqlBody: null,
  };

  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const raw = await readBody(req);
      if (req.method === "POST" && req.url === "/admin/oauth/access_token") {
        api.calls.tokenExchange++;
        const body = JSON.parse(raw) as Record<string, string>;
        if (body.client_id !== TEST_API_KEY || body.client_secret !== TEST_SECRET) {
          return send(401, { error: "invalid_client" });
        }
        if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange" || !body.subject_token) {
          return send(400, { error: "invalid_request" });
        }
        let shop: string;
        try {
          const { payload } = await jwtVerify(body.subject_token, new TextEncoder().encode(TEST_SECRET), { audience: TEST_API_KEY });
          shop = String(payload.dest).replace(/^https:\/\//, "");
        } catch {
          return send(400, { error: "invalid_subject_token" });
        }
        const accessToken = `shpat_fake_${randomUUID()}`;
        tokens.set(accessToken, shop);
        return send(200, { access_token: accessToken, scope: "read_orders,read_customers" });
      }

      const graphql = /^\/admin\/api\/[\d-]+\/graphql\.json$/.exec(req.url ?? "");
      if (req.method === "POST" && graphql) {
        api.calls.graphql++;
        const shop = tokens.get(String(req.headers["x-shopify-access-token"] ?? ""));
        if (!shop) return send(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
        if (api.failGraphqlWith) return send(api.failGraphqlWith, { errors: "Service unavailable" });
        const body = JSON.parse(raw) as { query: string; variables: Record<string, unknown> };
        api.lastGraphqlBody = body;
        if (api.deniedShops.has(shop)) {
          return send(200, { data: null, errors: [{ message: "Access denied for orders field.", extensions: { code: "ACCESS_DENIED" } }] });
        }
        const orders = api.orders.get(shop) ?? [];
        if (/\bnodes\s*\(\s*ids:/.test(body.query)) {
          const ids = (body.variables.ids as string[]) ?? [];
          const products = api.products.get(shop) ?? [];
          return send(200, { data: { nodes: ids.map((gid) => {
            const order = orders.find((o) => `gid://shopify/Order/${o.orderId}` === gid);
            if (order) return orderNode(order);
            const product = products.find((p) => `gid://shopify/Product/${p.productId}` === gid);
            return product
              ? { id: gid, handle: product.handle, featuredImage: product.imageUrl ? { url: product.imageUrl } : null }
              : null;
          }) } });
        }
        if (/\borders\s*\(/.test(body.query)) {
          api.calls.ordersPages++;
          const first = Number(body.variables.first ?? 10);
          // Shopify refuses more than 250 per page.
          if (first > 250) return send(200, { errors: [{ message: "The first argument must be at most 250", extensions: { code: "MAX_COST_EXCEEDED" } }] });
          const sorted = searchOrders(orders, String(body.variables.query ?? ""))
            .sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? "") || b.orderId.localeCompare(a.orderId));
          // Opaque cursors, as Shopify's: here the position after the page.
          const start = body.variables.after ? Number(Buffer.from(String(body.variables.after), "base64url").toString()) : 0;
          const page = sorted.slice(start, start + first);
          const end = start + page.length;
          return send(200, {
            data: {
              orders: {
                nodes: page.map(orderNode),
                pageInfo: { hasNextPage: end < sorted.length, endCursor: page.length ? Buffer.from(String(end)).toString("base64url") : null },
              },
            },
          });
        }
        if (/\bshop\s*\{\s*email\b/.test(body.query)) {
          return send(200, { data: { shop: { email: api.shopEmails.get(shop) ?? null } } });
        }
        return send(200, { errors: [{ message: "Unknown query for the fake Admin API" }] });
      }
      send(404, { errors: "Not Found" });
    } catch (error) {
      send(500, { errors: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  api.origin = `http://127.0.0.1:${port}`;
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
