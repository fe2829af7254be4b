/**
 * The app's only way to call Shopify's Admin GraphQL API. Admin routes work with the
 * session token alone; this client is used only where Shopify itself has the data (orders
 * for "Get reviews"). The offline access token comes from token exchange on first use and
 * is kept in the Session table (web/server/db/queries/sessions.ts), so later calls cost one
 * request.
 */
import type { Config } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import { loadSessionToken, storeOfflineToken } from "../db/queries/sessions.ts";
import type { Logger } from "../logger.ts";
import { API_VERSION, type ShopifyApi } from "../shopify.ts";
import { decryptToken, encryptToken, tokenKeysOf } from "../auth/token-crypto.ts";
import { AdminApiError } from "./errors.ts";
import { exchangeForOfflineToken } from "./token-exchange.ts";

/** Who is asking: the shop and the verified session token of the request. */
export interface AdminCaller {
  shop: string;
  token: string;
}

export interface AdminApiClient {
  graphql<T>(caller: AdminCaller, query: string, variables?: Record<string, unknown>): Promise<T>;
  /**
   * The same, without a merchant's request: with the offline token stored when the merchant
   * last opened the app (background work such as the dispatcher). No token, or one Shopify
   * refuses, is `not_authorised`: there is no session token to exchange for a new one.
   */
  graphqlOffline<T>(shop: string, query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface AdminApiClientDeps {
  config: Pick<Config, "SHOPIFY_API_KEY" | "SHOPIFY_API_SECRET" | "SHOPIFY_ADMIN_API_ORIGIN"> &
    Partial<Pick<Config, "TOKEN_ENCRYPTION_KEY" | "TOKEN_ENCRYPTION_KEY_PREVIOUS">>;
  shopify: ShopifyApi;
  db: Db;
  logger: Logger;
  fetch?: typeof fetch;
  clock?: () => Date;
}

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A stored token this close to expiry is exchanged again rather than used. */
const EXPIRY_MARGIN_MS = 60_000;

export function createAdminApiClient(deps: AdminApiClientDeps): AdminApiClient {
  const doFetch = deps.fetch ?? fetch;
  const clock = deps.clock ?? (() => new Date());
  const keys = tokenKeysOf(deps.config);
  const originFor = (shop: string) => deps.config.SHOPIFY_ADMIN_API_ORIGIN?.replace(/\/$/, "") ?? `https://${shop}`;

  async function accessToken(caller: AdminCaller, fresh: boolean): Promise<string> {
    const id = deps.shopify.session.getOfflineId(caller.shop);
    if (!fresh) {
      const stored = await storedToken(caller.shop);
      if (stored) return stored;
    }
    const exchanged = await exchangeForOfflineToken({
      origin: originFor(caller.shop),
      apiKey: deps.config.SHOPIFY_API_KEY,
      apiSecret: deps.config.SHOPIFY_API_SECRET,
      sessionToken: caller.token,
      fetch: doFetch,
      now: clock(),
    });
    await storeOfflineToken(deps.db, {
      id,
      shop: caller.shop,
      accessToken: encryptToken(keys, exchanged.accessToken),
      scope: exchanged.scope ?? null,
      expires: exchanged.expiresAt ?? null,
    });
    deps.logger.info({ shop: caller.shop }, "offline access token obtained by token exchange");
    return exchanged.accessToken;
  }

  async function post<T>(caller: AdminCaller, token: string, query: string, variables?: Record<string, unknown>) {
    try {
      const response = await doFetch(`${originFor(caller.shop)}/admin/api/${API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as GraphqlResponse<T> | null };
    } catch (error) {
      throw new AdminApiError("unavailable", "Shopify's Admin API could not be reached; try again in a moment.", { cause: error });
    }
  }

  /** The stored offline token, if one is stored, still opens with our keys and is not about to expire. */
  async function storedToken(shop: string): Promise<string | null> {
    const stored = await loadSessionToken(deps.db, deps.shopify.session.getOfflineId(shop));
    // Encrypted at rest (auth/token-crypto.ts); one no key opens any more is exchanged anew.
    const plain = stored?.accessToken ? decryptToken(keys, stored.accessToken) : null;
    const usable = plain && (!stored!.expires || stored!.expires.getTime() - EXPIRY_MARGIN_MS > clock().getTime());
    return usable ? plain : null;
  }

  /** Shopify's answer as data, or the AdminApiError a merchant (or the log) can act on. */
  function dataOf<T>(shop: string, { status, body }: { status: number; body: GraphqlResponse<T> | null }): T {
    if (status === 401 || status === 403 || status === 402 || status === 423) {
      throw new AdminApiError("not_authorised", "Shopify refused the app's request for this store. Open the app from the Shopify admin again; if that does not help, reinstall it.", { status });
    }
    if (status === 429 || status >= 500) {
      throw new AdminApiError("unavailable", "Shopify's Admin API is busy or unavailable; try again in a moment.", { status });
    }
    const codes = (body?.errors ?? []).map((e) => e.extensions?.code);
    if (codes.includes("ACCESS_DENIED")) {
      throw new AdminApiError("missing_scope", "The app is missing the access it needs to read orders (read_orders). Approve the app's requested access in the Shopify admin.", { status });
    }
    if (codes.includes("THROTTLED")) {
      throw new AdminApiError("unavailable", "Shopify's Admin API is rate-limiting the app; try again in a moment.", { status });
    }
    if (status !== 200 || !body?.data || (body.errors?.length ?? 0) > 0) {
      deps.logger.error({ shop, status, errors: body?.errors?.map((e) => e.message) }, "unexpected Admin API answer");
      throw new AdminApiError("bad_response", "Shopify's Admin API answered in a way the app did not expect.", { status });
    }
    return body.data;
  }

  return {
    async graphql<T>(caller: AdminCaller, query: string, variables?: Record<string, unknown>): Promise<T> {
      let result = await post<T>(caller, await accessToken(caller, false), query, variables);
      if (result.status === 401) {
        // The stored token was revoked (reinstall, rotated secret): exchange once more.
        result = await post<T>(caller, await accessToken(caller, true), query, variables);
      }
      return dataOf(caller.shop, result);
    },
    async graphqlOffline<T>(shop: string, query: string, variables?: Record<string, unknown>): Promise<T> {
      const token = await storedToken(shop);
      if (!token) throw new AdminApiError("not_authorised", "No usable offline access token is stored for this store yet (the merchant has not opened the app since installing).", { status: 401 });
      return dataOf(shop, await post<T>({ shop, token: "" }, token, query, variables));
    },
  };
}
