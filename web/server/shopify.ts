import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from "@shopify/shopify-api";
import type { Config } from "./config/config.ts";

/** The newest stable Admin API version this library knows; keep in step with shopify.app.toml. */
export const API_VERSION = ApiVersion.October26;

export type ShopifyApi = Shopify;

export function createShopify(config: Config): Shopify {
  const appUrl = new URL(config.SHOPIFY_APP_URL);
  return shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    scopes: config.SCOPES.split(",").map((s) => s.trim()).filter(Boolean),
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    apiVersion: API_VERSION,
    isEmbeddedApp: true,
    // The library logs through console; ours are structured. Keep its own to errors only.
    logger: { level: LogSeverity.Error },
  });
}
